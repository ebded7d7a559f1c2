/**
 * JSON files as import tables: the app's own exports (`/kooperationen.json?alle=1`, the open data
 * file) come back as the CSV export's columns, so an exported JSON imported again changes
 * nothing; any other array of flat objects becomes a table with the keys as headers.
 */
import type { ImportTable } from './model';

interface ExportedCooperation {
	id?: unknown;
	list?: unknown;
	number?: unknown;
	title?: unknown;
	partners?: { name?: unknown }[];
	partner_groups?: { label?: unknown }[];
	performer?: { name?: unknown };
	legal_form?: { label?: unknown; source?: unknown };
	start?: unknown;
	end?: unknown;
	status?: unknown;
	topics?: unknown[];
	org_unit?: unknown;
	source?: unknown;
}

const HEADER = ['Liste', 'Nr.', 'Aufgabenbereich', 'Partner', 'Aufgabenerledigung durch', 'Rechtsform', 'Rechtsform (Quelle)', 'seit', 'bis', 'Status', 'Themenfeld', 'Org.', 'ID'];

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function exportedRow(c: ExportedCooperation, withSource: boolean): string[] {
	const partners = [...(c.partners ?? []).map((p) => str(p?.name)), ...(c.partner_groups ?? []).map((g) => str(g?.label))].filter(Boolean);
	return [
		str(c.list), str(c.number), str(c.title), partners.join(', '), str(c.performer?.name), str(c.legal_form?.label), str(c.legal_form?.source),
		str(c.start), str(c.end), str(c.status), (c.topics ?? []).map(str).join('; '), str(c.org_unit), str(c.id),
		...(withSource ? [str(c.source)] : [])
	];
}

const isExported = (x: unknown): x is ExportedCooperation =>
	!!x && typeof x === 'object' && 'title' in x && 'legal_form' in x && typeof (x as { legal_form: unknown }).legal_form === 'object';

/** Does the file look like JSON (after a BOM and white space)? */
export function looksLikeJson(bytes: Uint8Array): boolean {
	let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
	return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/** The table a JSON file stands for, or a German message why it cannot be read. */
export function jsonTable(bytes: Uint8Array, maxRows: number): ImportTable | string {
	let data: unknown;
	try {
		data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
	} catch {
		return 'Die JSON-Datei ist nicht lesbar (kein gültiges JSON in UTF-8).';
	}
	const items: unknown = Array.isArray(data) ? data
		: data && typeof data === 'object' ? ((data as { items?: unknown; cooperations?: unknown }).items ?? (data as { cooperations?: unknown }).cooperations) : null;
	if (!Array.isArray(items)) return 'Die JSON-Datei enthält keine Liste von Einträgen (erwartet: ein Array oder „items“/„cooperations“).';
	if (items.length > maxRows) return `Die Datei hat ${items.length.toLocaleString('de-DE')} Einträge; erlaubt sind höchstens ${maxRows.toLocaleString('de-DE')}.`;
	if (!items.length) return 'Die JSON-Datei enthält keine Einträge.';
	let rows: string[][];
	if (items.every(isExported)) {
		// Exports from before the source field (issue 14) have no "source": the column stays out, so
		// importing them leaves the sources as they are.
		const withSource = items.some((x) => 'source' in x);
		rows = [withSource ? [...HEADER, 'Quelle'] : HEADER, ...items.map((x) => exportedRow(x, withSource))];
	} else if (items.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
		const keys: string[] = [];
		for (const x of items as Record<string, unknown>[]) for (const k of Object.keys(x)) if (!keys.includes(k) && keys.length < 100) keys.push(k);
		rows = [keys, ...(items as Record<string, unknown>[]).map((x) => keys.map((k) => str(x[k])))];
	} else {
		return 'Die JSON-Datei enthält keine Tabelle (erwartet: eine Liste von Objekten).';
	}
	return { format: 'json', sheets: [{ name: 'JSON', rows: rows.map((r) => r.map((text) => ({ text }))) }] };
}
