/**
 * Page data marked with `jsonData` crosses to the browser as one JSON text (issue 15): the transport
 * hook's encoder gives the JSON of a marked object and nothing for others; what the browser
 * decodes is what the server rendered from; characters above U+00FF leave the page as escapes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify, uneval } from 'devalue';
import { describe, expect, it } from 'vitest';
import { decodeJsonData, encodeJsonData, jsonData } from './json-data';
import { transportReplacer as replacer } from '../../../tests/support/transport-replacer';
import { transport } from '../../hooks';

const sample = () => ({
	query: { q: 'Müll – „Abfuhr“', filters: { topic: ['umwelt'], partner: [] }, year: null, page: 1 },
	rows: [{ id: 'kamen-1', title: 'Abwasser</script><script>alert(1)</script>', partners: [{ id: 'kamen', name: 'Kamen', left: null }] }],
	empty: null,
	flag: true
});

describe('page data as one JSON text', () => {
	it('a marked object becomes one JSON string; decoded in the browser it equals what the server rendered', () => {
		const data = jsonData(sample());
		const json = encodeJsonData(data);
		expect(typeof json).toBe('string');
		expect(decodeJsonData(json as string)).toStrictEqual(sample());
		const page = uneval({ type: 'data', data }, replacer);
		expect(page.startsWith(`{type:"data",data:app.decode('JsonData', "`)).toBe(true);
		// What the browser evaluates: the decoder gets the JSON text back.
		const decoded = new Function('app', `return ${page}`)({ decode: (key: string, value: string) => (expect(key).toBe('JsonData'), decodeJsonData(value)) });
		expect(decoded.data).toStrictEqual(sample());
	});

	it('leaves no character above U+00FF and no closing script tag in the page', () => {
		const page = uneval({ data: jsonData(sample()) }, replacer);
		expect([...page].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
		expect(page).not.toMatch(/<\/script/i);
		expect(page).toContain('\\\\u2013');
	});

	it('client-side navigation (__data.json, devalue stringify/parse) carries it the same way', () => {
		const reducers = Object.fromEntries(Object.entries(transport).map(([k, t]) => [k, t.encode]));
		const revivers = Object.fromEntries(Object.entries(transport).map(([k, t]) => [k, t.decode]));
		const text = stringify({ data: jsonData(sample()) }, reducers);
		expect(parse(text, revivers)).toStrictEqual({ data: sample() });
	});

	it('objects nobody marked are not its business', () => {
		expect(encodeJsonData(sample())).toBe(false);
		expect(encodeJsonData(null)).toBe(false);
		expect(encodeJsonData('text')).toBe(false);
		expect(uneval({ title: 'Profil' }, replacer)).toBe('{title:"Profil"}');
	});

	it('the route files that use it are the search page (a test holds its data to plain JSON)', () => {
		const routes = path.resolve(import.meta.dirname, '../../routes');
		const files = (readdirSync(routes, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
		const users = files.filter((f) => readFileSync(path.join(routes, f), 'utf8').includes('jsonData('));
		expect(users.map((f) => f.split(path.sep).join('/'))).toEqual(['kooperationen/+page.server.ts']);
	});
});
