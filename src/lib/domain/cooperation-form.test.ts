import { describe, expect, it } from 'vitest';
import {
	dateHint,
	emptyValues,
	keepPostedRows,
	MAX_ROWS,
	parseCooperationForm,
	rowField,
	STATUSES,
	valuesFromRecord,
	withExtraRows,
	type BodyMatch,
	type CooperationDraft,
	type FormContext,
	type FormSource,
	type FormValues
} from './cooperation-form';
import * as server from '../server/data/data-schema';
import { cooperationRecord } from './cooperation';
import { foldGerman } from './text-fold';

// A small body register; the resolver mimics the server: exact names and aliases, otherwise
// suggestions whose folded name starts with the folded input.
const BODIES: Record<string, string> = {
	kamen: 'Stadt Kamen',
	unna: 'Kreis Unna',
	froendenberg: 'Fröndenberg/Ruhr',
	boenen: 'Gemeinde Bönen'
};
const ALIASES: Record<string, string> = { 'frönd.': 'froendenberg', kamen: 'kamen' };

function resolveBody(typed: string): BodyMatch {
	const key = typed.toLowerCase();
	const byName = Object.entries(BODIES).find(([, name]) => name.toLowerCase() === key);
	if (byName) return { id: byName[0] };
	const alias = ALIASES[key];
	if (alias) return { id: alias };
	const folded = foldGerman(typed);
	const suggestions = Object.entries(BODIES)
		.filter(([, name]) => folded !== '' && foldGerman(name).startsWith(folded))
		.map(([id, name]) => ({ id, name }));
	return { suggestions };
}

const ctx: FormContext = {
	resolveBody,
	bodyName: (id) => BODIES[id] ?? id,
	legalForms: ['oerv', 'zweckverband'],
	topics: ['schule', 'verkehr'],
	lists: ['kreis', 'kommunen']
};

const RECORD: CooperationDraft = {
	list: 'kreis',
	number: 12,
	org_unit: '53',
	title: 'Schülerbeförderung',
	performer: { kind: 'body', body: 'kamen', note: 'über den Bauhof' },
	legal_form: 'oerv',
	start: 'Schuljahr 2016/17',
	end: 'geplant 2027',
	status: 'active',
	topics: ['schule', 'verkehr'],
	description: 'Erste Zeile\nZweite Zeile',
	notes: 'intern',
	source: 'Kreistagsbeschluss vom 14.03.2016 (Drucksache 20/2016)',
	participants: [
		{ body: 'kamen', role: 'lead', joined: '01.01.2010', left: null, note: null },
		{ body: 'unna', role: 'member', joined: 'Okt. 2008', left: '2015', note: 'nur Planung' },
		{ body: 'boenen', role: 'client', joined: '?', left: null, note: null }
	],
	partner_groups: [{ label: 'alle Gemeinden des Kreises', count: 9, note: null }],
	events: [{ kind: 'founding', date: '2008', text: 'Vertrag unterzeichnet' }]
};

/** Render values as the form does (the naming convention, written out independently). */
function toForm(v: FormValues): FormData {
	const f = new FormData();
	const scalars = [
		'title', 'list', 'number', 'org_unit', 'legal_form', 'status', 'performer_kind', 'performer_body',
		'performer_note', 'start', 'end', 'description', 'notes', 'source'
	] as const;
	for (const k of scalars) f.append(k, v[k]);
	// Checkboxes come in the order of the list the form shows, not in the record's order.
	for (const t of [...ctx.topics, ...v.topics.filter((x) => !ctx.topics.includes(x))]) if (v.topics.includes(t)) f.append('topics', t);
	f.append('main_topic', v.main_topic);
	v.participants.forEach((p, i) => {
		for (const [k, x] of Object.entries(p)) f.append(`participants.${i}.${k}`, x);
	});
	v.partner_groups.forEach((g, i) => {
		for (const [k, x] of Object.entries(g)) f.append(`partner_groups.${i}.${k}`, x);
	});
	v.events.forEach((e, i) => {
		for (const [k, x] of Object.entries(e)) f.append(`events.${i}.${k}`, x);
	});
	return f;
}

/** A valid minimal post, with overrides. */
function post(fields: Record<string, string | string[]> = {}): FormData {
	const base: Record<string, string | string[]> = {
		title: 'Rettungsdienst', list: 'kreis', legal_form: 'oerv', status: 'active', topics: ['verkehr'],
		performer_kind: 'jointly'
	};
	const f = new FormData();
	for (const [k, v] of Object.entries({ ...base, ...fields })) for (const x of [v].flat()) f.append(k, x);
	return f;
}

const parse = (form: FormSource) => parseCooperationForm(form, ctx);
const errorAt = (form: FormSource, field: string): string[] =>
	parse(form).errors.filter((e) => e.field === field).map((e) => e.message);

describe('one cooperation model', () => {
	it('the data files are lists of the domain record schema', () => {
		expect(server.cooperationFile.element).toBe(cooperationRecord);
		expect(server.STATUSES).toBe(STATUSES);
	});

	it('the form accepts every coded value of the record schema, and only those', () => {
		const shape = cooperationRecord.shape;
		for (const status of shape.status.options) expect(parse(post({ status })).errors).toEqual([]);
		for (const kind of shape.performer.shape.kind.options) {
			const extra: Record<string, string> = kind === 'body' ? { performer_body: 'Kamen' } : {};
			expect(parse(post({ performer_kind: kind, ...extra })).draft?.performer.kind).toBe(kind);
		}
		for (const role of shape.participants.unwrap().element.shape.role.options) {
			expect(parse(post({ 'participants.0.body': 'Kamen', 'participants.0.role': role })).draft?.participants[0]?.role).toBe(role);
		}
		for (const kind of shape.events.unwrap().element.shape.kind.options) {
			expect(parse(post({ 'events.0.kind': kind })).draft?.events[0]?.kind).toBe(kind);
		}
		// Known to the German labels, unknown to the model: still refused, with a German message.
		expect(errorAt(post({ status: 'Aktiv' }), 'status')).toEqual(['„Aktiv“ ist kein bekannter Status. Bitte einen Status aus der Auswahl wählen.']);
		expect(errorAt(post({ 'events.0.kind': 'gründung' }), 'events.0.kind')).toEqual([
			'Ereignisse, Zeile 1: „gründung“ ist keine bekannte Art von Ereignis. Bitte aus der Auswahl wählen.'
		]);
		expect(errorAt(post({ performer_kind: '' }), 'performer_kind')).toEqual(['Bitte angeben, wer die Aufgabe erledigt.']);
	});
});

describe('round trip', () => {
	it('valuesFromRecord → FormData → parseCooperationForm gives the same draft', () => {
		const values = valuesFromRecord(RECORD, ctx);
		expect(values.performer_body).toBe('Stadt Kamen');
		expect(values.participants[1]).toEqual({ body: 'Kreis Unna', role: 'member', joined: 'Okt. 2008', left: '2015', note: 'nur Planung' });
		expect(values.number).toBe('12');
		const r = parse(toForm(values));
		expect(r.errors).toEqual([]);
		expect(r.draft).toEqual(RECORD);
		expect(r.values).toEqual(values);
	});

	it('the draft is a valid record for the server schema', () => {
		const r = parse(toForm(valuesFromRecord(RECORD, ctx)));
		const rec = { id: 'x', ...r.draft };
		expect(server.cooperationFile.safeParse([rec]).success).toBe(true);
	});

	it('sets empty optional fields to null and leaves out an empty performer note', () => {
		const r = parse(post());
		expect(r.errors).toEqual([]);
		expect(r.draft).toEqual({
			list: 'kreis', number: null, org_unit: null, title: 'Rettungsdienst', performer: { kind: 'jointly', body: null },
			legal_form: 'oerv', start: null, end: null, status: 'active', topics: ['verkehr'], description: null, notes: null, source: null,
			participants: [], partner_groups: [], events: []
		});
	});

	it('accepts URLSearchParams and sources without keys()', () => {
		const usp = new URLSearchParams();
		for (const [k, v] of toForm(valuesFromRecord(RECORD, ctx)).entries()) usp.append(k, String(v));
		expect(parse(usp).draft).toEqual(RECORD);
		const noKeys: FormSource = { get: (n) => usp.get(n), getAll: (n) => usp.getAll(n) };
		expect(parse(noKeys).draft).toEqual(RECORD);
	});
});

describe('repeating rows', () => {
	it('ignores empty rows and gaps, keeps numeric index order and renumbers', () => {
		const f = post({
			'participants.0.body': '', 'participants.0.role': '',
			'participants.10.body': 'Kreis Unna', 'participants.10.role': 'member',
			'participants.2.body': 'Stadt Kamen', 'participants.2.role': 'lead',
			'participants.7.body': '  ', 'participants.7.note': '\t',
			'events.4.kind': 'founding', 'events.4.date': '2001'
		});
		const r = parse(f);
		expect(r.errors).toEqual([]);
		expect(r.draft?.participants.map((p) => p.body)).toEqual(['kamen', 'unna']);
		expect(r.values.participants.map((p) => p.body)).toEqual(['Stadt Kamen', 'Kreis Unna']);
		expect(r.draft?.events).toEqual([{ kind: 'founding', date: '2001', text: null }]);
	});

	it('reports errors at the renumbered row, the id of the re-rendered input', () => {
		const f = post({
			'participants.3.body': 'Stadt Kamen', 'participants.3.role': 'lead',
			'participants.9.body': 'Nirgendwo', 'participants.9.role': 'member'
		});
		const r = parse(f);
		expect(r.errors.map((e) => e.field)).toEqual(['participants.1.body']);
		expect(r.errors[0]?.message).toContain('Zeile 2');
		expect(r.values.participants[1]?.body).toBe('Nirgendwo');
	});

	it('ignores row fields it does not know and non-canonical indices', () => {
		const r = parse(post({ 'participants.01.body': 'Stadt Kamen', 'participants.1.colour': 'rot', 'other.1.body': 'x' }));
		expect(r.errors).toEqual([]);
		expect(r.values.participants).toEqual([]);
	});

	it('allows at most MAX_ROWS rows per group', () => {
		const fields: Record<string, string> = {};
		for (let i = 0; i <= MAX_ROWS; i++) fields[`partner_groups.${i}.label`] = `Gruppe ${i}`;
		const r = parse(post(fields));
		expect(r.errors.map((e) => e.field)).toEqual(['partner_groups']);
		expect(r.errors[0]?.message).toContain(`Höchstens ${MAX_ROWS} Partnergruppen`);
		expect(r.draft).toBeNull();
		delete fields[`partner_groups.${MAX_ROWS}.label`];
		expect(parse(post(fields)).errors).toEqual([]);
	});

	it('rowField builds the naming convention', () => {
		expect(rowField('participants', 2, 'body')).toBe('participants.2.body');
	});
});

describe('withExtraRows', () => {
	it('appends empty rows without changing the input', () => {
		const v = valuesFromRecord(RECORD, ctx);
		const more = withExtraRows(v, 'participants', 3);
		expect(more.participants).toHaveLength(6);
		expect(more.participants.slice(3)).toEqual(Array(3).fill({ body: '', role: '', joined: '', left: '', note: '' }));
		expect(v.participants).toHaveLength(3);
		expect(withExtraRows(v, 'events', 1).events.at(-1)).toEqual({ kind: '', date: '', text: '' });
		expect(withExtraRows(v, 'partner_groups', 2).partner_groups.at(-1)).toEqual({ label: '', count: '', note: '' });
	});

	it('posted back, the empty rows are ignored', () => {
		const v = withExtraRows(withExtraRows(valuesFromRecord(RECORD, ctx), 'participants', 2), 'events', 2);
		expect(parse(toForm(v)).draft).toEqual(RECORD);
	});

	it('never goes beyond MAX_ROWS and ignores nonsense counts', () => {
		expect(withExtraRows(emptyValues(), 'events', 10_000).events).toHaveLength(MAX_ROWS);
		expect(withExtraRows(emptyValues(), 'events', -2).events).toHaveLength(0);
		expect(withExtraRows(emptyValues(), 'events', Number.NaN).events).toHaveLength(0);
	});
});

describe('scalar validation', () => {
	it('requires a title of at most 300 characters', () => {
		expect(errorAt(post({ title: '   ' }), 'title')).toEqual(['Bitte einen Titel angeben.']);
		expect(errorAt(post({ title: 'x'.repeat(301) }), 'title')[0]).toContain('höchstens 300 Zeichen');
		expect(errorAt(post({ title: 'x'.repeat(300) }), 'title')).toEqual([]);
	});

	it('takes no topic (issue 14: optional) or known topics only', () => {
		expect(errorAt(post({ topics: [] }), 'topics')).toEqual([]);
		expect(errorAt(post({ topics: [], main_topic: '' }), 'main_topic')).toEqual([]);
		expect(parse(post({ topics: [], main_topic: '' })).draft?.topics).toEqual([]);
		expect(errorAt(post({ topics: ['verkehr', 'raumfahrt'] }), 'topics')[0]).toContain('„raumfahrt“');
		expect(parse(post({ topics: ['verkehr', ' schule ', 'verkehr', ''] })).draft?.topics).toEqual(['verkehr', 'schule']);
	});

	it('gives back as many rows as were posted after a validation error (issue 18: 4 → 1)', () => {
		const f = post({ title: '', 'participants.0.body': 'Kamen', 'participants.1.body': '', 'participants.2.body': '', 'participants.3.role': '', 'events.0.kind': '', 'events.1.kind': '' });
		const r = parse(f);
		expect(r.draft).toBeNull();
		expect(r.values.participants).toHaveLength(1);
		const kept = keepPostedRows(r.values, f);
		expect(kept.participants.map((p) => p.body)).toEqual(['Kamen', '', '', '']);
		expect(kept.events).toHaveLength(2);
		expect(kept.partner_groups).toHaveLength(0);
	});

	it('keeps the main topic an explicit field, whatever order the checkboxes come in (issue 18)', () => {
		// The list shows Schule before Verkehr; the main topic Verkehr stays first.
		expect(parse(post({ topics: ['schule', 'verkehr'], main_topic: 'verkehr' })).draft?.topics).toEqual(['verkehr', 'schule']);
		// A main topic counts as chosen.
		expect(parse(post({ topics: ['schule'], main_topic: 'verkehr' })).draft?.topics).toEqual(['verkehr', 'schule']);
		// One topic needs no choice; several do, when the form sent the field.
		expect(parse(post({ topics: ['schule'], main_topic: '' })).draft?.topics).toEqual(['schule']);
		expect(errorAt(post({ topics: ['schule', 'verkehr'], main_topic: '' }), 'main_topic')[0]).toContain('Hauptthemenfeld');
		expect(errorAt(post({ topics: ['schule'], main_topic: 'raumfahrt' }), 'topics')[0]).toContain('„raumfahrt“');
	});

	it('checks list, legal form and status against the known values', () => {
		expect(errorAt(post({ list: 'geheim' }), 'list')[0]).toContain('„geheim“ ist keine bekannte Liste');
		expect(errorAt(post({ list: '' }), 'list')).toEqual(['Bitte eine Liste wählen.']);
		expect(errorAt(post({ legal_form: 'gmbh' }), 'legal_form')[0]).toContain('„gmbh“ ist keine bekannte Rechtsform');
		expect(errorAt(post({ legal_form: '' }), 'legal_form')).toEqual(['Bitte eine Rechtsform wählen.']);
		expect(errorAt(post({ status: 'vergessen' }), 'status')[0]).toContain('„vergessen“ ist kein bekannter Status');
		expect(errorAt(post({ status: '' }), 'status')).toEqual(['Bitte einen Status wählen.']);
	});

	it('takes the number as a positive integer when given', () => {
		for (const bad of ['0', '-3', '1.5', 'zwölf', '1e3']) expect(errorAt(post({ number: bad }), 'number')[0]).toContain('ganze Zahl größer als 0');
		expect(parse(post({ number: ' 7 ' })).draft?.number).toBe(7);
		expect(parse(post({ number: '' })).draft?.number).toBeNull();
	});

	it('limits text lengths', () => {
		expect(errorAt(post({ description: 'x'.repeat(4001) }), 'description')[0]).toContain('höchstens 4000 Zeichen');
		expect(errorAt(post({ description: 'x'.repeat(4000) }), 'description')).toEqual([]);
		expect(errorAt(post({ notes: 'x'.repeat(4001) }), 'notes')[0]).toContain('höchstens 4000 Zeichen');
		expect(errorAt(post({ org_unit: 'x'.repeat(201) }), 'org_unit')[0]).toContain('höchstens 200 Zeichen');
		expect(errorAt(post({ source: `https://ratsinfo.example.de/${'x'.repeat(1000)}` }), 'source')[0]).toContain('höchstens 1000 Zeichen');
		expect(parse(post({ source: '  https://www.landkreis-cham.de/ikz  ' })).draft?.source).toBe('https://www.landkreis-cham.de/ikz');
		expect(errorAt(post({ start: '2010 '.repeat(50) }), 'start')[0]).toContain('höchstens 200 Zeichen');
		// Code points, not UTF-16 units: 300 emoji are 300 characters.
		expect(errorAt(post({ title: '😀'.repeat(300) }), 'title')).toEqual([]);
	});

	it('trims and removes control characters; multi-line fields keep line breaks', () => {
		const r = parse(post({ title: ' \u0000Rettungs\u202Edienst\u0007 ', description: 'a\r\nb\u0001\tc', org_unit: 'Amt\n53' }));
		expect(r.values.title).toBe('Rettungsdienst');
		expect(r.draft?.title).toBe('Rettungsdienst');
		expect(r.draft?.description).toBe('a\nb\tc');
		expect(r.draft?.org_unit).toBe('Amt 53');
	});

	it('treats non-text entries (files) as empty', () => {
		const f = post();
		f.set('title', new Blob(['x']));
		expect(errorAt(f, 'title')).toEqual(['Bitte einen Titel angeben.']);
	});
});

describe('performer', () => {
	it('kind "body" needs a resolvable body, resolved through aliases', () => {
		expect(errorAt(post({ performer_kind: 'body' }), 'performer_body')).toEqual(['Bitte die Körperschaft angeben, die die Aufgabe erledigt.']);
		expect(parse(post({ performer_kind: 'body', performer_body: 'Frönd.' })).draft?.performer).toEqual({ kind: 'body', body: 'froendenberg' });
		expect(errorAt(post({ performer_kind: 'body', performer_body: 'Frönd' }), 'performer_body')).toEqual([
			'„Frönd“ ist keine bekannte Körperschaft. Meinten Sie: Fröndenberg/Ruhr?'
		]);
	});

	it('other kinds must not carry a body', () => {
		for (const kind of ['jointly', 'each', 'unknown'])
			expect(errorAt(post({ performer_kind: kind, performer_body: 'Stadt Kamen' }), 'performer_body')).toHaveLength(1);
		expect(parse(post({ performer_kind: 'each', performer_note: 'je eigene Stelle' })).draft?.performer).toEqual({
			kind: 'each', body: null, note: 'je eigene Stelle'
		});
	});

	it('requires a known kind', () => {
		expect(errorAt(post({ performer_kind: '' }), 'performer_kind')).toEqual(['Bitte angeben, wer die Aufgabe erledigt.']);
		expect(errorAt(post({ performer_kind: 'niemand' }), 'performer_kind')[0]).toContain('„niemand“');
	});
});

describe('participants', () => {
	const row = (body: string, role = 'member', extra: Record<string, string> = {}, i = 0) => ({
		[`participants.${i}.body`]: body,
		[`participants.${i}.role`]: role,
		...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`participants.${i}.${k}`, v]))
	});

	it('uses the resolver result (aliases)', () => {
		expect(parse(post(row('Frönd.'))).draft?.participants).toEqual([
			{ body: 'froendenberg', role: 'member', joined: null, left: null, note: null }
		]);
	});

	it('names unknown bodies with suggestions, or asks to check the name', () => {
		expect(errorAt(post(row('Frönd')), 'participants.0.body')).toEqual([
			'Beteiligte, Zeile 1: „Frönd“ ist keine bekannte Körperschaft. Meinten Sie: Fröndenberg/Ruhr?'
		]);
		expect(errorAt(post(row('Gemeinde')), 'participants.0.body')[0]).toContain('Meinten Sie: Gemeinde Bönen?');
		const none = errorAt(post(row('Atlantis')), 'participants.0.body')[0];
		expect(none).toContain('„Atlantis“ ist keine bekannte Körperschaft.');
		expect(none).not.toContain('Meinten Sie');
	});

	it('lists several suggestions with "oder"', () => {
		const many: FormContext = { ...ctx, resolveBody: () => ({ suggestions: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }] }) };
		const r = parseCooperationForm(post(row('x')), many);
		expect(r.errors[0]?.message).toContain('Meinten Sie: A, B oder C?');
	});

	it('needs a body and a known role in every non-empty row', () => {
		expect(errorAt(post(row('', 'member')), 'participants.0.body')).toEqual(['Beteiligte, Zeile 1: Bitte eine Körperschaft angeben.']);
		// Without a role the row is an ordinary partner.
		expect(errorAt(post(row('Stadt Kamen', '')), 'participants.0.role')).toEqual([]);
		expect(parseCooperationForm(post(row('Stadt Kamen', '')), ctx).draft?.participants[0]?.role).toBe('member');
		expect(errorAt(post(row('Stadt Kamen', 'chef')), 'participants.0.role')[0]).toContain('„chef“ ist keine bekannte Rolle');
		expect(errorAt(post(row('', '', { note: 'nur eine Notiz' })), 'participants.0.body')).toHaveLength(1);
	});

	it('refuses the same body twice, also under another name', () => {
		const f = post({ ...row('Stadt Kamen', 'lead'), ...row('kamen', 'member', {}, 1) });
		expect(errorAt(f, 'participants.1.body')).toEqual([
			'Beteiligte, Zeile 2: Stadt Kamen ist bereits in Zeile 1 eingetragen. Jede Körperschaft bitte nur einmal angeben.'
		]);
		expect(errorAt(f, 'participants.0.body')).toEqual([]);
	});

	it('checks joined/left dates and their order', () => {
		expect(errorAt(post(row('Stadt Kamen', 'member', { joined: 'xyz' })), 'participants.0.joined')[0]).toContain('Das Datum „xyz“ ist nicht lesbar');
		expect(errorAt(post(row('Stadt Kamen', 'member', { joined: '2012', left: '2010' })), 'participants.0.left')[0]).toContain('Der Austritt („2010“) liegt vor dem Beitritt („2012“)');
		expect(errorAt(post(row('Stadt Kamen', 'member', { joined: '2012', left: '2012' })), 'participants.0.left')).toEqual([]);
		expect(errorAt(post(row('Stadt Kamen', 'member', { joined: '?', left: '2010' })), 'participants.0.left')).toEqual([]);
	});

	it('limits the note', () => {
		expect(errorAt(post(row('Stadt Kamen', 'member', { note: 'x'.repeat(1001) })), 'participants.0.note')[0]).toContain('höchstens 1000 Zeichen');
	});
});

describe('partner groups and events', () => {
	it('a partner group needs a label and a count of at least 0', () => {
		expect(errorAt(post({ 'partner_groups.0.count': '3' }), 'partner_groups.0.label')[0]).toContain('Bitte eine Bezeichnung angeben');
		for (const bad of ['-1', 'viele', '2.5']) expect(errorAt(post({ 'partner_groups.0.label': 'Schulen', 'partner_groups.0.count': bad }), 'partner_groups.0.count')[0]).toContain('ganze Zahl ab 0');
		expect(parse(post({ 'partner_groups.0.label': 'Schulen', 'partner_groups.0.count': '0' })).draft?.partner_groups).toEqual([{ label: 'Schulen', count: 0, note: null }]);
	});

	it('an event needs a known kind and a readable date', () => {
		expect(errorAt(post({ 'events.0.text': 'irgendwas' }), 'events.0.kind')).toEqual(['Ereignisse, Zeile 1: Bitte die Art des Ereignisses wählen.']);
		expect(errorAt(post({ 'events.0.kind': 'party' }), 'events.0.kind')[0]).toContain('„party“');
		expect(errorAt(post({ 'events.0.kind': 'founding', 'events.0.date': '31.02.2020' }), 'events.0.date')[0]).toContain('Das Datum „31.02.2020“ ist nicht lesbar');
	});
});

describe('fuzzy dates', () => {
	it('accepts school years, planned dates and "?", keeping the typed text', () => {
		const r = parse(post({ start: 'Schuljahr 2016/17', end: 'geplant 2027', 'participants.0.body': 'Stadt Kamen', 'participants.0.role': 'member', 'participants.0.joined': '?' }));
		expect(r.errors).toEqual([]);
		expect(r.draft?.start).toBe('Schuljahr 2016/17');
		expect(r.draft?.end).toBe('geplant 2027');
		expect(r.draft?.participants[0]?.joined).toBe('?');
	});

	it('refuses impossible and wordy dates with examples', () => {
		expect(errorAt(post({ start: '31.02.2020' }), 'start')).toEqual([
			'Beginn: Das Datum „31.02.2020“ ist nicht lesbar. Beispiele: 2016, Okt. 2008, Schuljahr 2016/17, geplant 2027, ?'
		]);
		expect(errorAt(post({ end: 'irgendwann' }), 'end')[0]).toContain('Ende: Das Datum „irgendwann“ ist nicht lesbar');
		expect(errorAt(post({ start: 'Schuljahr 2016/18' }), 'start')).toHaveLength(1);
	});

	it('refuses an end before the start, only when certain', () => {
		expect(errorAt(post({ start: '2015', end: '2010' }), 'end')).toEqual(['Das Ende („2010“) liegt vor dem Beginn („2015“). Bitte die Daten prüfen.']);
		// Overlapping intervals cannot be ordered: Schuljahr 2016/17 starts in August 2016.
		expect(errorAt(post({ start: 'Schuljahr 2016/17', end: '2016' }), 'end')).toEqual([]);
		expect(errorAt(post({ start: '2015', end: '?' }), 'end')).toEqual([]);
		expect(errorAt(post({ start: 'Okt. 2008', end: '30.09.2008' }), 'end')).toHaveLength(1);
	});
});

describe('invalid posts keep the input', () => {
	it('returns the typed values and no draft', () => {
		const f = post({ title: '', number: 'zwölf', start: '31.02.2020', 'participants.5.body': ' Frönd ', 'participants.5.role': 'member', 'participants.5.note': 'bitte prüfen' });
		const r = parse(f);
		expect(r.draft).toBeNull();
		expect(r.values.number).toBe('zwölf');
		expect(r.values.start).toBe('31.02.2020');
		expect(r.values.participants).toEqual([{ body: 'Frönd', role: 'member', joined: '', left: '', note: 'bitte prüfen' }]);
		expect(r.errors.map((e) => e.field)).toEqual(['title', 'number', 'start', 'participants.0.body']);
	});
});

describe('dateHint', () => {
	it.each([
		['Schuljahr 2016/17', 'verstanden als: Schuljahr, 01.08.2016 – 31.07.2017'],
		['geplant 2027', 'verstanden als: geplant, 2027'],
		['?', 'verstanden als: unbekannt'],
		['Okt. 2008', 'verstanden als: Oktober 2008'],
		['03.12.1979', 'verstanden als: 03.12.1979'],
		['seit 2010', 'verstanden als: fortlaufend, 2010'],
		['2010 bis 2012', 'verstanden als: Zeitraum, 2010 – 2012'],
		['2003 (Unna) 2004 (Bönen)', 'verstanden als: 2003 (Unna); dazu 2004 (Bönen)'],
		['befristet', 'verstanden als: befristet, ohne Datum'],
		['2010?', 'verstanden als: unsicher, 2010']
	])('%s → %s', (text, hint) => {
		expect(dateHint(text)).toEqual({ readable: true, hint });
	});

	it('says when it cannot read a date', () => {
		for (const text of ['31.02.2020', 'irgendwann', '13/2020']) {
			const h = dateHint(text);
			expect(h.readable).toBe(false);
			expect(h.hint).toContain('nicht lesbar');
			expect(h.hint).toContain('Schuljahr 2016/17');
		}
	});

	it('gives no hint for empty text', () => {
		expect(dateHint('  ')).toEqual({ readable: true, hint: '' });
	});
});
