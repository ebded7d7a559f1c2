/**
 * Register search on the real data: German spellings, filters, facet counts, year, paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import { cooperationRows } from '../../src/lib/server/registry/rows';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

const search = (qs: string, allRows = true) => runSearch(h.db, parseSearchQuery(new URLSearchParams(qs)), { allRows });
const titles = async (qs: string) => (await cooperationRows(h.db, (await search(qs)).seqs)).map((r) => r.title);

describe('text search understands German as people type it', () => {
	it('rettung finds Rettungsdienst (part of a compound word)', async () => {
		const t = await titles('q=rettung');
		expect(t.filter((x) => /Rettungsdienst/.test(x)).length).toBeGreaterThanOrEqual(4);
		expect(t).not.toContain('Tierheim für das gesamte Kreisgebiet ohne Schwerte');
	});
	it('vergabe finds the Zentrale Vergabestelle', async () => {
		expect((await titles('q=vergabe')).filter((x) => x === 'Zentrale Vergabestelle')).toHaveLength(2);
	});
	it('muell, müll and MÜLL find Müllabfuhr alike', async () => {
		const a = await titles('q=muell');
		expect(a.some((x) => x.includes('Müllabfuhr'))).toBe(true);
		expect(await titles('q=m%C3%BCll')).toEqual(a);
		expect(await titles('q=M%C3%9CLL')).toEqual(a);
	});
	it('boenen, bönen and bonen find Bönen', async () => {
		const a = (await search('q=boenen')).total;
		expect(a).toBeGreaterThan(10);
		expect((await search('q=b%C3%B6nen')).total).toBe(a);
		expect((await search('q=bonen')).total).toBe(a);
	});
	it('strassenreinigung finds Straßenreinigung', async () => {
		const t = await titles('q=strassenreinigung');
		expect(t).toContain('Durchführung der Straßenreinigung');
	});
	it('several words must all match, in any order', async () => {
		const r = await search('q=vergabe+l%C3%BCnen');
		const rows = await cooperationRows(h.db, r.seqs);
		expect(rows[0]?.title).toBe('Zentrale Vergabestelle'); // the title hit first
		for (const row of rows) expect(row.partners.map((p) => p.id)).toContain('luenen');
		expect((await search('q=l%C3%BCnen+vergabe')).total).toBe(r.total);
	});
	it('puts title hits first when sorting by relevance', async () => {
		const t = await titles('q=rettungsdienst');
		expect(t[0]).toMatch(/Rettungsdienst/);
	});
	it('finds nothing for nonsense and survives FTS syntax in the input', async () => {
		expect((await search('q=xqzxqz')).total).toBe(0);
		expect((await search('q=%22AND+OR+NEAR(%29*')).total).toBeGreaterThanOrEqual(0);
	});
	it('short terms (under three letters) still narrow the result', async () => {
		const all = (await search('q=')).total;
		expect((await search('q=ZV')).total).toBeLessThan(all);
	});
});

describe('filters and facets', () => {
	it('partner "all of" needs every chosen body, "any of" one of them', async () => {
		const all = await search('partner=kamen&partner=boenen');
		const any = await search('partner=kamen&partner=boenen&verknuepfung=eine');
		const kamen = await search('partner=kamen');
		expect(all.total).toBeGreaterThan(0);
		expect(all.total).toBeLessThan(kamen.total);
		expect(any.total).toBeGreaterThan(kamen.total);
		for (const r of await cooperationRows(h.db, all.seqs)) {
			const ids = r.partners.map((p) => p.id);
			expect(ids).toContain('kamen');
			expect(ids).toContain('boenen');
		}
	});

	it('every facet count equals the result that choosing the option gives', async () => {
		const base = 'q=daten';
		const r = await search(base);
		for (const opt of r.facets.legalForm) {
			expect((await search(`${base}&rechtsform=${opt.value}`)).total).toBe(opt.count);
		}
		for (const opt of r.facets.partner.slice(0, 8)) {
			expect((await search(`${base}&partner=${opt.value}`)).total).toBe(opt.count);
		}
		for (const opt of r.facets.topic) {
			expect((await search(`${base}&thema=${opt.value}`)).total).toBe(opt.count);
		}
	});

	it('counts a chosen dimension without its own filter (so other options stay visible)', async () => {
		const r = await search('rechtsform=oerv');
		const zv = r.facets.legalForm.find((f) => f.value === 'zweckverband');
		expect(zv?.count).toBeGreaterThan(0);
		expect(r.facets.legalForm.find((f) => f.value === 'oerv')?.count).toBe(r.total);
	});

	it('filters by topic, performer, org unit, status and list', async () => {
		expect((await search('thema=verkehr')).total).toBeGreaterThan(0);
		const byKamen = await cooperationRows(h.db, (await search('durch=kamen')).seqs);
		expect(byKamen.length).toBeGreaterThan(0);
		expect(byKamen.every((r) => r.performer.id === 'kamen')).toBe(true);
		const org53 = await cooperationRows(h.db, (await search('org=53')).seqs);
		expect(org53.map((r) => r.number)).toEqual(expect.arrayContaining([3, 5, 6]));
		expect((await search('status=ended')).total).toBeGreaterThanOrEqual(2);
		expect((await search('liste=kreis')).total).toBe(48);
		expect((await search('durch=_gemeinsam')).total).toBeGreaterThan(5);
	});

	it('"active in year" is honest about fuzzy dates', async () => {
		const y2005 = await search('jahr=2005');
		const rows = await cooperationRows(h.db, y2005.seqs);
		const ids = rows.map((r) => r.id);
		expect(ids).toContain('kommunen-16'); // library cooperation 1992–2006: active in 2005
		expect(ids).not.toContain('kommunen-46'); // Zentrale Vergabestelle from 2015
		expect(ids).toContain('kommunen-49'); // start "?" counts as possible
		expect(y2005.uncertainInYear).toBeGreaterThan(0);
		const y2007 = (await cooperationRows(h.db, (await search('jahr=2007')).seqs)).map((r) => r.id);
		expect(y2007).not.toContain('kommunen-16'); // terminated 2006
	});

	it('sorts by start, unknown dates last, and pages', async () => {
		const sorted = await cooperationRows(h.db, (await search('sort=beginn')).seqs);
		expect(sorted[0]?.start).toBe('1961');
		const p1 = await runSearch(h.db, parseSearchQuery(new URLSearchParams('pro_seite=10')));
		const p2 = await runSearch(h.db, parseSearchQuery(new URLSearchParams('pro_seite=10&seite=2')));
		expect(p1.seqs).toHaveLength(10);
		expect(p1.pageCount).toBe(11);
		expect(p2.seqs.some((s) => p1.seqs.includes(s))).toBe(false);
		const last = await runSearch(h.db, parseSearchQuery(new URLSearchParams('pro_seite=10&seite=999')));
		expect(last.page).toBe(11);
		expect(last.seqs).toHaveLength(3);
	});
});
