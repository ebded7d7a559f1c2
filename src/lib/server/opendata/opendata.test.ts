import { describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { el, xmlAttr, xmlDocument, xmlText } from './xml';
import { datasetTitle, districtKey, regionLocative } from './dataset';
import { etagOf, fileResponse, noneMatch } from './http';

/** Parse with saxes and give back the text and attributes of every element, in document order. */
function read(xml: string): { name: string; attrs: Record<string, string>; text: string }[] {
	const p = new SaxesParser();
	const out: { name: string; attrs: Record<string, string>; text: string }[] = [];
	const stack: number[] = [];
	p.on('opentag', (t) => {
		stack.push(out.length);
		out.push({ name: t.name, attrs: t.attributes as Record<string, string>, text: '' });
	});
	p.on('text', (t) => {
		const i = stack.at(-1);
		if (i !== undefined) out[i]!.text += t;
	});
	p.on('closetag', () => stack.pop());
	p.on('error', (e) => {
		throw e;
	});
	p.write(xml).close();
	return out;
}

describe('xml writer', () => {
	it('escapes text and attributes so that a parser reads back the same values', () => {
		const nasty = `a < b && c > d "quoted" 'single' ]]> <!-- x --> <script>`;
		const doc = xmlDocument(el('root', { title: nasty, tabbed: 'eins\tzwei\ndrei' }, el('child', {}, nasty), el('empty', { 'xml:lang': 'de' })));
		const [root, child, empty] = read(doc);
		expect(root!.attrs.title).toBe(nasty);
		expect(root!.attrs.tabbed).toBe('eins\tzwei\ndrei');
		expect(child!.text).toBe(nasty);
		expect(empty!.attrs['xml:lang']).toBe('de');
		expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<root ')).toBe(true);
	});

	it('drops characters XML 1.0 cannot carry and keeps the rest of Unicode', () => {
		expect(xmlText('A\u0000B\u0008C\u000BD\uFFFEE\uD800F')).toBe('ABCDEF');
		expect(xmlText('Fröndenberg/Ruhr – 😀')).toBe('Fröndenberg/Ruhr – 😀');
		expect(xmlAttr('x"y\r')).toBe('x&quot;y&#13;');
		const [node] = read(xmlDocument(el('n', {}, 'Bell\u0007 & Co')));
		expect(node!.text).toBe('Bell & Co');
	});

	it('refuses names that would break the markup and leaves out undefined attributes', () => {
		expect(() => el('a b')).toThrow();
		expect(() => el('a', { 'x="1" y': 'z' })).toThrow();
		expect(xmlDocument(el('a', { b: undefined }))).toContain('<a/>');
	});
});

describe('dataset naming', () => {
	it('builds a German title for the usual forms of Kreis names', () => {
		expect(datasetTitle('Kreis Unna')).toBe('Interkommunale Zusammenarbeit im Kreis Unna');
		expect(datasetTitle('Hochsauerlandkreis')).toBe('Interkommunale Zusammenarbeit im Hochsauerlandkreis');
		expect(datasetTitle('Ennepe-Ruhr-Kreis')).toBe('Interkommunale Zusammenarbeit im Ennepe-Ruhr-Kreis');
		expect(datasetTitle('Märkischer Kreis')).toBe('Interkommunale Zusammenarbeit im Märkischen Kreis');
		expect(datasetTitle('Rhein-Kreis Neuss')).toBe('Interkommunale Zusammenarbeit im Rhein-Kreis Neuss');
		expect(datasetTitle('Region Hannover')).toBe('Interkommunale Zusammenarbeit – Region Hannover');
		expect(regionLocative('Region Hannover')).toBeNull();
	});

	it('takes the district key from the first five digits of an AGS', () => {
		expect(districtKey('05978')).toBe('05978');
		expect(districtKey('05913000')).toBe('05913');
		expect(districtKey(' 05978 ')).toBe('05978');
		expect(districtKey('0597')).toBeNull();
		expect(districtKey('DE-05978')).toBeNull();
		expect(districtKey(null)).toBeNull();
	});
});

describe('file responses', () => {
	const file = { body: 'a;b\r\nä;ö\r\n', contentType: 'text/csv; charset=utf-8', filename: 'x y.csv', disposition: 'attachment' as const, modified: '2030-01-02T03:04:05.678Z' };

	it('sends ETag, Last-Modified, the type and a safe file name', async () => {
		const res = fileResponse(new Request('http://h/x'), file);
		expect(res.status).toBe(200);
		expect(res.headers.get('etag')).toBe(etagOf(file.body));
		expect(res.headers.get('last-modified')).toBe('Wed, 02 Jan 2030 03:04:05 GMT');
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="x_y.csv"');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(await res.text()).toBe(file.body);
	});

	it('answers 304 without a body when If-None-Match names the current tag, 200 otherwise', async () => {
		const tag = etagOf(file.body);
		expect(etagOf('anders')).not.toBe(tag);
		const hit = fileResponse(new Request('http://h/x', { headers: { 'If-None-Match': `"alt", W/${tag}` } }), file);
		expect(hit.status).toBe(304);
		expect(hit.headers.get('etag')).toBe(tag);
		expect(await hit.text()).toBe('');
		expect(fileResponse(new Request('http://h/x', { headers: { 'If-None-Match': '"alt"' } }), file).status).toBe(200);
		expect(noneMatch('*', tag)).toBe(true);
		expect(noneMatch(null, tag)).toBe(false);
		// If-Modified-Since alone does not decide (some changes leave no time stamp).
		expect(fileResponse(new Request('http://h/x', { headers: { 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' } }), file).status).toBe(200);
	});
});
