/**
 * The gaps issues 14 and 17 left, on a region that is not Kreis Unna (a small Landkreis Görlitz in
 * Sachsen, tests/support/goerlitz-region.ts):
 * - `thema=_ohne` ("ohne Themenfeld") in the timeline, the map and the network analysis, as in the
 *   search: only the cooperations without a topic; offered in their topic selects.
 * - A body profile's topic list counts the cooperations without a topic under "ohne Themenfeld".
 * - A body placed at its seat is recognised as such (profile and map name the seat Gemeinde).
 * Expected figures are counted by hand from the fixture, not from the code under test.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { dataWithGoerlitz, GOERLITZ, WITHOUT_TOPIC } from '../support/goerlitz-region';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { loadShippedDirectory } from '../../src/lib/server/directory/load';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { timeline } from '../../src/lib/server/analysis/timeline';
import { regionMap } from '../../src/lib/server/analysis/map';
import { cooperationMatrix } from '../../src/lib/server/analysis/network';
import { analysisParams } from '../../src/lib/server/analysis/params';
import { seatOfBody } from '../../src/lib/server/analysis/seat';
import { matchesTopic, pickTopic, topicOptions } from '../../src/lib/server/analysis/topic-filter';
import { bodyProfile } from '../../src/lib/server/registry/profiles';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { readSettings } from '../../src/lib/server/settings';

let dataDir: string;
let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	dataDir = dataWithGoerlitz();
	h = await loadedDatabase(readDataSet(dataDir));
	await loadShippedDirectory(h.db, dataDir);
}, 300_000);
afterAll(async () => {
	await h?.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

const NONE = { id: '_ohne', label: 'ohne Themenfeld' };

describe('the topic filter helpers', () => {
	const lookups = { topics: new Map([['verkehr', 'Verkehr'], ['kultur-sport', 'Kultur und Sport']]) };
	it('accepts a topic of the taxonomy and _ohne, drops anything else', () => {
		expect(pickTopic(lookups, 'verkehr')).toBe('verkehr');
		expect(pickTopic(lookups, '_ohne')).toBe('_ohne');
		expect(pickTopic(lookups, '_gemeinsam')).toBeNull();
		expect(pickTopic(lookups, 'Verkehr')).toBeNull();
		expect(pickTopic(lookups, '')).toBeNull();
	});
	it('_ohne matches only rows without a topic; no filter matches all', () => {
		expect(matchesTopic({ topics: [] }, '_ohne')).toBe(true);
		expect(matchesTopic({ topics: ['verkehr'] }, '_ohne')).toBe(false);
		expect(matchesTopic({ topics: ['kultur-sport', 'verkehr'] }, 'verkehr')).toBe(true);
		expect(matchesTopic({ topics: [] }, 'verkehr')).toBe(false);
		expect(matchesTopic({ topics: [] }, null)).toBe(true);
	});
	it('offers "ohne Themenfeld" last, only when a row has no topic or it is chosen', () => {
		expect(topicOptions(lookups, [{ topics: ['verkehr'] }, { topics: [] }], null)).toEqual([{ id: 'verkehr', label: 'Verkehr' }, NONE]);
		expect(topicOptions(lookups, [{ topics: ['verkehr'] }], null)).toEqual([{ id: 'verkehr', label: 'Verkehr' }]);
		expect(topicOptions(lookups, [{ topics: ['verkehr'] }], '_ohne')).toEqual([{ id: 'verkehr', label: 'Verkehr' }, NONE]);
		expect(topicOptions(lookups, null, null).map((o) => o.id)).toEqual(['verkehr', 'kultur-sport', '_ohne']);
	});
});

describe('thema=_ohne in the analyses of a Saxon region', () => {
	it('the URL parameters keep _ohne and drop unknown values', async () => {
		const index = await facetIndex(h.db);
		expect(analysisParams(index, new URLSearchParams(`region=${GOERLITZ}&thema=_ohne`))).toMatchObject({ region: GOERLITZ, topic: '_ohne' });
		expect(analysisParams(index, new URLSearchParams('thema=_keins')).topic).toBeNull();
	});

	it('the search finds the same three (the reference the analyses follow)', async () => {
		const found = await searchPage(h.db, new URLSearchParams(`thema=_ohne&region=${GOERLITZ}`), readSettings({}), 'export');
		expect(found.rows.map((r) => r.title).sort()).toEqual([...WITHOUT_TOPIC].sort());
	});

	it('timeline: only the cooperations without a topic, by their start years; offered and named', async () => {
		const all = await timeline(h.db, { regionId: GOERLITZ, currentYear: 2026 });
		expect(all.total).toBe(5);
		expect(all.options.topics.at(-1)).toEqual(NONE);
		expect(all.options.topics.map((t) => t.id).sort()).toEqual(['_ohne', 'kultur-sport', 'verwaltung-it']);
		const none = await timeline(h.db, { regionId: GOERLITZ, topic: '_ohne', currentYear: 2026 });
		expect(none.filter.topic).toBe('_ohne');
		expect(none.total).toBe(3);
		const started = Object.fromEntries(none.years.filter((y) => y.startedCertain).map((y) => [y.year, y.startedCertain]));
		expect(started).toEqual({ 2018: 1, 2020: 1, 2021: 1 });
		expect(none.years.find((y) => y.year === 2022)!.activeYes).toBe(3);
		// A topic of the taxonomy still works; an unknown value is no filter.
		expect((await timeline(h.db, { regionId: GOERLITZ, topic: 'verwaltung-it', currentYear: 2026 })).total).toBe(1);
		expect((await timeline(h.db, { regionId: GOERLITZ, topic: '_keins', currentYear: 2026 })).total).toBe(5);
	});

	it('map: the pairs of the cooperations without a topic only, with the label "ohne Themenfeld"', async () => {
		const m = await regionMap(h.db, { regionId: GOERLITZ, topic: '_ohne' });
		expect(m.filter.topic).toBe('_ohne');
		expect(m.topicLabel).toBe('ohne Themenfeld');
		expect(m.cooperationCount).toBe(3);
		const pairs = m.links.map((l) => [l.a.id, l.b.id].sort().join('+')).sort();
		expect(pairs).toEqual([
			'gr-ebersbach+gr-goerlitz', 'gr-ebersbach+gr-zv-wasser', 'gr-goerlitz+gr-herrnhut', 'gr-goerlitz+gr-landesverband', 'gr-goerlitz+gr-zv-wasser'
		]);
		expect(m.options.topics.at(-1)).toEqual(NONE);
		const full = await regionMap(h.db, { regionId: GOERLITZ });
		expect(full.cooperationCount).toBe(5);
		expect(full.links.some((l) => [l.a.id, l.b.id].sort().join('+') === 'gr-ebersbach+gr-herrnhut')).toBe(true);
	});

	it('network: the matrix counts the cooperations without a topic only', async () => {
		const none = await cooperationMatrix(h.db, GOERLITZ, { topic: '_ohne' });
		expect(none.cooperations).toBe(3);
		expect(none.counts['gr-goerlitz']!['gr-goerlitz']).toBe(3);
		expect(none.counts['gr-goerlitz']!['gr-herrnhut']).toBe(1);
		expect(none.counts['gr-herrnhut']!['gr-ebersbach']).toBe(0);
		const all = await cooperationMatrix(h.db, GOERLITZ, {});
		expect(all.cooperations).toBe(5);
		expect(all.counts['gr-herrnhut']!['gr-ebersbach']).toBe(1);
	});

	it('Kreis Unna (every cooperation has a topic) gives nothing for _ohne and offers no such option', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna', topic: '_ohne' });
		expect(m.cooperationCount).toBe(0);
		expect((await regionMap(h.db, { regionId: 'kreis-unna' })).options.topics.some((t) => t.id === '_ohne')).toBe(false);
		expect((await cooperationMatrix(h.db, 'kreis-unna', { topic: '_ohne' })).cooperations).toBe(0);
	});
});

describe('the body profile', () => {
	it('counts the cooperations without a topic under "ohne Themenfeld"; the counts add up', async () => {
		const g = (await bodyProfile(h.db, 'gr-goerlitz'))!;
		expect(g.topics).toEqual([{ id: '_ohne', label: 'ohne Themenfeld', count: 3 }, { id: 'kultur-sport', label: 'Kultur / Sport', count: 1 }]);
		expect(g.topics.reduce((n, t) => n + t.count, 0)).toBe(g.takesPart.length);
		const he = (await bodyProfile(h.db, 'gr-herrnhut'))!;
		expect(he.topics.map((t) => [t.id, t.count]).sort()).toEqual([['_ohne', 1], ['verwaltung-it', 1]]);
	});

	it('names the seat Gemeinde of a body placed at its seat, in Sachsen and in NRW; none for own positions and places', async () => {
		const seat = async (id: string) => {
			const b = (await bodyProfile(h.db, id))!;
			return seatOfBody(h.db, b);
		};
		expect(await seat('gr-zv-wasser')).toBe('Herrnhut');
		expect(await seat('gr-landesverband')).toMatch(/^Dresden/);
		expect(await seat('lwl')).toMatch(/^Münster/);
		expect(await seat('gr-naturschutz')).toBeNull();
		expect(await seat('gr-goerlitz')).toBeNull();
		expect(await seat('lk-goerlitz')).toBeNull();
		const m = await regionMap(h.db, { regionId: GOERLITZ });
		expect(m.nodes.find((n) => n.id === 'gr-zv-wasser')?.seat).toBe('Herrnhut');
		expect(m.nodes.find((n) => n.id === 'gr-naturschutz')?.seat).toBeNull();
	});
});
