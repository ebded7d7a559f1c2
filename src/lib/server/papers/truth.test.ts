import { describe, expect, it } from 'vitest';
import type { CooperationRow } from '../registry/rows';
import { legalFormCell, partnerCell, performerCell, startCell, titleCell, richer, joinedLater } from './truth';
import { balancedPages, fittedWidths } from './slides';

/** A row as the register holds it; test data from Bavaria and Saxony, not the Kreis Unna. */
function row(over: Partial<CooperationRow> = {}): CooperationRow {
	return {
		id: 'x', list: 'kommunen', listLabel: 'Gemeinden', number: 7, title: 'Gemeinsamer Bauhof', partners: [], partnerGroups: [],
		performer: { id: null, name: 'nicht angegeben' }, legalForm: { id: 'zv', label: 'Zweckverband', short: 'ZV', source: null },
		start: '2004', end: null, status: 'active', statusLabel: 'aktiv', topics: [], orgUnit: null, sourceText: null, ...over
	};
}
const p = (id: string, name: string, extra: Partial<CooperationRow['partners'][number]> = {}) => ({ id, name, role: 'member', joined: null, left: null, ...extra });
const none = { partnerNotes: new Map<string, string>(), groupNotes: [] };

describe('the truth of a row', () => {
	it('lists partners who left after the current ones, with their date', () => {
		const r = row({ partners: [p('a', 'Vilshofen an der Donau'), p('b', 'Ortenburg', { left: '31.12.2019' }), p('c', 'Aldersbach')] });
		expect(partnerCell(r, none)).toBe('Vilshofen an der Donau, Aldersbach; nicht mehr beteiligt: Ortenburg (bis 31.12.2019)');
		const allGone = row({ partners: [p('b', 'Ortenburg', { left: '2019' })] });
		expect(partnerCell(allGone, none)).toBe('nicht mehr beteiligt: Ortenburg (bis 2019)');
	});

	it('marks contract-only partners with their note, else their role, and late joiners', () => {
		const r = row({ start: '2010', partners: [p('a', 'Pirna', { role: 'contract' }), p('b', 'Heidenau', { role: 'contract' }), p('c', 'Dohna', { joined: '2015' }), p('d', 'Müglitztal', { joined: '2010' })] });
		const notes = { partnerNotes: new Map([['a', 'kein Verbandsmitglied; Leistung per Vertrag']]), groupNotes: [] };
		expect(partnerCell(r, notes)).toBe('Pirna (kein Verbandsmitglied, Leistung per Vertrag), Heidenau (auf Vertragsebene (kein Mitglied)), Dohna (ab 2015), Müglitztal');
		// A start text that names the partner's date already says it.
		expect(joinedLater(p('c', 'Dohna', { joined: '2015' }), row({ start: '2010 (Pirna) 2015 (Dohna)' }))).toBe(false);
	});

	it('keeps a group\'s "davon" note with the named partners inside the group', () => {
		const r = row({ partners: [p('a', 'Passau'), p('b', 'Tittling')], partnerGroups: [{ label: '24 Gemeinden im Bistum', count: 24 }] });
		expect(partnerCell(r, { partnerNotes: new Map(), groupNotes: ['davon 2 im Landkreis Passau; beide namentlich genannt'] })).toBe('24 Gemeinden im Bistum, davon 2 im Landkreis Passau (Passau, Tittling)');
		expect(partnerCell(r, { partnerNotes: new Map(), groupNotes: [null] })).toBe('Passau, Tittling, 24 Gemeinden im Bistum');
	});

	it('uses the source wording only where it says more', () => {
		expect(legalFormCell(row({ legalForm: { id: 'vertrag', label: 'Vertrag', short: 'Vertrag', source: 'Mietvertrag je zur Hälfte' } }))).toBe('Mietvertrag je zur Hälfte');
		expect(legalFormCell(row({ legalForm: { id: 'zv', label: 'Zweckverband', short: 'ZV', source: 'Zweckverband' } }))).toBe('ZV');
		expect(legalFormCell(row({ legalForm: { id: 'oerv', label: 'öffentlich-rechtliche Vereinbarung', short: 'örV', source: 'ÖRV' } }))).toBe('örV');
		expect(richer('GmbH', '  ')).toBe('GmbH');
		expect(performerCell(row(), { performerKind: 'unknown', performerSource: 'Verbandsvorsitzender' })).toBe('Verbandsvorsitzender');
		expect(performerCell(row(), { performerKind: 'unknown', performerSource: '?' })).toBe('nicht angegeben');
		expect(performerCell(row({ performer: { id: 'pirna', name: 'Pirna' } }), { performerKind: 'body', performerSource: 'Große Kreisstadt Pirna' })).toBe('Pirna');
		expect(titleCell(row({ title: 'Schwimmbad' }), 'Schwimmbad (aufgelöst zum 30.06.2021)')).toBe('Schwimmbad (aufgelöst zum 30.06.2021)');
		expect(titleCell(row({ title: 'Schwimmbad' }), 'Hallenbad')).toBe('Schwimmbad');
	});

	it('shows ended rows as ended and marks rows only possibly active', () => {
		expect(startCell(row({ status: 'ended', start: '1999', end: '2021' }), false)).toBe('1999–2021, beendet');
		expect(startCell(row({ status: 'ended', start: '2013 bis 2015', end: '2015' }), false)).toBe('2013 bis 2015, beendet');
		expect(startCell(row({ status: 'ended', start: null, end: null }), false)).toBe('beendet');
		expect(startCell(row({ status: 'ended', start: null, end: '2020' }), false)).toBe('bis 2020, beendet');
		expect(startCell(row({ start: 'ca. 2016' }), true)).toBe('ca. 2016 (im Zeitraum möglicherweise aktiv)');
		expect(startCell(row({ start: '2004' }), false)).toBe('2004');
	});
});

describe('slide tables', () => {
	const cols = [{ label: 'Nr.', weight: 5 }, { label: 'Aufgabe', weight: 60 }, { label: 'durch', weight: 10 }];
	it('widen a column to its longest word, taking room from the others', () => {
		const rows = [['1', 'Gemeinsame Aufgabe', 'Hochschulbibliothekszentrum']];
		const w = fittedWidths(cols, rows, 880, 12);
		expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(880, 6);
		expect(w[2]!).toBeGreaterThanOrEqual('Hochschulbibliothekszentrum'.length * 12 * 0.6);
		expect(w[0]!).toBeGreaterThanOrEqual(3 * 12 * 0.6);
	});

	it('hold at most 10 rows a slide and never leave a single row alone when rows can be shared', () => {
		for (const n of [11, 21, 31, 55, 9, 1]) {
			const cells = Array.from({ length: n }, (_, i) => [String(i + 1), `Aufgabe ${i + 1}`, 'Stadt']);
			const pages = balancedPages(cells, [40, 700, 140], ['Nr.', 'Aufgabe', 'durch']);
			expect(pages.flatMap((pg) => pg.rows.map((r) => r.index))).toEqual(cells.map((_, i) => i));
			for (const pg of pages) expect(pg.rows.length).toBeLessThanOrEqual(10);
			if (n > 1) for (const pg of pages) expect(pg.rows.length, `${n} rows`).toBeGreaterThanOrEqual(2);
			expect(pages.length).toBe(Math.ceil(n / 10));
		}
	});
});
