/**
 * Issue 14, the importer's remaining gaps: a topic is optional and a source column becomes the
 * cooperation's source – end to end, from an imported file through the register (search facet
 * "ohne Themenfeld", overview counts, profile, CSV/JSON export) and back into the import.
 * The file is written the way another office would (other spellings, a link, a citation, a
 * `javascript:` text, rows without topics), not the deck's tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { analyseImport, EMPTY_OPTIONS, type ImportOptions, type ImportTable } from '../../src/lib/server/import/analyse';
import { applyPreview } from '../../src/lib/server/import/apply';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { cooperationProfile, overview } from '../../src/lib/server/registry/profiles';
import { CSV_HEADER, csvRecord, cooperationJson, XLSX_HEADER, xlsxRecord } from '../../src/lib/server/registry/present';
import { jsonTable } from '../../src/lib/server/import/json-table';
import { readSettings } from '../../src/lib/server/settings';
import type { Actor } from '../../src/lib/server/auth/policy';

const REGION = 'kreis-unna';
const ACTOR: Actor = { role: 'coordinator', userId: null, name: 'Test-Import', email: null, bodyId: 'kreis-unna', regionId: REGION };
const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ ...EMPTY_OPTIONS, names: {}, rows: {}, ...o });
const tbl = (rows: string[][]): ImportTable => ({ format: 'csv', sheets: [{ name: 'Blatt 1', rows: rows.map((r) => r.map((text) => ({ text }))) }] });
const S = readSettings({});

const FILE = [
	['lfd. Nr.', 'Vorhaben', 'Kooperationspartner', 'Beginn', 'Fundstelle'],
	['', 'Gemeinsame Pflege der Obstwiesen am Haarstrang', 'Stadt Unna; Gemeinde Holzwickede', '2019', 'https://www.example.org/ratsinfo/vorlage-2019-117.pdf'],
	['', 'Abstimmung der Öffnungszeiten der Bürgerbüros', 'Fröndenberg/Ruhr, Bönen', 'Okt. 2021', 'Niederschrift HFA Fröndenberg vom 12.10.2021, TOP 7'],
	['', 'Gemeinsame Schulung der Wahlhelfer', 'Selm, Werne', '2022', 'javascript:alert(document.cookie)'],
	['', 'Gemeinsamer Winterdienst auf Kreisgrenzstraßen', 'Lünen, Selm', '2020', '']
];
const TITLES = FILE.slice(1).map((r) => r[1]!);
/** The first three titles name no topic; "Winterdienst" gives one (a task rule: Verkehr). */
const WITHOUT = TITLES.slice(0, 3);

let h: DatabaseHandle;
beforeAll(async () => { h = await loadedDatabase(); }, 300_000);
afterAll(async () => { await h?.close(); });

describe('an import without topics and with a source column', () => {
	it('creates the rows without a topic where the title gives none, with their sources, and nothing in the notes', async () => {
		const p = await analyseImport(h.db, REGION, tbl(FILE), opts());
		expect(p.mapping).toEqual(['number', 'title', 'partners', 'start', 'source']);
		expect(p.blocking).toEqual([]);
		expect(p.rows.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create']);
		expect(p.rows.map((r) => r.record!.topics)).toEqual([[], [], [], ['verkehr']]);
		expect(p.rows.map((r) => r.record!.derived.includes('topics'))).toEqual([false, false, false, true]);
		expect(p.rows.map((r) => r.record!.source)).toEqual([
			'https://www.example.org/ratsinfo/vorlage-2019-117.pdf', 'Niederschrift HFA Fröndenberg vom 12.10.2021, TOP 7', 'javascript:alert(document.cookie)', undefined
		]);
		expect(p.rows.map((r) => r.record!.notes)).toEqual([null, null, null, null]);
		const out = await applyPreview(h.db, ACTOR, REGION, p, { jobId: null, fileName: 'ohne-themen.csv' });
		expect(out.ok).toBe(true);
		const stored = await h.db.selectFrom('cooperation').select(['title', 'source']).where('title', 'in', TITLES).orderBy('title').execute();
		expect(stored).toHaveLength(4);
		const topics = await h.db.selectFrom('cooperation_topic').innerJoin('cooperation', 'cooperation.seq', 'cooperation_topic.cooperation_seq')
			.select(['cooperation.title', 'cooperation_topic.topic_id']).where('cooperation.title', 'in', TITLES).execute();
		expect(topics).toEqual([{ title: TITLES[3], topic_id: 'verkehr' }]);
	});

	it('finds them under "ohne Themenfeld" and counts them in the overview', async () => {
		const all = await searchPage(h.db, new URLSearchParams(''), S, 'export');
		const facet = all.facets.find((f) => f.key === 'topic')!;
		const none = facet.options.find((o) => o.value === '_ohne');
		expect(none).toMatchObject({ label: 'ohne Themenfeld', count: 3 });
		const found = await searchPage(h.db, new URLSearchParams('thema=_ohne&sort=titel'), S, 'export');
		expect(found.rows.map((r) => r.title).sort()).toEqual([...WITHOUT].sort());
		const o = await overview(h.db, REGION);
		expect(o.byTopic.find((t) => t.id === '_ohne')).toMatchObject({ label: 'ohne Themenfeld', count: 3 });
		expect(o.byTopic.reduce((n, t) => n + t.count, 0)).toBe(o.total);
	});

	it('shows the source on the profile as a link only when it is an http(s) URL', async () => {
		const ids = await h.db.selectFrom('cooperation').select(['id', 'title']).where('title', 'in', TITLES).execute();
		const byTitle = new Map(ids.map((r) => [r.title, r.id]));
		const profile = async (i: number) => (await cooperationProfile(h.db, byTitle.get(TITLES[i]!)!))!;
		expect((await profile(0)).citation).toEqual({ text: 'https://www.example.org/ratsinfo/vorlage-2019-117.pdf', href: 'https://www.example.org/ratsinfo/vorlage-2019-117.pdf' });
		expect((await profile(1)).citation).toEqual({ text: 'Niederschrift HFA Fröndenberg vom 12.10.2021, TOP 7', href: null });
		expect((await profile(2)).citation).toEqual({ text: 'javascript:alert(document.cookie)', href: null });
		expect((await profile(3)).citation).toBeNull();
		expect((await profile(2)).topics).toEqual([]);
	});

	it('exports topics as empty and the source; the export imported again changes nothing, an edited source is one change', async () => {
		const { rows } = await searchPage(h.db, new URLSearchParams('thema=_ohne&sort=nr'), S, 'export');
		const json = rows.map(cooperationJson);
		expect(json.map((j) => j.topics)).toEqual([[], [], []]);
		expect(json.map((j) => j.source).sort()).toEqual(FILE.slice(1, 4).map((r) => r[4]).sort());
		const src = CSV_HEADER.indexOf('Quelle');
		expect(src).toBeGreaterThan(0);
		const csv = rows.map((r) => csvRecord(r).map((v) => (v === null ? '' : String(v))));
		expect(csv.map((r) => r[CSV_HEADER.indexOf('Themenfeld')])).toEqual(['', '', '']);
		expect(rows.map((r) => xlsxRecord(r)[XLSX_HEADER.indexOf('Quelle')])).toEqual(csv.map((r) => r[src] || null));

		const again = await analyseImport(h.db, REGION, tbl([CSV_HEADER, ...csv]), opts());
		expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		const fromJson = jsonTable(new TextEncoder().encode(JSON.stringify({ items: json })), 1000);
		if (typeof fromJson === 'string') throw new Error(fromJson);
		expect((await analyseImport(h.db, REGION, fromJson, opts())).rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);

		const edited = csv.map((r) => [...r]);
		const at = edited.findIndex((r) => r[src]!.startsWith('Niederschrift'));
		edited[at]![src] = 'Amtsblatt Kreis Unna 2021, S. 4';
		const p = await analyseImport(h.db, REGION, tbl([CSV_HEADER, ...edited]), opts());
		expect(p.rows.map((r) => r.action).filter((a) => a === 'update')).toHaveLength(1);
		expect(p.rows[at]!.changes).toEqual([{ field: 'source', label: 'Quelle', before: 'Niederschrift HFA Fröndenberg vom 12.10.2021, TOP 7', after: 'Amtsblatt Kreis Unna 2021, S. 4' }]);
	});

	it('a default topic applies only when chosen', async () => {
		const file = [FILE[0]!, ['', 'Austausch der Heimatvereine', 'Kamen, Bergkamen', '2023', '']];
		expect((await analyseImport(h.db, REGION, tbl(file), opts())).rows[0]!.record!.topics).toEqual([]);
		const chosen = await analyseImport(h.db, REGION, tbl(file), opts({ topic: 'verwaltung-it' }));
		expect(chosen.rows[0]!.record!.topics).toEqual(['verwaltung-it']);
		expect(chosen.rows[0]!.record!.derived).toContain('topics');
	});
});
