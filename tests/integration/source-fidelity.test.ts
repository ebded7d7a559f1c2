/**
 * Every source value of the data files is the deck's cell, verbatim. Reads the deck text from
 * ../shared/seed (beside the repository in CI and on developer machines); the app itself never
 * reads it. Rows are the deck's tab-separated lines: 4 cells in the Kreis list (Nr., Org.,
 * Aufgabenbereich, Beginn), 6 in the towns' list.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDataSet } from '../../src/lib/server/data/read-data';

const DECK = '../shared/seed/000_ad825ee6a0a35707.txt';
const present = fs.existsSync(DECK);
if (!present) console.warn(`\n*** ${DECK} fehlt: Abgleich mit der Quelle wird ÜBERSPRUNGEN ***\n`);

/**
 * The deck's table rows by id, and the slide each row stands on. A slide's number ("Folie N")
 * follows its rows; where a slide has no number line (the next table header comes first), its
 * rows are on the slide before the next numbered one.
 */
function deckRows(): { rows: Map<string, string[]>; slides: Map<string, number> } {
	const rows = new Map<string, string[]>();
	const slides = new Map<string, number>();
	let current: string[] = [];
	let unnumbered: string[][] = [];
	for (const line of fs.readFileSync(DECK, 'utf8').split('\n')) {
		const folie = /Folie (\d+)/.exec(line);
		if (folie) {
			const n = Number(folie[1]);
			for (const id of current) slides.set(id, n);
			unnumbered.reverse().forEach((group, i) => group.forEach((id) => slides.set(id, n - 1 - i)));
			current = [];
			unnumbered = [];
			continue;
		}
		const cells = line.split('\t').map((c) => c.trim());
		if (cells[0] === 'Nr.' && current.length) {
			unnumbered.push(current);
			current = [];
		}
		if (!/^\d+$/.test(cells[0] ?? '')) continue;
		const id = cells.length === 4 ? `kreis-${cells[0]}` : cells.length === 6 ? `kommunen-${cells[0]}` : null;
		if (id) {
			rows.set(id, cells);
			current.push(id);
		}
	}
	return { rows, slides };
}

describe.skipIf(!present)('source fidelity against the deck', () => {
	const { rows, slides } = present ? deckRows() : { rows: new Map<string, string[]>(), slides: new Map<string, number>() };
	const coops = readDataSet('data').regions.flatMap((r) => r.cooperations);

	it('finds all 103 rows in the deck', () => {
		expect(rows.size).toBe(103);
		expect(coops.map((c) => c.id).sort()).toEqual([...rows.keys()].sort());
	});

	it('keeps every cell verbatim', () => {
		const mismatches: string[] = [];
		const same = (id: string, field: string, data: string | null | undefined, cell: string | undefined) => {
			if ((data ?? '') !== (cell ?? '')) mismatches.push(`${id}.${field}: ${JSON.stringify(data)} ≠ ${JSON.stringify(cell)}`);
		};
		for (const c of coops) {
			const cells = rows.get(c.id)!;
			if (c.list === 'kreis') {
				same(c.id, 'org_unit', c.org_unit, cells[1]);
				same(c.id, 'title_source', c.title_source, cells[2]);
				same(c.id, 'start_source', c.start_source, cells[3]);
			} else {
				same(c.id, 'title_source', c.title_source, cells[1]);
				same(c.id, 'partners_source', c.partners_source, cells[2]);
				same(c.id, 'performer_source', c.performer_source, cells[3]);
				same(c.id, 'legal_form_source', c.legal_form_source, cells[4]);
				same(c.id, 'start_source', c.start_source, cells[5]);
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('names the slide each row stands on', () => {
		const wrong = coops.filter((c) => c.slide !== slides.get(c.id)).map((c) => `${c.id}: ${c.slide} ≠ ${slides.get(c.id)}`);
		expect(wrong).toEqual([]);
		expect(slides.get('kreis-1')).toBe(37);
		expect(slides.get('kommunen-55')).toBe(53);
	});
});
