import RangeBars from './RangeBars.svelte';
import { examplesOf } from '../examples.ts';

/** RangeBars with certain and possible savings, extra costs (negative), a reference line and a long label; and with no rows. */
export const examples = examplesOf('RangeBars', RangeBars, [
	{
		name: 'savings with a range and extra costs',
		props: {
			id: 'einsparung', title: 'Einsparung je Kooperation', desc: 'Jährliche Einsparung in Euro, sicher und möglich.',
			reference: { value: 120000, label: 'Ziel 2026' },
			rows: [
				{ key: 'bauhof', label: 'Gemeinsamer Bauhof Markt Murnau und Gemeinde Seehausen am Staffelsee', min: 42000, max: 95000 },
				{ key: 'it', label: 'IT-Verbund Oberland', min: 150000, max: 150000 },
				{ key: 'standesamt', label: 'Standesamt', min: -8000, max: 2500 }
			]
		}
	},
	{ name: 'no rows', props: { id: 'leer', title: 'Keine Angaben zur Einsparung', desc: 'Für die Auswahl liegen keine Beträge vor.', rows: [] } }
]);
