import { describe, expect, it } from 'vitest';
import {
	cooperationShares, formatRange, gapSentence, latestYear, rollUpEffects, rowsOf, savingsShareOf,
	type EffectCooperation, type EffectFigure, type EffectKind
} from './effects';

// Made-up cooperations of another Land (Landkreis Cham, Bavaria) with messy figures; not the shipped data.
const coop = (id: string, bodyIds: string[], extra: Partial<EffectCooperation> = {}): EffectCooperation => ({
	id, title: id, regionId: 'lkr-cham', bodyIds, topicIds: ['verwaltung'], measureIds: [], ...extra
});

let seq = 0;
const fig = (cooperationId: string, kind: EffectKind, year: number, min: number, max = min, o: Partial<EffectFigure> = {}): EffectFigure => ({
	id: `f${++seq}`, cooperationId, bodyId: null, kind, indicator: null, label: null, unit: null, year, min, max, estimate: false,
	source: 'Haushaltsplan', note: null, enteredAt: '2026-12-07T00:00:00Z', enteredBy: 'Test', ...o
});

describe('cooperationShares', () => {
	it('keeps per-partner figures with their body and splits whole figures equally', () => {
		const c = coop('bauhof', ['cham', 'roding', 'furth']);
		const shares = cooperationShares(c, [
			fig('bauhof', 'cost_before', 2019, 30000, 30000, { bodyId: 'cham' }),
			fig('bauhof', 'cost_before', 2019, 12000, 12000, { bodyId: 'roding' }),
			fig('bauhof', 'cost_before', 2019, 9000, 9000, { bodyId: 'furth' }),
			// The shared Bauhof now costs 45,000 € a year, split equally: 15,000 each.
			fig('bauhof', 'cost_now', 2022, 45000)
		]);
		const by = new Map(shares.map((s) => [s.bodyId, s]));
		expect(by.get('cham')).toMatchObject({ year: 2022, realised: { min: 15000, max: 15000 }, realisedBasis: 'derived', split: true });
		expect(by.get('roding')?.realised).toMatchObject({ min: -3000, max: -3000 });
		expect(by.get('furth')?.realised?.min).toBeCloseTo(-6000);
	});

	it('prefers recorded realised savings over the difference of costs, per body and year', () => {
		const c = coop('vhs', ['a', 'b']);
		const shares = cooperationShares(c, [
			fig('vhs', 'cost_before', 2018, 10000, 10000, { bodyId: 'a' }),
			fig('vhs', 'cost_now', 2021, 7000, 7000, { bodyId: 'a' }),
			fig('vhs', 'saving_realised', 2021, 500, 500, { bodyId: 'a' }),
			fig('vhs', 'cost_now', 2022, 6000, 6000, { bodyId: 'a' })
		]);
		expect(shares.find((s) => s.year === 2021)).toMatchObject({ bodyId: 'a', realised: { min: 500, max: 500 }, realisedBasis: 'recorded' });
		expect(shares.find((s) => s.year === 2022)).toMatchObject({ realised: { min: 4000, max: 4000 }, realisedBasis: 'derived' });
	});

	it('carries ranges and estimates through a difference (before.min − now.max … before.max − now.min)', () => {
		const c = coop('dsb', ['x']);
		const [s] = cooperationShares(c, [
			fig('dsb', 'cost_before', 2012, 20000, 26000, { bodyId: 'x', estimate: true }),
			fig('dsb', 'cost_now', 2015, 14000, 15000, { bodyId: 'x' })
		]);
		expect(s!.realised).toEqual({ min: 5000, max: 12000, estimate: true });
	});

	it('uses the latest costs before not after the year, else the earliest', () => {
		const c = coop('k', ['x']);
		const figs = [
			fig('k', 'cost_before', 2010, 100, 100, { bodyId: 'x' }),
			fig('k', 'cost_before', 2016, 200, 200, { bodyId: 'x' }),
			fig('k', 'cost_now', 2014, 50, 50, { bodyId: 'x' }),
			fig('k', 'cost_now', 2020, 50, 50, { bodyId: 'x' }),
			fig('k', 'cost_now', 2005, 50, 50, { bodyId: 'x' })
		];
		const by = new Map(cooperationShares(c, figs).map((s) => [s.year, s.realised?.min]));
		expect(by.get(2014)).toBe(50);
		expect(by.get(2020)).toBe(150);
		expect(by.get(2005)).toBe(50);
	});

	it('ignores service indicators and other cooperations\' figures; a cooperation without bodies keeps whole figures unassigned', () => {
		const c = coop('solo', []);
		const shares = cooperationShares(c, [
			fig('solo', 'saving_expected', 2024, 1000),
			fig('solo', 'service', 2024, 38, 38, { indicator: 'opening_hours', unit: 'Stunden je Woche' }),
			fig('other', 'saving_expected', 2024, 99999)
		]);
		expect(shares).toEqual([{ year: 2024, bodyId: '', realised: null, realisedBasis: null, expected: { min: 1000, max: 1000, estimate: false }, oneOff: null, split: false }]);
	});
});

describe('rollUpEffects', () => {
	const coops = [
		coop('dsb', ['kreis', 'stadt-a', 'stadt-b', 'gemeinde-c'], { measureIds: ['m-7-1'], topicIds: ['verwaltung-it'] }),
		coop('vergabe', ['stadt-a', 'gemeinde-d'], { measureIds: ['m-5-1'], topicIds: ['verwaltung-it', 'finanzen'], regionId: 'lkr-regen' }),
		coop('rettung', ['kreis', 'stadt-b'], { measureIds: ['m-5-1'] }),
		coop('bad', ['stadt-a'], {})
	];
	const figures = [
		// DSB: per partner costs before 2012, the shared officer now 40,000 € a year split by four.
		fig('dsb', 'cost_before', 2012, 18000, 18000, { bodyId: 'stadt-a' }),
		fig('dsb', 'cost_before', 2012, 15000, 15000, { bodyId: 'stadt-b' }),
		fig('dsb', 'cost_before', 2012, 12000, 12000, { bodyId: 'gemeinde-c' }),
		fig('dsb', 'cost_before', 2012, 16000, 16000, { bodyId: 'kreis' }),
		fig('dsb', 'cost_now', 2015, 40000),
		fig('dsb', 'one_off', 2013, 2000),
		// Vergabe: realised savings as a range estimate for the whole cooperation, split by two.
		fig('vergabe', 'saving_realised', 2015, 8000, 12000, { estimate: true }),
		fig('vergabe', 'saving_expected', 2016, 10000),
		// Rettung: only a service indicator.
		fig('rettung', 'service', 2015, 11, 11, { indicator: 'processing_time', unit: 'Minuten' })
	];
	const r = rollUpEffects(coops, figures);

	it('counts the gaps honestly (service indicators alone are no money figures)', () => {
		expect(r).toMatchObject({ total: 4, withFigures: 2, withoutFigures: 2, serviceOnly: 1 });
		expect(gapSentence(r)).toBe('Für 2 von 4 Kooperationen liegen keine Zahlen vor.');
		expect(r.coverage.find((c) => c.dimension === 'measure' && c.key === 'm-5-1')).toEqual({ dimension: 'measure', key: 'm-5-1', linked: 2, withFigures: 1 });
	});

	it('rolls up per measure and year with min/max sums', () => {
		const m71 = rowsOf(r, 'measure', 2015).find((x) => x.key === 'm-7-1')!;
		expect(m71.realised).toEqual({ min: 21000, max: 21000, estimate: false });
		expect(m71.derived).toBe(true);
		const m51 = rowsOf(r, 'measure', 2015).find((x) => x.key === 'm-5-1')!;
		expect(m51.realised).toEqual({ min: 8000, max: 12000, estimate: true });
		expect(rowsOf(r, 'measure', 2013).find((x) => x.key === 'm-7-1')!.oneOff.min).toBe(2000);
	});

	it('gives a body its per-partner share plus its equal share of whole figures, per year', () => {
		const a2015 = rowsOf(r, 'body', 2015).find((x) => x.key === 'stadt-a')!;
		// DSB: 18,000 − 10,000 = 8,000; Vergabe: half of 8,000–12,000.
		expect(a2015.realised).toEqual({ min: 12000, max: 14000, estimate: true });
		expect(a2015.cooperations).toBe(2);
		expect(a2015.split).toBe(true);
		expect(rowsOf(r, 'body', 2016).find((x) => x.key === 'stadt-a')!.expected.min).toBe(5000);
		expect(rowsOf(r, 'body', 2015).find((x) => x.key === 'gemeinde-c')!.realised.min).toBe(2000);
	});

	it('counts a cooperation in each of its topic fields, once in the total, per region and over the years', () => {
		expect(rowsOf(r, 'topic', 2015).find((x) => x.key === 'finanzen')!.realised.max).toBe(12000);
		expect(rowsOf(r, 'topic', 2015).find((x) => x.key === 'verwaltung-it')!.realised).toMatchObject({ min: 29000, max: 33000 });
		const total2015 = rowsOf(r, 'total', 2015)[0]!;
		expect(total2015).toMatchObject({ realised: { min: 29000, max: 33000, estimate: true }, cooperations: 2 });
		expect(rowsOf(r, 'region', 2015).map((x) => [x.key, x.realised.min])).toEqual([['lkr-cham', 21000], ['lkr-regen', 8000]]);
		expect(r.years).toEqual([2013, 2015, 2016]);
		expect(latestYear(r)).toBe(2016);
	});

	it('has no rows and names every cooperation as a gap when nothing is recorded', () => {
		const empty = rollUpEffects(coops, []);
		expect(empty.rows).toEqual([]);
		expect(gapSentence(empty)).toBe('Für 4 von 4 Kooperationen liegen keine Zahlen vor.');
		expect(latestYear(empty)).toBeNull();
	});
});

describe('formatting and the funding share', () => {
	it('formats exact figures, ranges and estimates in German', () => {
		expect(formatRange({ min: 12000, max: 12000, estimate: false })).toBe('12.000 €');
		expect(formatRange({ min: 8000, max: 12000, estimate: true })).toBe('8.000–12.000 € (Schätzung)');
	});

	it('computes the savings share from costs before and realised or expected savings, naming the figures', () => {
		const c = coop('dsb', ['a', 'b']);
		const got = savingsShareOf(c, [
			fig('dsb', 'cost_before', 2012, 20000, 20000, { bodyId: 'a' }),
			fig('dsb', 'cost_before', 2012, 20000, 20000, { bodyId: 'b' }),
			fig('dsb', 'cost_now', 2015, 34000)
		]);
		expect(got?.share).toBeCloseTo(0.15);
		expect(got?.year).toBe(2015);
		expect(got?.text).toContain('realisierte Einsparung (aus Kosten vorher und jetzt) 2015 von 6.000 €');
		const expectedOnly = savingsShareOf(c, [fig('dsb', 'cost_before', 2020, 50000), fig('dsb', 'saving_expected', 2022, 5000)]);
		expect(expectedOnly?.share).toBeCloseTo(0.1);
		expect(expectedOnly?.text).toContain('erwartete Einsparung');
		expect(savingsShareOf(c, [fig('dsb', 'saving_expected', 2022, 5000)])).toBeNull();
	});
});

describe('rollUpEffects without a topic field (issue 14)', () => {
	it('counts a cooperation without topics under "_ohne", so the topic rows add up to the total', () => {
		const coops = [
			coop('winterdienst', ['roding', 'furth'], { topicIds: [] }),
			coop('archiv', ['cham', 'roding'], { topicIds: ['kultur'] })
		];
		const r = rollUpEffects(coops, [fig('winterdienst', 'saving_realised', 2021, 5000), fig('archiv', 'saving_realised', 2021, 3000)]);
		const byTopic = rowsOf(r, 'topic', 2021);
		expect(byTopic.map((x) => [x.key, x.realised.min, x.cooperations]).sort()).toEqual([['_ohne', 5000, 1], ['kultur', 3000, 1]]);
		expect(byTopic.reduce((n, x) => n + x.realised.min, 0)).toBe(rowsOf(r, 'total', 2021)[0]!.realised.min);
		expect(r.coverage.find((c) => c.dimension === 'topic' && c.key === '_ohne')).toEqual({ dimension: 'topic', key: '_ohne', linked: 1, withFigures: 1 });
	});
});
