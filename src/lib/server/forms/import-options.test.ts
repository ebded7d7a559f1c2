import { describe, expect, it } from 'vitest';
import { importOptionsForm } from './import-options';
import { post } from './test-post';

describe('import preview form', () => {
	it('reads a real preview post: mapping, names, rows, list, topic, new bodies', () => {
		const o = importOptionsForm(post([
			['blatt', '1'], ['blatt_vorher', '1'], ['kopfzeile', '3'], ['kopfzeile_vorher', '3'], ['spalten', '3'],
			['spalte.0', 'number'], ['spalte.1', 'title'], ['spalte.2', 'partners'],
			['name_key.0', 'vg herrnhut'], ['name.0', 'herrnhut'],
			['name_key.1', 'zweckverband abfallwirtschaft oberlausitz'], ['name.1', '__neu'],
			['name_key.2', 'landratsamt'], ['name.2', '__text'],
			['zeile.7', 'skip'], ['zeile.12', 'create'],
			['liste', 'kommunen'], ['thema', 'umwelt-ver-entsorgung'], ['art', 'zweckverband'], ['alle_neu', 'ja']
		]));
		expect(o).toEqual({
			sheet: 1, headerRow: 2, mapping: ['number', 'title', 'partners'], list: 'kommunen', topic: 'umwelt-ver-entsorgung',
			names: { 'vg herrnhut': 'herrnhut', 'zweckverband abfallwirtschaft oberlausitz': '__neu', landratsamt: '__text' },
			rows: { 7: 'skip', 12: 'create' }, search: {}, createRemaining: true, newKind: 'zweckverband'
		});
	});

	it('reads as many columns as the form says it showed, none for a count that is no number', () => {
		const cols = [['spalte.0', 'title'], ['spalte.1', 'partners'], ['spalte.2', 'topic']] as [string, string][];
		expect(importOptionsForm(post([['spalten', '2'], ...cols])).mapping).toEqual(['title', 'partners']);
		for (const bad of ['-2', 'zwei', '', '1e9']) expect(importOptionsForm(post([['spalten', bad], ...cols])).mapping).toBeNull();
	});

	it('starts the mapping and header row again when the sheet changed, the mapping when the header row did', () => {
		const sheet = importOptionsForm(post([['blatt', '2'], ['blatt_vorher', '0'], ['kopfzeile', '4'], ['kopfzeile_vorher', '4'], ['spalte.0', 'title']]), 1);
		expect([sheet.sheet, sheet.headerRow, sheet.mapping]).toEqual([2, null, null]);
		const header = importOptionsForm(post([['blatt', '0'], ['blatt_vorher', '0'], ['kopfzeile', '5'], ['kopfzeile_vorher', '4'], ['spalte.0', 'title']]), 1);
		expect([header.headerRow, header.mapping]).toEqual([4, null]);
	});

	it('a new search text replaces the choice of that name; the same search keeps it', () => {
		const o = importOptionsForm(post([
			['name_key.0', 'gem. bernstadt'], ['name.0', 'bernstadt'], ['name_suche.0', 'Bernstadt a. d. Eigen'], ['name_suche_vorher.0', ''],
			['name_key.1', 'schönau-b.'], ['name.1', 'schoenau-berzdorf'], ['name_suche.1', ' Schönau '], ['name_suche_vorher.1', 'Schönau']
		]), 0);
		expect(o.names).toEqual({ 'schönau-b.': 'schoenau-berzdorf' });
		expect(o.search).toEqual({ 'gem. bernstadt': 'Bernstadt a. d. Eigen', 'schönau-b.': 'Schönau' });
	});

	it('reads hostile values as not chosen: unknown targets, ids, kinds, row actions, files, "ja" with more', () => {
		const file = new File(['x'], 'x.csv');
		const o = importOptionsForm(post([
			['blatt', '-1'], ['blatt_vorher', '-1'], ['kopfzeile', '0'], ['kopfzeile_vorher', '0'],
			['spalte.0', 'drop table'], ['spalte.1', file], ['spalte.600', 'title'],
			['name_key.0', 'a'], ['name.0', '../../etc'], ['name_key.1', 'b'], ['name.1', '__neu:'], ['name_key.2', file], ['name.2', 'kamen'],
			['name_key.4', 'skipped after a gap'], ['name.4', 'unna'],
			['zeile.7', 'delete'], ['zeile.x', 'skip'], ['zeile.12345678', 'skip'], ['zeile.3', file],
			['art', 'gmbh & co'], ['alle_neu', 'jaja'], ['liste', file]
		]), 2);
		expect(o).toEqual({
			sheet: 0, headerRow: null, mapping: ['ignore', 'ignore'], list: null, topic: null,
			names: { '': 'kamen' }, rows: {}, search: {}, createRemaining: false, newKind: null
		});
	});
});
