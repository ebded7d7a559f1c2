/** The header row and the table attributes DataTable writes (its examples also feed the axe test). */
import { describe, expect, it } from 'vitest';
import { examples } from './examples.ts';

const html = (name: string) => {
	const e = examples.find((x) => x.name === `DataTable: ${name}`);
	if (!e) throw new Error(`no example ${name}`);
	return e.html().replace(/<!--.*?-->/g, ''); // without Svelte's hydration marks
};
const headers = (h: string) => [...h.matchAll(/<th scope="col" class="([^"]*)">(.*?)<\/th>/g)].map((m) => ({ cls: m[1], text: m[2] }));

describe('DataTable', () => {
	it('writes a header cell with scope="col" per column, numbers right-aligned, a hidden label for screen readers only', () => {
		const h = headers(html('plain'));
		expect(h.map((x) => x.text)).toEqual(['Körperschaft', 'Land', 'Kooperationen', '<span class="kern-sr-only">Aktion</span>']);
		expect(h.map((x) => x.cls)).toEqual(['kern-table__header', 'kern-table__header', 'kern-table__header kern-table__header--numeric', 'kern-table__header']);
	});

	it('gives the table its id and writes an abbreviated header as <abbr title>', () => {
		const out = html('id, abbreviated numeric header');
		expect(out).toMatch(/<table class="kern-table" id="koerperschaften-tabelle">/);
		expect(headers(out)[2]).toEqual({ cls: 'kern-table__header kern-table__header--numeric', text: '<abbr title="Kooperationen">Koop.</abbr>' });
	});

	it('has no id when none is given; a scrollable box is a focusable region named by the caption', () => {
		expect(html('plain')).not.toMatch(/<table[^>]* id=/);
		expect(html('plain')).not.toContain('role="region"');
		expect(html('scrollable region (wide table on a phone)')).toMatch(/<div class="kern-table-responsive" role="region" aria-label="Körperschaften, seitlich verschiebbar" tabindex="0">/);
	});

	it('writes the header row and one row per item, none for no items', () => {
		expect(html('plain').match(/<tr class="kern-table__row"/g)).toHaveLength(4);
		expect(html('no rows').match(/<tr class="kern-table__row"/g)).toHaveLength(1);
	});
});
