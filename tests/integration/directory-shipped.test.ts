/**
 * The shipped national directory (data/directory/) on top of the shipped region data, as at the
 * first start: counts, Kreis Unna's bodies are the same records, every name form people write finds
 * its body (towns of many Länder), the bodies list and the API search by name form and AGS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { loadShippedDirectory } from '../../src/lib/server/directory/load';
import { loadNameLookup } from '../../src/lib/server/directory/name-lookup';
import { loadBodyResolver } from '../../src/lib/server/registry/body-resolve';
import { searchBodies } from '../../src/lib/server/registry/profiles';
import { listBodies } from '../../src/lib/server/api/service';
import { DIRECTORY_REGION } from '../../src/lib/server/directory/apply';
import { openDataset } from '../../src/lib/server/opendata/dataset';
import { dcatRdf } from '../../src/lib/server/opendata/dcat';

let h: DatabaseHandle;
let kreisUnnaBodies: { id: string; name: string; region_id: string }[];
beforeAll(async () => {
	h = await loadedDatabase();
	kreisUnnaBodies = await h.db.selectFrom('body').select(['id', 'name', 'region_id']).orderBy('id').execute();
	const r = await loadShippedDirectory(h.db, 'data');
	expect(r.status).toBe('applied');
}, 300_000);
afterAll(async () => { await h?.close(); });

const count = async (level: number) => (await h.db.selectFrom('directory_unit').select('ars').where('level', '=', level).execute()).length;

describe('shipped directory', () => {
	it('holds every Land, Kreis and Gemeinde of the extract', async () => {
		expect(await count(10)).toBe(16);
		expect(await count(40)).toBe(401);
		expect(await count(60)).toBe(11004);
		expect(await count(50)).toBeGreaterThan(1000);
	});

	it('keeps the region bodies as they were: same ids, names, regions; never a second Lünen', async () => {
		const after = await h.db.selectFrom('body').select(['id', 'name', 'region_id']).where('region_id', '!=', DIRECTORY_REGION).orderBy('id').execute();
		expect(after).toEqual(kreisUnnaBodies);
		expect((await h.db.selectFrom('body').select('id').where('ags', '=', '05978024').execute()).map((b) => b.id)).toEqual(['luenen']);
		const unit = await h.db.selectFrom('directory_unit').selectAll().where('ars', '=', '059780024024').executeTakeFirstOrThrow();
		expect(unit).toMatchObject({ body_id: 'luenen', parent_ars: '05978', population: 86348 });
		// Every body of the region files with an AGS is linked to its unit.
		const withAgs = await h.db.selectFrom('body').select(['id', 'ags']).where('region_id', '=', 'kreis-unna').where('ags', 'is not', null).execute();
		const linked = new Set((await h.db.selectFrom('directory_unit').select('body_id').execute()).map((u) => u.body_id));
		expect(withAgs.filter((b) => !linked.has(b.id))).toEqual([]);
	});

	it('a second start changes nothing', async () => {
		const r = await loadShippedDirectory(h.db, 'data');
		expect(r.status).toBe('unchanged');
	});

	it('finds bodies by the name forms people write, in every Land', async () => {
		const lookup = await loadNameLookup(h.db);
		const resolver = await loadBodyResolver(h.db);
		const first = (q: string) => lookup.find(q)[0];
		const cases: [string, string, string][] = [
			['Stadt Coesfeld', 'Coesfeld', '05558012'],
			['Coesfeld', 'Coesfeld', '05558012'],
			['Kreis Coesfeld', 'Kreis Coesfeld', '05558'],
			['Markt Garmisch-Partenkirchen', 'Garmisch-Partenkirchen', '09180117'],
			['Lkr. Cham', 'Landkreis Cham', '09372'],
			['LK Görlitz', 'Landkreis Görlitz', '14626'],
			['Landkreis Görlitz', 'Landkreis Görlitz', '14626'],
			['Görlitz', 'Görlitz', '14626110'],
			['Stadt Görlitz', 'Görlitz', '14626110'],
			['Große Kreisstadt Erding', 'Erding', '09177117'],
			['Hansestadt Lübeck', 'Lübeck', '01003000'],
			['Lutherstadt Wittenberg', 'Wittenberg', '15091375'],
			['Kreis Unna', 'Kreis Unna', '05978'],
			['Hochsauerlandkreis', 'Hochsauerlandkreis', '05958'],
			['Freie und Hansestadt Hamburg', 'Hamburg', '02000000'],
			['Stadt Dülmen', 'Dülmen', '05558016'],
			['Gemeinde Nottuln', 'Nottuln', '05558032'],
			['05978024', 'Lünen', '05978024'],
			['Landeshauptstadt München', 'München', '09162000']
		];
		for (const [q, name, ags] of cases) {
			expect(first(q), q).toMatchObject({ name, ags });
			const r = resolver.resolve(q);
			expect('id' in r ? r.id : r, q).toBe(first(q)!.id);
		}
		const vg = first('VG Kaisersesch')!;
		expect(vg.name).toBe('Verbandsgemeinde Kaisersesch');
		expect(vg.kind).toBe('gemeindeverband');
		expect(first('VGem Marktl')?.kindLabel).toBe('Verwaltungsgemeinschaft');
		// The bare name of a Landkreis is the town; the Landkreis only when no town is called so.
		expect(first('Cham')?.name).toBe('Cham');
		expect(first('Haßberge')?.name).toBe('Landkreis Haßberge');
		// The register's own body wins over a namesake elsewhere; the lookup still lists both.
		expect(resolver.resolve('Hamm')).toEqual({ id: 'hamm' });
		expect(resolver.resolve('Bergk.')).toEqual({ id: 'bergkamen' });
		expect(resolver.resolve('Frönd.')).toEqual({ id: 'froendenberg' });
		expect(lookup.find('Hamm').length).toBeGreaterThan(1);
		// A typo still gets suggestions, never a guess.
		const typo = resolver.resolve('Cosfeldd');
		expect('suggestions' in typo && typo.suggestions.map((s) => s.name)).toContain('Coesfeld');
		// Pickers do not list the directory's 12,000 bodies.
		expect(resolver.all().length).toBeLessThan(200);
	});

	it('the bodies list and the API search by name form and AGS and return the AGS', async () => {
		const list = await searchBodies(h.db, new URLSearchParams('q=Stadt+Coesfeld'));
		expect(list.bodies[0]).toMatchObject({ name: 'Coesfeld', ags: '05558012', parentName: 'Kreis Coesfeld' });
		expect(list.total).toBeGreaterThan(12000);
		const byAgs = await searchBodies(h.db, new URLSearchParams('q=05558'));
		expect(byAgs.bodies[0]!.id).toBe('kreis-coesfeld');
		expect(byAgs.bodies.filter((b) => b.ags?.startsWith('05558')).length).toBe(12);
		const lkr = await searchBodies(h.db, new URLSearchParams('q=Lkr.+Cham&art=kreis'));
		expect(lkr.bodies.map((b) => b.name)).toEqual(['Landkreis Cham']);
		const api = await listBodies(h.db, new URLSearchParams('q=VG+Kaisersesch&limit=5'));
		expect(api.ok).toBe(true);
		if (api.ok) expect((api.data as { items: { name: string; ags: string | null }[] }).items[0]).toMatchObject({ name: 'Verbandsgemeinde Kaisersesch' });
		const api2 = await listBodies(h.db, new URLSearchParams('q=Markt+Garmisch-Partenkirchen'));
		if (api2.ok) expect((api2.data as { items: { ags: string | null }[] }).items[0]!.ags).toBe('09180117');
	});

	it('the open data record names the directory as source with its licence', async () => {
		const set = await openDataset(h.db, 'kreis-unna', 'https://ikz.example');
		const attribution = 'Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, dl-de/by-2-0';
		expect(set.meta.directorySource?.attribution).toBe(attribution);
		const rdf = dcatRdf(set.meta);
		expect(rdf).toMatch(/<dct:source>\s*<dcat:Dataset>/);
		expect(rdf).toContain(`<dcatde:licenseAttributionByText xml:lang="de">${attribution}</dcatde:licenseAttributionByText>`);
		expect(JSON.parse(set.files.json).dataset.directory_source).toMatchObject({ attribution, publisher: 'Statistisches Bundesamt (Destatis)' });
	});
});
