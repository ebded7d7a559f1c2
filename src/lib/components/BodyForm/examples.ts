import { createRawSnippet } from 'svelte';
import BodyForm from './BodyForm.svelte';
import { examplesOf } from '../examples.ts';

const empty = { name: '', official_name: '', kind: '', ags: '', parent: '', lat: '', lon: '', note: '', aliases: '' };
const choices = {
	kinds: [{ id: 'kreis', label: 'Kreis' }, { id: 'gemeinde', label: 'Gemeinde' }, { id: 'einrichtung', label: 'Einrichtung' }],
	parents: [{ id: 'lk-vorpommern-greifswald', name: 'Landkreis Vorpommern-Greifswald' }, { id: 'anklam', name: 'Hansestadt Anklam' }]
};

/** The body form empty (create), filled with errors at several fields, and with a hidden version (edit). */
export const examples = examplesOf('BodyForm', BodyForm, [
	{ name: 'create, empty', props: { values: empty, errors: [], choices, submitLabel: 'Körperschaft anlegen', cancelHref: '/koerperschaften' } },
	{
		name: 'edit with errors at text fields and both selects',
		props: {
			values: { ...empty, name: 'Amt Am Stettiner Haff', kind: '', ags: '13-075', parent: 'anklam', lat: '53,7', lon: 'Ost' },
			errors: [
				{ field: 'kind', message: 'Bitte wählen Sie die Art.' },
				{ field: 'parent', message: 'Eine Körperschaft kann nicht sich selbst untergeordnet sein.' },
				{ field: 'ags', message: 'Der AGS besteht nur aus Ziffern.' },
				{ field: 'lon', message: 'Bitte geben Sie die Länge in Grad an, z. B. 13,9.' }
			],
			choices, submitLabel: 'Änderungen speichern', cancelHref: '/koerperschaften/amt-am-stettiner-haff',
			hidden: createRawSnippet(() => ({ render: () => '<input type="hidden" name="version" value="3" />' }))
		}
	}
]);
