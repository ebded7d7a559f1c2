import { describe, expect, it } from 'vitest';
import { findHeaderRow, headerKey, mappingProblems, suggestMapping } from './import-columns';

describe('suggestMapping', () => {
	it("reads the towns' table of the deck, slide artefacts included", () => {
		expect(suggestMapping(['Nr.', 'Aufgabenbereich', 'Partner', 'Aufgaben- erledigung durch', 'Rechts- form', 'seit'])).toEqual(
			['number', 'title', 'partners', 'performer', 'legal_form', 'start']
		);
	});

	it("reads the Kreis list's task column as task with partners when there is no partner column", () => {
		expect(suggestMapping(['Nr.', 'Org.', 'Aufgabenbereich', 'Beginn'])).toEqual(['number', 'org_unit', 'title_with_partners', 'start']);
	});

	it('reads English headers and the app’s own export header', () => {
		expect(suggestMapping(['Title', 'Partners', 'Performed by', 'Legal form', 'Since', 'Until', 'Notes'])).toEqual(
			['title', 'partners', 'performer', 'legal_form', 'start', 'end', 'notes']
		);
		expect(suggestMapping(['Liste', 'Nr.', 'Aufgabenbereich', 'Partner', 'Aufgabenerledigung durch', 'Rechtsform', 'Rechtsform (Quelle)', 'seit', 'bis', 'seit (Text)', 'bis (Text)', 'Status', 'Themenfeld', 'Org.', 'ID'])).toEqual(
			['list', 'number', 'title', 'partners', 'performer', 'legal_form', 'legal_form_source', 'start', 'end', 'start_text', 'end_text', 'status', 'topics', 'org_unit', 'id']
		);
	});

	it('maps each target once and ignores unknown headers', () => {
		expect(suggestMapping(['Partner', 'Beteiligte', 'Farbe'])).toEqual(['partners', 'ignore', 'ignore']);
	});
});

describe('header helpers', () => {
	it('folds headers', () => {
		expect(headerKey(' Aufgaben- erledigung  durch: ')).toBe('aufgabenerledigung durch');
	});

	it('finds the header row under title rows', () => {
		const rows = [['Kooperationen der Städte und Gemeinden (soweit bekannt)'], [], ['Nr.', 'Aufgabenbereich', 'Partner'], ['1', 'VHS', 'Kamen']];
		expect(findHeaderRow(rows)).toBe(2);
		expect(findHeaderRow([['a', 'b'], ['c', 'd']])).toBe(0);
	});

	it('reports a mapping without title or with a target twice', () => {
		expect(mappingProblems(['partners', 'partners'])).toHaveLength(2);
		expect(mappingProblems(['title', 'partners'])).toEqual([]);
	});
});
