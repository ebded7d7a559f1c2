/**
 * The relevance test set (tests/fixtures/search-relevance.yaml, issue 17) on the shipped Kreis
 * Unna data: every query must give its expected top results and must not find what it excludes.
 * All failing queries are reported together, so a change of the rules shows its whole effect.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadedDatabase } from './helpers';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';

const ids = z.array(z.string().regex(/^[a-z]+-\d+$/)).optional();
const fixture = z.array(z.object({
	query: z.string().min(1),
	top: ids,
	first: z.string().optional(),
	contains: ids,
	not: ids,
	count: z.number().int().min(0).optional(),
	why: z.string().optional()
}).strict()).parse(parseYaml(fs.readFileSync('tests/fixtures/search-relevance.yaml', 'utf8')));

let h: Awaited<ReturnType<typeof loadedDatabase>>;
let idOf: Map<number, string>;
beforeAll(async () => {
	h = await loadedDatabase();
	idOf = new Map((await h.db.selectFrom('cooperation').select(['seq', 'id']).execute()).map((r) => [r.seq, r.id]));
});
afterAll(async () => h.close());

const search = async (q: string, more = '') => {
	const r = await runSearch(h.db, parseSearchQuery(new URLSearchParams(`q=${encodeURIComponent(q)}${more}`)), { allRows: true });
	return { ...r, ids: r.seqs.map((s) => idOf.get(s)!) };
};

describe('relevance test set', () => {
	it('has at least 60 queries, each with an expectation, naming cooperations that exist', async () => {
		expect(fixture.length).toBeGreaterThanOrEqual(60);
		const known = new Set(idOf.values());
		for (const c of fixture) {
			expect(c.top ?? c.first ?? c.contains ?? c.not ?? c.count, c.query).toBeDefined();
			for (const id of [...(c.top ?? []), ...(c.contains ?? []), ...(c.not ?? []), ...(c.first ? [c.first] : [])]) {
				expect(known.has(id), `${c.query}: ${id}`).toBe(true);
			}
		}
	});

	it('every query gives its expected results', async () => {
		const failures: string[] = [];
		for (const c of fixture) {
			const { ids: got } = await search(c.query);
			const fail = (msg: string) => failures.push(`"${c.query}": ${msg} (got ${got.slice(0, 8).join(', ')}${got.length > 8 ? ', …' : ''}; ${got.length} in all)`);
			if (c.count !== undefined && got.length !== c.count) fail(`expected ${c.count} results`);
			if (c.first && got[0] !== c.first) fail(`expected ${c.first} first`);
			if (c.top) {
				const head = new Set(got.slice(0, c.top.length));
				const missing = c.top.filter((id) => !head.has(id));
				if (missing.length) fail(`expected among the first ${c.top.length}: ${missing.join(', ')}`);
			}
			const missing = (c.contains ?? []).filter((id) => !got.includes(id));
			if (missing.length) fail(`expected to find ${missing.join(', ')}`);
			const wrong = (c.not ?? []).filter((id) => got.includes(id));
			if (wrong.length) fail(`must not find ${wrong.join(', ')}`);
		}
		expect(failures).toEqual([]);
	});
});

describe('an empty result offers other spellings and related topics', () => {
	it('a misspelt word suggests the register\'s spelling, which finds something', async () => {
		const r = await search('volkshochschle');
		expect(r.total).toBe(0);
		expect(r.suggestions?.spellings.map((s) => s.query)).toContain('Volkshochschule');
		expect(r.suggestions?.spellings.find((s) => s.query === 'Volkshochschule')?.count).toBe(2);
		expect(r.suggestions?.topics).toContain('bildung-wissenschaft');
	});
	it('keeps the other words of the query in the suggestion', async () => {
		const r = await search('rettungsdinst unna');
		expect(r.total).toBe(0);
		expect(r.suggestions?.spellings[0]?.query).toBe('Rettungsdienst unna');
		expect(r.suggestions?.spellings[0]?.count).toBeGreaterThan(0);
	});
	it('two words that never meet suggest the topics of each', async () => {
		const r = await search('tierheim musikschule');
		expect(r.total).toBe(0);
		expect(r.suggestions?.topics).toEqual(expect.arrayContaining(['sicherheit-ordnung', 'kultur-sport']));
	});
	it('nonsense suggests nothing, and a result that is found carries no suggestions', async () => {
		expect((await search('xqzxqz')).suggestions).toEqual({ spellings: [], topics: [] });
		expect((await search('abfall')).suggestions).toBeNull();
	});
	it('a filter that empties the result is not a spelling problem: no spellings, the filters stay', async () => {
		const r = await search('abfall', '&thema=kultur-sport');
		expect(r.total).toBe(0);
		expect(r.suggestions?.spellings).toEqual([]);
	});
});
