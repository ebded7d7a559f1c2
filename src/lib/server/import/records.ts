/**
 * Step "build the record" of an imported row: an update changes a field only when the file's
 * value differs from what the register shows (and exports), so an export imported again changes
 * nothing; a new record takes what the row carries and derives the rest (status from the dates,
 * the topic from the title where a task rule knows it, else the chosen default topic, else none).
 */
import type { CooperationRecord } from '../data/data-schema';
import type { StoredCooperation } from '../registry/write';
import { diffCooperations, type DiffLine } from '../../domain/record-diff';
import { topicFromTitle } from './cells';
import { fuzzyDate, sameSet } from './duplicates';
import type { Lookups } from './lookups';
import { cellOf, type Columns, type RowState } from './rows';

export interface Built {
	record: CooperationRecord;
	changes: DiffLine[];
	baseVersion: number | null;
	action: 'create' | 'update' | 'unchanged';
}

/** The start text as the register shows and exports it. */
const shownStart = (r: CooperationRecord) => r.start_source ?? r.start ?? null;

export function buildUpdate(row: RowState, old: StoredCooperation, c: Columns, lk: Lookups): Built {
	const { p, given, performer, legalForm, startText, endText } = row;
	const v = cellOf(row.cells, c);
	const r = structuredClone(old.record);
	// The Kreis list's cell is the source text; unchanged when it reads as stored.
	const sameSource = !!row.withPartners && row.withPartners === (r.title_source ?? r.title);
	if (p.title && p.title !== r.title && !sameSource) {
		r.title = p.title;
		if (p.titleSource) r.title_source = p.titleSource;
	}
	if (c.col('list') >= 0 && v('list') && row.list !== r.list) r.list = row.list;
	if (given.number !== undefined && given.number !== null && given.number !== (r.number ?? null)) r.number = given.number;
	if (given.org !== undefined && (given.org ?? null) !== (r.org_unit ?? null)) r.org_unit = given.org;
	if (c.col('partners') >= 0 || (row.withPartners && p.partnerText)) {
		const now = new Set(p.participants);
		const oldSet = new Set(r.participants.filter((x) => x.role !== 'performer').map((x) => x.body));
		if (!sameSet(oldSet, now)) {
			r.participants = [
				...r.participants.filter((x) => x.role === 'performer' || now.has(x.body)),
				...p.participants.filter((id) => !oldSet.has(id)).map((id) => ({ body: id, role: 'member' as const, joined: null, left: null, note: p.participantNotes.get(id) ?? null }))
			];
			if (p.partnerText) r.partners_source = p.partnerText;
		}
		const groups = p.groups.map((g) => ({ label: g.label, count: g.count, note: null }));
		if (JSON.stringify(r.partner_groups.map((g) => g.label)) !== JSON.stringify(groups.map((g) => g.label))) r.partner_groups = groups;
	}
	if (performer && (performer.kind !== r.performer.kind || (performer.body ?? null) !== (r.performer.body ?? null))) {
		r.performer = performer;
		r.performer_source = row.performerText || null;
		if (performer.body && !r.participants.some((x) => x.body === performer.body)) r.participants.push({ body: performer.body, role: 'performer', joined: null, left: null, note: null });
	}
	if (c.col('legal_form_source') >= 0) {
		if (legalForm && legalForm !== r.legal_form) r.legal_form = legalForm;
		if (row.lfSourceText !== (r.legal_form_source ?? '')) r.legal_form_source = row.lfSourceText || null;
	} else if (legalForm && legalForm !== r.legal_form) {
		// Only the written form is given: a different form replaces both; the same form keeps the source text.
		r.legal_form = legalForm;
		r.legal_form_source = row.lfText || null;
	}
	if ((c.col('start') >= 0 || c.col('start_text') >= 0) && startText !== (shownStart(r) ?? '')) {
		r.start = startText || null;
		r.start_source = startText || null;
	}
	if ((c.col('end') >= 0 || c.col('end_text') >= 0) && endText !== (r.end ?? '')) r.end = endText || null;
	if (row.status && row.status !== r.status) r.status = row.status;
	if (row.topics && JSON.stringify(row.topics) !== JSON.stringify(r.topics)) r.topics = row.topics;
	if (given.description !== undefined && (given.description ?? null) !== (r.description ?? null)) r.description = given.description;
	if (given.notes !== undefined && (given.notes ?? null) !== (r.notes ?? null)) r.notes = given.notes;
	if (given.source !== undefined && (given.source ?? null) !== (r.source ?? null)) {
		if (given.source) r.source = given.source;
		else delete r.source;
	}
	const changes = diffCooperations(old.record, r, lk.names);
	return { record: r, changes, baseVersion: old.version, action: changes.length ? 'update' : 'unchanged' };
}

export function buildCreate(row: RowState, c: Columns, lk: Lookups, today: Date): Built {
	const { p, given, findings, startText, endText, idText } = row;
	const derived: CooperationRecord['derived'] = [];
	let topicList = row.topics;
	if (!topicList) {
		const t = topicFromTitle(p.title, lk);
		if (t) {
			topicList = [t];
			derived.push('topics');
			findings.push({ level: 'info', text: `Themenfeld abgeleitet: ${lk.names.topic(t)}.` });
		} else if (c.defaultTopic) {
			topicList = [c.defaultTopic];
			derived.push('topics');
		} else {
			// A topic is optional (issue 14): the record is saved without one ("ohne Themenfeld").
			findings.push({ level: 'info', text: 'Themenfeld nicht angegeben und nicht erkennbar – die Kooperation wird ohne Themenfeld angelegt (oben kann ein Themenfeld für solche Zeilen gewählt werden).' });
		}
	}
	let st = row.status;
	if (!st) {
		const start = fuzzyDate(startText);
		// "2013 bis 2015" in the start column is a period that ended ("seit den 80er Jahren" is a start in a decade).
		const end = fuzzyDate(endText) ?? (start?.precision === 'range' && start.qualifier !== 'ongoing' ? start : null);
		st = end?.latest && end.latest < today.toISOString().slice(0, 10) ? 'ended' : start?.qualifier === 'planned' ? 'planned' : 'active';
		derived.push('status');
	}
	const perf = row.performer ?? { kind: 'unknown' as const, body: null };
	const participants: CooperationRecord['participants'] = p.participants.map((id) => ({
		body: id, role: perf.body === id ? 'lead' as const : 'member' as const, joined: null, left: null, note: p.participantNotes.get(id) ?? null
	}));
	if (perf.body && !p.participants.includes(perf.body)) participants.push({ body: perf.body, role: 'performer', joined: null, left: null, note: null });
	const record: CooperationRecord = {
		id: idText && /^[a-z0-9][a-z0-9-]{0,80}$/.test(idText) ? idText : '',
		list: row.list, number: given.number ?? null, slide: null, org_unit: given.org ?? null,
		title: p.title, title_source: p.titleSource ?? p.title, partners_source: p.partnerText, performer_source: row.performerText || null,
		performer: perf, legal_form: row.legalForm ?? 'unknown', legal_form_source: row.lfSourceText || row.lfText || null,
		start_source: startText || null, start: startText || null, end: endText || null, status: st,
		topics: topicList ?? [], description: given.description ?? null, notes: given.notes ?? null, ...(given.source ? { source: given.source } : {}), derived,
		participants, partner_groups: p.groups.map((g) => ({ label: g.label, count: g.count, note: null })), events: []
	};
	if (participants.length === 0 && p.groups.length === 0 && !p.blocked) findings.push({ level: 'warning', text: 'Keine Partner angegeben.' });
	return { record, changes: [], baseVersion: null, action: 'create' };
}
