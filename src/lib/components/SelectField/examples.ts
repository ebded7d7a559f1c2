import SelectField from './SelectField.svelte';
import { examplesOf } from '../examples.ts';
import { valueOptions } from './select-option.ts';

/** SelectField as filters and forms use it: with and without an empty option, hint, error, groups. */
export const examples = examplesOf('SelectField', SelectField, [
	{
		name: 'filter with an "all" option',
		props: { id: 'rechtsform', label: 'Rechtsform', emptyLabel: 'alle Rechtsformen', selected: null,
			options: [{ id: 'zv', label: 'Zweckverband' }, { id: 'orv', label: 'Öffentlich-rechtliche Vereinbarung' }, { id: 'akv', label: 'Arbeitsgemeinschaft' }] }
	},
	{
		name: 'required, with hint and error',
		props: { id: 'traeger', label: 'Träger', required: true, emptyLabel: 'Bitte wählen', selected: '',
			hint: 'Die Körperschaft, die die Aufgabe für die anderen erledigt.', error: 'Bitte wählen Sie den Träger.',
			options: [{ id: 'lk-goerlitz', label: 'Landkreis Görlitz' }, { id: 'zittau', label: 'Große Kreisstadt Zittau' }] }
	},
	{
		name: 'optional, numbers as values, one selected',
		props: { id: 'pro_seite', label: 'Einträge pro Seite', optional: true, selected: '25', options: valueOptions([10, 25, 50, 100]) }
	},
	{
		name: 'options in groups, non-empty "all" value',
		props: { id: 'koerperschaft', label: 'Körperschaft', emptyLabel: 'alle', emptyValue: 'alle', selected: 'alle',
			hint: 'In Klammern: Zahl der Kooperationen.',
			groups: [
				{ label: 'Kreis, Städte und Gemeinden', options: [{ id: 'k1', label: 'Kreis Steinburg (12)' }, { id: 'g1', label: 'Itzehoe (7)' }] },
				{ label: 'Weitere Beteiligte', options: [{ id: 'x1', label: 'Zweckverband „Wasser & Abwasser“ <Süd> (3)' }] }
			] }
	}
]);
