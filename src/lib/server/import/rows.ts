/**
 * One imported row, step by step (issue 20, part 3): `parseRow` reads the cells that need no names
 * (region, list, dates, status, topics, plain fields); `resolveRow` reads the names (title with
 * partners, partners, lead body) and what depends on them (legal form by the partners' Land);
 * `matchRow` finds the record the row is or resembles. No step queries the database: what they
 * need was read in batches before (lookups.ts).
 */
import type { CooperationRecord } from '../data/data-schema';
import type { StoredCooperation } from '../registry/write';
import type { Cell } from '../tables/types';
import type { Target } from '../../domain/import-columns';
import { splitPartnerText, splitTitlePartners } from '../../domain/partner-text';
import { foldGerman } from '../../domain/text-fold';
import { dateHint } from '../../domain/cooperation-form';
import { cellText, legalFormOf, PERFORMER_WORDS, STATUS_BY_KEY, topicOf } from './cells';
import { decideName, keepPartners, readPartners, resolveName, shownPartners, type Parsed, type RowContext } from './names';
import { findRecord, periodOf, registerDuplicate, type RowKey } from './duplicates';
import { regionOfText, type Existing, type Lookups, type Period } from './lookups';
import type { Finding } from './model';

/** The column mapping and the defaults every row starts from. */
export interface Columns {
	col: (t: Target) => number;
	defaultList: string;
	defaultTopic: string | null;
}

export interface RowState {
	index: number;
	line: number;
	cells: Cell[];
	findings: Finding[];
	regionId: string;
	list: string;
	idText: string;
	byId: Existing | null;
	/** The stored record the ID names (read in one batch before the rows). */
	known: StoredCooperation | null;
	p: Parsed;
	withPartners: string;
	performer: CooperationRecord['performer'] | null;
	performerText: string;
	legalForm: string | null;
	lfText: string;
	lfSourceText: string;
	startText: string;
	endText: string;
	period: Period;
	status: CooperationRecord['status'] | null;
	statusText: string;
	topics: string[] | null;
	given: { number?: number | null; org?: string | null; description?: string | null; notes?: string | null; source?: string | null };
	/** The record the row is (update/unchanged), or the one it likely duplicates. */
	existing: Existing | null;
	duplicate: Existing | null;
}

export const cellOf = (cells: Cell[], c: Columns) => (t: Target): string => (c.col(t) >= 0 ? cellText(cells[c.col(t)]) : '');

/** The region a row names (its region column), else the importing region; null: unknown. */
export function regionOfRow(cells: Cell[], c: Columns, lk: Lookups, memo: Map<string, string | null>): string | null {
	const text = cellOf(cells, c)('region');
	return text ? regionOfText(text, lk, memo) : lk.regionId;
}

/** The list of a row in its region: the list cell, else the file's list where the region has it. */
function listOfRow(text: string, regionId: string, c: Columns, lk: Lookups, findings: Finding[]): string {
	const lists = lk.regions.get(regionId)?.lists ?? lk.lists;
	const fallback = lists.some((l) => l.id === c.defaultList) ? c.defaultList : lists.find((l) => l.id !== 'kreis')?.id ?? lists[0]?.id ?? c.defaultList;
	if (!text) return fallback;
	const key = foldGerman(text);
	const exact = lists.find((l) => foldGerman(l.id) === key || foldGerman(l.label) === key);
	const hits = lists.filter((l) => foldGerman(l.label).startsWith(key) || foldGerman(l.id).startsWith(key));
	const hit = exact ?? (hits.length === 1 ? hits[0] : undefined);
	if (hit) return hit.id;
	findings.push({ level: 'warning', text: `Liste „${text}“ unbekannt – ${lk.names.list(fallback)} angenommen.` });
	return fallback;
}

/** Step "parse rows": what a row says without names. */
export function parseRow(cells: Cell[], index: number, c: Columns, lk: Lookups, regionId: string, known: StoredCooperation | null): RowState {
	const v = cellOf(cells, c);
	const findings: Finding[] = [];
	const idText = v('id');
	const startText = v('start_text') || v('start');
	const endText = v('end_text') || v('end');
	for (const [label, text] of [['seit', startText], ['bis', endText]] as const) {
		if (text && !dateHint(text).readable) findings.push({ level: 'warning', text: `Datum „${text}“ (${label}) nicht lesbar – als Text übernommen.` });
	}
	let status: CooperationRecord['status'] | null = null;
	if (c.col('status') >= 0 && v('status')) {
		status = STATUS_BY_KEY.get(foldGerman(v('status'))) ?? null;
		if (!status) findings.push({ level: 'warning', text: `Status „${v('status')}“ unbekannt – abgeleitet.` });
	}
	let topics: string[] | null = null;
	if (c.col('topics') >= 0 && v('topics')) {
		topics = [];
		for (const part of v('topics').split(/\s*[;,]\s*/).filter(Boolean)) {
			const t = topicOf(part, lk);
			if (t && !topics.includes(t)) topics.push(t);
			else if (!t) findings.push({ level: 'warning', text: `Themenfeld „${part}“ unbekannt.` });
		}
		if (!topics.length) topics = null;
	}
	const given = {
		number: c.col('number') >= 0 ? (/^\d{1,6}$/.test(v('number')) ? Number(v('number')) : null) : undefined,
		org: c.col('org_unit') >= 0 ? v('org_unit') || null : undefined,
		description: c.col('description') >= 0 ? v('description') || null : undefined,
		notes: c.col('notes') >= 0 ? v('notes') || null : undefined,
		// A source or link column is the cooperation's source (issue 14): a citation or an http(s) link.
		source: c.col('source') >= 0 ? v('source') || null : undefined
	};
	if (c.col('number') >= 0 && v('number') && given.number === null) findings.push({ level: 'warning', text: `Nr. „${v('number')}“ ist keine Zahl – ignoriert.` });
	return {
		index, line: index + 1, cells, findings, regionId, list: listOfRow(v('list'), regionId, c, lk, findings), idText,
		byId: idText ? lk.existingById.get(idText) ?? null : null, known,
		p: { title: '', titleSource: null, partnerText: null, participants: [], participantNotes: new Map(), groups: [], findings, blocked: false, unresolved: [] },
		withPartners: v('title_with_partners'), performer: null, performerText: v('performer'), legalForm: null,
		lfText: v('legal_form'), lfSourceText: v('legal_form_source'), startText, endText, period: periodOf(startText, endText),
		status, statusText: v('status'), topics, given, existing: null, duplicate: null
	};
}

/** Step "resolve names": title and partners, the lead body, and the legal form the partners' Land reads. */
export function resolveRow(r: RowState, c: Columns, ctx: RowContext): void {
	const { lk } = ctx;
	const v = cellOf(r.cells, c);
	const { p, known, withPartners } = r;
	// A row with the ID of an existing record: cells that read as the register shows them (and
	// exports them) stand for the record's own values, without being parsed again.
	if (withPartners && known && withPartners === (known.record.title_source ?? known.record.title)) {
		p.title = known.record.title;
		p.titleSource = known.record.title_source ?? null;
		keepPartners(known.record, p);
	} else if (withPartners) {
		p.titleSource = withPartners;
		const split = splitTitlePartners(withPartners);
		const pieces = split ? splitPartnerText(split.partners) : [];
		const anyKnown = pieces.some((pc) => pc.kind === 'group' || resolveName(pc.text, lk, ctx.anchors) || (pc.bare && resolveName(pc.bare, lk, ctx.anchors)));
		if (split && anyKnown) {
			p.title = split.title;
			p.partnerText = split.partners;
			readPartners(pieces, r.line, ctx, p);
		} else p.title = withPartners;
	} else p.title = v('title');
	if (c.col('partners') >= 0) {
		const partnerCell = v('partners');
		p.partnerText = partnerCell || null;
		if (known && partnerCell === shownPartners(known.record, lk)) keepPartners(known.record, p);
		else readPartners(splitPartnerText(partnerCell), r.line, ctx, p);
	}
	// The Kreis list names agreements of the Kreis: the Kreis takes part.
	const kreisBody = lk.regions.get(r.regionId)?.kreisBody ?? null;
	if (r.list === 'kreis' && kreisBody && c.col('partners') < 0 && !p.participants.includes(kreisBody)) p.participants.unshift(kreisBody);
	if (c.col('performer') >= 0) r.performer = performerOf(r, ctx);
	if (c.col('legal_form') >= 0 || c.col('legal_form_source') >= 0) {
		const from = r.lfText || r.lfSourceText;
		const lands = new Set(p.participants.map((id) => lk.dir.place(id)?.land).filter((x): x is string => !!x));
		let legalForm = legalFormOf(from, lk, lands);
		if (legalForm === null && r.lfSourceText && r.lfText) legalForm = legalFormOf(r.lfSourceText, lk, lands);
		if (legalForm === null) {
			legalForm = 'unknown';
			r.findings.push({ level: 'warning', text: `Rechtsform „${from}“ nicht erkannt – als „nicht angegeben“ übernommen, der Text bleibt erhalten.` });
		}
		r.legalForm = legalForm;
	}
}

function performerOf(r: RowState, ctx: RowContext): CooperationRecord['performer'] | null {
	const text = r.performerText;
	const word = PERFORMER_WORDS.find(([re]) => re.test(foldGerman(text)));
	if (!text || word) return { kind: word ? word[1] : 'unknown', body: null };
	const d = decideName(text, r.line, ctx);
	if ('ids' in d) return d.ids.length === 1 ? { kind: 'body', body: d.ids[0]! } : { kind: 'jointly', body: null };
	if ('asText' in d) return { kind: 'unknown', body: null, note: text };
	r.p.blocked = true;
	r.findings.push({ level: 'error', text: `Aufgabenträger „${text}“ ist unbekannt – bitte unten zuordnen.` });
	return null;
}

export const rowKey = (r: RowState): RowKey => ({ list: r.list, titleKey: foldGerman(r.p.title), partners: new Set(r.p.participants), unresolved: r.p.unresolved, period: r.period });

/** Step "find duplicates" against the register: the record the row is, or the one it likely duplicates. */
export function matchRow(r: RowState, lk: Lookups): void {
	const { idText, p } = r;
	r.existing = r.byId;
	if (idText && !r.byId) {
		if (lk.existingIds.has(idText)) {
			r.findings.push({ level: 'error', text: `ID ${idText} gehört zu einer archivierten oder anderen Region – nicht übernommen.` });
			p.blocked = true;
		} else if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(idText)) {
			r.findings.push({ level: 'error', text: `ID „${idText}“ ist ungültig (nur a–z, 0–9 und Bindestrich).` });
			p.blocked = true;
		}
	}
	if (!r.existing && !idText && p.title) {
		const key = rowKey(r);
		r.existing = findRecord(lk, r.regionId, key);
		if (!r.existing) r.duplicate = registerDuplicate(lk, r.regionId, key);
	}
	if (!p.title && !r.existing) {
		r.findings.push({ level: 'error', text: 'Aufgabenbereich fehlt.' });
		p.blocked = true;
	}
}
