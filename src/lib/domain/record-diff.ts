/**
 * A readable diff of two versions of a cooperation, for the change history and the "check your
 * changes" step of the edit form. Values are shown as people see them (names, German labels),
 * and only what differs gets a line.
 */
import type { CooperationDraft } from './cooperation-form';
import { EVENT_LABEL, PERFORMER_LABEL, ROLE_LABEL, STATUS_LABEL } from '../i18n/de';

/** Display names of ids. */
export interface DiffNames {
	body(id: string): string;
	topic(id: string): string;
	legalForm(id: string): string;
	list(id: string): string;
}

/** One changed field; `before`/`after` are display strings, null = not set. */
export interface DiffLine {
	field: string;
	label: string;
	before: string | null;
	after: string | null;
}

type Participant = CooperationDraft['participants'][number];
type PartnerGroup = CooperationDraft['partner_groups'][number];
type EventRow = CooperationDraft['events'][number];

/** Empty text and null/undefined are "not set". */
const shown = (v: string | number | null | undefined): string | null => {
	if (v == null) return null;
	const s = String(v).trim();
	return s === '' ? null : s;
};

const PERFORMER_KEY: Record<string, string> = { jointly: '_gemeinsam', each: '_jeder', unknown: '_unbekannt' };

function performerText(p: CooperationDraft['performer'], names: DiffNames): string | null {
	const note = shown(p.note);
	let who: string | null;
	if (p.kind === 'body') who = p.body ? names.body(p.body) : null;
	// "unknown" without a note is simply not set.
	else if (p.kind === 'unknown') who = note ? (PERFORMER_LABEL['_unbekannt'] ?? null) : null;
	else who = PERFORMER_LABEL[PERFORMER_KEY[p.kind] ?? ''] ?? p.kind;
	if (who === null) return note;
	return note ? `${who} (${note})` : who;
}

/** The scalar fields in display order, each read into a display string. */
const SCALARS: ReadonlyArray<[field: string, label: string, read: (r: CooperationDraft, n: DiffNames) => string | null]> = [
	['title', 'Titel', (r) => shown(r.title)],
	['list', 'Liste', (r, n) => (shown(r.list) ? n.list(r.list) : null)],
	['number', 'Nr.', (r) => shown(r.number)],
	['org_unit', 'Organisationseinheit', (r) => shown(r.org_unit)],
	['legal_form', 'Rechtsform', (r, n) => (shown(r.legal_form) ? n.legalForm(r.legal_form) : null)],
	['status', 'Status', (r) => (shown(r.status) ? (STATUS_LABEL[r.status] ?? r.status) : null)],
	// The main topic (the first) on its own line; the topics as a set, so that only a real change shows.
	['main_topic', 'Hauptthemenfeld', (r, n) => (r.topics[0] ? n.topic(r.topics[0]) : null)],
	['topics', 'Themenfelder', (r, n) => shown(r.topics.map((t) => n.topic(t)).sort((a, b) => a.localeCompare(b, 'de')).join(', '))],
	['performer', 'Aufgabenerledigung durch', (r, n) => performerText(r.performer, n)],
	['start', 'Beginn', (r) => shown(r.start)],
	['end', 'Ende', (r) => shown(r.end)],
	['description', 'Beschreibung', (r) => shown(r.description)],
	['notes', 'Notizen', (r) => shown(r.notes)],
	['source', 'Quelle', (r) => shown(r.source)]
];

/** Aspects of a row compared one by one: [label, display]. */
type Aspects<T> = ReadonlyArray<[label: string, read: (row: T) => string | null]>;

const PARTICIPANT_ASPECTS: Aspects<Participant> = [
	['Rolle', (p) => ROLE_LABEL[p.role] ?? p.role],
	['Beitritt', (p) => shown(p.joined)],
	['Austritt', (p) => shown(p.left)],
	['Anmerkung', (p) => shown(p.note)]
];
const GROUP_ASPECTS: Aspects<PartnerGroup> = [
	['Anzahl', (g) => shown(g.count)],
	['Anmerkung', (g) => shown(g.note)]
];
const EVENT_ASPECTS: Aspects<EventRow> = [['Text', (e) => shown(e.text)]];

/** A whole row in one string: "Stadt Kamen: Mitglied / Partner, Beitritt 2010". */
function rowText<T>(title: string, aspects: Aspects<T>, row: T, skipFirstLabel: boolean): string {
	const bits = aspects.flatMap(([label, read], i) => {
		const v = read(row);
		if (v === null) return [];
		return [skipFirstLabel && i === 0 ? v : `${label} ${v}`];
	});
	return bits.length === 0 ? title : `${title}: ${bits.join(', ')}`;
}

interface RowSpec<T> {
	group: string;
	key: (row: T) => string;
	title: (row: T) => string;
	aspects: Aspects<T>;
	/** The first aspect is shown without its label in the one-line text (the role). */
	skipFirstLabel: boolean;
	added: string;
	removed: string;
	/** Label of a changed row, before the list of changed aspects. */
	changed: (row: T) => string;
}

/** Rows matched by key (repeated keys by occurrence): changed and removed rows in the old order,
 * then added rows in the new order. */
function diffRows<T>(before: readonly T[], after: readonly T[], spec: RowSpec<T>): DiffLine[] {
	const keyed = (rows: readonly T[]): Map<string, T> => {
		const seen = new Map<string, number>();
		const out = new Map<string, T>();
		for (const row of rows) {
			const k = spec.key(row);
			const n = seen.get(k) ?? 0;
			seen.set(k, n + 1);
			out.set(n === 0 ? k : `${k}#${n}`, row);
		}
		return out;
	};
	const old = keyed(before);
	const now = keyed(after);
	const line = (key: string, label: string, b: string | null, a: string | null): DiffLine => ({
		field: `${spec.group}.${key}`, label, before: b, after: a
	});
	const text = (row: T): string => rowText(spec.title(row), spec.aspects, row, spec.skipFirstLabel);
	const lines: DiffLine[] = [];
	for (const [key, o] of old) {
		const n = now.get(key);
		if (n === undefined) {
			lines.push(line(key, spec.removed, text(o), null));
			continue;
		}
		const changed = spec.aspects
			.map(([label, read]) => ({ label, b: read(o), a: read(n) }))
			.filter((c) => c.b !== c.a);
		if (changed.length === 0) continue;
		const label = `${spec.changed(n)}: ${changed.map((c) => c.label).join(', ')}`;
		// One aspect: its values; several: "value; value" with "—" for not set.
		const join = (side: 'a' | 'b'): string | null =>
			changed.length === 1 ? (changed[0]?.[side] ?? null) : changed.map((c) => c[side] ?? '—').join('; ');
		lines.push(line(key, label, join('b'), join('a')));
	}
	for (const [key, n] of now) if (!old.has(key)) lines.push(line(key, spec.added, null, text(n)));
	return lines;
}

// The rows of a record that does not exist (before creation, after deletion).
const NO_ROWS: Pick<CooperationDraft, 'participants' | 'partner_groups' | 'events'> = { participants: [], partner_groups: [], events: [] };

/** The lines that differ between two versions; `before` null = created, `after` null = deleted. */
export function diffCooperations(
	before: CooperationDraft | null,
	after: CooperationDraft | null,
	names: DiffNames
): DiffLine[] {
	if (!before && !after) return [];
	const lines: DiffLine[] = [];
	for (const [field, label, read] of SCALARS) {
		const b = before ? read(before, names) : null;
		const a = after ? read(after, names) : null;
		if (b !== a) lines.push({ field, label, before: b, after: a });
	}
	const o = before ?? NO_ROWS;
	const n = after ?? NO_ROWS;
	lines.push(
		...diffRows(o.participants, n.participants, {
			group: 'participants',
			key: (p) => p.body,
			title: (p) => names.body(p.body),
			aspects: PARTICIPANT_ASPECTS,
			skipFirstLabel: true,
			added: 'Partner hinzugefügt',
			removed: 'Partner entfernt',
			changed: (p) => `Partner ${names.body(p.body)}`
		}),
		...diffRows(o.partner_groups, n.partner_groups, {
			group: 'partner_groups',
			key: (g) => g.label.trim(),
			title: (g) => g.label,
			aspects: GROUP_ASPECTS,
			skipFirstLabel: false,
			added: 'Partnergruppe hinzugefügt',
			removed: 'Partnergruppe entfernt',
			changed: (g) => `Partnergruppe „${g.label}“`
		}),
		...diffRows(o.events, n.events, {
			group: 'events',
			key: (e) => `${e.kind}|${shown(e.date) ?? ''}`,
			title: (e) => [EVENT_LABEL[e.kind] ?? e.kind, shown(e.date)].filter(Boolean).join(' '),
			aspects: EVENT_ASPECTS,
			skipFirstLabel: true,
			added: 'Ereignis hinzugefügt',
			removed: 'Ereignis entfernt',
			changed: (e) => `Ereignis ${[EVENT_LABEL[e.kind] ?? e.kind, shown(e.date)].filter(Boolean).join(' ')}`
		})
	);
	return lines;
}
