/**
 * The import preview form (`/verwaltung/import/<id>`): sheet, header row, column mapping, the
 * user's choices for names and rows. Hand-read rather than a zod schema: its field names are
 * numbered (`spalte.<i>`, `name_key.<i>`, `zeile.<row>`) and every value is cut to a length and
 * checked against the allowed ones, so a hostile post gives the options of a harmless one
 * (tests/integration/request-parsers.property.test.ts).
 */
import { AS_TEXT, NEW_BODY, NEW_BODY_KINDS, type ImportOptions } from '../import/analyse';
import { TARGETS, type Target } from '../../domain/import-columns';

const field = (form: FormData, name: string, max = 200) => String(form.get(name) ?? '').slice(0, max);

/** The options a submitted preview form stands for. */
export function importOptionsForm(form: FormData, columns: number): ImportOptions {
	const sheet = Number(field(form, 'blatt', 4));
	const header = Number(field(form, 'kopfzeile', 7));
	const validSheet = Number.isInteger(sheet) && sheet >= 0 ? sheet : 0;
	const headerRow = Number.isInteger(header) && header >= 1 ? header - 1 : null;
	// Another sheet or header row has other columns: the mapping starts again from the suggestion.
	const moved = field(form, 'blatt', 4) !== field(form, 'blatt_vorher', 4) || field(form, 'kopfzeile', 7) !== field(form, 'kopfzeile_vorher', 7);
	const mapping: Target[] | null = moved || columns <= 0 ? null : Array.from({ length: Math.min(columns, 500) }, (_, i) => {
		const t = field(form, `spalte.${i}`, 40);
		return (TARGETS as readonly string[]).includes(t) ? (t as Target) : 'ignore';
	});
	const names: Record<string, string> = {};
	const search: Record<string, string> = {};
	for (let i = 0; i < 5000; i++) {
		const key = form.get(`name_key.${i}`);
		if (key === null) break;
		const k = String(key).slice(0, 300);
		const v = field(form, `name.${i}`, 400);
		if (v && (v === NEW_BODY || v === AS_TEXT || /^[a-z0-9][a-z0-9-]{0,80}$/.test(v) || (v.startsWith(`${NEW_BODY}:`) && v.length > NEW_BODY.length + 1))) names[k] = v;
		const q = field(form, `name_suche.${i}`, 200).trim();
		// A new search text replaces the choice in the list (the list then shows what it finds).
		if (q) {
			search[k] = q;
			if (q !== field(form, `name_suche_vorher.${i}`, 200).trim()) delete names[k];
		}
	}
	const kind = field(form, 'art', 40);
	const rows: Record<string, 'skip' | 'create'> = {};
	for (const [k, v] of form.entries()) {
		const m = /^zeile\.(\d{1,7})$/.exec(k);
		if (m && (v === 'skip' || v === 'create')) rows[m[1]!] = v;
	}
	return {
		sheet: validSheet,
		headerRow: field(form, 'blatt', 4) !== field(form, 'blatt_vorher', 4) ? null : headerRow,
		mapping,
		list: field(form, 'liste', 80) || null,
		topic: field(form, 'thema', 80) || null,
		names,
		rows,
		search,
		createRemaining: form.get('alle_neu') === 'ja',
		newKind: (NEW_BODY_KINDS as readonly string[]).includes(kind) ? kind : null
	};
}
