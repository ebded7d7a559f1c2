import { describe, expect, it } from 'vitest';
import { parseSearchQuery, toSearchParams, toggleFilter, isFiltered, unconfirmedCutoff, isUnconfirmedSince } from './search-query';

const parse = (s: string) => parseSearchQuery(new URLSearchParams(s));

describe('parseSearchQuery', () => {
	it('reads every parameter', () => {
		const q = parse('q=+Rettung++dienst&partner=kamen&partner=unna&verknuepfung=eine&thema=verkehr&jahr=2010&sort=beginn&seite=3&pro_seite=50');
		expect(q.q).toBe('Rettung dienst');
		expect(q.filters.partner).toEqual(['kamen', 'unna']);
		expect(q.filters.topic).toEqual(['verkehr']);
		expect(q.partnerMode).toBe('any');
		expect(q.year).toBe(2010);
		expect(q.sort).toBe('beginn');
		expect(q.page).toBe(3);
		expect(q.perPage).toBe(50);
	});

	it('drops invalid values instead of failing', () => {
		const q = parse('jahr=abc&seite=-1&pro_seite=100000&sort=drop&partner=<script>&partner=kamen&partner=kamen');
		expect(q.year).toBeNull();
		expect(q.page).toBe(1);
		expect(q.perPage).toBe(25);
		expect(q.sort).toBe('nr');
		expect(q.filters.partner).toEqual(['kamen']);
	});

	it('cuts over-long input to the limits', () => {
		const q = parseSearchQuery(new URLSearchParams({ q: 'x'.repeat(500) }), {
			pageSizeDefault: 25, pageSizeMax: 100, queryMaxLength: 50, filterMaxValues: 2
		});
		expect(q.q).toHaveLength(50);
	});
});

describe('toSearchParams', () => {
	it('round-trips and leaves defaults out', () => {
		const s = 'q=m%C3%BCll&partner=kamen&rechtsform=oerv&jahr=2012&sort=-beginn&seite=2';
		expect(toSearchParams(parse(s)).toString()).toBe(s);
		expect(toSearchParams(parse('')).toString()).toBe('');
	});

	it('toggles a filter value and resets the page', () => {
		const q = parse('partner=kamen&seite=4');
		expect(toggleFilter(q, 'partner', 'unna').filters.partner).toEqual(['kamen', 'unna']);
		expect(toggleFilter(q, 'partner', 'kamen').filters.partner).toEqual([]);
		expect(toggleFilter(q, 'partner', 'unna').page).toBe(1);
	});

	it('sorts by relevance when there is a search text, by list order otherwise', () => {
		expect(parse('q=rettung').sort).toBe('relevanz');
		expect(parse('').sort).toBe('nr');
		expect(toSearchParams(parse('q=rettung')).toString()).toBe('q=rettung');
		expect(toSearchParams(parse('q=rettung&sort=nr')).toString()).toBe('q=rettung&sort=nr');
	});

	it('knows when a query filters', () => {
		expect(isFiltered(parse(''))).toBe(false);
		expect(isFiltered(parse('sort=titel'))).toBe(false);
		expect(isFiltered(parse('jahr=2000'))).toBe(true);
	});
});

describe('unbestaetigt (not confirmed for more than N months)', () => {
	it('reads a month count between 1 and 240 and drops anything else', () => {
		expect(parse('unbestaetigt=12').unconfirmedMonths).toBe(12);
		expect(parse('unbestaetigt=%2024%20').unconfirmedMonths).toBe(24);
		expect(parse('unbestaetigt=240').unconfirmedMonths).toBe(240);
		expect(parse('').unconfirmedMonths).toBeNull();
		for (const bad of ['0', '241', '-6', '6.5', 'zwölf', '', '1e2']) expect(parse(`unbestaetigt=${bad}`).unconfirmedMonths).toBeNull();
	});

	it('round-trips, is left out when not set and counts as a filter', () => {
		const s = 'partner=kamen&jahr=2012&unbestaetigt=36&sort=titel';
		expect(toSearchParams(parse(s)).toString()).toBe(s);
		expect(toSearchParams(parse('unbestaetigt=0')).toString()).toBe('');
		expect(isFiltered(parse('unbestaetigt=6'))).toBe(true);
		expect(isFiltered(parse('unbestaetigt=0'))).toBe(false);
		expect(toggleFilter(parse('unbestaetigt=6&seite=2'), 'partner', 'kamen').unconfirmedMonths).toBe(6);
	});

	it('counts back calendar months and keeps never-confirmed rows', () => {
		const now = new Date('2026-03-15T10:00:00.000Z');
		expect(unconfirmedCutoff(12, now)).toBe('2025-03-15T10:00:00.000Z');
		expect(unconfirmedCutoff(6, now)).toBe('2025-09-15T10:00:00.000Z');
		// The 31st has no match in a shorter month: the month's last day.
		expect(unconfirmedCutoff(1, new Date('2026-03-31T00:00:00.000Z'))).toBe('2026-02-28T00:00:00.000Z');
		const cutoff = unconfirmedCutoff(12, now);
		expect(isUnconfirmedSince(null, cutoff)).toBe(true);
		expect(isUnconfirmedSince('2024-01-01T00:00:00.000Z', cutoff)).toBe(true);
		expect(isUnconfirmedSince('2026-01-01T00:00:00.000Z', cutoff)).toBe(false);
		expect(isUnconfirmedSince(cutoff, cutoff)).toBe(false);
	});
});
