import Steckbrief from './Steckbrief.svelte';
import { examplesOf } from '../examples.ts';

/** Steckbrief of a cooperation with facts, a text and a list, and of a body with no sections. */
export const examples = examplesOf('Steckbrief', Steckbrief, [
	{
		name: 'cooperation with sections',
		props: {
			back: '/kooperationen/kommunen-8',
			sheet: {
				kind: 'kooperation', id: 'kommunen-8', title: 'Abwasserzweckverband „Untere Mulde“', subtitle: 'Kommunen Nr. 8', stand: '07.12.2026', path: '/kooperationen/kommunen-8',
				facts: [
					{ label: 'Rechtsform', value: 'Zweckverband nach SächsKomZG (§§ 44 ff. SächsKomZG)' },
					{ label: 'Beteiligte', value: 'Stadt Grimma, Stadt Trebsen/Mulde, Gemeinde Thallwitz' },
					{ label: 'seit', value: '1993' }
				],
				sections: [
					{ heading: 'Beschreibung', text: 'Gemeinsame Abwasserbeseitigung mit zwei Kläranlagen; Gebühren nach einheitlicher Satzung <2019>.' },
					{ heading: 'Verlauf', items: ['1993 Gründung', '2004 Beitritt der Gemeinde Thallwitz', '2019 Neufassung der Satzung'] }
				]
			}
		}
	},
	{
		name: 'body without sections, long title',
		props: {
			back: '/koerperschaften/vg-hohenpeissenberg',
			sheet: {
				kind: 'koerperschaft', id: 'vg-hohenpeissenberg', title: 'Verwaltungsgemeinschaft Hohenpeißenberg mit den Mitgliedsgemeinden Hohenpeißenberg und Peißenberg (Landkreis Weilheim-Schongau)',
				subtitle: 'Körperschaft', stand: '01.01.2026', path: '/koerperschaften/vg-hohenpeissenberg', facts: [{ label: 'Art', value: 'Verwaltungsgemeinschaft' }], sections: []
			}
		}
	}
]);
