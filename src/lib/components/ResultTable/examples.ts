import ResultTable from './ResultTable.svelte';
import { examplesOf } from '../examples.ts';
import type { CooperationRow } from '#lib/server/registry/rows.ts';

const row = (over: Partial<CooperationRow> & Pick<CooperationRow, 'id' | 'title'>): CooperationRow => ({
	list: 'kommunen', listLabel: 'Liste der Kommunen', number: null, partners: [], partnerGroups: [], performer: { id: null, name: 'nicht angegeben' },
	legalForm: { id: 'zv', label: 'Zweckverband', short: 'ZV', source: null }, start: null, end: null, status: 'active', statusLabel: 'aktiv',
	topics: [], orgUnit: null, sourceText: null, ...over
});

const rows: CooperationRow[] = [
	row({
		id: 'kommunen-3', number: 3, title: 'Gemeinsamer Bauhof', start: '2011',
		partners: [
			{ id: 'bad-toelz', name: 'Stadt Bad Tölz', role: 'member', joined: null, left: null },
			{ id: 'lenggries', name: 'Gemeinde Lenggries', role: 'member', joined: null, left: '2020' },
			{ id: 'greiling', name: 'Gemeinde Greiling', role: 'performer', joined: null, left: null }
		],
		performer: { id: 'greiling', name: 'Gemeinde Greiling' },
		legalForm: { id: 'zwv', label: 'Zweckvereinbarung', short: 'ZwV', source: null }
	}),
	row({
		id: 'kreis-14', list: 'kreis', number: 14, status: 'planned', statusLabel: 'geplant', start: 'geplant 2027',
		title: 'Interkommunale Leitstelle für Brand- und Katastrophenschutz sowie Rettungsdienst der Landkreise Bautzen und Görlitz mit gemeinsamer Ausbildung',
		partnerGroups: [{ label: 'Gemeinden im Landkreis Görlitz', count: 53 }], performer: { id: null, name: 'die Beteiligten gemeinsam' }
	}),
	row({ id: 'kommunen-21', number: null, title: 'Verwaltungsgemeinschaft <Oberland>', legalForm: { id: 'vg', label: 'Verwaltungsgemeinschaft', short: 'VG', source: null } })
];

/** ResultTable with partners (one left), a planned cooperation with a long title and a partner group, markup in a title; without list names; empty. */
export const examples = examplesOf('ResultTable', ResultTable, [
	{ name: 'three rows', props: { caption: 'Kooperationen im Landkreis Bad Tölz-Wolfratshausen', rows } },
	{ name: 'without list names', props: { caption: 'Kooperationen der Liste der Kommunen', rows: rows.slice(0, 1), showList: false } },
	{ name: 'no rows', props: { caption: 'Keine Treffer', rows: [] } }
]);
