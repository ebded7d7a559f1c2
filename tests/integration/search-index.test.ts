/**
 * The search answers from posting lists and a per-revision cache (issue 15). These tests compare
 * it with a plain reference written from the rules (a walk over every row), for many generated
 * queries on the real data, and check that the cache never outlives a change of the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { runSearch } from '../../src/lib/server/search/run-search';
import { facetIndex, type IndexRow } from '../../src/lib/server/search/facet-index';
import { matchTextSeqs } from '../../src/lib/server/search/text-index';
import { FILTER_KEYS, type FilterKey, parseSearchQuery, type SearchQuery } from '../../src/lib/domain/search-query';
import { isActiveInYear } from '../../src/lib/domain/fuzzy-date';
import { bumpRevision } from '../../src/lib/server/db/versions';
import { overview } from '../../src/lib/server/registry/profiles';
import { cooperationRows } from '../../src/lib/server/registry/rows';
import { timeline } from '../../src/lib/server/analysis/timeline';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

const valuesOf = (k: FilterKey, r: IndexRow): readonly string[] => {
	switch (k) {
		case 'partner': return r.partners;
		case 'topic': return r.topics;
		case 'legalForm': return [r.legalForm];
		case 'performer': return [r.performer];
		case 'orgUnit': return r.orgUnit === null ? [] : [r.orgUnit];
		case 'status': return [r.status];
		case 'list': return [r.list];
		case 'region': return r.regions;
	}
};

/** The rules, walked row by row: total and facet counts (value -> count) per dimension. */
async function reference(q: SearchQuery): Promise<{ total: number; counts: Record<string, Record<string, number>> }> {
	const index = await facetIndex(h.db);
	const text = await matchTextSeqs(h.db, index, q.q);
	const passes = (k: FilterKey, r: IndexRow) => {
		const wanted = q.filters[k];
		if (wanted.length === 0) return true;
		const have = valuesOf(k, r);
		return k === 'partner' && q.partnerMode === 'all' ? wanted.every((w) => have.includes(w)) : wanted.some((w) => have.includes(w));
	};
	const base = index.rows.filter((r) => (text === null || text.has(r.seq)) &&
		(q.year === null || isActiveInYear(index.date(r.startText), index.date(r.endText), q.year) !== 'no'));
	const counts: Record<string, Record<string, number>> = {};
	for (const k of FILTER_KEYS) {
		const own = q.filters[k].length > 0 && !(k === 'partner' && q.partnerMode === 'all');
		const over = base.filter((r) => FILTER_KEYS.every((j) => (own && j === k) || passes(j, r)));
		const c: Record<string, number> = {};
		for (const r of over) for (const v of valuesOf(k, r)) c[v] = (c[v] ?? 0) + 1;
		counts[k] = c;
	}
	return { total: base.filter((r) => FILTER_KEYS.every((j) => passes(j, r))).length, counts };
}

describe('search from posting lists', () => {
	it('gives the totals and facet counts of a row-by-row walk, for generated queries', async () => {
		const index = await facetIndex(h.db);
		const pool = (k: FilterKey) => [...new Set(index.rows.flatMap((r) => valuesOf(k, r)))].sort();
		const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, pool(k)])) as Record<FilterKey, string[]>;
		let s = 11;
		const next = () => ((s = (s * 48271) % 2147483647) / 2147483647);
		const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
		let nonEmpty = 0;
		for (let n = 0; n < 60; n++) {
			const p = new URLSearchParams();
			for (const [k, param] of [['partner', 'partner'], ['topic', 'thema'], ['legalForm', 'rechtsform'], ['performer', 'durch'], ['status', 'status'], ['list', 'liste'], ['orgUnit', 'org']] as const) {
				if (values[k].length && next() < 0.3) p.append(param, pick(values[k]));
				if (values[k].length && next() < 0.1) p.append(param, pick(values[k]));
			}
			if (next() < 0.3) p.set('q', pick(['schule', 'abfall', 'it', 'kreis', 'rettungsdienst', 'unna']));
			if (next() < 0.2) p.set('jahr', String(1995 + Math.floor(next() * 30)));
			if (next() < 0.4) p.set('verknuepfung', 'eine');
			const q = parseSearchQuery(p);
			const got = await runSearch(h.db, q, { allRows: true, facetMaxOptions: 1000 });
			const want = await reference(q);
			expect(got.total, p.toString()).toBe(want.total);
			for (const k of FILTER_KEYS) {
				const shown = Object.fromEntries(got.facets[k].filter((f) => f.count > 0).map((f) => [f.value, f.count]));
				expect(shown, `${k} for ${p}`).toEqual(want.counts[k]);
			}
			// The hits read on demand are the hits listed, in order; a seq that is no hit is not found.
			const { hitSeqs, ...listed } = got;
			expect(hitSeqs.length).toBe(got.total);
			expect(hitSeqs.slice(0, got.total)).toEqual(got.seqs);
			if (got.total > 0) expect(hitSeqs.indexOf(got.seqs.at(-1)!)).toBe(got.total - 1);
			expect(hitSeqs.indexOf(-1)).toBe(-1);
			// The cached answer of the same query is the same.
			const { hitSeqs: again, ...cached } = await runSearch(h.db, q, { allRows: true, facetMaxOptions: 1000 });
			expect(cached).toEqual(listed);
			expect(again.slice(0, got.total)).toEqual(got.seqs);
			if (got.total > 0 && got.total < index.rows.length) nonEmpty++;
		}
		expect(nonEmpty).toBeGreaterThan(10);
	});

	it('never answers from the cache of an older revision', async () => {
		const q = parseSearchQuery(new URLSearchParams('status=ended'));
		const before = await runSearch(h.db, q);
		const active = await h.db.selectFrom('cooperation').select('seq').where('status', '=', 'active').where('archived_at', 'is', null).orderBy('seq').executeTakeFirstOrThrow();
		await h.db.updateTable('cooperation').set({ status: 'ended' }).where('seq', '=', active.seq).execute();
		await bumpRevision(h.db);
		const after = await runSearch(h.db, q);
		expect(after.total).toBe(before.total + 1);
		expect(after.facets.status.find((f) => f.value === 'ended')?.count).toBe(before.total + 1);
		await h.db.updateTable('cooperation').set({ status: 'active' }).where('seq', '=', active.seq).execute();
		await bumpRevision(h.db);
		expect((await runSearch(h.db, q)).total).toBe(before.total);
	});

	it('hands each caller its own copy of cached rows, cached pages frozen, and drops them with the revision', async () => {
		const seq = (await facetIndex(h.db)).rows[3]!.seq;
		const [first] = await cooperationRows(h.db, [seq]);
		first!.title = 'verändert';
		first!.partners.length = 0;
		const [second] = await cooperationRows(h.db, [seq]);
		expect(second!.title).not.toBe('verändert');
		expect(second!.partners.length).toBeGreaterThan(0);

		const o = await overview(h.db);
		const total = o.total;
		// Pages are shared between requests, frozen: a change throws instead of reaching the next caller.
		expect(() => (o.byStatus.length = 0)).toThrow(TypeError);
		expect(() => ((o.byStatus[0] as { count: number }).count = -1)).toThrow(TypeError);
		expect((await overview(h.db)).byStatus.length).toBeGreaterThan(0);
		const t = await timeline(h.db, { currentYear: 2026 });
		expect(() => t.years.push(t.years[0]!)).toThrow(TypeError);
		expect((await timeline(h.db, { currentYear: 2026 })).years.length).toBeGreaterThan(0);

		// Archiving one cooperation changes the overview and the row's title shows the edit.
		await h.db.updateTable('cooperation').set({ archived_at: '2026-12-01T00:00:00.000Z', title: 'Neuer Titel' }).where('seq', '=', seq).execute();
		await bumpRevision(h.db);
		expect((await overview(h.db)).total).toBe(total - 1);
		expect((await timeline(h.db, { currentYear: 2026 })).total).toBe(total - 1);
		expect((await cooperationRows(h.db, [seq]))[0]!.title).toBe('Neuer Titel');
		await h.db.updateTable('cooperation').set({ archived_at: null, title: second!.title }).where('seq', '=', seq).execute();
		await bumpRevision(h.db);
		expect((await overview(h.db)).total).toBe(total);
	});
});
