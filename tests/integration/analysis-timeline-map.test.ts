/**
 * Timeline and region map on the real Kreis Unna data. Expectations come from the data files
 * themselves (read with `yaml`), not from the code under test.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadedDatabase } from './helpers';
import { activeInYear, startYears, timeline, timelineCsv } from '../../src/lib/server/analysis/timeline';
import { regionMap } from '../../src/lib/server/analysis/map';
import { pickRegion } from '../../src/lib/server/analysis/scope';
import type { FacetIndex } from '../../src/lib/server/search/facet-index';
import { toCsv } from '../../src/lib/server/registry/present';
import { parseFuzzyDate } from '../../src/lib/domain/fuzzy-date';

interface CoopYaml {
	id: string;
	start?: string;
	start_source?: string;
	end?: string;
	status: string;
	legal_form: string;
	topics: string[];
	participants: { body: string }[];
}
interface BodyYaml {
	id: string;
	lat?: number | null;
	lon?: number | null;
	seat?: string | null;
}
const dir = 'data/kreis-unna';
const coops = ['cooperations-kreis.yaml', 'cooperations-kommunen.yaml']
	.flatMap((f) => parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) as CoopYaml[]);
const bodies = parse(fs.readFileSync(`${dir}/bodies.yaml`, 'utf8')) as BodyYaml[];

let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

describe('timeline', () => {
	it('counts the cooperations with an unknown start once, never in a year', async () => {
		const unknownWords = new Set(['?', 'befristet', 'wird geprüft', 'nach Bedarf']);
		const expected = coops.filter((c) => unknownWords.has((c.start_source ?? c.start ?? '?').trim())).length;
		expect(expected).toBe(7);
		const t = await timeline(h.db, { currentYear: 2026 });
		expect(t.total).toBe(coops.length);
		expect(t.unknownStart).toBe(expected);
		// Every other cooperation lies in at least one year: certain ones in exactly one.
		const certain = t.years.reduce((s, y) => s + y.startedCertain, 0);
		expect(certain + t.uncertainStart + t.unknownStart).toBe(coops.length);
	});

	it('runs from the earliest known start to the current year', async () => {
		const earliest = Math.min(...coops.map((c) => Number(/\b(1[89]\d\d|20\d\d)\b/.exec(c.start_source ?? c.start ?? '')?.[1] ?? 9999)));
		const t = await timeline(h.db, { currentYear: 2026 });
		expect(t.years[0]?.year).toBe(earliest);
		expect(t.years.at(-1)?.year).toBe(2026);
		expect(t.years.map((y) => y.year)).toEqual(Array.from({ length: 2026 - earliest + 1 }, (_, i) => earliest + i));
	});

	it('"Schuljahr 1983/84" is a possible start in 1983 and in 1984, not a certain one', async () => {
		expect(startYears(parseFuzzyDate('Schuljahr 1983/84'), 'active')).toEqual({ certain: null, possible: [1983, 1984] });
		expect(startYears(parseFuzzyDate('01.08.2008'), 'active')).toEqual({ certain: 2008, possible: [] });
		expect(startYears(parseFuzzyDate('2012/ 2014'), 'active')).toEqual({ certain: null, possible: [2012, 2013, 2014] });
		expect(startYears(parseFuzzyDate('?'), 'active')).toBeNull();
		// Among the town schools' agreements (öRV, Bildung) it is the only start in those two years.
		const sameKind = coops.filter((c) => c.legal_form === 'oerv' && c.topics.includes('bildung-wissenschaft'));
		expect(sameKind.filter((c) => /198[34]/.test(c.start_source ?? '')).map((c) => c.id)).toEqual(['kommunen-13']);
		const t = await timeline(h.db, { topic: 'bildung-wissenschaft', legalForm: 'oerv', currentYear: 2026 });
		const year = (y: number) => t.years.find((x) => x.year === y);
		expect(year(1983)).toMatchObject({ startedCertain: 0, startedPossible: 1 });
		expect(year(1984)).toMatchObject({ startedCertain: 0, startedPossible: 1 });
	});

	it('kommunen-16 (1992 to 2006, ended) is active in 2005 and not in 2007', async () => {
		const row = coops.find((c) => c.id === 'kommunen-16')!;
		expect([row.start, row.end, row.status]).toEqual(['1992', '2006', 'ended']);
		const start = parseFuzzyDate(row.start_source ?? row.start);
		const end = parseFuzzyDate(row.end);
		expect(activeInYear(start, end, row.status, 2005)).toBe('yes');
		expect(activeInYear(start, end, row.status, 2007)).toBe('no');
		expect(activeInYear(start, end, row.status, 1991)).toBe('no');
		// Ended without an end date: after the start only "maybe".
		expect(activeInYear(start, null, 'ended', 2010)).toBe('maybe');
		expect(activeInYear(start, null, 'active', 2010)).toBe('yes');
	});

	it('the timeline counts kommunen-16 as active in 2005 but not in 2007', async () => {
		// Kultur/Sport + öRV. Expected "certainly active" from the data file by the plain rule for rows
		// whose start is a bare year: started by then and not ended before.
		const sameKind = coops.filter((c) => c.legal_form === 'oerv' && c.topics.includes('kultur-sport'));
		const plainActive = (y: number) => sameKind.filter((c) => /^\d{4}$/.test(c.start_source ?? '') && Number(c.start_source) <= y &&
			(!c.end || Number(c.end) >= y) && c.status !== 'planned').map((c) => c.id);
		expect(plainActive(2005)).toContain('kommunen-16');
		expect(plainActive(2007)).not.toContain('kommunen-16');
		const t = await timeline(h.db, { topic: 'kultur-sport', legalForm: 'oerv', currentYear: 2026 });
		const year = (y: number) => t.years.find((v) => v.year === y)!;
		expect(year(2005).activeYes).toBe(plainActive(2005).length);
		expect(year(2007).activeYes).toBe(plainActive(2007).length);
		expect(year(2005).activeYes - year(2007).activeYes).toBe(1);
	});

	it('filters by region, topic and legal form and ignores unknown values', async () => {
		const all = await timeline(h.db, { currentYear: 2026 });
		const region = await timeline(h.db, { regionId: 'kreis-unna', currentYear: 2026 });
		expect(region.total).toBe(all.total);
		expect(region.filter.regionId).toBe('kreis-unna');
		const bogus = await timeline(h.db, { regionId: 'nirgendwo', topic: 'x', legalForm: '<script>', currentYear: 2026 });
		expect(bogus.filter).toEqual({ regionId: null, topic: null, legalForm: null });
		expect(bogus.total).toBe(all.total);
		const itTopic = await timeline(h.db, { topic: 'verwaltung-it', currentYear: 2026 });
		expect(itTopic.total).toBe(coops.filter((c) => c.topics.includes('verwaltung-it')).length);
		const oerv = await timeline(h.db, { legalForm: 'oerv', currentYear: 2026 });
		expect(oerv.total).toBe(coops.filter((c) => c.legal_form === 'oerv').length);
		expect(oerv.legalForms.map((l) => l.id)).toEqual(['oerv']);
	});

	it('CSV: a header and one line per year', async () => {
		const t = await timeline(h.db, { currentYear: 2026 });
		const { header, records } = timelineCsv(t);
		const lines = toCsv(header, records, ',').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
		expect(lines.length).toBe(t.years.length + 1);
		expect(lines[0]).toMatch(/^Jahr,Beginn sicher,Beginn möglich,sicher aktiv,möglicherweise aktiv,Beginne: /);
		expect(lines[1]?.startsWith(`${t.years[0]!.year},`)).toBe(true);
		expect(lines.at(-1)?.startsWith('2026,')).toBe(true);
	});
});

describe('region map', () => {
	it('defaults to Kreis Unna', () => {
		// pickRegion reads only the regions (lookups.kreisOf) of the index.
		const withRegions = (ids: string[]) => ({ lookups: { kreisOf: new Map(ids.map((id) => [id, null])) } }) as unknown as FacetIndex;
		const regions = withRegions(['a', 'kreis-unna']);
		expect(pickRegion(regions, null)).toBe('kreis-unna');
		expect(pickRegion(regions, 'a')).toBe('a');
		expect(pickRegion(regions, 'gibt-es-nicht')).toBe('kreis-unna');
		expect(pickRegion(withRegions(['b']), null)).toBe('b');
		expect(pickRegion(withRegions([]), null)).toBeNull();
	});

	it('topic Verwaltung/IT: a link Kamen – Bönen with the shared cooperations', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna', topic: 'verwaltung-it' });
		const link = m.links.find((l) => l.a.id === 'boenen' && l.b.id === 'kamen');
		expect(link).toBeDefined();
		const shared = coops.filter((c) => c.topics.includes('verwaltung-it') &&
			c.participants.some((p) => p.body === 'kamen') && c.participants.some((p) => p.body === 'boenen')).map((c) => c.id).sort();
		expect(link!.weight).toBe(shared.length);
		expect([...link!.cooperations].sort()).toEqual(shared);
		for (const id of shared) expect(m.cooperations[id]?.title).toBeTruthy();
		expect(link!.line).not.toBeNull();
		expect(m.cooperationCount).toBe(coops.filter((c) => c.topics.includes('verwaltung-it')).length);
	});

	it('lists the bodies with neither lat/lon nor seat as "ohne Ort", never in the drawing', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna' });
		const noPosition = new Set(bodies.filter((b) => (b.lat == null || b.lon == null) && !b.seat).map((b) => b.id));
		const taking = new Set(coops.flatMap((c) => c.participants.map((p) => p.body)));
		const expected = [...noPosition].filter((id) => taking.has(id)).sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(m.withoutPosition.map((b) => b.id).sort()).toEqual(expected);
		for (const n of m.nodes) expect(noPosition.has(n.id)).toBe(false);
		// Every body with a position that takes part is drawn.
		const drawn = new Set(m.nodes.map((n) => n.id));
		for (const id of taking) if (!noPosition.has(id)) expect(drawn.has(id)).toBe(true);
		// Links to a body without position are listed but not drawn.
		const hidden = m.links.filter((l) => noPosition.has(l.a.id) || noPosition.has(l.b.id));
		expect(hidden.length).toBeGreaterThan(0);
		for (const l of hidden) expect(l.line).toBeNull();
	});

	it('places every body inside the drawing and links weigh what they list', async () => {
		for (const filter of [{}, { topic: 'verwaltung-it' }, { body: 'kamen' }]) {
			const m = await regionMap(h.db, { regionId: 'kreis-unna', ...filter });
			for (const n of m.nodes) {
				expect(n.x).toBeGreaterThanOrEqual(0);
				expect(n.x).toBeLessThanOrEqual(m.width);
				expect(n.y).toBeGreaterThanOrEqual(0);
				expect(n.y).toBeLessThanOrEqual(m.height);
			}
			for (const l of m.links) {
				expect(l.weight).toBe(l.cooperations.length);
				expect(l.a.id < l.b.id).toBe(true);
			}
		}
	});

	it('with a body chosen: only that body\'s pairs, weighted by shared cooperations', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna', body: 'kamen' });
		expect(m.links.every((l) => l.a.id === 'kamen' || l.b.id === 'kamen')).toBe(true);
		const withBoenen = coops.filter((c) => c.participants.some((p) => p.body === 'kamen') && c.participants.some((p) => p.body === 'boenen')).length;
		expect(m.links.find((l) => l.a.id === 'boenen' && l.b.id === 'kamen')?.weight).toBe(withBoenen);
		expect(m.cooperationCount).toBe(coops.filter((c) => c.participants.some((p) => p.body === 'kamen')).length);
	});

	it('keeps the Kreis and its towns as a frame when they take no part', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna', topic: 'tourismus-freizeit' });
		const inTopic = new Set(coops.filter((c) => c.topics.includes('tourismus-freizeit')).flatMap((c) => c.participants.map((p) => p.body)));
		const frame = m.nodes.filter((n) => n.context).map((n) => n.id);
		expect(frame.length).toBeGreaterThan(0);
		for (const id of frame) expect(inTopic.has(id)).toBe(false);
		expect(m.nodes.find((n) => n.id === 'kreis-unna')).toBeDefined();
	});
});
