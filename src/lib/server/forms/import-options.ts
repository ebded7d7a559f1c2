/**
 * The import preview form (`/verwaltung/import/<id>`): sheet, header row, column mapping, the
 * user's choices for names and rows. Its fields are numbered (`spalte.<i>`, `name_key.<i>` with
 * `name.<i>`, `name_suche.<i>`, `name_suche_vorher.<i>`, `zeile.<row>`), so the post is first
 * grouped (`groupedPost`) and then read through a zod schema that never fails: every value is cut
 * to a length and checked against what it may be, anything else reads as "not chosen". A hostile
 * post gives the options of a harmless one (tests/integration/request-parsers.property.test.ts).
 */
import { z } from 'zod';
import { capped, text } from './form-data';
import { AS_TEXT, NEW_BODY, NEW_BODY_KINDS, type ImportOptions } from '../import/analyse';
import { TARGETS, type Target } from '../../domain/import-columns';

/** A text field cut to `max` characters; a file or a missing field reads as ''. */
const cut = (max: number) => capped(max).catch('');

/** A name's choice: a body id, "new body" (optionally with a kind), "keep as text"; else none. */
const nameChoice = cut(400).transform((v) =>
	v && (v === NEW_BODY || v === AS_TEXT || /^[a-z0-9][a-z0-9-]{0,80}$/.test(v) || (v.startsWith(`${NEW_BODY}:`) && v.length > NEW_BODY.length + 1)) ? v : null);

const importOptionsPost = z.object({
	blatt: cut(4),
	blatt_vorher: cut(4),
	kopfzeile: cut(7),
	kopfzeile_vorher: cut(7),
	liste: cut(80),
	thema: cut(80),
	art: cut(40).transform((k) => ((NEW_BODY_KINDS as readonly string[]).includes(k) ? k : null)),
	alle_neu: text().catch('').transform((v) => v === 'ja'),
	spalte: z.array(cut(40).transform((t): Target => ((TARGETS as readonly string[]).includes(t) ? (t as Target) : 'ignore'))),
	name: z.array(z.object({ key: cut(300), choice: nameChoice, search: cut(200).transform((s) => s.trim()), searchBefore: cut(200).transform((s) => s.trim()) })),
	zeile: z.array(z.object({ row: z.string().regex(/^\d{1,7}$/), action: z.enum(['skip', 'create']) }).nullable().catch(null))
});

const MAX_COLUMNS = 500;
const MAX_NAMES = 5000;

/** The post with its numbered fields gathered into arrays, for the schema. */
function groupedPost(form: FormData, columns: number): Record<string, unknown> {
	const one = (name: string) => form.get(name) ?? '';
	const names: Record<string, unknown>[] = [];
	for (let i = 0; i < MAX_NAMES && form.has(`name_key.${i}`); i++) {
		names.push({ key: one(`name_key.${i}`), choice: one(`name.${i}`), search: one(`name_suche.${i}`), searchBefore: one(`name_suche_vorher.${i}`) });
	}
	const rows: unknown[] = [];
	for (const [k, v] of form.entries()) {
		const m = /^zeile\.(.*)$/s.exec(k);
		if (m) rows.push({ row: m[1], action: v });
	}
	return {
		...Object.fromEntries(['blatt', 'blatt_vorher', 'kopfzeile', 'kopfzeile_vorher', 'liste', 'thema', 'art', 'alle_neu'].map((k) => [k, one(k)])),
		spalte: Array.from({ length: columns > 0 ? Math.min(columns, MAX_COLUMNS) : 0 }, (_, i) => one(`spalte.${i}`)),
		name: names,
		zeile: rows
	};
}

/** How many columns the preview showed (`spalten`), so how many `spalte.<i>` to read. */
const columnCount = cut(4).transform((v) => (/^\d+$/.test(v) ? Number(v) : 0));

/** The options a submitted preview form stands for (`columns`: the form's own `spalten` unless given). */
export function importOptionsForm(form: FormData, columns: number = columnCount.parse(form.get('spalten'))): ImportOptions {
	const p = importOptionsPost.parse(groupedPost(form, columns));
	const sheet = Number(p.blatt);
	const header = Number(p.kopfzeile);
	const headerRow = Number.isInteger(header) && header >= 1 ? header - 1 : null;
	const sheetMoved = p.blatt !== p.blatt_vorher;
	// Another sheet or header row has other columns: the mapping starts again from the suggestion.
	const moved = sheetMoved || p.kopfzeile !== p.kopfzeile_vorher;
	const names: Record<string, string> = {};
	const search: Record<string, string> = {};
	for (const n of p.name) {
		if (n.choice !== null) names[n.key] = n.choice;
		// A new search text replaces the choice in the list (the list then shows what it finds).
		if (n.search) {
			search[n.key] = n.search;
			if (n.search !== n.searchBefore) delete names[n.key];
		}
	}
	const rows: Record<string, 'skip' | 'create'> = {};
	for (const r of p.zeile) if (r) rows[r.row] = r.action;
	return {
		sheet: Number.isInteger(sheet) && sheet >= 0 ? sheet : 0,
		headerRow: sheetMoved ? null : headerRow,
		mapping: moved || columns <= 0 ? null : p.spalte,
		list: p.liste || null,
		topic: p.thema || null,
		names,
		rows,
		search,
		createRemaining: p.alle_neu,
		newKind: p.art
	};
}
