/**
 * Import preview and apply (issue 4, item 1) on the shipped Kreis Unna data: the towns' table as
 * a person types it, the Kreis list with partners in the title, unknown names with suggestions,
 * unreadable dates, duplicates, an export imported again (nothing changes), all or nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { analyseImport, AS_TEXT, EMPTY_OPTIONS, NEW_BODY, type ImportOptions } from '../../src/lib/server/import/analyse';
import { applyPreview } from '../../src/lib/server/import/apply';
import type { ReadResult } from '../../src/lib/server/tables/types';
import { readCooperation, saveCooperation, cooperationVersions } from '../../src/lib/server/registry/write';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { CSV_HEADER, csvRecord, cooperationJson } from '../../src/lib/server/registry/present';
import { jsonTable } from '../../src/lib/server/import/json-table';
import { readSettings } from '../../src/lib/server/settings';
import type { Actor } from '../../src/lib/server/auth/policy';

const REGION = 'kreis-unna';
const ACTOR: Actor = { role: 'coordinator', userId: null, name: 'Test-Import', email: null, bodyId: 'kreis-unna', regionId: REGION };
const table = (rows: string[][]): ReadResult => ({ format: 'csv', sheets: [{ name: 'Tabelle1', rows: rows.map((r) => r.map((text) => ({ text }))) }] });
const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ ...EMPTY_OPTIONS, ...o });

const TOWNS_HEADER = ['Nr.', 'Aufgabenbereich', 'Partner', 'Aufgabenerledigung durch', 'Rechtsform', 'seit'];

describe("the towns' table as typed into a spreadsheet", () => {
	it('matches known rows, catches a misspelt town and an unreadable date, and creates the new row once decided', async () => {
		const { db } = await loadedDatabase();
		const t = table([
			['Kooperationen der Städte und Gemeinden (soweit bekannt)'],
			TOWNS_HEADER,
			['1', 'Gemeinsame Erziehungsberatungsstelle', 'Lünen, Selm, Werne', 'Caritas', 'e.V.', '1969'],
			['', 'Gemeinsamer Winterdienst', 'Kamen, Frödenberg', 'Kamen', 'ö-rV', 'Frühjahr zwanzigsiebzehn'],
			TOWNS_HEADER
		]);
		const p = await analyseImport(db, REGION, t, opts());
		expect(p.headerRow).toBe(1);
		expect(p.mapping).toEqual(['number', 'title', 'partners', 'performer', 'legal_form', 'start']);
		expect(p.rows).toHaveLength(2); // the repeated header is not data
		const [known, typed] = p.rows;
		expect(known!.action).toBe('unchanged');
		expect(known!.existing?.id).toBe('kommunen-1');
		expect(typed!.action).toBe('error');
		expect(typed!.findings.map((f) => f.text).join(' ')).toMatch(/„Frödenberg“ ist unbekannt/);
		expect(typed!.findings.map((f) => f.text).join(' ')).toMatch(/Datum „Frühjahr zwanzigsiebzehn“ \(seit\) nicht lesbar/);
		const unknown = p.unknownNames.find((u) => u.text === 'Frödenberg');
		expect(unknown?.suggestions[0]?.id).toBe('froendenberg');
		expect(unknown?.lines).toEqual([4]);
		expect(p.blocking.join(' ')).toMatch(/1 Zeile\(n\) mit Fehlern/);

		// Nothing is written while the preview blocks.
		const refused = await applyPreview(db, ACTOR, REGION, p, { jobId: null, fileName: 'staedte.csv' });
		expect(refused.ok).toBe(false);

		const decided = await analyseImport(db, REGION, t, opts({ names: { [unknown!.key]: 'froendenberg' } }));
		const row = decided.rows[1]!;
		expect(row.action).toBe('create');
		expect(row.record?.legal_form).toBe('oerv');
		expect(row.record?.start).toBe('Frühjahr zwanzigsiebzehn');
		expect(row.record?.participants.map((x) => [x.body, x.role])).toEqual([['kamen', 'lead'], ['froendenberg', 'member']]);
		expect(decided.blocking).toEqual([]);
		const applied = await applyPreview(db, ACTOR, REGION, decided, { jobId: null, fileName: 'staedte.csv' });
		expect(applied.ok).toBe(true);
		if (!applied.ok) return;
		expect(applied.result.created).toHaveLength(1);
		expect(applied.result.unchanged).toBe(1);
		const created = await readCooperation(db, applied.result.created[0]!);
		expect(created?.record.title).toBe('Gemeinsamer Winterdienst');
		expect(created?.record.number).toBeGreaterThan(50);
		const versions = await cooperationVersions(db, created!.record.id);
		expect(versions[0]?.action).toBe('importiert');
		expect(versions[0]?.comment).toMatch(/Import „staedte.csv“/);

		// The same file again: the new row is now the existing record, so nothing is left to do.
		const again = await analyseImport(db, REGION, t, opts({ names: { [unknown!.key]: 'froendenberg' } }));
		expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
		expect(again.blocking.join(' ')).toMatch(/nichts zu übernehmen/);
	});

	it('offers new bodies and keeping unknown names as text', async () => {
		const { db } = await loadedDatabase();
		const t = table([TOWNS_HEADER, ['', 'Gemeinsame Musikschule', 'Werne, Musterstadt', 'Musikschulverein Werne-Musterstadt', 'e.V.', '2001']]);
		const first = await analyseImport(db, REGION, t, opts());
		const keys = Object.fromEntries(first.unknownNames.map((u) => [u.text, u.key]));
		expect(Object.keys(keys).sort()).toEqual(['Musikschulverein Werne-Musterstadt', 'Musterstadt']);
		const p = await analyseImport(db, REGION, t, opts({ names: { [keys.Musterstadt!]: AS_TEXT, [keys['Musikschulverein Werne-Musterstadt']!]: NEW_BODY } }));
		expect(p.rows[0]!.action).toBe('create');
		expect(p.rows[0]!.record?.partner_groups.map((g) => g.label)).toEqual(['Musterstadt']);
		expect(p.newBodies.map((b) => b.name)).toEqual(['Musikschulverein Werne-Musterstadt']);
		const applied = await applyPreview(db, ACTOR, REGION, p, { jobId: null, fileName: 'musik.xlsx' });
		expect(applied.ok).toBe(true);
		if (!applied.ok) return;
		expect(applied.result.bodies).toHaveLength(1);
		const rec = (await readCooperation(db, applied.result.created[0]!))!.record;
		expect(rec.performer).toMatchObject({ kind: 'body', body: applied.result.bodies[0] });
		expect(rec.participants.find((x) => x.body === applied.result.bodies[0])?.role).toBe('performer');
	});
});

describe('the Kreis list: partners in the title', () => {
	it('reads the partners from the brackets and adds the Kreis; the deck\'s own row is unchanged, a title spelt differently is a likely duplicate', async () => {
		const { db } = await loadedDatabase();
		const t = table([
			['Nr.', 'Org.', 'Aufgabenbereich', 'Beginn'],
			['2', 'VKU', 'Öffentlicher Verkehr Verkehrsgesellschaft Kreis Unna mbH (Kreis Unna, Städte Bergkamen, Kamen, Lünen, Selm, Unna und Werne, Gemeinden Bönen und Holzwickede)', 'seit 1962 als VKU'],
			['2', 'VKU', 'Öffentlicher Verkehr Verkehrsgesellschaft Kreis Unna GmbH (Kreis Unna, Städte Bergkamen, Kamen, Lünen, Selm, Unna und Werne, Gemeinden Bönen und Holzwickede)', 'seit 1962 als VKU'],
			['', '32', 'Gemeinsames Veterinärlabor (Städte Kamen und Unna)', '01.07.2016']
		]);
		const p = await analyseImport(db, REGION, t, opts({ topic: 'gesundheit-pflege' }));
		expect(p.mapping).toEqual(['number', 'org_unit', 'title_with_partners', 'start']);
		expect(p.list).toBe('kreis');
		const [same, vku, lab] = p.rows;
		expect(same!.action).toBe('unchanged');
		expect(same!.existing?.id).toBe('kreis-2');
		expect(vku!.action).toBe('skip');
		expect(vku!.duplicate).toBe(true);
		expect(vku!.existing?.id).toBe('kreis-2');
		expect(lab!.action).toBe('create');
		expect(lab!.record?.title).toBe('Gemeinsames Veterinärlabor');
		expect(lab!.record?.title_source).toBe('Gemeinsames Veterinärlabor (Städte Kamen und Unna)');
		expect(lab!.record?.participants.map((x) => x.body)).toEqual(['kreis-unna', 'kamen', 'unna']);
		expect(lab!.record?.list).toBe('kreis');

		// "Create anyway" for the duplicate.
		const forced = await analyseImport(db, REGION, t, opts({ topic: 'gesundheit-pflege', rows: { '2': 'create' } }));
		expect(forced.rows[1]!.action).toBe('create');
	});
});

describe('an export imported again', () => {
	it('changes nothing: every row of the whole register is unchanged', async () => {
		const { db } = await loadedDatabase();
		const { rows } = await searchPage(db, new URLSearchParams('sort=nr'), readSettings({}), 'export');
		const t = table([CSV_HEADER, ...rows.map((r) => csvRecord(r).map((v) => (v === null ? '' : String(v))))]);
		const p = await analyseImport(db, REGION, t, opts());
		const changed = p.rows.filter((r) => r.action !== 'unchanged').map((r) => `${r.line} ${r.action} ${r.title}: ${r.findings.map((f) => f.text).join('; ')} ${r.changes.map((c) => `${c.label}: ${c.before} → ${c.after}`).join('; ')}`);
		expect(changed).toEqual([]);
		expect(p.rows).toHaveLength(rows.length);
	});

	it('the JSON export too', async () => {
		const { db } = await loadedDatabase();
		const { rows } = await searchPage(db, new URLSearchParams('sort=nr'), readSettings({}), 'export');
		const json = new TextEncoder().encode(JSON.stringify({ total: rows.length, items: rows.map(cooperationJson) }));
		const t = jsonTable(json, 100_000);
		if (typeof t === 'string') throw new Error(t);
		const p = await analyseImport(db, REGION, t, opts());
		expect(p.rows.filter((r) => r.action !== 'unchanged').map((r) => `${r.line} ${r.title}`)).toEqual([]);
		expect(p.rows).toHaveLength(rows.length);
		expect(jsonTable(new TextEncoder().encode('{"a": 1}'), 10)).toMatch(/keine Liste/);
		expect(jsonTable(new TextEncoder().encode('[{"Aufgabenbereich": "VHS", "Partner": "Kamen"}]'), 10)).toMatchObject({ format: 'json' });
	});

	it('an edited cell in the export becomes exactly one change', async () => {
		const { db } = await loadedDatabase();
		const { rows } = await searchPage(db, new URLSearchParams('partner=kamen&sort=nr'), readSettings({}), 'export');
		const data = rows.map((r) => csvRecord(r).map((v) => (v === null ? '' : String(v))));
		const titleCol = CSV_HEADER.indexOf('Aufgabenbereich');
		data[0]![titleCol] = `${data[0]![titleCol]} (neu gefasst)`;
		const p = await analyseImport(db, REGION, table([CSV_HEADER, ...data]), opts());
		expect(p.counts.update).toBe(1);
		expect(p.counts.unchanged).toBe(rows.length - 1);
		const upd = p.rows.find((r) => r.action === 'update')!;
		expect(upd.changes.map((c) => c.field)).toEqual(['title']);
	});
});

describe('all or nothing', () => {
	it('writes nothing when one row fails at apply time', async () => {
		const { db } = await loadedDatabase();
		// A new row and, through its ID, a change to kommunen-1.
		const withId = table([[...TOWNS_HEADER, 'ID'], ['', 'Gemeinsame Wohngeldstelle', 'Bönen, Kamen', 'Kamen', 'örV', '2018', ''], ['1', 'Gemeinsame Erziehungsberatungsstelle (geändert)', 'Lünen, Selm, Werne', 'Caritas', 'e.V.', '1969', 'kommunen-1']]);
		const p = await analyseImport(db, REGION, withId, opts({ topic: 'arbeit-soziales' }));
		expect(p.rows.map((r) => r.action)).toEqual(['create', 'update']);
		// Someone edits kommunen-1 between preview and confirmation.
		const cur = (await readCooperation(db, 'kommunen-1'))!;
		const saved = await saveCooperation(db, ACTOR, { regionId: REGION, record: { ...cur.record, notes: 'zwischendurch geändert' }, expectedVersion: cur.version, action: 'bearbeitet' });
		expect(saved.ok).toBe(true);
		const before = await db.selectFrom('cooperation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
		const out = await applyPreview(db, ACTOR, REGION, p, { jobId: null, fileName: 'x.csv' });
		expect(out.ok).toBe(false);
		if (!out.ok) expect(out.problems.join(' ')).toMatch(/inzwischen geändert/);
		const after = await db.selectFrom('cooperation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
		expect(await db.selectFrom('cooperation').select('id').where('title', '=', 'Gemeinsame Wohngeldstelle').executeTakeFirst()).toBeUndefined();
	});
});

describe('findings on odd cells', () => {
	it('keeps unknown legal forms as text, reads partner groups and a topic default', async () => {
		const { db } = await loadedDatabase();
		const t = table([TOWNS_HEADER,
			['', 'Interkommunaler Austausch Quartiersarbeit', 'Schwerte und weitere 12 Kommunen', 'Beteiligte', 'Kooperationsvereinbarung light', '2015 - 2020']]);
		// No topic derivable from the title: the row is created without one (a topic is optional) …
		const none = await analyseImport(db, REGION, t, opts());
		expect(none.rows[0]!.action).toBe('create');
		expect(none.rows[0]!.record?.topics).toEqual([]);
		expect(none.rows[0]!.record?.derived).not.toContain('topics');
		expect(none.rows[0]!.findings.map((f) => f.text).join(' ')).toMatch(/ohne Themenfeld angelegt/);
		// … unless the user picks one for such rows.
		const p = await analyseImport(db, REGION, t, opts({ topic: 'arbeit-soziales' }));
		const row = p.rows[0]!;
		expect(row.action).toBe('create');
		expect(row.findings.map((f) => f.text).join(' ')).toMatch(/Rechtsform „Kooperationsvereinbarung light“ nicht erkannt/);
		expect(row.record?.legal_form).toBe('unknown');
		expect(row.record?.legal_form_source).toBe('Kooperationsvereinbarung light');
		expect(row.record?.partner_groups).toEqual([{ label: 'weitere 12 Kommunen', count: 12, note: null }]);
		expect(row.record?.performer.kind).toBe('jointly');
		expect(row.record?.status).toBe('ended');
		expect(row.record?.topics).toEqual(['arbeit-soziales']);
	});
});

describe('another region, without changes to code', () => {
	it('imports a fictitious Kreis with its own names, abbreviations and list shape', async () => {
		const ds = readDataSet('data');
		const body = (id: string, name: string, kind: 'kreis' | 'stadt' | 'gemeinde', aliases: string[] = []) =>
			({ id, name, kind, aliases, parent: kind === 'kreis' ? null : 'kreis-muster', ags: null, lat: null, lon: null, note: null });
		ds.regions.push({
			region: { id: 'kreis-muster', name: 'Kreis Muster', kreis_body: 'kreis-muster', source: {}, lists: [{ id: 'kreis', label: 'Vereinbarungen des Kreises' }, { id: 'gemeinden', label: 'Kooperationen der Gemeinden' }] },
			bodies: [body('kreis-muster', 'Kreis Muster', 'kreis'), body('musterstadt', 'Musterstadt', 'stadt', ['Stadt Musterstadt']),
				body('beispielheim', 'Beispielheim', 'gemeinde'), body('neudorf-heide', 'Neudorf an der Heide', 'gemeinde', ['Neudorf a. d. Heide'])],
			cooperations: [],
			steering: { conferences: [], fields: [], measures: [], working_groups: [], ideas: [] }
		});
		const { db } = await loadedDatabase(ds);
		const t = table([
			['lfd. Nr.', 'Kooperation', 'Beteiligte', 'Träger', 'Rechtsgrundlage', 'Beginn'],
			['1', 'Gemeinsame Volkshochschule', 'Stadt Musterstadt, Gemeinden Beispielheim und Neud. a. d. Heide', 'Musterstadt', 'Zweckverband', '01.01.1999'],
			['2', 'Gemeinsamer Standesamtsbezirk', 'Beispielheim / Neudorf an der Heide', 'Beteiligte', '•öffentlich-rechtliche Vereinbarung', '2021']
		]);
		const p = await analyseImport(db, 'kreis-muster', t, opts({ topic: 'verwaltung-it' }));
		expect(p.mapping).toEqual(['number', 'title', 'partners', 'performer', 'legal_form', 'start']);
		expect(p.list).toBe('gemeinden');
		expect(p.unknownNames).toEqual([]);
		expect(p.rows.map((r) => r.action)).toEqual(['create', 'create']);
		expect(p.rows[0]!.record?.participants.map((x) => [x.body, x.role])).toEqual([['musterstadt', 'lead'], ['beispielheim', 'member'], ['neudorf-heide', 'member']]);
		expect(p.rows[0]!.record?.legal_form).toBe('zweckverband');
		expect(p.rows[1]!.record?.legal_form).toBe('oerv');
		expect(p.rows[1]!.record?.performer.kind).toBe('jointly');
		const out = await applyPreview(db, ACTOR_MUSTER, 'kreis-muster', p, { jobId: null, fileName: 'muster.xlsx' });
		expect(out.ok).toBe(true);
		const stored = await db.selectFrom('cooperation').select(['region_id', 'list']).where('title', '=', 'Gemeinsamer Standesamtsbezirk').executeTakeFirstOrThrow();
		expect(stored).toEqual({ region_id: 'kreis-muster', list: 'gemeinden' });
	});
});

const ACTOR_MUSTER: Actor = { ...ACTOR, bodyId: 'kreis-muster', regionId: 'kreis-muster' };
