import type { PageServerLoad } from './$types';
import { openApiDocument } from '#lib/server/api/openapi.ts';
import { apiReference } from '#lib/server/api/reference.ts';
import { PROBLEM_CODES } from '#lib/server/api/http.ts';
import { settings } from '#lib/server/context.ts';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '#lib/server/api/tokens.ts';

export const load: PageServerLoad = ({ url }) => ({
	...apiReference(openApiDocument(url.origin)),
	problems: Object.entries(PROBLEM_CODES).map(([code, text]) => ({ code, text })),
	rate: settings().API_RATE_PER_MINUTE,
	tokenDays: { default: TOKEN_DEFAULT_DAYS, max: TOKEN_MAX_DAYS },
	origin: url.origin
});
