import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { chooseCoding, compressResponse, MIN_BYTES } from './compress';

const page = '<!doctype html><html lang="de"><body>' + 'Interkommunale Zusammenarbeit im Kreis Unna. '.repeat(200) + '</body></html>';
const req = (encoding: string | null, method = 'GET') => new Request('http://h/kooperationen', { method, headers: encoding ? { 'accept-encoding': encoding } : {} });
const html = (body = page, extra: Record<string, string> = {}) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...extra } });

describe('chooseCoding', () => {
	it('prefers Brotli, then gzip, honours q=0 and the wildcard', () => {
		expect(chooseCoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseCoding('gzip, deflate')).toBe('gzip');
		expect(chooseCoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseCoding('BR;Q=0.9')).toBe('br');
		expect(chooseCoding('*')).toBe('br');
		expect(chooseCoding('*;q=0, gzip')).toBe('gzip');
		expect(chooseCoding('identity')).toBeNull();
		expect(chooseCoding('br;q=0, gzip;q=0')).toBeNull();
		expect(chooseCoding('')).toBeNull();
		expect(chooseCoding(null)).toBeNull();
		expect(chooseCoding('br;q=abc, gzip')).toBe('gzip');
	});
});

describe('compressResponse', () => {
	it('compresses a page with Brotli and the bytes decode to the page', async () => {
		const r = compressResponse(req('gzip, deflate, br'), html(page, { etag: '"abc"', 'content-length': String(Buffer.byteLength(page)) }), false);
		expect(r.headers.get('content-encoding')).toBe('br');
		expect(r.headers.get('content-length')).toBeNull();
		expect(r.headers.get('vary')).toMatch(/Accept-Encoding/);
		expect(r.headers.get('etag')).toBe('W/"abc"');
		const bytes = Buffer.from(await r.arrayBuffer());
		expect(bytes.length).toBeLessThan(Buffer.byteLength(page) / 10);
		expect(zlib.brotliDecompressSync(bytes).toString('utf8')).toBe(page);
	});

	it('uses gzip where Brotli is not accepted', async () => {
		const r = compressResponse(req('gzip'), html(), false);
		expect(r.headers.get('content-encoding')).toBe('gzip');
		expect(zlib.gunzipSync(Buffer.from(await r.arrayBuffer())).toString('utf8')).toBe(page);
	});

	it('leaves alone: the API, non-GET, binary types, small answers, already encoded, no-transform, no Accept-Encoding', () => {
		const same = (request: Request, response: Response, api = false) => expect(compressResponse(request, response, api)).toBe(response);
		same(req('br'), html(), true);
		same(req('br', 'POST'), html());
		same(req('br', 'HEAD'), new Response(null, { headers: { 'content-type': 'text/html' } }));
		same(req('br'), new Response(page, { headers: { 'content-type': 'application/pdf' } }));
		same(req('br'), new Response(page, { headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.presentationml.presentation' } }));
		same(req('br'), html('x'.repeat(MIN_BYTES - 1), { 'content-length': String(MIN_BYTES - 1) }));
		same(req('br'), html(page, { 'content-encoding': 'gzip' }));
		same(req('br'), html(page, { 'cache-control': 'no-store, no-transform' }));
		same(req('br'), new Response(null, { status: 304, headers: { 'content-type': 'text/html' } }));
		const plain = html();
		same(req(null), plain);
		expect(plain.headers.get('vary')).toMatch(/Accept-Encoding/);
	});

	it('compresses the text downloads of pages (CSV, JSON, SVG, iCalendar) too', () => {
		for (const type of ['text/csv; charset=utf-8', 'application/json', 'image/svg+xml', 'text/calendar; charset=utf-8', 'application/rdf+xml']) {
			expect(compressResponse(req('br'), new Response(page, { headers: { 'content-type': type } }), false).headers.get('content-encoding'), type).toBe('br');
		}
	});
});
