/**
 * The roll-ups of the effect figures as presentable rows (issue 19, part 2): one shape for the page
 * /analyse/wirkung, its CSV, the API (GET /api/v1/effects) and the savings slide of the conference
 * paper, so that all of them show the same numbers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { effectRollup } from './store';
import { TOPIC_NONE, TOPIC_NONE_LABEL } from '../../domain/facets';
import { formatRange, gapSentence, latestYear, rowsOf, type Dimension, type Range, type RollupRow } from '../../domain/effects';

/** The promise of the mayors' conference of 2010 (data/kreis-unna/steering.yaml): "bis zu 2 Mio. €" a year, in the medium term. */
export const PROMISE_EURO = 2_000_000;

export interface ReportRow {
	key: string;
	label: string;
	/** Realised savings in the year: min, max, estimate. */
	realised: Range;
	expected: Range;
	oneOff: Range;
	realisedText: string;
	expectedText: string;
	oneOffText: string;
	/** Cooperations with a figure in this year. */
	cooperations: number;
	/** Cooperations of the group, and how many have any money figure (any year). */
	linked: number;
	withFigures: number;
	derived: boolean;
	split: boolean;
}

export interface EffectReport {
	regionId: string | null;
	years: number[];
	year: number | null;
	total: ReportRow | null;
	/** Per year: the totals over time. */
	byYear: (ReportRow & { year: number })[];
	byMeasure: ReportRow[];
	byTopic: ReportRow[];
	byBody: ReportRow[];
	byRegion: ReportRow[];
	/** Realised savings per body over all years (a body's savings per year at a glance). */
	bodyYears: { key: string; label: string; cells: { year: number; text: string }[] }[];
	cooperations: number;
	withFigures: number;
	withoutFigures: number;
	serviceOnly: number;
	gap: string;
	promise: number;
}

const text = (r: Range, has: boolean) => (has ? formatRange(r) : '–');
const nonZero = (r: Range) => r.min !== 0 || r.max !== 0;

export async function effectReport(db: Kysely<Database>, opts: { regionId: string | null; year: number | null }): Promise<EffectReport> {
	const { scope, rollup } = await effectRollup(db, opts.regionId);
	const year = opts.year !== null && rollup.years.includes(opts.year) ? opts.year : latestYear(rollup);
	const cov = new Map(rollup.coverage.map((c) => [`${c.dimension}\u0000${c.key}`, c]));
	const present = (dimension: Dimension, key: string, label: string, r: RollupRow | undefined): ReportRow => {
		const c = cov.get(`${dimension}\u0000${key}`);
		const zero = { min: 0, max: 0, estimate: false };
		return {
			key, label,
			realised: r?.realised ?? zero, expected: r?.expected ?? zero, oneOff: r?.oneOff ?? zero,
			realisedText: text(r?.realised ?? zero, !!r && nonZero(r.realised)),
			expectedText: text(r?.expected ?? zero, !!r && nonZero(r.expected)),
			oneOffText: text(r?.oneOff ?? zero, !!r && nonZero(r.oneOff)),
			cooperations: r?.cooperations ?? 0, linked: c?.linked ?? 0, withFigures: c?.withFigures ?? 0,
			derived: r?.derived ?? false, split: r?.split ?? false
		};
	};
	const inYear = (dimension: Dimension) => new Map(year === null ? [] : rowsOf(rollup, dimension, year).map((r) => [r.key, r]));
	const measures = inYear('measure');
	const topics = inYear('topic');
	const bodies = inYear('body');
	const regions = inYear('region');
	const byLabel = (a: ReportRow, b: ReportRow) => b.realised.max - a.realised.max || a.label.localeCompare(b.label, 'de');
	return {
		regionId: opts.regionId,
		years: rollup.years,
		year,
		total: year === null ? null : present('total', '', 'alle Kooperationen', inYear('total').get('')),
		byYear: rollup.years.map((y) => ({ ...present('total', '', String(y), rowsOf(rollup, 'total', y)[0]), year: y })),
		// Every measure, also those without figures: the gap is part of the answer.
		byMeasure: scope.measures.map((m) => present('measure', m.id, `${m.number} ${m.title}`, measures.get(m.id))),
		byTopic: [...new Set([...topics.keys()])].map((k) => present('topic', k, k === TOPIC_NONE ? TOPIC_NONE_LABEL : (scope.topics.get(k) ?? k), topics.get(k))).sort(byLabel),
		byBody: [...bodies.keys()].map((k) => present('body', k, scope.bodies.get(k) ?? k, bodies.get(k))).sort(byLabel),
		byRegion: [...new Set([...scope.coops.map((c) => c.regionId)])].map((k) => present('region', k, scope.regions.get(k) ?? k, regions.get(k))),
		bodyYears: [...new Set(rollup.rows.filter((x) => x.dimension === 'body').map((x) => x.key))]
			.map((k) => ({
				key: k, label: scope.bodies.get(k) ?? k,
				cells: rollup.years.map((y) => {
					const row = rollup.rows.find((x) => x.dimension === 'body' && x.key === k && x.year === y);
					return { year: y, text: row && nonZero(row.realised) ? formatRange(row.realised) : '–' };
				})
			}))
			.sort((a, b) => a.label.localeCompare(b.label, 'de')),
		cooperations: rollup.total,
		withFigures: rollup.withFigures,
		withoutFigures: rollup.withoutFigures,
		serviceOnly: rollup.serviceOnly,
		gap: gapSentence(rollup),
		promise: PROMISE_EURO
	};
}

/** The rows of a report as CSV records (one per dimension, key and year shown). */
export function reportRecords(r: EffectReport): string[][] {
	const round = (n: number) => String(Math.round(n * 100) / 100);
	const line = (dimension: string, row: ReportRow, year: number | null) => [
		dimension, row.key, row.label, year === null ? '' : String(year),
		round(row.realised.min), round(row.realised.max), round(row.expected.min), round(row.expected.max), round(row.oneOff.min), round(row.oneOff.max),
		row.realised.estimate || row.expected.estimate || row.oneOff.estimate ? 'ja' : 'nein',
		row.derived ? 'ja' : 'nein', row.split ? 'ja' : 'nein', String(row.cooperations), String(row.linked), String(row.withFigures)
	];
	return [
		...r.byYear.map((row) => line('Jahr', row, row.year)),
		...r.byMeasure.map((row) => line('Maßnahme', row, r.year)),
		...r.byTopic.map((row) => line('Themenfeld', row, r.year)),
		...r.byBody.map((row) => line('Körperschaft', row, r.year)),
		...r.byRegion.map((row) => line('Region', row, r.year))
	];
}

export const REPORT_HEADER = [
	'Auswertung', 'Schlüssel', 'Bezeichnung', 'Jahr', 'Einsparung realisiert min (€)', 'Einsparung realisiert max (€)',
	'Einsparung erwartet min (€)', 'Einsparung erwartet max (€)', 'Einmalkosten min (€)', 'Einmalkosten max (€)', 'Schätzung enthalten',
	'aus Kosten vorher/jetzt berechnet', 'anteilig verteilt', 'Kooperationen mit Zahlen im Jahr', 'Kooperationen der Gruppe', 'davon mit Zahlen'
];
