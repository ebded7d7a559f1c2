/**
 * The edit form of a cooperation, working without JavaScript.
 *
 * The browser posts flat fields. Repeating groups use indexed names, "participants.3.body";
 * `rowField` builds them. Rows may come with gaps in the numbering ("add rows" button, removed
 * rows) and empty rows are ignored. `parseCooperationForm` reads the post into
 *   - `values`: the trimmed text as typed, to render the form again (rows renumbered 0, 1, 2 …
 *     in the order of their posted index, empty rows dropped),
 *   - `draft`: the editable part of a CooperationRecord, or null while there are errors,
 *   - `errors`: German messages, each at the name of the field in the RE-RENDERED form (so the
 *     field name doubles as the input's id and a summary can link to it).
 *
 * Pure domain code: body names are resolved by the caller's `FormContext`.
 */
import { z } from 'zod';
import { eventKindSchema, performerKindSchema, roleSchema, statusSchema, type CooperationRecord } from './cooperation';
import { parseFuzzyDate, type FuzzyDate, type FuzzyDatePart } from './fuzzy-date';
import { PRECISION_LABEL, QUALIFIER_LABEL } from '../i18n/de';

// The coded values come from the one cooperation model; re-exported for the form's callers.
export { EVENT_KINDS, PERFORMER_KINDS, ROLES, STATUSES, type EventKind, type PerformerKind, type Role, type Status } from './cooperation';

/** Maximum lengths in characters (code points), and rows per repeating group. */
export const LIMITS = { title: 300, short: 200, note: 1000, long: 4000 } as const;
export const MAX_ROWS = 200;
// Without `keys()` the parser probes row indices up to this bound.
const PROBE_ROWS = 1000;

export interface FormSource {
	get(name: string): unknown;
	getAll(name: string): unknown[];
	keys?(): Iterable<string>;
}

export type BodyMatch = { id: string } | { suggestions: { id: string; name: string }[] };

export interface FormContext {
	/** Alias-aware lookup by the server ("Frönd." → fröndenberg). */
	resolveBody(typed: string): BodyMatch;
	/** A body's display name, to render ids back into the form. */
	bodyName(id: string): string;
	/** Known ids of legal forms, topics and lists. */
	legalForms: string[];
	topics: string[];
	lists: string[];
}

type DraftKey =
	| 'list' | 'number' | 'org_unit' | 'title' | 'performer' | 'legal_form' | 'start' | 'end' | 'status'
	| 'topics' | 'description' | 'notes' | 'source' | 'participants' | 'partner_groups' | 'events';

/** The editable part of a CooperationRecord (same names and shapes). Dates are the typed text;
 * the parser sets every optional field, to null when empty. A full record is a draft too. */
export type CooperationDraft = Pick<CooperationRecord, DraftKey>;

export interface FieldError {
	/** The form field name, also the input's id: "title", "participants.2.body". */
	field: string;
	message: string;
}

export interface ParticipantValues { body: string; role: string; joined: string; left: string; note: string }
export interface PartnerGroupValues { label: string; count: string; note: string }
export interface EventValues { kind: string; date: string; text: string }

/** Strings to render the form, exactly as typed (trimmed, control characters removed). */
export interface FormValues {
	title: string;
	list: string;
	number: string;
	org_unit: string;
	legal_form: string;
	status: string;
	topics: string[];
	/** The main topic (Hauptthemenfeld): the record's first topic; the start page counts by it. */
	main_topic: string;
	performer_kind: string;
	performer_body: string;
	performer_note: string;
	start: string;
	end: string;
	description: string;
	notes: string;
	source: string;
	participants: ParticipantValues[];
	partner_groups: PartnerGroupValues[];
	events: EventValues[];
}

export type RowGroup = 'participants' | 'partner_groups' | 'events';

const ROW_FIELDS = {
	participants: ['body', 'role', 'joined', 'left', 'note'],
	partner_groups: ['label', 'count', 'note'],
	events: ['kind', 'date', 'text']
} as const satisfies Record<RowGroup, readonly string[]>;

/** The name (and id) of a field in a repeating row: rowField('participants', 2, 'body'). */
export function rowField(group: RowGroup, index: number, field: string): string {
	return `${group}.${index}.${field}`;
}

const EMPTY_ROW = {
	participants: (): ParticipantValues => ({ body: '', role: '', joined: '', left: '', note: '' }),
	partner_groups: (): PartnerGroupValues => ({ label: '', count: '', note: '' }),
	events: (): EventValues => ({ kind: '', date: '', text: '' })
};

/** The values of a new, empty form. */
export function emptyValues(): FormValues {
	return {
		title: '', list: '', number: '', org_unit: '', legal_form: '', status: '', topics: [], main_topic: '',
		performer_kind: '', performer_body: '', performer_note: '', start: '', end: '',
		description: '', notes: '', source: '', participants: [], partner_groups: [], events: []
	};
}

// ---------------------------------------------------------------------------------------------
// Text cleaning

// Control characters (C0, DEL, C1), bidi overrides/isolates and the BOM: invisible, and a way to
// disguise text. Tabs and line breaks are handled per field kind.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** One-line text: line breaks and tabs become spaces, control characters go, trimmed. */
function cleanLine(v: unknown): string {
	if (typeof v !== 'string') return '';
	return v.replace(/[\t\r\n]/g, ' ').replace(CONTROL, '').trim();
}

/** Multi-line text: CRLF → LF, tabs and line breaks kept, other control characters go, trimmed. */
function cleanText(v: unknown): string {
	if (typeof v !== 'string') return '';
	return v.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

const length = (s: string): number => [...s].length;

// ---------------------------------------------------------------------------------------------
// Messages

const DATE_EXAMPLES = '2016, Okt. 2008, Schuljahr 2016/17, geplant 2027, ?';

/** "A", "A oder B", "A, B oder C". */
function orList(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} oder ${items.at(-1)}`;
}

function unknownBodyMessage(typed: string, suggestions: { name: string }[]): string {
	const head = `„${typed}“ ist keine bekannte Körperschaft.`;
	if (suggestions.length === 0) return `${head} Bitte den Namen so angeben, wie er im Verzeichnis der Körperschaften steht.`;
	return `${head} Meinten Sie: ${orList(suggestions.slice(0, 5).map((s) => s.name))}?`;
}

const tooLong = (label: string, max: number, text: string): string =>
	`${label} ist zu lang: höchstens ${max} Zeichen erlaubt, eingegeben sind ${length(text)}.`;

/** Text of at most `max` characters (code points), one schema per limit. */
const withinSchemas = new Map<number, z.ZodType<string>>();
function within(max: number): z.ZodType<string> {
	let schema = withinSchemas.get(max);
	if (!schema) withinSchemas.set(max, (schema = z.string().refine((s) => length(s) <= max)));
	return schema;
}

/** A coded value posted by a select: empty asks to choose, anything else is unknown. */
const choose = (missing: string, unknown: (typed: string) => string) => (typed: string): string =>
	typed === '' ? missing : unknown(typed);

// ---------------------------------------------------------------------------------------------
// Date hints

const MONTHS = [
	'Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober',
	'November', 'Dezember'
];
const germanDay = (isoDay: string): string => `${isoDay.slice(8, 10)}.${isoDay.slice(5, 7)}.${isoDay.slice(0, 4)}`;

type Span = Pick<FuzzyDatePart, 'earliest' | 'latest' | 'precision' | 'qualifier'>;

/** The interval of a date in words: "03.12.1979", "Oktober 2008", "2027", "2010 – 2012". */
function spanText(p: Span): string | null {
	const { earliest: a, latest: b } = p;
	if (a === null || b === null) return null;
	if (p.precision === 'day') return germanDay(a);
	if (p.precision === 'month') return `${MONTHS[Number(a.slice(5, 7)) - 1] ?? ''} ${a.slice(0, 4)}`;
	if (p.precision === 'year') return a.slice(0, 4);
	const wholeYears = a.endsWith('-01-01') && b.endsWith('-12-31');
	if (wholeYears) return a.slice(0, 4) === b.slice(0, 4) ? a.slice(0, 4) : `${a.slice(0, 4)} – ${b.slice(0, 4)}`;
	return `${germanDay(a)} – ${germanDay(b)}`;
}

/** One date in words: "geplant, 2027", "Schuljahr, 01.08.2016 – 31.07.2017", "unbekannt". */
function describeSpan(p: Span, label: string | null): string {
	const span = spanText(p);
	const bits: string[] = [];
	if (p.qualifier === 'unknown' && span) bits.push('unsicher');
	else if (p.qualifier) bits.push(QUALIFIER_LABEL[p.qualifier] ?? p.qualifier);
	if (p.precision === 'school-year' || p.precision === 'range') bits.push(PRECISION_LABEL[p.precision] ?? p.precision);
	if (span) bits.push(span);
	else if (p.qualifier !== 'unknown') bits.push('ohne Datum');
	const text = bits.join(', ');
	return label && label !== 'von' && label !== 'bis' ? `${text} (${label})` : text;
}

function describe(d: FuzzyDate): string {
	const [head, second] = d.parts;
	// "2010 bis 2012": the top level already spans both parts.
	const period = d.precision === 'range' && second !== undefined && d.latest === second.latest && second.label?.startsWith('bis');
	const rest = d.parts.slice(period ? 2 : 1);
	const main = describeSpan(d, head?.label ?? null);
	return rest.length === 0 ? main : `${main}; dazu ${rest.map((p) => describeSpan(p, p.label)).join('; ')}`;
}

/** How a fuzzy date was understood, in German, for a hint next to the input. Empty text is
 * readable (no date) with an empty hint. */
export function dateHint(text: string): { readable: boolean; hint: string } {
	const d = parseFuzzyDate(cleanLine(text));
	if (!d) return { readable: true, hint: '' };
	if (!d.readable) return { readable: false, hint: `nicht lesbar. Beispiele: ${DATE_EXAMPLES}` };
	return { readable: true, hint: `verstanden als: ${describe(d)}` };
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** The posted row indices of a group, ascending. */
function rowIndices(form: FormSource, group: RowGroup): number[] {
	const fields: readonly string[] = ROW_FIELDS[group];
	const found = new Set<number>();
	if (form.keys) {
		// Canonical indices only (no "01", at most 6 digits).
		const re = /^([a-z_]+)\.(0|[1-9]\d{0,5})\.([a-z_]+)$/;
		for (const key of form.keys()) {
			const m = re.exec(key);
			if (m && m[1] === group && fields.includes(m[3] ?? '')) found.add(Number(m[2]));
		}
	} else {
		for (let i = 0; i < PROBE_ROWS; i++) {
			if (fields.some((f) => form.get(rowField(group, i, f)) != null)) found.add(i);
		}
	}
	return [...found].sort((a, b) => a - b);
}

/** The non-empty rows of a group, cleaned, in index order. */
function readRows<G extends RowGroup>(form: FormSource, group: G): Record<(typeof ROW_FIELDS)[G][number], string>[] {
	const rows: Record<string, string>[] = [];
	for (const i of rowIndices(form, group)) {
		const row: Record<string, string> = {};
		for (const f of ROW_FIELDS[group]) row[f] = cleanLine(form.get(rowField(group, i, f)));
		if (Object.values(row).some((v) => v !== '')) rows.push(row);
	}
	return rows as Record<(typeof ROW_FIELDS)[G][number], string>[];
}

/** The checks the form's fields share; every failure lands in `errors`, in the order found. */
function formChecker(ctx: FormContext) {
	const errors: FieldError[] = [];
	const fail = (field: string, message: string): void => {
		errors.push({ field, message });
	};
	/** Check a field against a zod schema (the cooperation model's enums, limits); the German
	 * message comes from the error map, which gets the typed value. Returns the parsed value. */
	const check = <T>(field: string, schema: z.ZodType<T>, typed: string, message: (typed: string) => string): T | null => {
		const r = schema.safeParse(typed, { error: (issue) => message(typeof issue.input === 'string' ? issue.input : typed) });
		if (r.success) return r.data;
		fail(field, r.error.issues[0]?.message ?? message(typed));
		return null;
	};
	const maxLen = (field: string, label: string, text: string, max: number): void => {
		check(field, within(max), text, (t) => tooLong(label, max, t));
	};
	/** A fuzzy date's text, checked; returns the parse (null when empty or unreadable). */
	const date = (field: string, label: string, text: string): FuzzyDate | null => {
		if (text === '') return null;
		if (length(text) > LIMITS.short) {
			fail(field, `${label}: ${tooLong('Die Angabe', LIMITS.short, text)}`);
			return null;
		}
		const d = parseFuzzyDate(text);
		if (d?.readable) return d;
		fail(field, `${label}: Das Datum „${text}“ ist nicht lesbar. Beispiele: ${DATE_EXAMPLES}`);
		return null;
	};
	/** Resolve a typed body name; reports and returns null when unknown. */
	const body = (field: string, prefix: string, typed: string): string | null => {
		if (length(typed) > LIMITS.short) {
			fail(field, `${prefix}${tooLong('Der Name der Körperschaft', LIMITS.short, typed)}`);
			return null;
		}
		const match = ctx.resolveBody(typed);
		if ('id' in match) return match.id;
		fail(field, `${prefix}${unknownBodyMessage(typed, match.suggestions)}`);
		return null;
	};
	/** Does `later` certainly lie before `earlier`? Only when both have a known interval. */
	const before = (later: FuzzyDate | null, earlier: FuzzyDate | null): boolean =>
		later?.latest != null && earlier?.earliest != null && later.latest < earlier.earliest;

	// Repeating groups: field names and row numbers refer to the re-rendered (compacted) rows.
	const tooManyRows = (group: RowGroup, label: string, count: number): void => {
		if (count > MAX_ROWS) fail(group, `Höchstens ${MAX_ROWS} ${label} sind möglich, eingegeben sind ${count}.`);
	};
	return { errors, fail, check, maxLen, date, body, before, tooManyRows };
}

type Checker = ReturnType<typeof formChecker>;

/** The posted fields, cleaned (one line each, the long texts keep their lines). */
function readValues(form: FormSource): FormValues {
	const line = (name: string): string => cleanLine(form.get(name));
	return {
		title: line('title'),
		list: line('list'),
		number: line('number'),
		org_unit: line('org_unit'),
		legal_form: line('legal_form'),
		status: line('status'),
		topics: [...new Set(form.getAll('topics').map(cleanLine).filter((t) => t !== ''))],
		main_topic: line('main_topic'),
		performer_kind: line('performer_kind'),
		performer_body: line('performer_body'),
		performer_note: line('performer_note'),
		start: line('start'),
		end: line('end'),
		description: cleanText(form.get('description')),
		notes: cleanText(form.get('notes')),
		source: line('source'),
		participants: readRows(form, 'participants'),
		partner_groups: readRows(form, 'partner_groups'),
		events: readRows(form, 'events')
	};
}

/** The single fields; `values.topics` gains the main topic when it was chosen but not checked. */
function checkScalars(form: FormSource, values: FormValues, ctx: FormContext, c: Checker) {
	const { fail, check, maxLen, date, body, before } = c;
	if (values.title === '') fail('title', 'Bitte einen Titel angeben.');
	else maxLen('title', 'Der Titel', values.title, LIMITS.title);

	if (values.list === '') fail('list', 'Bitte eine Liste wählen.');
	else if (!ctx.lists.includes(values.list)) fail('list', `„${values.list}“ ist keine bekannte Liste. Bitte eine Liste aus der Auswahl wählen.`);

	let number: number | null = null;
	if (values.number !== '') {
		if (/^\d{1,9}$/.test(values.number) && Number(values.number) > 0) number = Number(values.number);
		else fail('number', `Die Nummer muss eine ganze Zahl größer als 0 sein (z. B. 12), nicht „${values.number}“.`);
	}

	maxLen('org_unit', 'Die Organisationseinheit', values.org_unit, LIMITS.short);

	if (values.legal_form === '') fail('legal_form', 'Bitte eine Rechtsform wählen.');
	else if (!ctx.legalForms.includes(values.legal_form))
		fail('legal_form', `„${values.legal_form}“ ist keine bekannte Rechtsform. Bitte eine Rechtsform aus der Auswahl wählen.`);

	const status = check('status', statusSchema, values.status, choose('Bitte einen Status wählen.',
		(v) => `„${v}“ ist kein bekannter Status. Bitte einen Status aus der Auswahl wählen.`));

	// The main topic is its own field: the checkboxes come in the order of the list, not in the
	// record's order. A chosen main topic counts as checked. Without the field (a client that does
	// not send it) the first checked topic is the main one.
	if (values.main_topic !== '' && !values.topics.includes(values.main_topic)) values.topics = [values.main_topic, ...values.topics];
	let mainTopic = values.main_topic;
	if (mainTopic === '' && (form.get('main_topic') == null || values.topics.length === 1)) mainTopic = values.topics[0] ?? '';
	if (mainTopic === '' && values.topics.length > 1) fail('main_topic', 'Bitte das Hauptthemenfeld wählen: Unter ihm wird die Kooperation in den Übersichten gezählt.');
	const unknownTopics = values.topics.filter((t) => !ctx.topics.includes(t));
	// A topic is optional (issue 14): none checked saves the cooperation "ohne Themenfeld".
	if (unknownTopics.length > 0)
		fail('topics', `Unbekanntes Themenfeld: ${unknownTopics.map((t) => `„${t}“`).join(', ')}. Bitte nur Themenfelder aus der Auswahl wählen.`);

	const kind = values.performer_kind;
	let performerBody: string | null = null;
	const performerKind = check('performer_kind', performerKindSchema, kind, choose('Bitte angeben, wer die Aufgabe erledigt.',
		(v) => `„${v}“ ist keine bekannte Angabe zur Aufgabenerledigung. Bitte aus der Auswahl wählen.`));
	if (kind === 'body') {
		if (values.performer_body === '') fail('performer_body', 'Bitte die Körperschaft angeben, die die Aufgabe erledigt.');
		else performerBody = body('performer_body', '', values.performer_body);
	} else if (values.performer_body !== '' && kind !== '') {
		fail('performer_body', 'Eine erledigende Körperschaft kann nur angegeben werden, wenn die Aufgabe von einer bestimmten Körperschaft erledigt wird. Bitte das Feld leeren oder die Auswahl ändern.');
	}
	maxLen('performer_note', 'Die Anmerkung zur Aufgabenerledigung', values.performer_note, LIMITS.note);

	const start = date('start', 'Beginn', values.start);
	const end = date('end', 'Ende', values.end);
	if (before(end, start)) fail('end', `Das Ende („${values.end}“) liegt vor dem Beginn („${values.start}“). Bitte die Daten prüfen.`);

	maxLen('description', 'Die Beschreibung', values.description, LIMITS.long);
	maxLen('notes', 'Das Feld „Notizen“', values.notes, LIMITS.long);
	maxLen('source', 'Die Quelle', values.source, LIMITS.note);

	return { number, status, mainTopic, performerKind, performerBody };
}

/** The participants' rows: bodies resolved (each once), roles, joining before leaving. */
function checkParticipants(values: FormValues, ctx: FormContext, c: Checker): CooperationDraft['participants'] {
	const { fail, check, maxLen, date, body, before, tooManyRows } = c;
	tooManyRows('participants', 'Beteiligte', values.participants.length);
	const participants: CooperationDraft['participants'] = [];
	const seen = new Map<string, number>(); // body id → row number
	values.participants.forEach((row, i) => {
		const name = (f: string): string => rowField('participants', i, f);
		const row1 = `Beteiligte, Zeile ${i + 1}`;
		const prefix = `${row1}: `;
		let id: string | null = null;
		if (row.body === '') fail(name('body'), `${prefix}Bitte eine Körperschaft angeben.`);
		else id = body(name('body'), prefix, row.body);
		if (id !== null) {
			const first = seen.get(id);
			if (first !== undefined) fail(name('body'), `${prefix}${ctx.bodyName(id)} ist bereits in Zeile ${first} eingetragen. Jede Körperschaft bitte nur einmal angeben.`);
			else seen.set(id, i + 1);
		}
		// No role chosen: an ordinary partner, the most common case (the select offers "–" so that
		// empty rows stay empty and are ignored).
		const role = row.role === '' ? 'member' : row.role;
		const knownRole = check(name('role'), roleSchema, role, (v) => `${prefix}„${v}“ ist keine bekannte Rolle. Bitte eine Rolle aus der Auswahl wählen.`);
		const joined = date(name('joined'), `${row1}, Beitritt`, row.joined);
		const left = date(name('left'), `${row1}, Austritt`, row.left);
		if (before(left, joined)) fail(name('left'), `${prefix}Der Austritt („${row.left}“) liegt vor dem Beitritt („${row.joined}“). Bitte die Daten prüfen.`);
		maxLen(name('note'), `${prefix}Die Anmerkung`, row.note, LIMITS.note);
		if (id !== null && knownRole !== null)
			participants.push({ body: id, role: knownRole, joined: row.joined || null, left: row.left || null, note: row.note || null });
	});

	return participants;
}

/** The partner groups' rows: a label and a count. */
function checkPartnerGroups(values: FormValues, c: Checker): CooperationDraft['partner_groups'] {
	const { fail, maxLen, tooManyRows } = c;
	tooManyRows('partner_groups', 'Partnergruppen', values.partner_groups.length);
	const partnerGroups: CooperationDraft['partner_groups'] = [];
	values.partner_groups.forEach((row, i) => {
		const name = (f: string): string => rowField('partner_groups', i, f);
		const prefix = `Partnergruppen, Zeile ${i + 1}: `;
		if (row.label === '') fail(name('label'), `${prefix}Bitte eine Bezeichnung angeben (z. B. „alle Städte und Gemeinden des Kreises“).`);
		else maxLen(name('label'), `${prefix}Die Bezeichnung`, row.label, LIMITS.short);
		let count: number | null = null;
		if (row.count !== '') {
			if (/^\d{1,9}$/.test(row.count)) count = Number(row.count);
			else fail(name('count'), `${prefix}Die Anzahl muss eine ganze Zahl ab 0 sein, nicht „${row.count}“.`);
		}
		maxLen(name('note'), `${prefix}Die Anmerkung`, row.note, LIMITS.note);
		partnerGroups.push({ label: row.label, count, note: row.note || null });
	});

	return partnerGroups;
}

/** The lifecycle events' rows: a known kind, a readable date. */
function checkEvents(values: FormValues, c: Checker): CooperationDraft['events'] {
	const { check, maxLen, date, tooManyRows } = c;
	tooManyRows('events', 'Ereignisse', values.events.length);
	const events: CooperationDraft['events'] = [];
	values.events.forEach((row, i) => {
		const name = (f: string): string => rowField('events', i, f);
		const row1 = `Ereignisse, Zeile ${i + 1}`;
		const prefix = `${row1}: `;
		const eventKind = check(name('kind'), eventKindSchema, row.kind, choose(`${prefix}Bitte die Art des Ereignisses wählen.`,
			(v) => `${prefix}„${v}“ ist keine bekannte Art von Ereignis. Bitte aus der Auswahl wählen.`));
		date(name('date'), `${row1}, Datum`, row.date);
		maxLen(name('text'), `${prefix}Der Text`, row.text, LIMITS.note);
		if (eventKind !== null) events.push({ kind: eventKind, date: row.date || null, text: row.text || null });
	});

	return events;
}

/** Read the posted form; `draft` is null when there are errors. */
export function parseCooperationForm(
	form: FormSource,
	ctx: FormContext
): { values: FormValues; draft: CooperationDraft | null; errors: FieldError[] } {
	const values = readValues(form);
	const c = formChecker(ctx);
	const errors = c.errors;
	const { number, status, mainTopic, performerKind, performerBody } = checkScalars(form, values, ctx, c);
	const participants = checkParticipants(values, ctx, c);
	const partnerGroups = checkPartnerGroups(values, c);
	const events = checkEvents(values, c);

	if (errors.length > 0 || status === null || performerKind === null) return { values, draft: null, errors };
	const draft: CooperationDraft = {
		list: values.list,
		number,
		org_unit: values.org_unit || null,
		title: values.title,
		// The record's performer note is optional, not nullable: left out when empty.
		performer: { kind: performerKind, body: performerBody, ...(values.performer_note ? { note: values.performer_note } : {}) },
		legal_form: values.legal_form,
		start: values.start || null,
		end: values.end || null,
		status,
		topics: mainTopic ? [mainTopic, ...values.topics.filter((t) => t !== mainTopic)] : [],
		description: values.description || null,
		notes: values.notes || null,
		source: values.source || null,
		participants,
		partner_groups: partnerGroups,
		events
	};
	return { values, draft, errors };
}

// ---------------------------------------------------------------------------------------------
// Rendering back

const text = (v: string | number | null | undefined): string => (v == null ? '' : String(v));

/** The form values of a stored record (bodies as names, numbers and dates as text). */
export function valuesFromRecord(rec: CooperationDraft, ctx: Pick<FormContext, 'bodyName'>): FormValues {
	return {
		title: rec.title,
		list: rec.list,
		number: text(rec.number),
		org_unit: text(rec.org_unit),
		legal_form: rec.legal_form,
		status: rec.status,
		topics: [...rec.topics],
		main_topic: rec.topics[0] ?? '',
		performer_kind: rec.performer.kind,
		performer_body: rec.performer.body ? ctx.bodyName(rec.performer.body) : '',
		performer_note: text(rec.performer.note),
		start: text(rec.start),
		end: text(rec.end),
		description: text(rec.description),
		notes: text(rec.notes),
		source: text(rec.source),
		participants: rec.participants.map((p) => ({
			body: ctx.bodyName(p.body), role: p.role, joined: text(p.joined), left: text(p.left), note: text(p.note)
		})),
		partner_groups: rec.partner_groups.map((g) => ({ label: g.label, count: text(g.count), note: text(g.note) })),
		events: rec.events.map((e) => ({ kind: e.kind, date: text(e.date), text: text(e.text) }))
	};
}

/**
 * After a validation error the form comes back with as many rows per group as were posted: the
 * parse drops empty rows, and a form that lost its empty partner rows (4 → 1) made people
 * overwrite a filled row instead of adding one (issue 18).
 */
export function keepPostedRows(values: FormValues, form: FormSource): FormValues {
	let out = values;
	for (const group of ['participants', 'partner_groups', 'events'] as const) {
		const posted = Math.min(rowIndices(form, group).length, MAX_ROWS);
		out = withExtraRows(out, group, posted - out[group].length);
	}
	return out;
}

/** The values with `n` empty rows appended to a group (at most MAX_ROWS rows in all), for the
 * "add rows" button of the form without JavaScript. */
export function withExtraRows(values: FormValues, group: RowGroup, n: number): FormValues {
	const add = (have: number): number => Math.max(0, Math.min(Number.isFinite(n) ? Math.floor(n) : 0, MAX_ROWS - have));
	const more = <T>(rows: T[], empty: () => T): T[] => [...rows, ...Array.from({ length: add(rows.length) }, empty)];
	if (group === 'participants') return { ...values, participants: more(values.participants, EMPTY_ROW.participants) };
	if (group === 'partner_groups') return { ...values, partner_groups: more(values.partner_groups, EMPTY_ROW.partner_groups) };
	return { ...values, events: more(values.events, EMPTY_ROW.events) };
}
