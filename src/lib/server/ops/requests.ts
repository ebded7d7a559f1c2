/**
 * Request ids and the answers of an instance whose database is away (issue 23).
 */
import { randomUUID } from 'node:crypto';
import { problem } from '../api/http';
import { RETRY_AFTER_SECONDS } from './unavailable';

/** The balancer's X-Request-Id when it looks like one (letters, digits, - _ . : up to 128), else a new UUID. */
export function requestIdOf(headers: Headers): string {
	const given = headers.get('x-request-id')?.trim();
	return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

export const UNAVAILABLE_MESSAGE = 'Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden noch einmal; nichts wurde gespeichert.';

/**
 * The 503 answer for a request that failed before a page could be rendered (the session lookup
 * needs the database): problem details under /api/, otherwise a small German page.
 */
export function unavailableResponse(api: boolean, instance: string): Response {
	const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
	if (api) return problem(503, { code: 'unavailable', detail: UNAVAILABLE_MESSAGE, instance, headers });
	const html = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Vorübergehend nicht erreichbar – IKZ-Atlas</title></head>
<body><main><h1>Vorübergehend nicht erreichbar</h1><p>${UNAVAILABLE_MESSAGE}</p><p><a href="/">Zur Übersicht</a></p></main></body></html>
`;
	return new Response(html, { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}
