import { describe, expect, it } from 'vitest';
import { diffCooperations, type DiffNames } from './record-diff';
import type { CooperationDraft } from './cooperation-form';

const NAMES: Record<string, string> = {
	kamen: 'Stadt Kamen', unna: 'Kreis Unna', boenen: 'Gemeinde Bönen',
	schule: 'Schule', verkehr: 'Verkehr',
	oerv: 'öffentlich-rechtliche Vereinbarung', zv: 'Zweckverband',
	kreis: 'Kreis Unna (Kreisliste)'
};
const lookup = (id: string): string => NAMES[id] ?? `?${id}`;
const names: DiffNames = { body: lookup, topic: lookup, legalForm: lookup, list: lookup };

const BASE: CooperationDraft = {
	list: 'kreis',
	number: 12,
	org_unit: null,
	title: 'Schülerbeförderung',
	performer: { kind: 'body', body: 'kamen', note: 'über den Bauhof' },
	legal_form: 'oerv',
	start: 'Schuljahr 2016/17',
	end: null,
	status: 'active',
	topics: ['schule', 'verkehr'],
	description: 'Beschreibung',
	notes: null,
	participants: [
		{ body: 'kamen', role: 'lead', joined: '01.01.2010', left: null, note: null },
		{ body: 'unna', role: 'member', joined: null, left: null, note: null }
	],
	partner_groups: [{ label: 'alle Gemeinden', count: 9, note: null }],
	events: [{ kind: 'founding', date: '2008', text: 'Vertrag' }]
};

const change = (patch: Partial<CooperationDraft>) => diffCooperations(BASE, { ...BASE, ...patch }, names);

describe('diffCooperations', () => {
	it('gives no lines for equal records, also when unset fields are missing instead of null', () => {
		expect(diffCooperations(BASE, structuredClone(BASE), names)).toEqual([]);
		const sparse: CooperationDraft = { ...BASE, org_unit: undefined, end: undefined, notes: undefined };
		expect(diffCooperations(BASE, sparse, names)).toEqual([]);
		expect(diffCooperations(null, null, names)).toEqual([]);
	});

	it('shows a title change as one line', () => {
		expect(change({ title: 'Schulbusverkehr' })).toEqual([
			{ field: 'title', label: 'Titel', before: 'Schülerbeförderung', after: 'Schulbusverkehr' }
		]);
	});

	it('uses German labels and display names for coded values', () => {
		expect(change({ status: 'ended', legal_form: 'zv' })).toEqual([
			{ field: 'legal_form', label: 'Rechtsform', before: 'öffentlich-rechtliche Vereinbarung', after: 'Zweckverband' },
			{ field: 'status', label: 'Status', before: 'aktiv', after: 'beendet' }
		]);
		expect(change({ performer: { kind: 'jointly', body: null } })).toEqual([
			{ field: 'performer', label: 'Aufgabenerledigung durch', before: 'Stadt Kamen (über den Bauhof)', after: 'Beteiligte gemeinsam' }
		]);
		expect(change({ number: null, org_unit: '53' })).toEqual([
			{ field: 'number', label: 'Nr.', before: '12', after: null },
			{ field: 'org_unit', label: 'Organisationseinheit', before: null, after: '53' }
		]);
	});

	it('shows topics as a joined list of labels', () => {
		expect(change({ topics: ['schule'] })).toEqual([
			{ field: 'topics', label: 'Themenfelder', before: 'Schule, Verkehr', after: 'Schule' }
		]);
	});

	it('shows a new main topic on its own line and ignores a new order of the other topics (issue 18)', () => {
		expect(change({ topics: ['verkehr', 'schule'] })).toEqual([
			{ field: 'main_topic', label: 'Hauptthemenfeld', before: 'Schule', after: 'Verkehr' }
		]);
		const three = { ...BASE, topics: ['schule', 'verkehr', 'bildung'] };
		expect(diffCooperations(three, { ...three, topics: ['schule', 'bildung', 'verkehr'] }, names)).toEqual([]);
	});

	it('matches participants by body: added, removed, role changed', () => {
		const lines = change({
			participants: [
				{ body: 'kamen', role: 'member', joined: '01.01.2010', left: null, note: null },
				{ body: 'boenen', role: 'client', joined: '2012', left: null, note: null }
			]
		});
		expect(lines).toEqual([
			{ field: 'participants.kamen', label: 'Partner Stadt Kamen: Rolle', before: 'Aufgabenträger / federführend', after: 'Mitglied / Partner' },
			{ field: 'participants.unna', label: 'Partner entfernt', before: 'Kreis Unna: Mitglied / Partner', after: null },
			{ field: 'participants.boenen', label: 'Partner hinzugefügt', before: null, after: 'Gemeinde Bönen: Auftraggeber (Aufgabe wird für sie erledigt), Beitritt 2012' }
		]);
	});

	it('lists several changed aspects of one participant in one line', () => {
		const [line, ...rest] = change({
			participants: [{ body: 'kamen', role: 'lead', joined: '01.01.2010', left: '2015', note: 'ausgetreten' }, BASE.participants[1]!]
		});
		expect(rest).toEqual([]);
		expect(line).toEqual({ field: 'participants.kamen', label: 'Partner Stadt Kamen: Austritt, Anmerkung', before: '—; —', after: '2015; ausgetreten' });
	});

	it('ignores a new order of the same participants', () => {
		expect(change({ participants: [...BASE.participants].reverse() })).toEqual([]);
	});

	it('matches partner groups by label and events by kind and date', () => {
		expect(change({ partner_groups: [{ label: 'alle Gemeinden', count: 10, note: null }] })).toEqual([
			{ field: 'partner_groups.alle Gemeinden', label: 'Partnergruppe „alle Gemeinden“: Anzahl', before: '9', after: '10' }
		]);
		expect(change({ events: [{ kind: 'founding', date: '2008', text: 'Vertrag vom 3. März' }] })).toEqual([
			{ field: 'events.founding|2008', label: 'Ereignis Gründung 2008: Text', before: 'Vertrag', after: 'Vertrag vom 3. März' }
		]);
		// A new date is another event.
		expect(change({ events: [{ kind: 'founding', date: '2009', text: 'Vertrag' }] }).map((l) => [l.label, l.before, l.after])).toEqual([
			['Ereignis entfernt', 'Gründung 2008: Vertrag', null],
			['Ereignis hinzugefügt', null, 'Gründung 2009: Vertrag']
		]);
	});

	it('lists a created record as additions of every set field, in a stable order', () => {
		const lines = diffCooperations(null, BASE, names);
		expect(lines.every((l) => l.before === null && l.after !== null)).toBe(true);
		expect(lines.map((l) => l.label)).toEqual([
			'Titel', 'Liste', 'Nr.', 'Rechtsform', 'Status', 'Hauptthemenfeld', 'Themenfelder', 'Aufgabenerledigung durch', 'Beginn',
			'Beschreibung', 'Partner hinzugefügt', 'Partner hinzugefügt', 'Partnergruppe hinzugefügt', 'Ereignis hinzugefügt'
		]);
		expect(lines[1]?.after).toBe('Kreis Unna (Kreisliste)');
		expect(lines[10]?.after).toBe('Stadt Kamen: Aufgabenträger / federführend, Beitritt 01.01.2010');
		expect(lines[12]?.after).toBe('alle Gemeinden: Anzahl 9');
	});

	it('lists a deleted record as removals', () => {
		const lines = diffCooperations(BASE, null, names);
		expect(lines.every((l) => l.after === null && l.before !== null)).toBe(true);
		expect(lines[0]).toEqual({ field: 'title', label: 'Titel', before: 'Schülerbeförderung', after: null });
		expect(lines.filter((l) => l.label === 'Partner entfernt')).toHaveLength(2);
	});

	it('treats an unknown performer without a note as not set', () => {
		const rec: CooperationDraft = { ...BASE, performer: { kind: 'unknown', body: null } };
		expect(diffCooperations(null, rec, names).some((l) => l.field === 'performer')).toBe(false);
		expect(diffCooperations(rec, { ...rec, performer: { kind: 'each', body: null } }, names)).toEqual([
			{ field: 'performer', label: 'Aufgabenerledigung durch', before: null, after: 'jede Kommune selbst' }
		]);
	});
});
