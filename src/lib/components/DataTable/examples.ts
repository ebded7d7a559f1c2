import { createRawSnippet } from 'svelte';
import DataTable from './DataTable.svelte';
import { examplesOf } from '../examples.ts';

interface Row {
	id: string;
	name: string;
	land: string;
	count: number;
}

const rows: Row[] = [
	{ id: 'sn-goerlitz', name: 'Landkreis Görlitz', land: 'Sachsen', count: 41 },
	{ id: 'by-ostallgaeu', name: 'Landkreis Ostallgäu', land: 'Bayern', count: 7 },
	{ id: 'nw-unna', name: 'Kreis Unna <Ruhr> & „Umland“', land: 'Nordrhein-Westfalen', count: 1203 }
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The cells of a row as a page writes them in its `row` snippet. Written as a raw snippet because
 * a snippet cannot be declared in TypeScript; rendered on the server only (several root elements).
 */
const cells = (labels: boolean) =>
	createRawSnippet((row: () => Row) => ({
		render: () => {
			const r = row();
			const label = (l: string) => (labels ? ` data-label="${esc(l)}"` : '');
			return `<th scope="row" class="kern-table__cell"><a class="kern-link" href="/koerperschaften/${esc(r.id)}">${esc(r.name)}</a></th>`
				+ `<td class="kern-table__cell"${label('Land')}>${esc(r.land)}</td>`
				+ `<td class="kern-table__cell kern-table__cell--numeric"${label('Kooperationen')}>${r.count}</td>`
				+ `<td class="kern-table__cell"><button class="kern-btn kern-btn--secondary" type="submit" name="entfernen" value="${esc(r.id)}"><span class="kern-label">Entfernen<span class="kern-sr-only">: ${esc(r.name)}</span></span></button></td>`;
		}
	}));

const columns = ['Körperschaft', 'Land', { label: 'Kooperationen', numeric: true }, { label: 'Aktion', hidden: true }];

/** DataTable plain, striped with a column left out, as responsive cards, as a focusable scrolling region, with an id and an abbreviated header, and empty. */
export const examples = examplesOf('DataTable', DataTable<Row>, [
	{ name: 'plain', props: { caption: 'Körperschaften mit Zahl der Kooperationen', columns, rows, key: (r) => r.id, row: cells(false) } },
	{
		name: 'striped, row attributes',
		props: { caption: 'Körperschaften (gestreift)', columns, rows, key: (r) => r.id, row: cells(false), variant: 'striped', rowAttributes: (r) => ({ 'data-land': r.land }) }
	},
	{ name: 'cards on narrow screens', props: { caption: 'Körperschaften als Karten', columns, rows, key: (r) => r.id, row: cells(true), variant: 'cards' } },
	{ name: 'scrollable region (wide table on a phone)', props: { caption: 'Körperschaften, seitlich verschiebbar', columns, rows, key: (r) => r.id, row: cells(false), scrollable: true } },
	{
		name: 'id, abbreviated numeric header',
		props: { id: 'koerperschaften-tabelle', caption: 'Körperschaften mit Kooperationen (abgekürzt)', columns: ['Körperschaft', 'Land', { label: 'Koop.', full: 'Kooperationen', numeric: true }, { label: 'Aktion', hidden: true }], rows, key: (r) => r.id, row: cells(false) }
	},
	{ name: 'no rows', props: { caption: 'Keine Körperschaften', captionClass: 'kern-title', columns, rows: [], key: (r) => r.id, row: cells(false) } }
]);
