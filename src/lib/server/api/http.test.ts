import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { jsonBytesResponse, jsonResponse, weakEtag } from './http';

describe('jsonResponse', () => {
	const data = { items: [{ id: 'kreis-unna-1', title: 'Gemeinsames Ordnungsamt – Bönen/Kamen', note: '§ 2b UStG, „Zweckvereinbarung“ 🚒' }], total: 1 };

	it('sends the JSON as UTF-8 and tags it with a hash of exactly the bytes it sends', async () => {
		const res = jsonResponse(new Request('http://x/api/v1/cooperations'), data);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(JSON.parse(bytes.toString('utf8'))).toEqual(data);
		const expected = `W/"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
		expect(res.headers.get('etag')).toBe(expected);
		expect(weakEtag(JSON.stringify(data))).toBe(expected);
		expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
	});

	it('answers 304 without a body when If-None-Match names the tag (also as a strong tag)', async () => {
		const first = jsonResponse(new Request('http://x/a'), data);
		const tag = first.headers.get('etag')!;
		const again = jsonResponse(new Request('http://x/a', { headers: { 'if-none-match': `"other", ${tag.replace(/^W\//, '')}` } }), data);
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		expect(again.headers.get('etag')).toBe(tag);
		const changed = jsonResponse(new Request('http://x/a', { headers: { 'if-none-match': tag } }), { ...data, total: 2 });
		expect(changed.status).toBe(200);
	});
});

describe('jsonBytesResponse', () => {
	it('sends the JSON as UTF-8 with its byte length and the given headers', async () => {
		const data = { items: [{ title: 'Zweckverband Tierheim – Kreis Unna 🐾' }] };
		const res = jsonBytesResponse(data, { 'cache-control': 'no-store' });
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(JSON.parse(bytes.toString('utf8'))).toEqual(data);
		expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
		expect(bytes.byteLength).toBeGreaterThan(JSON.stringify(data).length);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(res.headers.get('cache-control')).toBe('no-store');
	});
});
