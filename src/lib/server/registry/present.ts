/**
 * JSON, CSV and XLSX forms of a result list: the same query, the same rows as the HTML table.
 * CSV: UTF-8 with BOM (German Excel detects it), comma or semicolon, and cells that a spreadsheet
 * would run as a formula (= + - @, tab, CR) prefixed with an apostrophe (OWASP CSV injection).
 */
import type { CooperationRow } from './rows';
import type { BodyListItem } from './profiles';
import { BODY_KIND_LABEL } from '../../i18n/de';
import { parseFuzzyDate } from '../../domain/fuzzy-date';
import type { XlsxColumn, XlsxSheetSpec, XlsxValue } from '../tables/xlsx-write';

/** The public JSON shape of one cooperation in a result list. */
export function cooperationJson(r: CooperationRow) {
	return {
		id: r.id,
		list: r.list,
		number: r.number,
		title: r.title,
		partners: r.partners.filter((p) => p.role !== 'performer').map((p) => ({ id: p.id, name: p.name, role: p.role, joined: p.joined, left: p.left })),
		partner_groups: r.partnerGroups,
		performer: r.performer,
		legal_form: { id: r.legalForm.id, label: r.legalForm.label, source: r.legalForm.source },
		start: r.start,
		end: r.end,
		status: r.status,
		topics: r.topics.map((t) => t.id),
		org_unit: r.orgUnit,
		source: r.sourceText
	};
}

/** The text of the deck's "Partner" column: named partners, then groups. */
export function partnerText(r: CooperationRow): string {
	const named = r.partners.filter((p) => p.role !== 'performer').map((p) => p.name);
	const groups = r.partnerGroups.map((g) => g.label);
	return [...named, ...groups].join(', ');
}

export const CSV_HEADER = ['Liste', 'Nr.', 'Aufgabenbereich', 'Partner', 'Aufgabenerledigung durch', 'Rechtsform',
	'Rechtsform (Quelle)', 'seit', 'bis', 'Status', 'Themenfeld', 'Org.', 'ID', 'Quelle'];

export function csvRecord(r: CooperationRow): (string | number | null)[] {
	return [
		r.listLabel, r.number, r.title, partnerText(r), r.performer.name, r.legalForm.label, r.legalForm.source,
		r.start, r.end, r.statusLabel, r.topics.map((t) => t.label).join('; '), r.orgUnit, r.id, r.sourceText
	];
}

/** Neutralise a value a spreadsheet would evaluate, then quote it if needed. */
export function csvCell(value: string | number | null, sep: string): string {
	if (value === null || value === undefined) return '';
	let s = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	if (s.includes(sep) || /["\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
	return s;
}

export function toCsv(header: string[], records: (string | number | null)[][], sep: ',' | ';'): string {
	const lines = [header, ...records].map((rec) => rec.map((v) => csvCell(v, sep)).join(sep));
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** The public JSON shape of one body in a list. */
export function bodyJson(b: BodyListItem) {
	return { id: b.id, name: b.name, kind: b.kind, ags: b.ags, parent: b.parentName, cooperations: b.cooperations };
}

export const BODY_CSV_HEADER = ['Name', 'Art', 'gehört zu', 'Gemeindeschlüssel', 'Kooperationen', 'ID'];

export function bodyCsvRecord(b: BodyListItem): (string | number | null)[] {
	return [b.name, BODY_KIND_LABEL[b.kind] ?? b.kind, b.parentName, b.ags, b.cooperations, b.id];
}

// ---------------------------------------------------------------------------------------------
// XLSX (issue 4): the CSV columns, "seit"/"bis" as date cells where the text is exactly one day,
// and the source texts next to them, so nothing of the original is lost.

/** Columns of the XLSX export: the CSV's, with "seit (Text)", "bis (Text)" and the numeric "Beginn (Jahr)" right after "bis". */
export const XLSX_COLUMNS: XlsxColumn[] = [
	{ header: 'Liste', width: 24 },
	{ header: 'Nr.', width: 6 },
	{ header: 'Aufgabenbereich', width: 50, wrap: true },
	{ header: 'Partner', width: 60, wrap: true },
	{ header: 'Aufgabenerledigung durch', width: 28, wrap: true },
	{ header: 'Rechtsform', width: 24 },
	{ header: 'Rechtsform (Quelle)', width: 24 },
	{ header: 'seit', width: 12 },
	{ header: 'bis', width: 12 },
	{ header: 'seit (Text)', width: 24 },
	{ header: 'bis (Text)', width: 24 },
	{ header: 'Beginn (Jahr)', width: 8 },
	{ header: 'Status', width: 14 },
	{ header: 'Themenfeld', width: 34, wrap: true },
	{ header: 'Org.', width: 8 },
	{ header: 'ID', width: 26 },
	{ header: 'Quelle', width: 40, wrap: true }
];

export const XLSX_HEADER: string[] = XLSX_COLUMNS.map((c) => c.header);

/**
 * A fuzzy date as a date cell when its text is exactly one day ("03.12.1979"); otherwise the text
 * ("Schuljahr 1983/84", "01.01.2014 (Bergkamen)", "geplant 01.08.2016") or null.
 */
export function xlsxDate(text: string | null): XlsxValue {
	if (text === null || text.trim() === '') return null;
	const d = parseFuzzyDate(text);
	const exact = d && d.parts.length === 1 && d.precision === 'day' && d.earliest !== null && d.earliest === d.latest &&
		d.qualifier === null && d.parts[0]!.label === null && !/\p{L}/u.test(text);
	return exact ? { date: d.earliest! } : text;
}

/**
 * The first year a fuzzy date can mean, as a number ("2003 (Unna) 2004 (Bönen)" → 2003,
 * "Schuljahr 1983/84" → 1983, "2015 gepl." → 2015), so a sheet sorts by year; null for "?" or no text.
 */
export function xlsxYear(text: string | null): number | null {
	if (text === null || text.trim() === '') return null;
	const earliest = parseFuzzyDate(text)?.earliest ?? null;
	return earliest ? Number(earliest.slice(0, 4)) : null;
}

export function xlsxRecord(r: CooperationRow): XlsxValue[] {
	return [
		r.listLabel, r.number, r.title, partnerText(r), r.performer.name, r.legalForm.label, r.legalForm.source,
		xlsxDate(r.start), xlsxDate(r.end), r.start, r.end, xlsxYear(r.start), r.statusLabel, r.topics.map((t) => t.label).join('; '), r.orgUnit, r.id, r.sourceText
	];
}

/** The sheet of the /kooperationen.xlsx export, with its print setup (A4 landscape, one page wide, header on every page). */
export function cooperationSheet(rows: readonly CooperationRow[]): XlsxSheetSpec {
	return { name: 'Kooperationen', columns: XLSX_COLUMNS, rows: rows.map(xlsxRecord), print: true };
}
