import CountTable from './CountTable.svelte';
import { examplesOf } from '../examples.ts';

/** CountTable of cooperations per partner (Saxon towns), with a long label, and empty. */
export const examples = examplesOf('CountTable', CountTable, [
	{
		name: 'partners with counts',
		props: {
			caption: 'Häufigste Partner', labelHeader: 'Körperschaft', countHeader: 'Kooperationen',
			rows: [
				{ key: 'freiberg', label: 'Stadt Freiberg', href: '/koerperschaften/freiberg', count: 17 },
				{ key: 'brand-erbisdorf', label: 'Stadt Brand-Erbisdorf', href: '/koerperschaften/brand-erbisdorf', count: 9 },
				{ key: 'grossschirma', label: 'Stadt Großschirma', href: '/koerperschaften/grossschirma', count: 1 }
			]
		}
	},
	{
		name: 'long label',
		props: {
			caption: 'Themenfelder', labelHeader: 'Themenfeld', countHeader: 'Anzahl',
			rows: [{ key: 'abwasser', label: 'Abwasserbeseitigung, Trinkwasserversorgung und Gewässerunterhaltung einschließlich Hochwasserschutz', href: '/suche?thema=abwasser', count: 3 }]
		}
	},
	{ name: 'no rows', props: { caption: 'Keine Partner', labelHeader: 'Körperschaft', countHeader: 'Kooperationen', rows: [] } }
]);
