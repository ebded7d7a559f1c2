import TextField from './TextField.svelte';
import { examplesOf } from '../examples.ts';

/** TextField, the Field with a text control: plain, required with hint and error, multiline, password, date (further describing ids: field.test.ts). */
export const examples = examplesOf('TextField', TextField, [
	{ name: 'plain with a value', props: { id: 'titel', label: 'Titel', value: 'Gemeinsames Standesamt Amt Süderbrarup & Kappeln' } },
	{
		name: 'required, with hint and error',
		props: { id: 'jahr', label: 'Jahr', value: '20l9', required: true, width: 4, maxlength: 4, hint: 'Vierstellig, zum Beispiel 2019.', error: 'Bitte geben Sie das Jahr mit vier Ziffern an.' }
	},
	{ name: 'optional, multiline', props: { id: 'anmerkung', label: 'Anmerkung', multiline: true, rows: 3, optional: true, value: 'Mit dem Rechnungsprüfungsamt <Kreis Plön> abgestimmt.' } },
	{ name: 'password (never echoed), with error', props: { id: 'passwort', label: 'Passwort', type: 'password', value: 'geheim', autocomplete: 'current-password', error: 'Das Passwort ist zu kurz.' } },
	{ name: 'date with hint', props: { id: 'von', label: 'von (Tag)', type: 'date', value: '2024-02-29', maxlength: 10, hint: 'Erster Tag des Zeitraums' } }
]);
