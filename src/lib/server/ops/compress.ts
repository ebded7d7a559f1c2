/**
 * Compressed answers (issue 17, item 4: light pages). Static files are compressed once at build
 * time (adapter-node `precompress`, served by sirv); pages and the text downloads of pages (JSON,
 * CSV, SVG, iCalendar, RDF) are compressed here, per answer, with Brotli at a moderate quality
 * (dynamic content: quality 11 would cost more CPU than the bytes save) or gzip.
 *
 * The API is left alone: its clients write with If-Match against the strong ETag of a GET, and a
 * compressed copy must not carry the same strong tag (RFC 9110 8.8.3). Elsewhere a compressed
 * answer's ETag becomes weak, which If-None-Match (weak comparison) still matches.
 */
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';

const COMPRESSIBLE = /^(text\/|application\/(json|problem\+json|ld\+json|xml|rdf\+xml|javascript)|image\/svg\+xml)/i;

/** Answers smaller than this are sent as they are (a header and a frame cost more). */
export const MIN_BYTES = 1024;

export type Coding = 'br' | 'gzip';

/** The coding to use for an Accept-Encoding header: Brotli, else gzip, each unless refused (q=0). */
export function chooseCoding(acceptEncoding: string | null): Coding | null {
	if (!acceptEncoding) return null;
	const q = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const value = qp ? Number(qp.slice(2)) : 1;
		q.set(name, Number.isFinite(value) ? value : 0);
	}
	const accepts = (c: string) => (q.get(c) ?? q.get('*') ?? 0) > 0;
	if (accepts('br')) return 'br';
	if (accepts('gzip')) return 'gzip';
	return null;
}

function encoder(coding: Coding): zlib.BrotliCompress | zlib.Gzip {
	return coding === 'br'
		? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })
		: zlib.createGzip({ level: 6 });
}

/** The answer compressed for this request where that helps; otherwise the answer unchanged. */
export function compressResponse(request: Request, response: Response, api: boolean): Response {
	if (api || request.method !== 'GET' || !response.body) return response;
	if (response.status === 204 || response.status === 206 || response.status === 304) return response;
	const headers = response.headers;
	if (headers.has('content-encoding') || !COMPRESSIBLE.test(headers.get('content-type') ?? '')) return response;
	if (/\bno-transform\b/i.test(headers.get('cache-control') ?? '')) return response;
	const length = headers.get('content-length');
	if (length !== null && Number(length) < MIN_BYTES) return response;
	try {
		headers.append('vary', 'Accept-Encoding');
	} catch {
		// immutable headers (a fetched response passed through): it is sent as it is
		return response;
	}
	const coding = chooseCoding(request.headers.get('accept-encoding'));
	if (!coding) return response;
	const out = new Headers(headers);
	out.set('content-encoding', coding);
	out.delete('content-length');
	const etag = out.get('etag');
	if (etag && !etag.startsWith('W/')) out.set('etag', `W/${etag}`);
	const source = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
	const compressed = pipeline(source, encoder(coding), () => {
		// A client that went away or a broken source ends the stream; nothing else to do.
	});
	return new Response(Readable.toWeb(compressed) as ReadableStream, { status: response.status, statusText: response.statusText, headers: out });
}
