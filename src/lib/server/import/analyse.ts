/**
 * The import preview (issue 4, item 1): an uploaded table, a column mapping and the user's
 * decisions give, row by row, what would be created or changed and what is wrong. Nothing is
 * written here; `apply.ts` writes exactly what this computed, in one transaction.
 *
 * The analysis runs as named steps (issue 20, part 3), each in its own module, with batched reads
 * instead of a query per row:
 *   read table → map columns → batched read (lookups.ts) → parse rows → resolve names (names.ts)
 *   → find duplicates (duplicates.ts) → batched read of the matched records → build records
 *   (records.ts) → build preview.
 *
 * Rules (the same for every region; no names of any region in code):
 * - partners: the cell is split into names and groups (domain/partner-text.ts); names are resolved
 *   against the national directory with the place around them; an unknown name blocks until the
 *   user picks a suggestion, a new body, or "keep as text" (then it becomes a partner group);
 * - a region column puts a row into that region of the register; an unknown region is a row error;
 * - a row with an ID updates that record; otherwise a row with the same list, title, partner set
 *   and an overlapping period is that record; a similar title with the same partners and an
 *   overlapping period is a likely duplicate and is skipped unless the user says "create anyway";
 * - an update changes a field only when the file's value differs from what the register shows
 *   (and exports), so an export imported again changes nothing;
 * - dates are fuzzy text: unreadable ones are kept as text and marked; unknown legal forms become
 *   "not given" with the source text kept and marked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findHeaderRow, mappingProblems, suggestMapping, TARGETS, type Target } from '../../domain/import-columns';
import { foldGerman } from '../../domain/text-fold';
import { readCooperations, type StoredCooperation } from '../registry/write';
import { cellText, isFooterRow } from './cells';
import { placesOfRows, uniquePlaces, type RowContext } from './names';
import { FileRows } from './duplicates';
import { loadExisting, loadLookups, type Lookups } from './lookups';
import { cellOf, matchRow, parseRow, regionOfRow, resolveRow, rowKey, type Columns, type RowState } from './rows';
import { buildCreate, buildUpdate, type Built } from './records';
import { NEW_BODY, NEW_BODY_KINDS, type ImportOptions, type ImportPreview, type ImportTable, type PreviewRow, type RowAction, type UnknownName } from './model';
import type { Cell } from '../tables/types';

export { cellText, isFooterRow } from './cells';
export { AS_TEXT, EMPTY_OPTIONS, NEW_BODY, NEW_BODY_KINDS } from './model';
export type { Finding, ImportOptions, ImportPreview, ImportTable, PreviewRow, RowAction, UnknownName } from './model';

interface Sheet {
	index: number;
	rows: Cell[][];
	texts: string[][];
	headerRow: number;
	headers: string[];
}

/** Step "read table": the sheet, its texts and its header row. */
function readSheet(table: ImportTable, options: ImportOptions): Sheet {
	const index = Math.min(Math.max(options.sheet, 0), table.sheets.length - 1);
	const rows = table.sheets[index]!.rows;
	const texts = rows.map((r) => r.map(cellText));
	const headerRow = options.headerRow !== null && options.headerRow >= 0 && options.headerRow < texts.length ? options.headerRow : findHeaderRow(texts);
	const width = Math.max(0, ...texts.map((r) => r.length));
	return { index, rows, texts, headerRow, headers: Array.from({ length: width }, (_, i) => texts[headerRow]?.[i] ?? '') };
}

/** Step "map columns": the user's mapping or the suggestion, and the defaults rows start from. */
function mapColumns(sheet: Sheet, options: ImportOptions, lk: Lookups): Columns & { mapping: Target[]; suggested: Target[]; problems: string[] } {
	const suggested = suggestMapping(sheet.headers);
	const mapping: Target[] = options.mapping && options.mapping.length === sheet.headers.length
		? options.mapping.map((t) => ((TARGETS as readonly string[]).includes(t) ? t : 'ignore'))
		: suggested;
	const col = (t: Target) => mapping.indexOf(t);
	const defaultList = options.list && lk.lists.some((l) => l.id === options.list) ? options.list
		: (col('title_with_partners') >= 0 || col('org_unit') >= 0) && lk.lists.some((l) => l.id === 'kreis') ? 'kreis'
		: lk.lists.find((l) => l.id !== 'kreis')?.id ?? lk.lists[0]?.id ?? 'kommunen';
	const defaultTopic = options.topic && lk.topics.some((t) => t.id === options.topic) ? options.topic : null;
	return { col, mapping, suggested, problems: mappingProblems(mapping), defaultList, defaultTopic };
}

/** The data rows under the header: not empty, not the header repeated (the deck's slides), not a footer. */
function dataRows(sheet: Sheet): number[] {
	const header = sheet.headers.map((h) => foldGerman(h));
	const isHeader = (texts: string[]) => header.every((h, j) => (texts[j] ?? '') === sheet.headers[j] || foldGerman(texts[j] ?? '') === h)
		&& texts.slice(header.length).every((t) => !t);
	const out: number[] = [];
	for (let i = sheet.headerRow + 1; i < sheet.rows.length; i++) {
		const texts = sheet.texts[i]!;
		if (!texts.some(Boolean) || isHeader(texts) || isFooterRow(texts)) continue;
		out.push(i);
	}
	return out;
}

/** Step "parse rows", with the batched reads the rows need: the existing records of their regions and the records their IDs name. */
async function parseRows(db: Kysely<Database>, sheet: Sheet, indexes: number[], c: Columns, lk: Lookups): Promise<RowState[]> {
	const memo = new Map<string, string | null>();
	const regions = indexes.map((i) => regionOfRow(sheet.rows[i]!, c, lk, memo));
	await loadExisting(db, lk, [...new Set([lk.regionId, ...regions.filter((r): r is string => !!r)])]);
	const ids = indexes.map((i) => cellOf(sheet.rows[i]!, c)('id')).filter((id) => id && lk.existingById.has(id));
	const known = await readCooperations(db, ids);
	return indexes.map((i, n) => {
		const id = cellOf(sheet.rows[i]!, c)('id');
		const row = parseRow(sheet.rows[i]!, i, c, lk, regions[n] ?? lk.regionId, (id && known.get(id)) || null);
		if (!regions[n]) {
			row.findings.push({ level: 'error', text: `Region „${cellOf(sheet.rows[i]!, c)('region')}“ ist im IKZ-Atlas nicht angelegt – bitte die Region anlegen oder die Zeile auslassen.` });
			row.p.blocked = true;
		}
		return row;
	});
}

/** Step "resolve names": row by row, with the places of the row, the file and the row's region. */
function resolveNames(states: RowState[], sheet: Sheet, c: Columns, lk: Lookups, options: ImportOptions): RowContext {
	const placed = placesOfRows(states.map((s) => s.cells), c.col, lk);
	const file = uniquePlaces(placed.flat());
	const ctx: RowContext = { lk, options, anchors: { row: [], file, region: [] }, unknown: new Map(), newBodies: new Map(), newAliases: new Map(), resolved: new Set() };
	states.forEach((s, n) => {
		ctx.anchors = { row: placed[n] ?? [], file, region: lk.regions.get(s.regionId)?.places ?? [] };
		resolveRow(s, c, ctx);
	});
	return ctx;
}

/** Steps "find duplicates" and "build records": one batched read of the records the rows are. */
async function buildRows(db: Kysely<Database>, states: RowState[], c: Columns, lk: Lookups, options: ImportOptions, today: Date): Promise<PreviewRow[]> {
	for (const s of states) matchRow(s, lk);
	const stored = await readCooperations(db, states.filter((s) => s.existing && !s.known).map((s) => s.existing!.id));
	const file = new FileRows();
	return states.map((s) => {
		const old: StoredCooperation | null = s.known ?? (s.existing ? stored.get(s.existing.id) ?? null : null);
		const built: Built = old ? buildUpdate(s, old, c, lk) : buildCreate(s, c, lk, today);
		let action: RowAction = built.action;
		const decision = options.rows[String(s.index)];
		const row = { ...rowKey(s), line: s.line, regionId: s.regionId, title: s.p.title, startText: s.startText, endText: s.endText, statusText: s.statusText };
		const earlier = s.p.title ? file.match(row) : null;
		let isDuplicate = false;
		if (action === 'create' && s.duplicate) {
			isDuplicate = true;
			s.findings.push({ level: 'warning', text: `Mögliches Duplikat von Nr. ${s.duplicate.number ?? '–'} „${s.duplicate.title}“.` });
			if (decision !== 'create') action = 'skip';
		}
		if (earlier) {
			isDuplicate = true;
			s.findings.push({ level: 'warning', text: earlier.same ? `Gleiche Zeile wie Zeile ${earlier.earlier.line} dieser Datei.`
				: `Mögliches Duplikat von Zeile ${earlier.earlier.line} dieser Datei (gleiche Partner)${earlier.differs.length ? `; unterscheidet sich: ${earlier.differs.join('; ')}` : ''}.` });
			if (decision !== 'create') action = 'skip';
		} else if (s.p.title) file.add(row);
		if (decision === 'skip') action = 'skip';
		if (s.p.blocked && action !== 'skip') action = 'error';
		const shown = old ? { id: old.record.id, title: old.record.title, number: old.record.number ?? null } : s.duplicate ? { id: s.duplicate.id, title: s.duplicate.title, number: s.duplicate.number } : null;
		return {
			index: s.index, line: s.line, action, regionId: old?.regionId ?? s.regionId, title: s.p.title || old?.record.title || '',
			partners: s.p.participants.map((id) => lk.names.body(id)).concat(s.p.groups.map((g) => g.label)),
			findings: s.findings, existing: shown, duplicate: isDuplicate, changes: built.changes,
			record: action === 'create' || action === 'update' ? built.record : null, baseVersion: built.baseVersion
		};
	});
}

/** Step "build preview": the names to decide (once each), counts, and what blocks applying. */
function unknownNames(ctx: RowContext, options: ImportOptions): UnknownName[] {
	return [...ctx.unknown.entries()].map(([key, u]) => {
		const q = options.search?.[key]?.trim();
		const found = q ? ctx.lk.dir.search(q, 8) : [];
		const suggestions = [...found, ...ctx.lk.dir.suggest(u.text, u.anchors).filter((s) => !found.some((f) => f.id === s.id))];
		const m = q ? ctx.lk.dir.resolve(q, u.anchors) : null;
		const hit = m && 'id' in m ? m.id : undefined;
		return { key, text: u.text, lines: u.lines, suggestions, decision: options.names[key] ?? hit ?? (options.createRemaining ? NEW_BODY : null), search: q ?? '' };
	});
}

/** The counts per action and what keeps the preview from being applied. */
export function summarise(rows: readonly PreviewRow[], problems: readonly string[]): Pick<ImportPreview, 'counts' | 'blocking'> {
	const counts: Record<RowAction, number> = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0 };
	for (const r of rows) counts[r.action]++;
	const blocking = [...problems];
	if (counts.error) blocking.push(`${counts.error} Zeile(n) mit Fehlern: bitte korrigieren (Namen zuordnen, Region prüfen) oder auslassen.`);
	if (!rows.length) blocking.push('Die Tabelle enthält unter der Kopfzeile keine Datenzeilen.');
	if (rows.length && counts.create + counts.update === 0) blocking.push('Es gibt nichts zu übernehmen: alle Zeilen sind unverändert oder ausgelassen.');
	return { counts, blocking };
}

/** Compute the preview for a read table and options. `today` decides derived statuses. */
export async function analyseImport(db: Kysely<Database>, regionId: string, table: ImportTable, options: ImportOptions, today = new Date()): Promise<ImportPreview> {
	const lk = await loadLookups(db, regionId);
	const sheet = readSheet(table, options);
	const columns = mapColumns(sheet, options, lk);
	const states = await parseRows(db, sheet, dataRows(sheet), columns, lk);
	const ctx = resolveNames(states, sheet, columns, lk, options);
	const rows = await buildRows(db, states, columns, lk, options, today);

	const { counts, blocking } = summarise(rows, columns.problems);
	const newKind = (NEW_BODY_KINDS as readonly string[]).includes(options.newKind ?? '') ? options.newKind! : 'sonstige';
	return {
		format: table.format, sheetNames: table.sheets.map((s) => s.name), sheet: sheet.index, headerRow: sheet.headerRow, headers: sheet.headers,
		samples: sheet.headers.map((_, i) => sheet.texts.slice(sheet.headerRow + 1).map((r) => r[i] ?? '').filter(Boolean).slice(0, 3)),
		mapping: columns.mapping, suggested: columns.suggested, mappingProblems: columns.problems,
		region: lk.regionId, regions: [...lk.regions.values()].map((r) => ({ id: r.id, name: r.name })),
		lists: lk.lists, list: columns.defaultList, topics: lk.topics, topic: columns.defaultTopic, unknownNames: unknownNames(ctx, options), rows, counts, blocking,
		newBodies: [...ctx.newBodies.entries()].map(([key, name]) => ({ key, name, kind: newKind, aliases: [...(ctx.newAliases.get(key) ?? [])] })),
		names: { resolved: [...ctx.resolved].filter((k) => !ctx.unknown.has(k)).length, asked: ctx.unknown.size, created: ctx.newBodies.size }
	};
}
