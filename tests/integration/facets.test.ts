/**
 * Facets are a list of small definitions (issue 20, part 4): a facet added here, in the test only,
 * is parsed from the URL, counted, filtered, labelled and ordered by the search, the page's data
 * (also behind its JSON and CSV) and API v1 — without any other change. The expected figures come
 * from the database directly, not from the facet index.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { readSettings } from '../../src/lib/server/settings';
import { addFacet, facetList, type FacetDefinition } from '../../src/lib/domain/facets';
import { isFiltered, parseSearchQuery, toSearchParams } from '../../src/lib/domain/search-query';
import { runSearch } from '../../src/lib/server/search/run-search';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { listCooperations } from '../../src/lib/server/api/service';

const settings = readSettings({ FACET_MAX_OPTIONS: '100' });
let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

const removers: (() => void)[] = [];
afterEach(() => {
	while (removers.length) removers.pop()!();
});

const GROUP_LABEL: Record<string, string> = { 'public-law': 'öffentlich-rechtlich', 'private-law': 'privatrechtlich', informal: 'informell' };

/** By the group of the legal form (a lookup, one value per row). */
const byGroup: FacetDefinition = {
	key: 'legalFormGroup', param: 'rechtsformgruppe', title: 'Art der Rechtsform', apiDescription: 'Group of the legal form',
	value: (r, l) => l.legalForms.get(r.legalForm)?.group ?? null,
	label: (v) => GROUP_LABEL[v] ?? `(${v})`
};

/** A made-up one: the first letters of the partners' names (several values per row), A–Z. */
const byInitial: FacetDefinition = {
	key: 'initial', param: 'anfang', title: 'Beteiligte von A bis Z', apiDescription: 'First letter of a partner',
	values: (r, l) => [...new Set(r.partners.map((p) => (l.bodies.get(p)?.name ?? p).slice(0, 1).toLocaleUpperCase('de')))],
	label: (v) => `Beteiligte mit „${v}“`,
	order: (a, b) => a.value.localeCompare(b.value, 'de')
};

/** What the database says: cooperations (not archived) with their legal form's group and their partners' initials. */
async function fromDatabase() {
	const coops = await h.db.selectFrom('cooperation').innerJoin('legal_form', 'legal_form.id', 'cooperation.legal_form_id')
		.select(['cooperation.seq', 'cooperation.id', 'cooperation.status', 'legal_form.grp']).where('cooperation.archived_at', 'is', null).execute();
	const names = await h.db.selectFrom('participation').innerJoin('body', 'body.id', 'participation.body_id')
		.select(['participation.cooperation_seq', 'body.name']).execute();
	const initials = new Map<number, Set<string>>();
	for (const n of names) {
		let s = initials.get(n.cooperation_seq);
		if (!s) initials.set(n.cooperation_seq, (s = new Set()));
		s.add(n.name.slice(0, 1).toLocaleUpperCase('de'));
	}
	return coops.map((c) => ({ ...c, initials: initials.get(c.seq) ?? new Set<string>() }));
}

const countBy = <T>(rows: T[], keys: (r: T) => Iterable<string>) => {
	const out: Record<string, number> = {};
	for (const r of rows) for (const k of keys(r)) out[k] = (out[k] ?? 0) + 1;
	return out;
};

describe('a facet added as one definition', () => {
	it('is parsed from the URL and written back', () => {
		removers.push(addFacet(byGroup));
		const q = parseSearchQuery(new URLSearchParams('rechtsformgruppe=private-law&rechtsformgruppe=informal&rechtsformgruppe=%3Cx%3E&thema=verkehr'));
		expect((q.filters as Record<string, string[]>).legalFormGroup).toEqual(['private-law', 'informal']);
		expect(isFiltered(parseSearchQuery(new URLSearchParams('rechtsformgruppe=informal')))).toBe(true);
		expect(toSearchParams(q).toString()).toBe('thema=verkehr&rechtsformgruppe=private-law&rechtsformgruppe=informal');
		expect(facetList().map((f) => f.key).at(-1)).toBe('legalFormGroup');
	});

	it('counts and filters like a walk over the database, and the other facets count with it', async () => {
		removers.push(addFacet(byGroup));
		const all = await fromDatabase();
		const groups = Object.keys(countBy(all, (r) => [r.grp]));
		expect(groups.length).toBeGreaterThan(2);

		const unfiltered = await runSearch(h.db, parseSearchQuery(new URLSearchParams('')));
		const counts = Object.fromEntries((unfiltered.facets.legalFormGroup ?? []).map((f) => [f.value, f.count]));
		expect(counts).toEqual(countBy(all, (r) => [r.grp]));

		// OR within the facet, AND with another facet; the facet's own counts ignore its own choice.
		const filtered = await runSearch(h.db, parseSearchQuery(new URLSearchParams('rechtsformgruppe=private-law&rechtsformgruppe=informal&status=active&pro_seite=100')), { allRows: true });
		const expected = all.filter((r) => (r.grp === 'private-law' || r.grp === 'informal') && r.status === 'active');
		expect(expected.length).toBeGreaterThan(0);
		expect(filtered.total).toBe(expected.length);
		expect(new Set(filtered.seqs)).toEqual(new Set(expected.map((r) => r.seq)));
		const own = Object.fromEntries((filtered.facets.legalFormGroup ?? []).map((f) => [f.value, f.count]));
		expect(own).toEqual(countBy(all.filter((r) => r.status === 'active'), (r) => [r.grp]));
		const status = Object.fromEntries(filtered.facets.status.map((f) => [f.value, f.count]));
		expect(status).toEqual(countBy(all.filter((r) => r.grp === 'private-law' || r.grp === 'informal'), (r) => [r.status]));
	});

	it('is labelled, in its order, on the page and in API v1', async () => {
		removers.push(addFacet(byGroup), addFacet(byInitial));
		const all = await fromDatabase();
		const page = await searchPage(h.db, new URLSearchParams('anfang=K&rechtsformgruppe=public-law'), settings);
		const expected = all.filter((r) => r.initials.has('K') && r.grp === 'public-law');
		expect(expected.length).toBeGreaterThan(0);
		expect(page.result.total).toBe(expected.length);
		expect(page.rows.length).toBe(Math.min(expected.length, page.query.perPage));
		for (const row of page.rows) expect(expected.some((e) => e.id === row.id)).toBe(true);

		const group = page.facets.find((f) => f.key === 'legalFormGroup')!;
		expect(group).toMatchObject({ param: 'rechtsformgruppe', title: 'Art der Rechtsform' });
		expect(group.options.find((o) => o.value === 'public-law')).toMatchObject({ label: 'öffentlich-rechtlich', selected: true });
		const initial = page.facets.find((f) => f.key === 'initial')!;
		expect(initial.param).toBe('anfang');
		const values = initial.options.map((o) => o.value);
		expect(values.length).toBeGreaterThan(5);
		expect(values).toEqual([...values].sort((a, b) => a.localeCompare(b, 'de')));
		expect(Object.fromEntries(initial.options.map((o) => [o.value, o.count])))
			.toEqual(countBy(all.filter((r) => r.grp === 'public-law'), (r) => r.initials));
		expect(initial.options.find((o) => o.value === 'K')).toMatchObject({ label: 'Beteiligte mit „K“', selected: true });
		// The built-in facets keep their place before the added ones.
		expect(page.facets.map((f) => f.key).slice(-2)).toEqual(['legalFormGroup', 'initial']);

		const api = await listCooperations(h.db, settings, new URLSearchParams('anfang=K&rechtsformgruppe=public-law&limit=200'));
		if (!api.ok) throw new Error(api.detail);
		expect(api.data.total).toBe(expected.length);
		expect(api.data.items.map((i) => i.id).sort()).toEqual(expected.map((r) => r.id).sort());
		expect(api.data.facets.find((f) => f.key === 'initial')).toEqual({ key: 'initial', param: 'anfang', options: initial.options });
	});

	it('leaves no trace once removed', async () => {
		const remove = addFacet(byGroup);
		expect((await runSearch(h.db, parseSearchQuery(new URLSearchParams('rechtsformgruppe=informal')))).facets.legalFormGroup).toBeDefined();
		remove();
		const q = parseSearchQuery(new URLSearchParams('rechtsformgruppe=informal'));
		expect(isFiltered(q)).toBe(false);
		const r = await runSearch(h.db, q);
		expect(r.facets.legalFormGroup).toBeUndefined();
		expect(r.total).toBe((await fromDatabase()).length);
		expect(() => addFacet({ ...byGroup, key: 'status2', param: 'status' })).toThrow(/exists/);
	});
});
