/**
 * JSON and CSV forms of a result list: the same query, the same rows as the HTML table.
 * CSV: UTF-8 with BOM (German Excel detects it), comma or semicolon, and cells that a spreadsheet
 * would run as a formula (= + - @, tab, CR) prefixed with an apostrophe (OWASP CSV injection).
 */
import type { CooperationRow } from './rows';
import type { BodyListItem } from './profiles';
import { BODY_KIND_LABEL } from '../../i18n/de';

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
		org_unit: r.orgUnit
	};
}

/** The text of the deck's "Partner" column: named partners, then groups. */
export function partnerText(r: CooperationRow): string {
	const named = r.partners.filter((p) => p.role !== 'performer').map((p) => p.name);
	const groups = r.partnerGroups.map((g) => g.label);
	return [...named, ...groups].join(', ');
}

export const CSV_HEADER = ['Liste', 'Nr.', 'Aufgabenbereich', 'Partner', 'Aufgabenerledigung durch', 'Rechtsform',
	'Rechtsform (Quelle)', 'seit', 'bis', 'Status', 'Themenfeld', 'Org.', 'ID'];

export function csvRecord(r: CooperationRow): (string | number | null)[] {
	return [
		r.listLabel, r.number, r.title, partnerText(r), r.performer.name, r.legalForm.label, r.legalForm.source,
		r.start, r.end, r.statusLabel, r.topics.map((t) => t.label).join('; '), r.orgUnit, r.id
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
