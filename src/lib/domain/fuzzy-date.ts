/**
 * Fuzzy dates as German administrations write them ("Okt. 2008", "Schuljahr 1983/84",
 * "2003 (Unna) 2004 (Bönen)", "geplant 2015", "?").
 *
 * The source text is always kept; we only DERIVE an interval [earliest, latest] (ISO days), a
 * precision and a qualifier from it. Questions such as "active in 2010?" are then answered with
 * yes / no / maybe, so that an unknown date stays unknown and a range stays a range instead of
 * being rounded to a single, invented day.
 */

export type Precision = 'day' | 'month' | 'year' | 'school-year' | 'range' | 'unknown';
export type Qualifier =
	| 'planned'
	| 'unknown'
	| 'ongoing'
	| 'as-needed'
	| 'under-review'
	| 'temporary';
/** Answer to a question about a fuzzy date; "maybe" when the text does not decide it. */
export type Answer = 'yes' | 'no' | 'maybe';

/** One date found in the text, with its label ("Unna", "gegründet", "bis", "bzw.") if any. */
export interface FuzzyDatePart {
	earliest: string | null;
	latest: string | null;
	precision: Precision;
	qualifier: Qualifier | null;
	label: string | null;
}

/** A parsed fuzzy date. Top-level interval and precision describe the FIRST part (the start),
 * or the whole period for "von … bis …". */
export interface FuzzyDate {
	text: string;
	earliest: string | null;
	latest: string | null;
	precision: Precision;
	qualifier: Qualifier | null;
	parts: FuzzyDatePart[];
	readable: boolean;
}

type Interval = { earliest: string; latest: string; precision: Precision };
type YearSpan = { from: number; to: number };

type Token =
	| { kind: 'date'; interval: Interval; start: number; end: number }
	| { kind: 'open' | 'close' | 'dash' | 'word'; text: string; start: number; end: number };

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
// Years outside this window are typos or numbers that are not years (file numbers, counts).
const plausible = (y: number): boolean => Number.isInteger(y) && y >= 1800 && y <= 2200;
const yearOf = (isoDay: string): number => Number(isoDay.slice(0, 4));

function day(y: number, m: number, d: number): Interval | null {
	if (!plausible(y) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
	return { earliest: iso(y, m, d), latest: iso(y, m, d), precision: 'day' };
}

function month(y: number, m: number): Interval | null {
	if (!plausible(y) || m < 1 || m > 12) return null;
	return { earliest: iso(y, m, 1), latest: iso(y, m, daysInMonth(y, m)), precision: 'month' };
}

function years(from: number, to: number, precision: Precision): Interval | null {
	if (!plausible(from) || !plausible(to) || to < from) return null;
	return { earliest: iso(from, 1, 1), latest: iso(to, 12, 31), precision };
}

/** "1983/84" → 1984, "1999/00" → 2000, "2012/2014" → 2014. */
function secondYear(first: number, written: string): number {
	if (written.length === 4) return Number(written);
	const y = first - (first % 100) + Number(written);
	return y < first ? y + 100 : y;
}

const MONTH_KEYS = 'jan feb mär apr mai jun jul aug sep okt nov dez'.split(' ');
// German month names and their abbreviations ("Mär", "Maerz", "Sept."), optional final dot.
const MONTH = `(${[
	'Jan(?:uar)?|Jänner|Feb(?:ruar)?|M(?:ärz?|aerz|arz?|rz)|Apr(?:il)?|Mai|Juni?|Juli?',
	'Aug(?:ust)?|Sep(?:t(?:ember)?)?|Okt(?:ober)?|Nov(?:ember)?|Dez(?:ember)?'
].join('|')})\\.?`;

function monthNumber(name: string): number {
	const key = name.toLowerCase().replace(/^jän/, 'jan').replace(/^m(?:ae|a|ä)?rz?/, 'mär');
	return MONTH_KEYS.indexOf(key.slice(0, 3)) + 1;
}

const n = (m: RegExpExecArray, i: number): number => Number(m[i] ?? NaN);

// Date shapes, tried in this order at each token start (sticky regexes). A match whose reader
// returns null is date-shaped but impossible (31.02., month 13): the whole text is unreadable,
// because reading "2001" out of "31.02.2001" would pretend a precision the source does not have.
const RULES: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => Interval | null }> = [
	{
		// NRW school years run from 1 August to 31 July.
		re: /(?:Schuljahr|Schulj|SJ)\.?\s*(\d{4})\s*\/\s*(\d{2}|\d{4})(?!\d)/iy,
		read: (m) => {
			const y = n(m, 1);
			if (secondYear(y, m[2] ?? '') !== y + 1 || !plausible(y + 1)) return null;
			return { earliest: iso(y, 8, 1), latest: iso(y + 1, 7, 31), precision: 'school-year' };
		}
	},
	{ re: /(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/y, read: (m) => day(n(m, 1), n(m, 2), n(m, 3)) },
	{
		re: new RegExp(`(\\d{1,2})\\.\\s*${MONTH}\\s*(\\d{4})(?!\\d)`, 'iyu'),
		read: (m) => day(n(m, 3), monthNumber(m[2] ?? ''), n(m, 1))
	},
	{
		// A meeting over consecutive days: "20./21.09.2010", "13./14.01.2016".
		re: /(\d{1,2})\.\s*\/\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(?!\d)/y,
		read: (m) => {
			const first = day(n(m, 4), n(m, 3), n(m, 1));
			const last = day(n(m, 4), n(m, 3), n(m, 2));
			if (!first || !last || last.earliest < first.earliest) return null;
			return { earliest: first.earliest, latest: last.latest, precision: 'range' };
		}
	},
	{
		re: /(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(?!\d)/y,
		read: (m) => day(n(m, 3), n(m, 2), n(m, 1))
	},
	{
		re: new RegExp(`${MONTH}\\s*(\\d{4})(?!\\d)`, 'iyu'),
		read: (m) => month(n(m, 2), monthNumber(m[1] ?? ''))
	},
	{ re: /(\d{1,2})[./](\d{4})(?!\d)/y, read: (m) => month(n(m, 2), n(m, 1)) },
	{
		// "2011/2012" without "Schuljahr": one of those years or both; we cannot tell, so a range.
		re: /(\d{4})\s*\/\s*(\d{2}|\d{4})(?!\d)/y,
		read: (m) => {
			const from = n(m, 1);
			const to = secondYear(from, m[2] ?? '');
			return to > from ? years(from, to, 'range') : null;
		}
	},
	{
		// A decade: "80er Jahre", "seit den 90er Jahren", "1970er" (two digits: 30–99 the 1900s, 00–20 the 2000s).
		re: /(?:(1[89]|20)(\d)0|(\d)0)er(?:[\s-]*Jahren?)?(?![\p{L}\d])/iyu,
		read: (m) => {
			const from = m[1] ? Number(`${m[1]}${m[2]}0`) : Number(m[3]) >= 3 ? 1900 + Number(m[3]) * 10 : 2000 + Number(m[3]) * 10;
			return plausible(from) ? years(from, from + 9, 'range') : null;
		}
	},
	// Only plausible years are dates; any other 4-digit number is an ordinary word.
	{ re: /(1[89]\d\d|2[01]\d\d|2200)(?!\d)/y, read: (m) => years(n(m, 1), n(m, 1), 'year') }
];

// Everything that is not a date: a parenthesis, a dash (hyphen, en or em dash) or a word.
const OTHER = /[()]|[-–—]|[^\s()\-–—]+/y;
const DASH = /^[-–—]$/;

/** Split the cleaned text into dates, parentheses, dashes and words; null if a date is invalid. */
function tokenize(s: string): Token[] | null {
	const tokens: Token[] = [];
	let pos = 0;
	scan: while (pos < s.length) {
		if (/\s/.test(s[pos] ?? '')) {
			pos++;
			continue;
		}
		for (const rule of RULES) {
			rule.re.lastIndex = pos;
			const m = rule.re.exec(s);
			if (!m) continue;
			const interval = rule.read(m);
			if (!interval) return null;
			tokens.push({ kind: 'date', interval, start: pos, end: pos + m[0].length });
			pos += m[0].length;
			continue scan;
		}
		OTHER.lastIndex = pos;
		const text = OTHER.exec(s)?.[0] ?? s.slice(pos, pos + 1);
		const kind =
			text === '(' ? 'open' : text === ')' ? 'close' : DASH.test(text) ? 'dash' : 'word';
		tokens.push({ kind, text, start: pos, end: pos + text.length });
		pos += text.length;
	}
	return tokens;
}

// A Map, not an object literal: a word like "constructor" must not hit the prototype.
// Words are compared in lower case without a final dot ("gepl.", "k.A."). Whole words only:
// "unbefristet" (no end date) must not read as "befristet" (temporary).
const QUALIFIER_WORDS = new Map<string, Qualifier>(
	(
		[
			['planned', 'geplant gepl planung'],
			['unknown', '? unbekannt k.a angabe angaben'],
			['ongoing', 'seit laufend fortlaufend lfd'],
			['as-needed', 'bedarf bedarfsweise'],
			['under-review', 'geprüft prüfung'],
			['temporary', 'befristet']
		] as const
	).flatMap(([q, words]) => words.split(' ').map((w): [string, Qualifier] => [w, q]))
);

const qualifierOf = (word: string): Qualifier | null =>
	QUALIFIER_WORDS.get(word.toLowerCase().replace(/[.,;:!]+$/, '')) ?? null;

/** Collapse whitespace (incl. non-breaking), and the spaces in "2012/ 2014" and "( Unna )". */
function clean(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/(\d) ?\/ ?(\d)/g, '$1/$2')
		.replace(/\( /g, '(')
		.replace(/ \)/g, ')');
}

/** A result without a date; readable when a qualifier says something ("?", "befristet"). */
const undated = (text: string, qualifier: Qualifier | null): FuzzyDate => ({
	text,
	earliest: null,
	latest: null,
	precision: 'unknown',
	qualifier,
	parts: [],
	readable: qualifier !== null
});

/** Parse a free-text date; null for null, empty or whitespace-only input. */
export function parseFuzzyDate(text: string | null | undefined): FuzzyDate | null {
	if (text == null || text.trim() === '') return null;
	const s = clean(text);
	const tokens = tokenize(s);
	if (!tokens) return undated(text, null);

	const parts: FuzzyDatePart[] = [];
	let isPeriod = false; // parts[0] "von" … parts[1] "bis"
	let pendingQualifier: Qualifier | null = null;
	let pendingLabel: string | null = null;
	let pendingBis = false;
	let depth = 0;
	let paren = { parts: [] as FuzzyDatePart[], from: -1, to: -1 };

	for (const [i, t] of tokens.entries()) {
		const last = parts.at(-1);
		if (t.kind === 'date') {
			const part = { ...t.interval, qualifier: pendingQualifier, label: pendingLabel };
			if (pendingBis && last) {
				// "2015 bis 2013" is a typo we cannot resolve.
				if (t.interval.latest < (last.earliest ?? '')) return undated(text, null);
				last.label ??= 'von';
				if (parts.length === 1) isPeriod = true;
			}
			if (pendingBis) part.label = 'bis';
			parts.push(part);
			if (depth > 0) paren.parts.push(part);
			[pendingQualifier, pendingLabel, pendingBis] = [null, null, false];
		} else if (t.kind === 'open') {
			if (depth++ === 0) paren = { parts: [], from: -1, to: -1 };
		} else if (t.kind === 'close') {
			if (depth === 0 || --depth > 0) continue;
			// "(Unna)" names the date before it, "(gegründet 19.08.1939)" the date inside it.
			const words = paren.from < 0 ? '' : s.slice(paren.from, paren.to);
			const label = words.replace(/^[\s,;:]+|[\s,;:]+$/g, '');
			const targets = paren.parts.length > 0 ? paren.parts : last ? [last] : [];
			if (label) for (const p of targets) p.label = p.label ? `${p.label} (${label})` : label;
		} else {
			const q = qualifierOf(t.text);
			if (q) {
				// "geplant 2015" qualifies the date after it, "2015 gepl. (Kamen)" the one before.
				if (!last || tokens[i + 1]?.kind === 'date') pendingQualifier ??= q;
				else last.qualifier ??= q;
			} else if (depth > 0) {
				if (paren.from < 0) paren.from = t.start;
				paren.to = t.end;
			} else {
				const w = t.text.toLowerCase();
				const prevKind = tokens[i - 1]?.kind;
				// A dash only separates a period when it follows a date (not in "Rhein-Sieg").
				const dash = t.kind === 'dash' && (prevKind === 'date' || prevKind === 'close');
				if (w === 'bis' || dash) pendingBis = true;
				else if (w === 'von') pendingLabel = 'von';
				else if (w === 'bzw.' || w === 'bzw') pendingLabel = 'bzw.';
			}
		}
	}

	const head = parts[0];
	if (!head) return undated(text, pendingQualifier);
	const tail = isPeriod ? parts[1] : undefined;
	return {
		text,
		earliest: head.earliest,
		latest: tail ? tail.latest : head.latest,
		precision: tail ? 'range' : head.precision,
		qualifier: head.qualifier ?? tail?.qualifier ?? null,
		parts,
		readable: true
	};
}

/** German display text: the SOURCE text with whitespace cleaned, never a re-rendering. */
export function formatFuzzyDate(d: FuzzyDate): string {
	return clean(d.text);
}

const spanOf = (earliest: string | null, latest: string | null): YearSpan | null =>
	earliest === null || latest === null ? null : { from: yearOf(earliest), to: yearOf(latest) };

/** Does the date lie in the year? Inside → yes, disjoint → no, partly or unknown → maybe. */
export function overlapsYear(d: FuzzyDate | null, year: number): Answer {
	const span = d ? spanOf(d.earliest, d.latest) : null;
	if (!span) return 'maybe';
	if (span.from === year && span.to === year) return 'yes';
	return span.to < year || span.from > year ? 'no' : 'maybe';
}

/** The years the start may lie in: those of the first part (for "2013 bis 2015" that is 2013). */
export function startYearRange(d: FuzzyDate | null): YearSpan | null {
	const head = d?.parts[0];
	return head ? spanOf(head.earliest, head.latest) : null;
}

/** Had the cooperation ended before the year began? */
function endedBefore(start: FuzzyDate | null, end: FuzzyDate | null, year: number): Answer {
	let span: YearSpan | null;
	let planned: boolean;
	if (end) {
		span = spanOf(end.earliest, end.latest);
		planned = end.qualifier === 'planned';
		// "laufend" says it runs on; "?", "befristet", unreadable text: it ends at an unknown time.
		if (!span) return end.qualifier === 'ongoing' ? 'no' : 'maybe';
	} else {
		// A start value "2013 bis 2015" carries its own end. The top-level interval reaches past
		// the first part exactly for such a period.
		const bis = start?.parts[1];
		// No end recorded: the cooperation counts as still running.
		if (!start || !bis || start.latest === start.parts[0]?.latest) return 'no';
		span = spanOf(bis.earliest, bis.latest);
		planned = bis.qualifier === 'planned';
		if (!span) return 'maybe';
	}
	if (year <= span.from) return 'no';
	// A planned end that has passed may have slipped.
	if (span.to < year) return planned ? 'maybe' : 'yes';
	return 'maybe';
}

/**
 * Was a cooperation active at some time in the year? Active if it started in or before the year
 * and had not ended before it. No end (null) counts as still running; an unknown start, a start
 * only planned, or an end of unknown date give "maybe" unless another fact already says "no".
 */
export function isActiveInYear(
	start: FuzzyDate | null,
	end: FuzzyDate | null,
	year: number
): Answer {
	const span = startYearRange(start);
	let started: Answer = 'maybe';
	if (span && year < span.from) started = 'no';
	// A planned start may never have happened, so it alone never makes a "yes".
	else if (span && year >= span.to && start?.qualifier !== 'planned') started = 'yes';
	const ended = endedBefore(start, end, year);
	if (started === 'no' || ended === 'yes') return 'no';
	return started === 'yes' && ended === 'no' ? 'yes' : 'maybe';
}

/** Sort order by earliest day, then latest (the narrower first); null and unknown sort last. */
export function compareFuzzyDates(a: FuzzyDate | null, b: FuzzyDate | null): number {
	const byKey = (x: string | null | undefined, y: string | null | undefined): number => {
		if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
		return x < y ? -1 : x > y ? 1 : 0;
	};
	return byKey(a?.earliest, b?.earliest) || byKey(a?.latest, b?.latest);
}
