/**
 * HTTP helpers of the API (and JSON bodies for the register's .json routes): JSON with ETags and conditional requests (RFC 9110), and errors as
 * problem details (RFC 9457, application/problem+json).
 */
import { hash } from 'node:crypto';

export const PROBLEM_TYPE_BASE = '/api/v1/docs#problem-';

const TITLES: Record<number, string> = {
	400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
	406: 'Not Acceptable', 409: 'Conflict', 412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type',
	422: 'Unprocessable Content', 428: 'Precondition Required', 429: 'Too Many Requests', 500: 'Internal Server Error',
	503: 'Service Unavailable'
};

/** The problem types (`type` ends with `#problem-<code>`), explained on /api/v1/docs. */
export const PROBLEM_CODES: Record<string, string> = {
	'unauthenticated': 'Für diese Anfrage ist ein API-Schlüssel nötig (401).',
	'invalid-token': 'Der API-Schlüssel ist unbekannt, abgelaufen oder widerrufen (401).',
	'forbidden': 'Die Rolle des Kontos erlaubt das nicht, oder die eigene Körperschaft ist nicht beteiligt (403).',
	'insufficient-scope': 'Dem Schlüssel fehlt die Berechtigung „lesen“ oder „schreiben“ (403).',
	'not-found': 'Die Adresse oder der Eintrag existiert nicht (404).',
	'method': 'Diese HTTP-Methode gibt es hier nicht (405).',
	'invalid-parameters': 'Ein Abfrageparameter ist ungültig; `errors` nennt ihn (400).',
	'invalid-cursor': 'Der Cursor gehört zu einer anderen Abfrage oder ist beschädigt (400).',
	'invalid-json': 'Der Inhalt ist kein gültiges JSON (400).',
	'invalid-body': 'Der Inhalt passt nicht zum Schema; `errors` nennt die Stellen (400).',
	'media-type': 'Der Inhalt muss als application/json gesendet werden (415).',
	'too-large': 'Der Inhalt ist zu groß (413).',
	'rejected': 'Der Eintrag ist wohlgeformt, aber nicht speicherbar, z. B. eine unbekannte Körperschaft (422).',
	'too-many-links': 'Zu viele OParl-Verweise an einem Eintrag (422).',
	'if-match-required': 'Änderungen brauchen If-Match mit dem ETag der Version, auf der sie beruhen (428).',
	'version-mismatch': 'Jemand anderes hat inzwischen gespeichert: neu laden, Änderung erneut anwenden (412).',
	'conflict': 'Konflikt beim Speichern (409).',
	'rate-limit': 'Zu viele Anfragen in der Minute; Retry-After nennt die Wartezeit in Sekunden (429).',
	'unavailable': 'Die Datenbank ist gerade nicht erreichbar; nach Retry-After Sekunden erneut versuchen, nichts wurde gespeichert (503).',
	'http': 'Ein anderer Fehler; `status` und `title` sagen welcher.'
};

export interface ProblemInit {
	/** A short code that names the kind of problem; the `type` URI ends with it. */
	code?: string;
	detail?: string;
	instance?: string;
	/** Validation errors: where and what. */
	errors?: { pointer: string; message: string }[];
	headers?: Record<string, string>;
}

/** A problem details response (RFC 9457). */
export function problem(status: number, init: ProblemInit = {}): Response {
	const code = init.code ?? 'http';
	const body = {
		type: `${PROBLEM_TYPE_BASE}${code}`,
		title: TITLES[status] ?? 'Error',
		status,
		...(init.detail ? { detail: init.detail } : {}),
		...(init.instance ? { instance: init.instance } : {}),
		...(init.errors?.length ? { errors: init.errors } : {})
	};
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...(init.headers ?? {}) }
	});
}

/**
 * JSON as the UTF-8 bytes a Response sends (issue 15): handed a text, the Response checks it for
 * lone surrogates and encodes it again, and SvelteKit's json() encodes it once more for the length.
 */
export function utf8Json(data: unknown): Buffer<ArrayBuffer> {
	return Buffer.from(JSON.stringify(data), 'utf8');
}

/** A JSON answer from its bytes, with their length. */
export function jsonBytesResponse(data: unknown, headers: Record<string, string> = {}): Response {
	const body = utf8Json(data);
	return new Response(body, { headers: { 'content-type': 'application/json', 'content-length': String(body.byteLength), ...headers } });
}

/** A weak ETag from the body's bytes. */
export function weakEtag(body: string | Uint8Array): string {
	return `W/"${hash('sha256', body, 'base64url').slice(0, 27)}"`;
}

/** Tags of an If-None-Match / If-Match header (`*` stays `*`). */
export function parseEtags(header: string | null): string[] {
	if (!header) return [];
	return header.split(',').map((t) => t.trim()).filter(Boolean).slice(0, 50);
}

/** Weak comparison (If-None-Match): the opaque tags are equal, W/ ignored. */
export function weakMatch(header: string | null, etag: string): boolean {
	const opaque = (t: string) => t.replace(/^W\//, '');
	return parseEtags(header).some((t) => t === '*' || opaque(t) === opaque(etag));
}

/**
 * A JSON response with an ETag (given, or weak from the body); answers 304 when the request's
 * If-None-Match matches it.
 */
export function jsonResponse(request: Request, data: unknown, init: { status?: number; etag?: string; headers?: Record<string, string> } = {}): Response {
	// Encoded once, for the tag and the answer (issue 15: a list of 25 full records is 50 KB, and
	// hashing the text and then handing the text to the Response encoded it twice).
	const body = utf8Json(data);
	const etag = init.etag ?? weakEtag(body);
	const headers: Record<string, string> = { etag, vary: 'Authorization', 'cache-control': 'no-cache', ...(init.headers ?? {}) };
	const status = init.status ?? 200;
	if (status === 200 && (request.method === 'GET' || request.method === 'HEAD') && weakMatch(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	return new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.byteLength), ...headers } });
}

/** Read a JSON request body (at most `maxBytes`); a problem response when it is not JSON. */
export async function readJson(request: Request, maxBytes = 256_000): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
	const instance = new URL(request.url).pathname;
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
		return { ok: false, response: problem(415, { code: 'media-type', detail: 'Der Inhalt muss JSON sein (Content-Type: application/json).', instance }) };
	}
	const text = await request.text();
	if (new TextEncoder().encode(text).length > maxBytes) {
		return { ok: false, response: problem(413, { code: 'too-large', detail: `Höchstens ${maxBytes} Bytes.`, instance }) };
	}
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, response: problem(400, { code: 'invalid-json', detail: 'Der Inhalt ist kein gültiges JSON.', instance }) };
	}
}
