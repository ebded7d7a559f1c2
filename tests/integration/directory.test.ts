/**
 * The national municipality directory (issue 13): loading an extract onto the shipped Kreis Unna
 * register (the same records, matched by AGS), and updating it with newer extracts in the CSV
 * columns and in the fixed-width GV100AD format, with mergers and renamings. Runs on every
 * dialect (TEST_DATABASE).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase, loadedDatabase } from './helpers';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { applyDirectory, DIRECTORY_REGION } from '../../src/lib/server/directory/apply';
import { decodeDirectoryBytes, parseDirectoryFile, parseGv100ad } from '../../src/lib/server/directory/parse';

const fixture = (name: string) => parseDirectoryFile(decodeDirectoryBytes(readFileSync(`tests/fixtures/directory/${name}`)));

let h: DatabaseHandle;
beforeAll(async () => { h = await loadedDatabase(); }, 120_000);
afterAll(async () => { await h?.close(); });

const unit = (ars: string) => h.db.selectFrom('directory_unit').selectAll().where('ars', '=', ars).executeTakeFirstOrThrow();
const body = (id: string) => h.db.selectFrom('body').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const aliases = async (id: string) => (await h.db.selectFrom('body_alias').select('alias').where('body_id', '=', id).execute()).map((a) => a.alias);
const revision = async () => Number((await h.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value);

describe('GV100AD record layout', () => {
	it('reads the fields at their positions (ISO-8859-1 file)', () => {
		const e = fixture('stand-c.gv100ad.txt');
		expect(e.format).toBe('gv100ad');
		expect(e.stand).toBe('2024-01-01');
		const luenen = e.units.find((u) => u.ars === '059780024024')!;
		expect(luenen).toMatchObject({ level: 60, tk: '63', name: 'Lünen, Stadt', population: 87000, area: 59.39, postcode: '44532', lat: null });
		expect(e.units.find((u) => u.ars === '05913')).toMatchObject({ level: 40, tk: '41', name: 'Dortmund, Stadt' });
		// The verbandsfreie record (TK 50) repeats the Gemeinde and is skipped.
		expect(e.units.some((u) => u.ars === '059130000')).toBe(false);
		expect(() => parseGv100ad('6020240101x')).toThrow(/Schlüssel|Satzart/);
	});
});

describe('directory load and update', () => {
	let luenenAliases: string[];
	it('loads onto the shipped bodies: Lünen is luenen, never a second Lünen', async () => {
		luenenAliases = await aliases('luenen');
		const before = await revision();
		const r = await applyDirectory(h.db, fixture('stand-a.csv'));
		expect(r.matched.map((m) => m.bodyId).sort()).toEqual(['boenen', 'dortmund', 'kreis-unna', 'luenen']);
		expect((await unit('059780024024')).body_id).toBe('luenen');
		expect((await unit('05913')).body_id).toBe('dortmund');
		expect((await unit('059130000000')).body_id).toBe('dortmund');
		expect(await h.db.selectFrom('body').select('id').where('ags', '=', '05978024').execute()).toHaveLength(1);
		const l = await body('luenen');
		expect(l).toMatchObject({ name: 'Lünen', region_id: 'kreis-unna', parent_id: 'kreis-unna', origin: 'data' });
		expect(await aliases('luenen')).toEqual(luenenAliases);
		expect((await unit('059780024024')).population).toBe(86348);
		// Units only the directory holds get a body of their own, outside every region.
		const gap = await body((await unit('091800117117')).body_id);
		expect(gap).toMatchObject({ name: 'Garmisch-Partenkirchen', official_name: 'Markt Garmisch-Partenkirchen', kind: 'gemeinde', ags: '09180117', region_id: DIRECTORY_REGION });
		const ohlstadt = await body((await unit('091805801126')).body_id);
		expect(ohlstadt.parent_id).toBe((await unit('091805801')).body_id);
		expect((await body(ohlstadt.parent_id!)).name).toBe('Verwaltungsgemeinschaft Ohlstadt');
		expect((await body((await unit('14626')).body_id)).name).toBe('Landkreis Görlitz');
		expect(r.added.length).toBe(fixture('stand-a.csv').units.length);
		expect(await revision()).toBe(before + 1);
	});

	it('the same file twice changes nothing', async () => {
		const before = await revision();
		const bodies = (await h.db.selectFrom('body').select('id').execute()).length;
		const r = await applyDirectory(h.db, fixture('stand-a.csv'));
		expect(r.added.length + r.renamed.length + r.ended.length + r.changed.length).toBe(0);
		expect(r.unchanged).toBe(fixture('stand-a.csv').units.length);
		expect(await revision()).toBe(before);
		expect((await h.db.selectFrom('body').select('id').execute()).length).toBe(bodies);
	});

	it('a newer CSV: renaming, mergers with inferred and named successors, changed figures', async () => {
		const altdorf = (await unit('146260020020')).body_id;
		const schwaigen = (await unit('091805801135')).body_id;
		// A cooperation of Altdorf: it stays when Altdorf merges away.
		const coop = await h.db.selectFrom('cooperation').select('seq').orderBy('seq').executeTakeFirstOrThrow();
		await h.db.insertInto('participation').values({ cooperation_seq: coop.seq, position: 999, body_id: altdorf, role: 'member' }).execute();

		const r = await applyDirectory(h.db, fixture('stand-b.csv'), { source: 'update:test' });
		expect(r.stand).toBe('2023-01-01');
		expect(r.renamed).toEqual([{ ars: '091805801135', from: 'Schwaigen', to: 'Schwaigen-Grafenaschau' }]);
		expect((await unit('091805801135')).body_id).toBe(schwaigen);
		expect((await body(schwaigen)).name).toBe('Schwaigen-Grafenaschau');
		expect(await aliases(schwaigen)).toContain('Schwaigen');
		expect(r.added.map((a) => a.name)).toEqual(['Neißeaue-Nord']);
		const ended = Object.fromEntries(r.ended.map((e) => [e.name, e]));
		expect(Object.keys(ended).sort()).toEqual(['Altdorf', 'Mitteldorf', 'Neudorf']);
		expect(ended.Altdorf).toMatchObject({ successor: '146260050050', inferred: true });
		expect(ended.Neudorf).toMatchObject({ successor: '146260050050', inferred: true });
		expect(ended.Mitteldorf).toMatchObject({ successor: '146260110110', inferred: false });
		expect(await unit('146260020020')).toMatchObject({ valid_to: '2023-01-01', successor_ars: '146260050050' });
		expect((await body(altdorf)).note).toContain('Nachfolger: Neißeaue-Nord');
		expect(await h.db.selectFrom('participation').select('body_id').where('body_id', '=', altdorf).execute()).toHaveLength(1);
		expect(r.changed.find((c) => c.ars === '059780024024')?.fields).toEqual(['Einwohner']);
		expect((await body('luenen')).name).toBe('Lünen');

		const again = await applyDirectory(h.db, fixture('stand-b.csv'), { source: 'update:test' });
		expect(again.added.length + again.renamed.length + again.ended.length + again.changed.length + again.returned.length).toBe(0);
	});

	it('a newer GV100AD file: an Eingemeindung found by the area, a renaming, coordinates kept', async () => {
		const neisse = (await unit('146260050050')).body_id;
		const before = await h.db.selectFrom('body').select('id').execute();
		const r = await applyDirectory(h.db, fixture('stand-c.gv100ad.txt'), { source: 'update:test' });
		expect(r.stand).toBe('2024-01-01');
		expect(r.ended).toEqual([expect.objectContaining({ name: 'Schwaigen-Grafenaschau', successor: '091805801126', inferred: true })]);
		expect(r.renamed).toEqual([{ ars: '146260050050', from: 'Neißeaue-Nord', to: 'Neißeaue' }]);
		expect(await aliases(neisse)).toContain('Neißeaue-Nord');
		const luenen = await unit('059780024024');
		expect(luenen).toMatchObject({ population: 87000, lat: 51.614327, lon: 7.523533, body_id: 'luenen' });
		// Nothing lost, nothing duplicated.
		expect((await h.db.selectFrom('body').select('id').execute()).length).toBe(before.length);
		expect(await h.db.selectFrom('body').select('id').where('ags', '=', '14626050').execute()).toHaveLength(1);
		const again = await applyDirectory(h.db, fixture('stand-c.gv100ad.txt'), { source: 'update:test' });
		expect(again.added.length + again.renamed.length + again.ended.length + again.changed.length + again.returned.length).toBe(0);
	});
});

describe('a partial file', () => {
	it('is refused when it would end more than 5 % of the units (at least 50), unless asked for', async () => {
		const e = await emptyDatabase();
		try {
			await migrateToLatest(e.db);
			const units = Array.from({ length: 120 }, (_, i) => ({ ars: `99${String(i).padStart(3, '0')}`, level: 40 as const, tk: '44', name: `Testkreis ${i}`, population: null, area: null, postcode: null, lat: null, lon: null }));
			const whole = { format: 'csv' as const, stand: null, units };
			expect((await applyDirectory(e.db, whole)).added).toHaveLength(120);
			const part = { ...whole, units: units.slice(0, 10) };
			await expect(applyDirectory(e.db, part, { source: 'update:test' })).rejects.toThrow(/Teilauszug/);
			expect(await e.db.selectFrom('directory_unit').select('ars').where('valid_to', 'is not', null).execute()).toHaveLength(0);
			const forced = await applyDirectory(e.db, part, { source: 'update:test', allowMassEnd: true });
			expect(forced.ended).toHaveLength(110);
		} finally {
			await e.close();
		}
	});
});
