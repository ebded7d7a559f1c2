import type { RequestHandler } from './$types';
import { jsonResponse } from '#lib/server/api/http.ts';
import { ApiIndex } from '#lib/server/api/schemas.ts';

/** GET /api/v1: the entry point with links. */
export const GET: RequestHandler = ({ request, url }) => {
	const base = `${url.origin}/api/v1`;
	return jsonResponse(request, ApiIndex.parse({
		name: 'IKZ-Atlas API', version: '1',
		links: {
			openapi: `${base}/openapi.json`, docs: `${base}/docs`, cooperations: `${base}/cooperations`, bodies: `${base}/bodies`,
			measures: `${base}/measures`, analysis_summary: `${base}/analysis/summary`, effects: `${base}/effects`, tokens: `${url.origin}/konto#api`
		}
	}));
};
