import CooperationForm from './CooperationForm.svelte';
import { examplesOf } from '../examples.ts';
import type { FormValues } from '#lib/domain/cooperation-form.ts';
import type { FormOptions } from '#lib/server/registry/cooperation-edit.ts';

const options: FormOptions = {
	legalForms: [{ id: 'zv', label: 'Zweckverband' }, { id: 'zwv', label: 'Zweckvereinbarung' }],
	topics: [{ id: 'wasser', label: 'Wasser und Abwasser' }, { id: 'it', label: 'Informationstechnik' }],
	lists: [{ id: 'kreis', label: 'Liste des Kreises' }, { id: 'kommunen', label: 'Liste der Kommunen' }],
	statuses: [{ id: 'active', label: 'aktiv' }, { id: 'planned', label: 'geplant' }],
	roles: [{ id: 'performer', label: 'erledigt die Aufgabe' }],
	eventKinds: [{ id: 'founded', label: 'Gründung' }, { id: 'joined', label: 'Beitritt' }],
	bodies: [{ id: 'meissen', name: 'Große Kreisstadt Meißen' }, { id: 'coswig', name: 'Große Kreisstadt Coswig' }]
};
const empty: FormValues = {
	title: '', list: 'kommunen', number: '', org_unit: '', legal_form: 'zv', status: 'active', topics: [], main_topic: '', performer_kind: '', performer_body: '',
	performer_note: '', start: '', end: '', description: '', notes: '', source: '',
	participants: [{ body: '', role: '', joined: '', left: '', note: '' }], partner_groups: [{ label: '', count: '', note: '' }], events: [{ kind: '', date: '', text: '' }]
};

/** CooperationForm empty (one row per group), and filled in with fuzzy dates and errors at fields and rows. */
export const examples = examplesOf('CooperationForm', CooperationForm, [
	{ name: 'new, empty', props: { values: empty, errors: [], options, submitLabel: 'Kooperation anlegen' } },
	{
		name: 'filled in, with errors',
		props: {
			values: {
				...empty, title: 'Gemeinsames Rechenzentrum Meißen/Coswig', topics: ['it'], main_topic: 'wasser', start: 'Schuljahr 2016/17', end: 'geplant 2030',
				performer_kind: 'body', performer_body: 'Große Kreisstadt Meißen',
				participants: [{ body: 'Coswig', role: '', joined: 'Okt. 2008', left: '', note: '' }, { body: 'Stadt Radebeul', role: 'performer', joined: '?', left: '31.13.2020', note: '' }],
				events: [{ kind: 'founded', date: '2016', text: 'Zweckvereinbarung <Rechenzentrum> unterzeichnet' }]
			},
			errors: [
				{ field: 'main_topic', message: 'Das Hauptthemenfeld muss unter den gewählten Themenfeldern sein.' },
				{ field: 'participants.1.left', message: 'Dieses Datum ist nicht lesbar.' },
				{ field: 'topics', message: 'Bitte wählen Sie mindestens ein Themenfeld.' }
			],
			options, version: 7, survey: 'erhebung-2026', proposalNote: 'Ihr Vorschlag wird vor der Veröffentlichung geprüft.'
		}
	}
]);
