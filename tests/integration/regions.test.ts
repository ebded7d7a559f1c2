/**
 * Regions by self-service (issue 13, part 3; decision 0008) on the shipped Kreis Unna data plus a
 * small directory extract written for this test (NRW, Sachsen with a Verwaltungsgemeinschaft,
 * Bayern): finding a unit by the forms people write, creating regions with their bodies, refusing
 * doubles (Kreis Unna is a region already), membership in several regions, a cooperation across
 * two Kreise in both, the region rule of the policy, Kreis Unna unchanged. Runs on every dialect.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { applyDirectory } from '../../src/lib/server/directory/apply';
import { parseDirectoryTsv, TSV_COLUMNS } from '../../src/lib/server/directory/parse';
import {
	bodyResource, createRegionFromUnit, listRegions, regionBodyIds, regionCandidates, regionIdsInOrder, regionsOfBody
} from '../../src/lib/server/registry/regions';
import { can, VISITOR, workRegion, type Actor } from '../../src/lib/server/auth/policy';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { regionScope } from '../../src/lib/server/analysis/scope';
import { formSetup, submitCooperation } from '../../src/lib/server/registry/cooperation-edit';
import { parseCooperationForm, rowField, type FormSource } from '../../src/lib/domain/cooperation-form';
import { createUser } from '../../src/lib/server/auth/users';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { overview } from '../../src/lib/server/registry/profiles';
import { readSettings } from '../../src/lib/server/settings';

// Units in the directory's own spelling; ARS structure as in the official directory. Positions and
// figures are rounded values for the test, not official data.
const UNITS: string[][] = [
	['05', '10', '', 'Nordrhein-Westfalen', '', '', '', '', ''],
	['055', '20', '', 'Reg.-Bez. Münster', '', '', '', '', ''],
	['05558', '40', '43', 'Coesfeld', '', '', '', '', ''],
	['055580012012', '60', '63', 'Coesfeld, Stadt', '36000', '141.4', '48653', '51.94', '7.17'],
	['055580016016', '60', '63', 'Dülmen, Stadt', '47000', '184.8', '48249', '51.83', '7.28'],
	['055580032032', '60', '64', 'Nottuln', '20000', '85.7', '48301', '51.93', '7.35'],
	['059', '20', '', 'Reg.-Bez. Arnsberg', '', '', '', '', ''],
	['05978', '40', '43', 'Unna', '', '', '', '', ''],
	['059780024024', '60', '63', 'Lünen, Stadt', '86000', '59.1', '44532', '51.62', '7.52'],
	['14', '10', '', 'Sachsen', '', '', '', '', ''],
	['14626', '40', '44', 'Görlitz', '', '', '', '', ''],
	['146260110110', '60', '63', 'Görlitz, Stadt', '56000', '67.5', '02826', '51.16', '14.99'],
	['146265201', '50', '54', 'Reichenbach/O.L.', '', '', '', '', ''],
	['146265201310', '60', '63', 'Reichenbach/O.L., Stadt', '4700', '39.0', '02894', '51.14', '14.8'],
	['146265201320', '60', '64', 'Vierkirchen', '1600', '28.0', '02894', '51.18', '14.85'],
	['09', '10', '', 'Bayern', '', '', '', '', ''],
	['09372', '40', '44', 'Cham', '', '', '', '', ''],
	['093720116116', '60', '63', 'Cham, St', '17000', '79.0', '93413', '49.22', '12.66']
];
const TSV = `# Gebietsstand: 2026-09-30\n${TSV_COLUMNS.join('\t')}\n${UNITS.map((u) => u.join('\t')).join('\n')}\n`;

let h: DatabaseHandle;
let unnaBefore: { id: string; name: string; region_id: string; lat: number | null }[];
let unnaCoopsBefore: number;
let unnaCoopsTotalBefore: number;
const bodyOfArs = async (ars: string) => (await h.db.selectFrom('directory_unit').select('body_id').where('ars', '=', ars).executeTakeFirstOrThrow()).body_id;

beforeAll(async () => {
	h = await loadedDatabase();
	unnaBefore = await h.db.selectFrom('body').select(['id', 'name', 'region_id', 'lat']).where('region_id', '=', 'kreis-unna').orderBy('id').execute();
	unnaCoopsBefore = (await facetIndex(h.db)).rowsOfRegion('kreis-unna').length;
	unnaCoopsTotalBefore = (await facetIndex(h.db)).rows.length;
	await applyDirectory(h.db, parseDirectoryTsv(TSV), { source: 'test' });
}, 120_000);
afterAll(async () => { await h?.close(); });

describe('finding a unit for a region', () => {
	it('finds Kreise by the forms people write, the Kreis before towns of the same name', async () => {
		const coesfeld = await regionCandidates(h.db, 'Coesfeld');
		expect(coesfeld.map((c) => c.ars)).toEqual(['05558']);
		expect(coesfeld[0]!.name).toBe('Kreis Coesfeld');
		expect((await regionCandidates(h.db, 'LK Görlitz'))[0]).toMatchObject({ ars: '14626', name: 'Landkreis Görlitz' });
		expect((await regionCandidates(h.db, 'goerlitz'))[0]!.ars).toBe('14626');
		expect((await regionCandidates(h.db, 'Lkr. Cham'))[0]!.ars).toBe('09372');
		expect((await regionCandidates(h.db, '055'))[0]!.ars).toBe('055');
		expect(await regionCandidates(h.db, 'Dülmen')).toEqual([]);
		expect(await regionCandidates(h.db, '   ')).toEqual([]);
	});

	it('shows that Kreis Unna is a region already', async () => {
		expect((await regionCandidates(h.db, 'Kreis Unna'))[0]).toMatchObject({ ars: '05978', regionId: 'kreis-unna' });
	});
});

describe('creating regions', () => {
	it('creates Kreis Coesfeld with its Kreis and Gemeinden; the Kreis body of the Kreis Unna files is the same record, its position kept', async () => {
		const r = await createRegionFromUnit(h.db, '05558');
		expect(r).toEqual({ kind: 'created', id: 'kreis-coesfeld', name: 'Kreis Coesfeld', members: 4 });
		const members = await regionBodyIds(h.db, 'kreis-coesfeld');
		const expected = await Promise.all(['05558', '055580012012', '055580016016', '055580032032'].map(bodyOfArs));
		expect(members.sort()).toEqual(expected.sort());
		expect(await bodyOfArs('05558')).toBe('kreis-coesfeld');
		const kreis = await h.db.selectFrom('body').select(['lat', 'lon', 'region_id']).where('id', '=', 'kreis-coesfeld').executeTakeFirstOrThrow();
		expect(kreis).toEqual({ lat: 51.85, lon: 7.35, region_id: 'kreis-unna' });
		// Its register has a Kreis' two lists; no source document is claimed (the directory is not its author).
		const row = await h.db.selectFrom('region').select(['lists_json', 'source_json']).where('id', '=', 'kreis-coesfeld').executeTakeFirstOrThrow();
		expect((JSON.parse(row.lists_json) as { id: string }[]).map((l) => l.id)).toEqual(['kreis', 'kommunen']);
		expect(JSON.parse(row.source_json)).toEqual({});
	});

	it('takes in the Gemeinden of a Verwaltungsgemeinschaft (Landkreis Görlitz)', async () => {
		const r = await createRegionFromUnit(h.db, '14626');
		expect(r.kind === 'created' && r.id).toBe('landkreis-goerlitz');
		const scope = regionScope(await facetIndex(h.db), 'landkreis-goerlitz');
		expect(scope.kreisId).toBe(await bodyOfArs('14626'));
		expect(new Set(scope.bodies)).toEqual(new Set(await Promise.all(['14626', '146260110110', '146265201310', '146265201320'].map(bodyOfArs))));
		expect(await regionBodyIds(h.db, 'landkreis-goerlitz')).toContain(await bodyOfArs('146265201'));
		// The directory has no position for a Landkreis: placed at the population-weighted centre of its Gemeinden.
		const kreis = await h.db.selectFrom('body').select(['lat', 'lon']).where('id', '=', await bodyOfArs('14626')).executeTakeFirstOrThrow();
		expect(kreis.lat).toBeCloseTo((51.16 * 56000 + 51.14 * 4700 + 51.18 * 1600) / 62300, 4);
		expect(kreis.lon).toBeCloseTo((14.99 * 56000 + 14.8 * 4700 + 14.85 * 1600) / 62300, 4);
	});

	it('refuses a second region for a unit, Kreis Unna, a Gemeinde and unknown keys', async () => {
		expect(await createRegionFromUnit(h.db, '05558')).toMatchObject({ kind: 'error', message: expect.stringMatching(/schon die Region „Kreis Coesfeld“/) });
		expect(await createRegionFromUnit(h.db, '05978')).toMatchObject({ kind: 'error', message: expect.stringMatching(/Kreis Unna/) });
		expect((await createRegionFromUnit(h.db, '055580016016')).kind).toBe('error');
		expect((await createRegionFromUnit(h.db, '99999')).kind).toBe('error');
		expect((await createRegionFromUnit(h.db, "05'; DROP TABLE body; --")).kind).toBe('error');
		expect((await listRegions(h.db)).map((r) => r.id)).toEqual(['kreis-unna', 'kreis-coesfeld', 'landkreis-goerlitz']);
	});

	it('a Land region takes in bodies of other regions, who keep their home (several regions per body)', async () => {
		const r = await createRegionFromUnit(h.db, '05');
		expect(r.kind === 'created' && r.id).toBe('nordrhein-westfalen');
		const lists = (await h.db.selectFrom('region').select('lists_json').where('id', '=', 'nordrhein-westfalen').executeTakeFirstOrThrow()).lists_json;
		expect((JSON.parse(lists) as { id: string }[]).map((l) => l.id)).toEqual(['kommunen']);
		expect(await regionsOfBody(h.db, 'luenen')).toEqual(['kreis-unna', 'nordrhein-westfalen']);
		const duelmen = await bodyOfArs('055580016016');
		expect(await regionsOfBody(h.db, duelmen)).toEqual(['verzeichnis', 'kreis-coesfeld', 'nordrhein-westfalen']);
		expect(await regionBodyIds(h.db, 'nordrhein-westfalen')).not.toContain(await bodyOfArs('14626'));
	});
});

describe('Kreis Unna stays the first region, unchanged', () => {
	it('keeps its bodies, their home region and its cooperations', async () => {
		const after = await h.db.selectFrom('body').select(['id', 'name', 'region_id', 'lat']).where('region_id', '=', 'kreis-unna').orderBy('id').execute();
		expect(after).toEqual(unnaBefore);
		expect((await facetIndex(h.db)).rowsOfRegion('kreis-unna').length).toBe(unnaCoopsBefore);
		const order = await regionIdsInOrder(h.db);
		expect(order[0]).toBe('kreis-unna');
		expect(workRegion(VISITOR, order, null)).toBe('kreis-unna');
		expect(workRegion(VISITOR, order, 'landkreis-goerlitz')).toBe('landkreis-goerlitz');
		expect(workRegion(VISITOR, order, 'nirgendwo')).toBe('kreis-unna');
	});
});

describe('recording in a region and the region rule', () => {
	const form = (title: string, legalForm: string, bodies: string[]): FormSource => {
		const pairs: [string, string][] = [
			['title', title], ['list', 'kommunen'], ['number', ''], ['org_unit', ''], ['legal_form', legalForm], ['status', 'active'],
			['topics', 'verwaltung-it'], ['main_topic', 'verwaltung-it'], ['performer_kind', 'jointly'], ['performer_body', ''], ['performer_note', ''],
			['start', '2026'], ['end', ''], ['description', ''], ['notes', '']
		];
		bodies.forEach((b, i) => {
			for (const [f, x] of [['body', b], ['role', i === 0 ? 'lead' : 'member'], ['joined', ''], ['left', ''], ['note', '']]) pairs.push([rowField('participants', i, f!), x!]);
		});
		return { get: (n) => pairs.find(([k]) => k === n)?.[1] ?? null, getAll: (n) => pairs.filter(([k]) => k === n).map(([, x]) => x), keys: () => pairs.map(([k]) => k) };
	};
	const coordinatorOf = async (regionId: string, bodyId: string, email: string): Promise<Actor> => {
		const userId = await createUser(h.db, { email, name: email, bodyId, role: 'coordinator', regionId });
		return { role: 'coordinator', userId, name: email, email, bodyId, regionId };
	};

	it('a cooperation across two Kreise is recorded by one region and shows in both; only its coordinator changes it', async () => {
		const coesfeld = await coordinatorOf('kreis-coesfeld', await bodyOfArs('05558'), 'koordination@kreis-coesfeld.test');
		const goerlitz = await coordinatorOf('landkreis-goerlitz', await bodyOfArs('14626'), 'koordination@lkgr.test');
		const { ctx, names } = await formSetup(h.db);
		const parsed = parseCooperationForm(form('Partnerschaft Verwaltungsdigitalisierung', 'oerv', ['Dülmen', 'Stadt Görlitz']), ctx);
		expect(parsed.errors).toEqual([]);
		const regions = await regionIdsInOrder(h.db);
		const r = await submitCooperation(h.db, {
			actor: coesfeld, current: null, draft: parsed.draft!, baseVersion: null, regionId: workRegion(coesfeld, regions)!, action: 'angelegt', comment: null, names
		});
		expect(r.kind).toBe('saved');
		if (r.kind !== 'saved') return;
		const c = await h.db.selectFrom('cooperation').select(['region_id', 'seq']).where('id', '=', r.id).executeTakeFirstOrThrow();
		expect(c.region_id).toBe('kreis-coesfeld');
		const index = await facetIndex(h.db);
		const pos = index.rows.findIndex((x) => x.seq === c.seq);
		expect(Array.from(index.rowsOfRegion('kreis-coesfeld'))).toContain(pos);
		expect(Array.from(index.rowsOfRegion('landkreis-goerlitz'))).toContain(pos);
		expect(Array.from(index.rowsOfRegion('kreis-unna'))).not.toContain(pos);
		// The register search scoped to one region, several or all (the `region` filter and facet).
		const settings = readSettings({});
		const titles = async (qs: string) => (await searchPage(h.db, new URLSearchParams(qs), settings)).rows.map((x) => x.title);
		expect(await titles('region=kreis-coesfeld&q=Verwaltungsdigitalisierung')).toEqual(['Partnerschaft Verwaltungsdigitalisierung']);
		expect(await titles('region=landkreis-goerlitz')).toContain('Partnerschaft Verwaltungsdigitalisierung');
		expect(await titles('region=kreis-unna&q=Verwaltungsdigitalisierung')).toEqual([]);
		const unnaOnly = await searchPage(h.db, new URLSearchParams('region=kreis-unna&pro_seite=100'), settings);
		expect(unnaOnly.result.total).toBe(unnaCoopsBefore);
		const several = await searchPage(h.db, new URLSearchParams('region=kreis-unna&region=landkreis-goerlitz'), settings);
		expect(several.result.total).toBe(unnaCoopsBefore + 1);
		// A region's start page shows its own figures; the start page of all regions keeps Kreis Unna first.
		const own = await overview(h.db, 'landkreis-goerlitz');
		expect(own.region).toEqual({ id: 'landkreis-goerlitz', name: 'Landkreis Görlitz' });
		expect(own.total).toBe(1);
		expect(own.regions.map((x) => x.id)).toEqual(['landkreis-goerlitz']);
		expect(own.bodies).toBe((await regionBodyIds(h.db, 'landkreis-goerlitz')).length);
		const all = await overview(h.db);
		expect(all.region).toBeNull();
		expect(all.regions[0]!.id).toBe('kreis-unna');
		expect(all.total).toBe(unnaCoopsTotalBefore + 1);
		expect((await overview(h.db, 'kreis-unna')).total).toBe(unnaCoopsBefore);
		const facet = several.facets.find((f) => f.key === 'region')!;
		expect(facet.options.find((o) => o.value === 'landkreis-goerlitz')).toMatchObject({ label: 'Landkreis Görlitz', count: 1, selected: true });

		const bodyIds = [await bodyOfArs('055580016016'), await bodyOfArs('146260110110')];
		expect(can(coesfeld, 'cooperation.edit', { bodyIds, regionId: c.region_id })).toBe(true);
		expect(can(goerlitz, 'cooperation.edit', { bodyIds, regionId: c.region_id })).toBe(false);
		expect(can(goerlitz, 'cooperation.archive', { bodyIds, regionId: c.region_id })).toBe(false);
		// Bodies: a coordinator edits the bodies of the own region, also those that belong to several.
		expect(can(coesfeld, 'body.edit', await bodyResource(h.db, bodyIds[0]!))).toBe(true);
		expect(can(goerlitz, 'body.edit', await bodyResource(h.db, bodyIds[0]!))).toBe(false);
		expect(can(coesfeld, 'body.edit', await bodyResource(h.db, 'luenen'))).toBe(false);
		// A Kreis Unna coordinator keeps Lünen although it belongs to the NRW region too.
		const unna: Actor = { role: 'coordinator', userId: 'u', name: 'U', email: 'u@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
		expect(can(unna, 'body.edit', await bodyResource(h.db, 'luenen'))).toBe(true);
		expect(can(unna, 'body.edit', await bodyResource(h.db, bodyIds[0]!))).toBe(false);
	});

	it('a coordinator cannot record in another region: the new record goes to the own region', async () => {
		const goerlitz: Actor = { role: 'coordinator', userId: 'g', name: 'G', email: 'g@lkgr.test', bodyId: null, regionId: 'landkreis-goerlitz' };
		expect(workRegion(goerlitz, await regionIdsInOrder(h.db))).toBe('landkreis-goerlitz');
		expect(can(goerlitz, 'cooperation.create', { regionId: 'kreis-coesfeld', bodyIds: [] })).toBe(false);
		expect(can(goerlitz, 'steering.edit', { regionId: 'kreis-unna' })).toBe(false);
		expect(can(goerlitz, 'steering.edit', { regionId: 'landkreis-goerlitz' })).toBe(true);
	});
});
