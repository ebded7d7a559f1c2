import YearBars from './YearBars.svelte';
import { examplesOf } from '../examples.ts';

const years = Array.from({ length: 12 }, (_, i) => 2014 + i);

/** YearBars with two series (one hatched), with many years and a long legend, and with no years. */
export const examples = examplesOf('YearBars', YearBars, [
	{
		name: 'certain and possible',
		props: {
			id: 'jahre', title: 'Kooperationen je Jahr', desc: 'Aktive Kooperationen im Landkreis Mittelsachsen, 2014 bis 2025.', years,
			series: [
				{ key: 'sicher', label: 'sicher aktiv', color: '#1a5fb4', values: years.map((y) => (y - 2010) * 2) },
				{ key: 'moeglich', label: 'möglicherweise aktiv', color: '#1a5fb4', hatched: true, values: years.map((y) => y % 3) }
			]
		}
	},
	{
		name: 'many years, long legend',
		props: {
			id: 'lang', title: 'Gründungen je Jahr', desc: 'Gründungen 1970 bis 2025.', yLabel: 'Gründungen',
			years: Array.from({ length: 56 }, (_, i) => 1970 + i),
			series: (
				[['Zweckverband', '#0b2e59'], ['Zweckvereinbarung', '#1a5fb4'], ['Verwaltungsgemeinschaft', '#b34700'], ['Arbeitsgemeinschaft', '#26734d'], ['gemeinsames Kommunalunternehmen', '#6b3fa0']] as const
			).map(([label, color], k) => ({ key: `s${k}`, label, color, values: Array.from({ length: 56 }, (_, i) => (i * (k + 1)) % 4) }))
		}
	},
	{ name: 'no years', props: { id: 'nichts', title: 'Keine Daten', desc: 'Für die Auswahl gibt es keine Jahre.', years: [], series: [] } }
]);
