import ErrorSummary from './ErrorSummary.svelte';
import { examplesOf } from '../examples.ts';

/** ErrorSummary with several problems, with its own title and a long message, and with none (renders nothing). */
export const examples = examplesOf('ErrorSummary', ErrorSummary, [
	{
		name: 'two problems',
		props: { errors: [{ field: 'title', message: 'Bitte geben Sie einen Titel ein.' }, { field: 'participants.0.body', message: 'Die Körperschaft „Markt Garmisch-Partenkirchen“ ist nicht bekannt.' }] }
	},
	{
		name: 'own title, long message with markup characters',
		props: {
			title: 'Der Beitrag wurde nicht gespeichert',
			errors: [{ field: 'body', message: 'Der Text ist länger als erlaubt: Bitte kürzen Sie den Abschnitt <Gebührenordnung des Abwasserzweckverbands Obere Zschopau> auf höchstens 100 000 Zeichen.' }]
		}
	},
	{ name: 'no problems', props: { errors: [] } }
]);
