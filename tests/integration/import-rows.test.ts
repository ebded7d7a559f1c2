/**
 * Issue 14, parts 3 and 4: rows keep what they carry, and only true duplicates are duplicates.
 * - A region column puts each row into its region of the register (one file spanning several
 *   Kreise and Länder); a region the register does not have is a row error, never a silent default;
 *   a source or link column is kept with the record.
 * - The same partners and a similar title are one agreement only when the periods overlap: an
 *   agreement that ended and a later new one of the same partners are two, within a file and
 *   against the register; the same file imported again changes nothing.
 * - A Länder list as a real .xlsx (written with the project's own XLSX writer, dates as date cells)
 *   imports with the same figures as its CSV twin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadedDatabase } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { loadShippedDirectory } from '../../src/lib/server/directory/load';
import { createRegionFromUnit } from '../../src/lib/server/registry/regions';
import { analyseImport, EMPTY_OPTIONS, type ImportOptions, type ImportPreview, type ImportTable } from '../../src/lib/server/import/analyse';
import { applyPreview } from '../../src/lib/server/import/apply';
import { withRegionPermission } from '../../src/lib/server/import/permission';
import { readUpload, tableLimits } from '../../src/lib/server/import/jobs';
import { readSettings } from '../../src/lib/server/settings';
import { writeXlsx, type XlsxValue } from '../../src/lib/server/tables/xlsx-write';
import type { Actor } from '../../src/lib/server/auth/policy';

const REGION = 'kreis-unna';
const ADMIN: Actor = { role: 'administrator', userId: null, name: 'Test-Import', email: null, bodyId: null, regionId: null };
const COORDINATOR: Actor = { role: 'coordinator', userId: null, name: 'Koordination Unna', email: null, bodyId: 'kreis-unna', regionId: REGION };
const LIMITS = tableLimits(readSettings({}));
const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ ...EMPTY_OPTIONS, names: {}, rows: {}, ...o });
const tbl = (rows: string[][]): ImportTable => ({ format: 'csv', sheets: [{ name: 'T', rows: rows.map((r) => r.map((text) => ({ text }))) }] });

let h: DatabaseHandle;
let cham: string;
beforeAll(async () => {
	h = await loadedDatabase();
	expect((await loadShippedDirectory(h.db, 'data')).status).toBe('applied');
	// A second region, created from the directory: Landkreis Cham (Bavaria).
	const r = await createRegionFromUnit(h.db, '09372');
	if (r.kind !== 'created') throw new Error(r.message);
	cham = r.id;
}, 300_000);
afterAll(async () => { await h?.close(); });

async function regionOf(title: string): Promise<string[]> {
	return (await h.db.selectFrom('cooperation').select('region_id').where('title', '=', title).orderBy('region_id').execute()).map((r) => r.region_id);
}

describe('a region column', () => {
	const rows = [
		['Region', 'Aufgabe', 'Beteiligte', 'seit', 'Link'],
		['Landkreis Cham', 'Gemeinsamer Winterdienst Testfall', 'Stadt Cham, Markt Lam', '2018', 'https://example.org/cham/winterdienst'],
		['09372', 'Gemeinsame Vergabestelle Testfall', 'Arrach, Lam', 'seit 01.01.2020', ''],
		['Kreis Unna', 'Gemeinsame Archivpflege Testfall', 'Unna, Kamen', '2019', 'Kreistagsvorlage 12/2019'],
		['', 'Gemeinsame Kassenprüfung Testfall', 'Bönen, Kamen', '2021', ''],
		['Landkreis Nirgendwo', 'Standesamt Testfall', 'Unna, Holzwickede', '2020', ''],
		['Lkr. Görlitz', 'Bauhof Testfall', 'Horka, Kodersdorf', '2020', '']
	];

	it('puts each row into its region; a region the register does not have is a row error', async () => {
		const p = await analyseImport(h.db, REGION, tbl(rows), opts({ topic: 'verwaltung-it' }));
		expect(p.mapping).toEqual(['region', 'title', 'partners', 'start', 'source']);
		expect(p.unknownNames).toEqual([]);
		expect(p.rows.map((r) => [r.line, r.regionId, r.action])).toEqual([
			[2, cham, 'create'], [3, cham, 'create'], [4, REGION, 'create'], [5, REGION, 'create'], [6, REGION, 'error'], [7, REGION, 'error']
		]);
		expect(p.rows[4]!.findings.map((f) => f.text).join(' ')).toMatch(/Region „Landkreis Nirgendwo“ ist im IKZ-Atlas nicht angelegt/);
		// Lkr. Görlitz is in the directory, but no region of the register: an error too, not a default.
		expect(p.rows[5]!.findings.map((f) => f.text).join(' ')).toMatch(/Region „Lkr. Görlitz“/);
		expect(p.blocking.join(' ')).toMatch(/2 Zeile\(n\) mit Fehlern/);
		// The source column is the record's source (issue 14), a link or a citation; the notes stay empty.
		expect(p.rows[0]!.record!.source).toBe('https://example.org/cham/winterdienst');
		expect(p.rows[2]!.record!.source).toBe('Kreistagsvorlage 12/2019');
		expect(p.rows[1]!.record!.source).toBeUndefined();
		expect(p.rows.map((r) => r.record?.notes ?? null)).toEqual([null, null, null, null, null, null]);
	});

	it('the preview marks rows into a region the user may not import into; applying refuses them, leaving them out works', async () => {
		// A coordinator restricted to Kreis Unna, a file spanning Kreis Unna and Landkreis Cham (Bavaria).
		const skip = { '5': 'skip', '6': 'skip' } as const;
		const raw = await analyseImport(h.db, REGION, tbl(rows), opts({ rows: { ...skip } }));
		expect(raw.blocking).toEqual([]);
		const p = withRegionPermission(raw, COORDINATOR);
		expect(p.rows.map((r) => [r.line, r.action])).toEqual([[2, 'error'], [3, 'error'], [4, 'create'], [5, 'create'], [6, 'skip'], [7, 'skip']]);
		expect(p.rows[0]!.record).toBeNull();
		expect(p.rows[0]!.findings.at(-1)).toEqual({ level: 'error', text: expect.stringMatching(/^Keine Berechtigung für die Region „Landkreis Cham“/) });
		expect(p.counts).toMatchObject({ create: 2, error: 2, skip: 2 });
		expect(p.blocking.join(' ')).toMatch(/2 Zeile\(n\) mit Fehlern/);
		// The same preview is fine for an administrator (nothing marked) and for the Cham rows' own coordinator it is the other way round.
		expect(withRegionPermission(raw, ADMIN)).toBe(raw);
		const chamCoordinator: Actor = { ...COORDINATOR, bodyId: null, regionId: cham };
		expect(withRegionPermission(raw, chamCoordinator).rows.map((r) => r.action)).toEqual(['create', 'create', 'error', 'error', 'skip', 'skip']);
		// Applying the marked preview writes nothing; applying the unmarked one is refused row by row.
		const marked = await applyPreview(h.db, COORDINATOR, REGION, p, { jobId: null, fileName: 'zwei-kreise.csv' });
		expect(marked.ok).toBe(false);
		if (!marked.ok) expect(marked.problems.join(' ')).toMatch(/2 Zeile\(n\) mit Fehlern/);
		expect(await regionOf('Gemeinsame Archivpflege Testfall')).toEqual([]);
		// Leaving the Cham rows out: the Unna rows import.
		const own = withRegionPermission(await analyseImport(h.db, REGION, tbl(rows), opts({ rows: { ...skip, '1': 'skip', '2': 'skip' } })), COORDINATOR);
		expect(own.rows.map((r) => r.action)).toEqual(['skip', 'skip', 'create', 'create', 'skip', 'skip']);
		expect(own.blocking).toEqual([]);
		expect(own.rows.filter((r) => r.record).map((r) => r.regionId)).toEqual([REGION, REGION]);
	});

	it('a coordinator of one region cannot write into another; an administrator can, and the file again changes nothing', async () => {
		const skip = { '5': 'skip', '6': 'skip' } as const;
		const p = await analyseImport(h.db, REGION, tbl(rows), opts({ topic: 'verwaltung-it', rows: { ...skip } }));
		expect(p.blocking).toEqual([]);
		const refused = await applyPreview(h.db, COORDINATOR, REGION, p, { jobId: null, fileName: 'regionen.csv' });
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.problems).toEqual([`Zeile 2: keine Berechtigung für die Region „${cham}“.`, `Zeile 3: keine Berechtigung für die Region „${cham}“.`]);
		expect(await regionOf('Gemeinsame Archivpflege Testfall')).toEqual([]);

		const out = await applyPreview(h.db, ADMIN, REGION, p, { jobId: null, fileName: 'regionen.csv' });
		expect(out.ok).toBe(true);
		expect(await regionOf('Gemeinsamer Winterdienst Testfall')).toEqual([cham]);
		expect(await regionOf('Gemeinsame Vergabestelle Testfall')).toEqual([cham]);
		expect(await regionOf('Gemeinsame Archivpflege Testfall')).toEqual([REGION]);
		expect(await regionOf('Gemeinsame Kassenprüfung Testfall')).toEqual([REGION]);
		expect(await regionOf('Standesamt Testfall')).toEqual([]);
		const sources = await h.db.selectFrom('cooperation').select(['title', 'source']).where('title', 'in', ['Gemeinsamer Winterdienst Testfall', 'Gemeinsame Archivpflege Testfall', 'Gemeinsame Kassenprüfung Testfall']).orderBy('title').execute();
		expect(sources).toEqual([
			{ title: 'Gemeinsame Archivpflege Testfall', source: 'Kreistagsvorlage 12/2019' },
			{ title: 'Gemeinsame Kassenprüfung Testfall', source: null },
			{ title: 'Gemeinsamer Winterdienst Testfall', source: 'https://example.org/cham/winterdienst' }
		]);

		const again = await analyseImport(h.db, REGION, tbl(rows), opts({ topic: 'verwaltung-it', rows: { ...skip } }));
		expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'skip', 'skip']);
	});
});

describe('true duplicates: overlapping dates', () => {
	const head = ['Aufgabe', 'Partner', 'seit', 'bis'];
	it('the same partners and title in periods that do not overlap are two cooperations, in the file and against the register', async () => {
		const file = [head,
			['Schülerbeförderung Testverbund', 'Holzwickede, Bönen', '2001', '2005'],
			['Schülerbeförderung Testverbund', 'Bönen, Holzwickede', '01.08.2015', '']
		];
		const p = await analyseImport(h.db, REGION, tbl(file), opts({ topic: 'bildung-wissenschaft' }));
		expect(p.unknownNames).toEqual([]);
		expect(p.rows.map((r) => [r.action, r.duplicate])).toEqual([['create', false], ['create', false]]);
		const out = await applyPreview(h.db, ADMIN, REGION, p, { jobId: null, fileName: 'schule.csv' });
		expect(out.ok && out.result.created.length).toBe(2);

		// The same file again: each row is its own record, nothing changes.
		const again = await analyseImport(h.db, REGION, tbl(file), opts({ topic: 'bildung-wissenschaft' }));
		expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
		expect(new Set(again.rows.map((r) => r.existing!.id)).size).toBe(2);

		// Against the register: a third period between the two is a third cooperation; a similar
		// title in the running period is a likely duplicate of that record; a period that overlaps
		// the ended one only is a duplicate of the ended one.
		const later = await analyseImport(h.db, REGION, tbl([head,
			['Schülerbeförderung Testverbund', 'Holzwickede, Bönen', '2008', '2012'],
			['Schülerbeförderungen Testverbund', 'Holzwickede, Bönen', '2020', ''],
			['Schülerbeförderungen Testverbund', 'Holzwickede, Bönen', '2003', '2004']
		]), opts({ topic: 'bildung-wissenschaft' }));
		expect(later.rows.map((r) => [r.action, r.duplicate])).toEqual([['create', false], ['skip', true], ['skip', true]]);
		const running = again.rows[1]!.existing!.id;
		const ended = again.rows[0]!.existing!.id;
		expect(later.rows[1]!.existing!.id).toBe(running);
		expect(later.rows[2]!.existing!.id).toBe(ended);
	});

	it('rows with a generic title and other partners are never merged, whatever their dates', async () => {
		const p = await analyseImport(h.db, REGION, tbl([head,
			['Standesamt', 'Selm, Werne', '2010', ''],
			['Standesamt', 'Selm, Olfen', '2010', ''],
			['Standesamt', 'Werne, Selm', '2012', '']
		]), opts({ topic: 'verwaltung-it' }));
		expect(p.rows.map((r) => r.action)).toEqual(['create', 'create', 'skip']);
		expect(p.rows[2]!.findings.map((f) => f.text).join(' ')).toMatch(/Zeile 2 dieser Datei.*seit „2010“ \/ „2012“/);
	});
});

/** The CSV list as an .xlsx an office would send: the same cells, exact days as date cells. */
function xlsxTwin(csvName: string): Uint8Array {
	const read = readUpload(new Uint8Array(readFileSync(`tests/fixtures/import/${csvName}`)), csvName, LIMITS);
	if (!read.ok) throw new Error(read.message);
	const rows = read.table.sheets[0]!.rows.map((r) => r.map((c): XlsxValue => {
		const d = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(c.text.trim());
		return d ? { date: `${d[3]}-${d[2]}-${d[1]}` } : c.text;
	}));
	const [first, ...rest] = rows;
	return writeXlsx([{ name: 'Zweckvereinbarungen', columns: first!.map((v) => ({ header: typeof v === 'string' ? v : '' })), rows: rest }], { created: new Date('2026-01-01T00:00:00Z') });
}

describe('a Länder list as a real .xlsx', () => {
	it('imports with the same figures as its CSV twin', async () => {
		const name = 'by-lra-zweckvereinbarungen.csv';
		const csv = readUpload(new Uint8Array(readFileSync(`tests/fixtures/import/${name}`)), name, LIMITS);
		const xlsx = readUpload(xlsxTwin(name), name.replace(/\.csv$/, '.xlsx'), LIMITS);
		if (!csv.ok || !xlsx.ok) throw new Error('unreadable');
		expect(xlsx.table.format).toBe('xlsx');
		// Dates really are date cells in the workbook, read back as the days the CSV writes.
		expect(xlsx.table.sheets[0]!.rows.flat().some((c) => c.date)).toBe(true);
		const o = opts({ topic: 'verwaltung-it' });
		const a: ImportPreview = await analyseImport(h.db, REGION, csv.table, o);
		const b: ImportPreview = await analyseImport(h.db, REGION, xlsx.table, o);
		expect(b.mapping).toEqual(a.mapping);
		expect(b.counts).toEqual(a.counts);
		expect(b.names).toEqual(a.names);
		expect(b.unknownNames.map((u) => u.text)).toEqual(a.unknownNames.map((u) => u.text));
		expect(b.rows.map((r) => [r.line, r.action, r.record?.start ?? null, r.record?.participants.map((x) => x.body)]))
			.toEqual(a.rows.map((r) => [r.line, r.action, r.record?.start ?? null, r.record?.participants.map((x) => x.body)]));
		// The figures themselves: the list's data rows, none lost, names resolved as in the CSV test (≥ 95 %).
		expect(a.rows.length).toBeGreaterThanOrEqual(15);
		expect(a.names.resolved / (a.names.resolved + a.names.asked)).toBeGreaterThanOrEqual(0.95);
	});
});
