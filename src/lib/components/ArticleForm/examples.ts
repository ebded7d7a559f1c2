import ArticleForm from './ArticleForm.svelte';
import { examplesOf } from '../examples.ts';

const blank = {
	title: '', summary: '', kind: 'guide', legal_forms: [] as string[], body: '', file_number: '', ruling_date: '', court: '', link: '', keywords: '',
	url: '', publisher: '', cooperations: '', comment: ''
};
const legalForms = [
	{ id: 'zv', label: 'Zweckverband' },
	{ id: 'zwv', label: 'Zweckvereinbarung' },
	{ id: 'vg', label: 'Verwaltungsgemeinschaft' }
];

/** ArticleForm empty for a new article, and a ruling being edited with errors (summary, field errors, comment). */
export const examples = examplesOf('ArticleForm', ArticleForm, [
	{ name: 'new, empty', props: { values: blank, errors: [], legalForms, submitLabel: 'Artikel anlegen' } },
	{
		name: 'ruling with errors, editing',
		props: {
			values: {
				...blank, title: 'Bayerischer VGH zur Zweckvereinbarung', kind: 'ruling', legal_forms: ['zwv'], body: '## Leitsatz\n\nDie Vereinbarung bedarf der Genehmigung.',
				file_number: '4 B 19.1234', ruling_date: '31.02.2021', court: 'Bayerischer Verwaltungsgerichtshof', link: 'http:/falsch'
			},
			errors: [
				{ field: 'ruling_date', message: 'Das Datum der Entscheidung gibt es nicht.' },
				{ field: 'link', message: 'Bitte geben Sie eine Adresse mit https:// an.' },
				{ field: 'kind', message: 'Bitte wählen Sie eine Art.' },
				{ field: 'legal_forms', message: 'Diese Rechtsform ist unbekannt.' }
			],
			legalForms, version: 4, submitLabel: 'Änderungen speichern', withComment: true
		}
	}
]);
