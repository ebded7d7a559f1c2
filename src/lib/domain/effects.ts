/**
 * Effects of cooperations (issue 19): the figures recorded per cooperation and their roll-ups per
 * measure, topic field, body, region and year. Pure: the caller reads the figures and the
 * cooperations (with their taking-part bodies, topics and measures) and passes them in.
 *
 * Rules (also stated on /analyse/wirkung and in docs/effects.md):
 * - Every money figure is a range: min = max when exact. Sums carry min and max separately; a sum
 *   is an estimate when any part is one.
 * - A figure names the body it is about (a partner's own costs) or the whole cooperation. A body's
 *   share of a whole-cooperation figure is an equal split among the bodies taking part (the
 *   "stated rule"); per-partner figures are never split.
 * - Realised savings of a body in a year: the recorded realised savings of that year where given;
 *   otherwise, where costs now are recorded for that year and costs before exist, costs before
 *   (the latest reference year not after that year, else the earliest) minus costs now. Ranges:
 *   [before.min − now.max, before.max − now.min].
 * - Expected savings and one-off costs are summed as recorded. Service indicators are not summed
 *   across cooperations (different units and meanings); they are shown per cooperation.
 * - Gaps: a cooperation without any money figure counts as "keine Zahlen".
 */
import { TOPIC_NONE } from './facets';

export const EFFECT_KINDS = ['cost_before', 'cost_now', 'one_off', 'saving_expected', 'saving_realised', 'service'] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

export const EFFECT_KIND_LABEL: Record<EffectKind, string> = {
	cost_before: 'Kosten vorher (je Jahr)',
	cost_now: 'Kosten jetzt (je Jahr)',
	one_off: 'Einmalkosten',
	saving_expected: 'Einsparung erwartet (je Jahr)',
	saving_realised: 'Einsparung realisiert (je Jahr)',
	service: 'Leistungskennzahl'
};

export const SERVICE_INDICATORS = ['opening_hours', 'processing_time', 'cases', 'staff', 'other'] as const;
export type ServiceIndicator = (typeof SERVICE_INDICATORS)[number];

export const SERVICE_INDICATOR_LABEL: Record<ServiceIndicator, string> = {
	opening_hours: 'Öffnungszeiten',
	processing_time: 'Bearbeitungszeit',
	cases: 'Fälle je Jahr',
	staff: 'Personal',
	other: 'andere Kennzahl'
};

/** The unit a service indicator gets when none is given. */
export const SERVICE_DEFAULT_UNIT: Record<ServiceIndicator, string> = {
	opening_hours: 'Stunden je Woche',
	processing_time: 'Tage',
	cases: 'Fälle',
	staff: 'Vollzeitstellen',
	other: ''
};

export const MONEY_KINDS: readonly EffectKind[] = ['cost_before', 'cost_now', 'one_off', 'saving_expected', 'saving_realised'];

export interface EffectFigure {
	id: string;
	cooperationId: string;
	/** null = the whole cooperation. */
	bodyId: string | null;
	kind: EffectKind;
	indicator: ServiceIndicator | null;
	label: string | null;
	unit: string | null;
	year: number;
	min: number;
	max: number;
	estimate: boolean;
	source: string;
	note: string | null;
	enteredAt: string;
	enteredBy: string;
}

/** A sum of ranges. `estimate`: some part is marked as an estimate; `range`: min differs from max. */
export interface Range {
	min: number;
	max: number;
	estimate: boolean;
}

export const ZERO: Range = { min: 0, max: 0, estimate: false };

export function addRange(a: Range, b: Range): Range {
	return { min: a.min + b.min, max: a.max + b.max, estimate: a.estimate || b.estimate };
}

export function scaleRange(a: Range, factor: number): Range {
	return { min: a.min * factor, max: a.max * factor, estimate: a.estimate };
}

/** One cooperation as the roll-ups need it. */
export interface EffectCooperation {
	id: string;
	title: string;
	regionId: string;
	/** Taking-part bodies (institutions resolved to their body), each once; whole figures are split among them. */
	bodyIds: readonly string[];
	topicIds: readonly string[];
	measureIds: readonly string[];
}

/** What one body (or the cooperation, key '') gets from one cooperation in one year. */
export interface YearShare {
	year: number;
	bodyId: string;
	/** Realised savings, recorded or derived from costs before/now; null = nothing to say. */
	realised: Range | null;
	realisedBasis: 'recorded' | 'derived' | null;
	expected: Range | null;
	oneOff: Range | null;
	/** Whether a whole-cooperation figure was split to reach this share. */
	split: boolean;
}

const rangeOf = (f: EffectFigure): Range => ({ min: f.min, max: f.max, estimate: f.estimate });

/** Key of the pseudo body that takes whole-cooperation figures of a cooperation without bodies. */
export const UNASSIGNED = '';

/**
 * Each money figure allocated to bodies: a per-partner figure stays with its body; a whole figure
 * is split equally among the taking-part bodies.
 */
function allocate(figures: readonly EffectFigure[], bodyIds: readonly string[]): { bodyId: string; kind: EffectKind; year: number; value: Range; split: boolean }[] {
	const out: { bodyId: string; kind: EffectKind; year: number; value: Range; split: boolean }[] = [];
	for (const f of figures) {
		if (f.kind === 'service') continue;
		if (f.bodyId !== null) out.push({ bodyId: f.bodyId, kind: f.kind, year: f.year, value: rangeOf(f), split: false });
		else if (!bodyIds.length) out.push({ bodyId: UNASSIGNED, kind: f.kind, year: f.year, value: rangeOf(f), split: false });
		else for (const b of bodyIds) out.push({ bodyId: b, kind: f.kind, year: f.year, value: scaleRange(rangeOf(f), 1 / bodyIds.length), split: true });
	}
	return out;
}

/** The shares of one cooperation's figures, per body and year (figures of other cooperations are ignored). */
export function cooperationShares(coop: EffectCooperation, figures: readonly EffectFigure[]): YearShare[] {
	const own = figures.filter((f) => f.cooperationId === coop.id);
	const bodyIds = [...new Set(coop.bodyIds)];
	const parts = allocate(own, bodyIds);
	const bodies = [...new Set(parts.map((p) => p.bodyId))];
	const out: YearShare[] = [];
	for (const b of bodies) {
		const mine = parts.filter((p) => p.bodyId === b);
		const sum = (kind: EffectKind, year: number) => {
			const xs = mine.filter((p) => p.kind === kind && p.year === year);
			return xs.length ? { value: xs.reduce((a, p) => addRange(a, p.value), ZERO), split: xs.some((p) => p.split) } : null;
		};
		const beforeYears = [...new Set(mine.filter((p) => p.kind === 'cost_before').map((p) => p.year))].sort((a, c) => a - c);
		const years = [...new Set(mine.filter((p) => p.kind !== 'cost_before').map((p) => p.year))].sort((a, c) => a - c);
		for (const year of years) {
			const recorded = sum('saving_realised', year);
			let realised: Range | null = recorded?.value ?? null;
			let basis: YearShare['realisedBasis'] = recorded ? 'recorded' : null;
			let split = recorded?.split ?? false;
			if (!recorded) {
				const now = sum('cost_now', year);
				const refYear = [...beforeYears].reverse().find((y) => y <= year) ?? beforeYears[0];
				const before = refYear !== undefined ? sum('cost_before', refYear) : null;
				if (now && before) {
					realised = { min: before.value.min - now.value.max, max: before.value.max - now.value.min, estimate: before.value.estimate || now.value.estimate };
					basis = 'derived';
					split = now.split || before.split;
				}
			}
			const expected = sum('saving_expected', year);
			const oneOff = sum('one_off', year);
			if (!realised && !expected && !oneOff) continue;
			out.push({ year, bodyId: b, realised, realisedBasis: basis, expected: expected?.value ?? null, oneOff: oneOff?.value ?? null, split: split || !!expected?.split || !!oneOff?.split });
		}
	}
	return out;
}

export type Dimension = 'total' | 'measure' | 'topic' | 'body' | 'region';

/** One group (a measure, a topic field, a body, a region, or everything) in one year. */
export interface RollupRow {
	dimension: Dimension;
	key: string;
	year: number;
	realised: Range;
	expected: Range;
	oneOff: Range;
	/** Cooperations contributing a figure to this group and year. */
	cooperations: number;
	/** Whether any realised figure of the row was derived from costs before/now. */
	derived: boolean;
	/** Whether any part is an equal split of a whole-cooperation figure. */
	split: boolean;
}

/** A group independent of the year: how many cooperations it holds and how many have any money figure. */
export interface GroupCoverage {
	dimension: Dimension;
	key: string;
	linked: number;
	withFigures: number;
}

export interface EffectRollup {
	/** Years with any figure, ascending. */
	years: number[];
	rows: RollupRow[];
	coverage: GroupCoverage[];
	total: number;
	withFigures: number;
	withoutFigures: number;
	/** Cooperations whose only figures are service indicators (counted without money figures). */
	serviceOnly: number;
}

/**
 * Roll the figures up. Per body the shares are used as they are; measures, topic fields, regions
 * and the total add up whole cooperations (the sum of their bodies' shares). A cooperation in two
 * topic fields (or linked to two measures) counts in each; the total counts it once.
 */
export function rollUpEffects(coops: readonly EffectCooperation[], figures: readonly EffectFigure[]): EffectRollup {
	const byCoop = new Map<string, EffectFigure[]>();
	for (const f of figures) {
		const xs = byCoop.get(f.cooperationId);
		if (xs) xs.push(f);
		else byCoop.set(f.cooperationId, [f]);
	}
	const rows = new Map<string, RollupRow & { coopSet: Set<string> }>();
	const coverage = new Map<string, GroupCoverage>();
	const cover = (dimension: Dimension, key: string, has: boolean) => {
		const k = `${dimension}\u0000${key}`;
		const c = coverage.get(k) ?? { dimension, key, linked: 0, withFigures: 0 };
		c.linked++;
		if (has) c.withFigures++;
		coverage.set(k, c);
	};
	const add = (dimension: Dimension, key: string, s: YearShare, coopId: string) => {
		const k = `${dimension}\u0000${key}\u0000${s.year}`;
		let r = rows.get(k);
		if (!r) {
			r = { dimension, key, year: s.year, realised: ZERO, expected: ZERO, oneOff: ZERO, cooperations: 0, derived: false, split: false, coopSet: new Set() };
			rows.set(k, r);
		}
		if (s.realised) r.realised = addRange(r.realised, s.realised);
		if (s.expected) r.expected = addRange(r.expected, s.expected);
		if (s.oneOff) r.oneOff = addRange(r.oneOff, s.oneOff);
		if (s.realisedBasis === 'derived') r.derived = true;
		if (s.split) r.split = true;
		r.coopSet.add(coopId);
	};
	let withFigures = 0;
	let serviceOnly = 0;
	const years = new Set<number>();
	for (const c of coops) {
		const own = byCoop.get(c.id) ?? [];
		const money = own.some((f) => f.kind !== 'service');
		if (money) withFigures++;
		else if (own.length) serviceOnly++;
		cover('total', '', money);
		for (const m of new Set(c.measureIds)) cover('measure', m, money);
		// A cooperation without a topic field counts under "ohne Themenfeld" (issue 14): no row is lost.
		const topics = new Set(c.topicIds.length ? c.topicIds : [TOPIC_NONE]);
		for (const t of topics) cover('topic', t, money);
		cover('region', c.regionId, money);
		for (const b of new Set(c.bodyIds)) cover('body', b, money);
		if (!money) continue;
		const shares = cooperationShares(c, own);
		for (const s of shares) {
			years.add(s.year);
			add('total', '', s, c.id);
			for (const m of new Set(c.measureIds)) add('measure', m, s, c.id);
			for (const t of topics) add('topic', t, s, c.id);
			add('region', c.regionId, s, c.id);
			if (s.bodyId !== UNASSIGNED) add('body', s.bodyId, s, c.id);
		}
	}
	const out: RollupRow[] = [...rows.values()].map(({ coopSet, ...r }) => ({ ...r, cooperations: coopSet.size }));
	out.sort((a, b) => a.dimension.localeCompare(b.dimension) || a.key.localeCompare(b.key) || a.year - b.year);
	return {
		years: [...years].sort((a, b) => a - b), rows: out, coverage: [...coverage.values()],
		total: coops.length, withFigures, withoutFigures: coops.length - withFigures, serviceOnly
	};
}

/** The rows of one dimension and year. */
export function rowsOf(r: EffectRollup, dimension: Dimension, year: number): RollupRow[] {
	return r.rows.filter((x) => x.dimension === dimension && x.year === year);
}

/** The latest year with a realised or expected saving, else the latest year with any figure. */
export function latestYear(r: EffectRollup): number | null {
	const withSavings = r.rows.filter((x) => x.dimension === 'total' && (x.realised.max !== 0 || x.realised.min !== 0 || x.expected.max !== 0));
	const ys = withSavings.length ? withSavings.map((x) => x.year) : r.years;
	return ys.length ? Math.max(...ys) : null;
}

const EURO = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });

/** "12.000 €", "10.000–14.000 €", with " (Schätzung)" when estimated. */
export function formatRange(r: Range, opts: { unit?: string; estimateMark?: boolean } = {}): string {
	const unit = opts.unit ?? '€';
	const lo = Math.round(r.min);
	const hi = Math.round(r.max);
	const text = lo === hi ? `${EURO.format(lo)} ${unit}` : `${EURO.format(lo)}–${EURO.format(hi)} ${unit}`;
	return `${text.trim()}${r.estimate && opts.estimateMark !== false ? ' (Schätzung)' : ''}`;
}

/** The German gap sentence: "Für 71 von 103 Kooperationen liegen keine Zahlen vor." */
export function gapSentence(r: Pick<EffectRollup, 'total' | 'withoutFigures'>): string {
	if (r.total === 0) return 'Es gibt keine Kooperationen in dieser Auswahl.';
	if (r.withoutFigures === 0) return `Für alle ${r.total} Kooperationen liegen Zahlen vor.`;
	return `Für ${r.withoutFigures} von ${r.total} Kooperationen liegen keine Zahlen vor.`;
}

/**
 * The savings share of one cooperation for a funding check: savings (realised where recorded or
 * derived, else expected) of the latest year with such a figure, divided by the costs before of
 * the latest reference year not after it. Returns which figures were used, in German.
 */
export function savingsShareOf(coop: EffectCooperation, figures: readonly EffectFigure[]): { share: number; minShare: number; maxShare: number; year: number; text: string } | null {
	const own = figures.filter((f) => f.cooperationId === coop.id && f.kind !== 'service');
	const before = own.filter((f) => f.kind === 'cost_before');
	if (!before.length) return null;
	const shares = cooperationShares(coop, own);
	const years = [...new Set(shares.filter((s) => s.realised || s.expected).map((s) => s.year))].sort((a, b) => b - a);
	for (const year of years) {
		const inYear = shares.filter((s) => s.year === year);
		const realised = inYear.filter((s) => s.realised).reduce((a, s) => addRange(a, s.realised!), ZERO);
		const useRealised = inYear.some((s) => s.realised);
		const saving = useRealised ? realised : inYear.filter((s) => s.expected).reduce((a, s) => addRange(a, s.expected!), ZERO);
		const beforeYears = [...new Set(before.map((f) => f.year))].sort((a, b) => a - b);
		const ref = [...beforeYears].reverse().find((y) => y <= year) ?? beforeYears[0]!;
		const base = before.filter((f) => f.year === ref).reduce((a, f) => addRange(a, rangeOf(f)), ZERO);
		if (base.max <= 0) continue;
		const mid = (x: Range) => (x.min + x.max) / 2;
		const share = mid(saving) / mid(base);
		const what = useRealised
			? (inYear.some((s) => s.realisedBasis === 'derived') ? 'realisierte Einsparung (aus Kosten vorher und jetzt)' : 'realisierte Einsparung')
			: 'erwartete Einsparung';
		return {
			share, minShare: base.max > 0 ? saving.min / base.max : share, maxShare: base.min > 0 ? saving.max / base.min : share, year,
			text: `Aus den erfassten Wirkungszahlen: ${what} ${year} von ${formatRange(saving)} bei Kosten vorher (${ref}) von ${formatRange(base)}.`
		};
	}
	return null;
}
