import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { searchBodies } from '#lib/server/registry/profiles.ts';
import { bodyJson } from '#lib/server/registry/present.ts';

/** The body list of /koerperschaften as JSON, same parameters (q, art). */
export const GET: RequestHandler = async ({ url }) => {
	const { bodies } = await searchBodies(db(), url.searchParams);
	return json({ total: bodies.length, items: bodies.map(bodyJson) }, { headers: { 'Cache-Control': 'no-store' } });
};
