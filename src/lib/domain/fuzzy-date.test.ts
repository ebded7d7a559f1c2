import { describe, expect, it } from 'vitest';
import {
	compareFuzzyDates,
	formatFuzzyDate,
	isActiveInYear,
	overlapsYear,
	parseFuzzyDate,
	startYearRange,
	type FuzzyDate,
	type FuzzyDatePart,
	type Precision,
	type Answer,
	type Qualifier
} from './fuzzy-date';

// Part builders: spelled-out intervals, so the expectations do not reuse the parser's logic.
type Q = Qualifier | null;
const part = (earliest: string, latest: string, precision: Precision, label: string | null = null, qualifier: Q = null): FuzzyDatePart => ({ earliest, latest, precision, label, qualifier });
const day = (isoDay: string, label: string | null = null, q: Q = null) => part(isoDay, isoDay, 'day', label, q);
const year = (y: number, label: string | null = null, q: Q = null) => part(`${y}-01-01`, `${y}-12-31`, 'year', label, q);
const schoolYear = (y: number) => part(`${y}-08-01`, `${y + 1}-07-31`, 'school-year');
const yearRange = (from: number, to: number, label: string | null = null) => part(`${from}-01-01`, `${to}-12-31`, 'range', label);

const parse = (text: string): FuzzyDate => {
	const d = parseFuzzyDate(text);
	if (!d) throw new Error(`no result for ${JSON.stringify(text)}`);
	return d;
};

/** [text, earliest, latest, precision, qualifier, parts] */
type Row = [string, string | null, string | null, Precision, Q, FuzzyDatePart[]];

const plainYears = [1961, 1969, 1975, 1977, 1978, 1980, 1982, 1983, 1989, 1991, 1992, 1994, 1995, 1996, 1998, 2001, 2002, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2015, 2016];
const plainDays = [
	['03.12.1979', '1979-12-03'], ['01.01.1986', '1986-01-01'], ['15.01.1991', '1991-01-15'],
	['01.10.1997', '1997-10-01'], ['01.01.2003', '2003-01-01'], ['01.08.2004', '2004-08-01'],
	['01.09.2004', '2004-09-01'], ['01.08.2006', '2006-08-01'], ['01.09.2006', '2006-09-01'],
	['01.07.2007', '2007-07-01'], ['01.08.2008', '2008-08-01'], ['01.01.2013', '2013-01-01'],
	['03.03.2013', '2013-03-03'], ['26.01.2014', '2014-01-26'], ['01.07.2015', '2015-07-01'],
	['01.01.2016', '2016-01-01']
] as const;

// Every start value of the Kreis Unna deck.
const deck: Row[] = [
	...plainYears.map((y): Row => [String(y), `${y}-01-01`, `${y}-12-31`, 'year', null, [year(y)]]),
	...plainDays.map(([text, d]): Row => [text, d, d, 'day', null, [day(d)]]),
	['seit 1962 als VKU', '1962-01-01', '1962-12-31', 'year', 'ongoing', [year(1962, null, 'ongoing')]],
	['14.12.1979 (gegründet 19.08.1939)', '1979-12-14', '1979-12-14', 'day', null, [day('1979-12-14'), day('1939-08-19', 'gegründet')]],
	['20.12.1983 01.01.2014', '1983-12-20', '1983-12-20', 'day', null, [day('1983-12-20'), day('2014-01-01')]],
	['Schuljahr 1992/1993 2002', '1992-08-01', '1993-07-31', 'school-year', null, [schoolYear(1992), year(2002)]],
	[
		'2003 (Unna) 2004 (Bönen) 2005 (Fröndenberg) 2006 (Holzwickede) 2015 gepl. (Kamen)',
		'2003-01-01', '2003-12-31', 'year', null,
		[year(2003, 'Unna'), year(2004, 'Bönen'), year(2005, 'Fröndenberg'), year(2006, 'Holzwickede'), year(2015, 'Kamen', 'planned')]
	],
	['01.05.2003 (26.01.2014)', '2003-05-01', '2003-05-01', 'day', null, [day('2003-05-01'), day('2014-01-26')]],
	['Schuljahr 2007/2008', '2007-08-01', '2008-07-31', 'school-year', null, [schoolYear(2007)]],
	['Okt. 2008', '2008-10-01', '2008-10-31', 'month', null, [part('2008-10-01', '2008-10-31', 'month')]],
	['2011/2012', '2011-01-01', '2012-12-31', 'range', null, [yearRange(2011, 2012)]],
	['15.01.2012 (02.08.2015)', '2012-01-15', '2012-01-15', 'day', null, [day('2012-01-15'), day('2015-08-02')]],
	[
		'2013 (Bönen, Schwerte, Selm, Unna) 2014 (Holzwickede, Fröndenberg/Ruhr, Kamen) 2015 (Werne)',
		'2013-01-01', '2013-12-31', 'year', null,
		[year(2013, 'Bönen, Schwerte, Selm, Unna'), year(2014, 'Holzwickede, Fröndenberg/Ruhr, Kamen'), year(2015, 'Werne')]
	],
	[
		'01.01.2014 (Bergkamen, Bönen, Schwerte) 01.01.2015 (restliche Kommunen)',
		'2014-01-01', '2014-01-01', 'day', null,
		[day('2014-01-01', 'Bergkamen, Bönen, Schwerte'), day('2015-01-01', 'restliche Kommunen')]
	],
	[
		'2014 (Bergkamen, Bönen, Schwerte) 2015 (Lünen, Unna, Werne)',
		'2014-01-01', '2014-12-31', 'year', null,
		[year(2014, 'Bergkamen, Bönen, Schwerte'), year(2015, 'Lünen, Unna, Werne')]
	],
	['geplant 2015', '2015-01-01', '2015-12-31', 'year', 'planned', [year(2015, null, 'planned')]],
	['?', null, null, 'unknown', 'unknown', []],
	['01.08.2016 bzw. 01.07.2017', '2016-08-01', '2016-08-01', 'day', null, [day('2016-08-01'), day('2017-07-01', 'bzw.')]],
	['Schuljahr 1983/84', '1983-08-01', '1984-07-31', 'school-year', null, [schoolYear(1983)]],
	['2012/ 2014', '2012-01-01', '2014-12-31', 'range', null, [yearRange(2012, 2014)]],
	['2013 bis 2015', '2013-01-01', '2015-12-31', 'range', null, [year(2013, 'von'), year(2015, 'bis')]],
	['2014 - 2020', '2014-01-01', '2020-12-31', 'range', null, [year(2014, 'von'), year(2020, 'bis')]],
	['befristet', null, null, 'unknown', 'temporary', []],
	['wird geprüft', null, null, 'unknown', 'under-review', []],
	['nach Bedarf', null, null, 'unknown', 'as-needed', []],
	['2015 gepl.', '2015-01-01', '2015-12-31', 'year', 'planned', [year(2015, null, 'planned')]],
	['Schuljahr 2016/17', '2016-08-01', '2017-07-31', 'school-year', null, [schoolYear(2016)]],
	['geplant 2027', '2027-01-01', '2027-12-31', 'year', 'planned', [year(2027, null, 'planned')]]
];

// Other spellings of the same rules.
const variants: Row[] = [
	['3.12.1979', '1979-12-03', '1979-12-03', 'day', null, [day('1979-12-03')]],
	['1979-12-03', '1979-12-03', '1979-12-03', 'day', null, [day('1979-12-03')]],
	['29.02.2000', '2000-02-29', '2000-02-29', 'day', null, [day('2000-02-29')]],
	['3. Oktober 2008', '2008-10-03', '2008-10-03', 'day', null, [day('2008-10-03')]],
	['Oktober 2008', '2008-10-01', '2008-10-31', 'month', null, [part('2008-10-01', '2008-10-31', 'month')]],
	['10/2008', '2008-10-01', '2008-10-31', 'month', null, [part('2008-10-01', '2008-10-31', 'month')]],
	['10.2008', '2008-10-01', '2008-10-31', 'month', null, [part('2008-10-01', '2008-10-31', 'month')]],
	['Feb. 2012', '2012-02-01', '2012-02-29', 'month', null, [part('2012-02-01', '2012-02-29', 'month')]],
	['Sept. 2008', '2008-09-01', '2008-09-30', 'month', null, [part('2008-09-01', '2008-09-30', 'month')]],
	['SJ 2016/17', '2016-08-01', '2017-07-31', 'school-year', null, [schoolYear(2016)]],
	['2011/12', '2011-01-01', '2012-12-31', 'range', null, [yearRange(2011, 2012)]],
	['2014–2020', '2014-01-01', '2020-12-31', 'range', null, [year(2014, 'von'), year(2020, 'bis')]],
	['von 2013 bis 2015', '2013-01-01', '2015-12-31', 'range', null, [year(2013, 'von'), year(2015, 'bis')]],
	['01.01.2013 - 31.12.2015', '2013-01-01', '2015-12-31', 'range', null, [day('2013-01-01', 'von'), day('2015-12-31', 'bis')]],
	['gepl. 2015', '2015-01-01', '2015-12-31', 'year', 'planned', [year(2015, null, 'planned')]],
	['2015 geplant', '2015-01-01', '2015-12-31', 'year', 'planned', [year(2015, null, 'planned')]],
	['ab 2027 geplant', '2027-01-01', '2027-12-31', 'year', 'planned', [year(2027, null, 'planned')]],
	['seit 1962', '1962-01-01', '1962-12-31', 'year', 'ongoing', [year(1962, null, 'ongoing')]],
	['unbekannt', null, null, 'unknown', 'unknown', []],
	['k.A.', null, null, 'unknown', 'unknown', []],
	['in Prüfung', null, null, 'unknown', 'under-review', []],
	['bei Bedarf', null, null, 'unknown', 'as-needed', []],
	['laufend', null, null, 'unknown', 'ongoing', []],
	['fortlaufend', null, null, 'unknown', 'ongoing', []],
	['2003 (Unna) geplant 2015 (Kamen)', '2003-01-01', '2003-12-31', 'year', null, [year(2003, 'Unna'), year(2015, 'Kamen', 'planned')]],
	['2003 (Marl) 1234', '2003-01-01', '2003-12-31', 'year', null, [year(2003, 'Marl')]]
];

describe('parseFuzzyDate', () => {
	it.each([...deck, ...variants])('%s', (text, earliest, latest, precision, qualifier, parts) => {
		expect(parse(text)).toEqual({ text, earliest, latest, precision, qualifier, parts, readable: true });
	});

	it.each([
		['\u00a0Mär\u00a02010 ', '2010-03-01', '2010-03-31'],
		['März 2010', '2010-03-01', '2010-03-31'],
		['Maerz 2010', '2010-03-01', '2010-03-31'],
		['Dezember 1999', '1999-12-01', '1999-12-31']
	])('reads the month in %j', (text, earliest, latest) => {
		expect(parse(text)).toMatchObject({ earliest, latest, precision: 'month', text });
	});

	it('tolerates non-breaking spaces and keeps the text exactly', () => {
		const text = '2015\u00a0gepl.\u202f(Kamen)';
		expect(parse(text)).toMatchObject({ text, qualifier: 'planned', parts: [year(2015, 'Kamen', 'planned')] });
	});

	it.each([null, undefined, '', '   ', '\u00a0'])('returns null for %j', (text) => {
		expect(parseFuzzyDate(text)).toBeNull();
	});

	it.each(['xyz', 'irgendwann', '31.02.2001', '29.02.2001', '13/2008', '1799', '2201', 'Schuljahr 2007/2009', '2015 bis 2013', '2012/2011', '0.12.2001'])(
		'marks %j unreadable and keeps the text',
		(text) => {
			expect(parse(text)).toEqual({ text, earliest: null, latest: null, precision: 'unknown', qualifier: null, parts: [], readable: false });
		}
	);

	it('does not read a year out of an invalid day next to a valid one', () => {
		expect(parse('31.02.2001 (01.01.2014)').readable).toBe(false);
	});

	it('does not treat a hyphen inside a name as a period', () => {
		expect(parse('2013 (Rhein-Sieg) 2015').parts).toEqual([year(2013, 'Rhein-Sieg'), year(2015)]);
	});
});

describe('formatFuzzyDate', () => {
	it.each([
		['2012/ 2014', '2012/2014'],
		['  Okt.\u00a0 2008 ', 'Okt. 2008'],
		['2003 ( Unna )  2004', '2003 (Unna) 2004'],
		['Schuljahr 1983/84', 'Schuljahr 1983/84'],
		['xyz', 'xyz'],
		['?', '?']
	])('%j → %j', (text, shown) => {
		expect(formatFuzzyDate(parse(text))).toBe(shown);
	});
});

describe('overlapsYear', () => {
	it.each([
		['1961', 1961, 'yes'],
		['1961', 1962, 'no'],
		['03.12.1979', 1979, 'yes'],
		['Okt. 2008', 2008, 'yes'],
		['Schuljahr 1983/84', 1983, 'maybe'],
		['Schuljahr 1983/84', 1984, 'maybe'],
		['Schuljahr 1983/84', 1985, 'no'],
		['2013 bis 2015', 2014, 'maybe'],
		['2013 bis 2015', 2016, 'no'],
		['2011/2012', 2010, 'no'],
		['?', 2010, 'maybe'],
		['xyz', 2010, 'maybe'],
		['geplant 2015', 2015, 'yes']
	] as const)('%s in %i → %s', (text, y, answer) => {
		expect(overlapsYear(parse(text), y)).toBe(answer);
	});

	it('is maybe for no date', () => {
		expect(overlapsYear(null, 2010)).toBe('maybe');
	});
});

describe('startYearRange', () => {
	it.each([
		['1961', { from: 1961, to: 1961 }],
		['03.12.1979', { from: 1979, to: 1979 }],
		['Schuljahr 1983/84', { from: 1983, to: 1984 }],
		['2011/2012', { from: 2011, to: 2012 }],
		['2013 bis 2015', { from: 2013, to: 2013 }],
		['2003 (Unna) 2004 (Bönen)', { from: 2003, to: 2003 }],
		['?', null],
		['befristet', null],
		['xyz', null]
	] as const)('%s → %j', (text, range) => {
		expect(startYearRange(parse(text))).toEqual(range);
	});

	it('is null for no date', () => {
		expect(startYearRange(null)).toBeNull();
	});
});

describe('isActiveInYear', () => {
	const p = (t: string | null) => (t === null ? null : parse(t));
	it.each<[string | null, string | null, number, Answer, string]>([
		// [start, end, year, answer]
		['2010', null, 2010, 'yes', 'started in the year, no end'],
		['2010', null, 2015, 'yes', 'started before, no end'],
		['2010', null, 2009, 'no', 'starts after the year'],
		['2010', '2012', 2012, 'yes', 'ends in the year'],
		['2010', '2012', 2013, 'no', 'ended before the year'],
		['Schuljahr 1983/84', null, 1983, 'maybe', 'the start may lie in 1983 or in 1984'],
		['Schuljahr 1983/84', null, 1984, 'yes', 'second year of the school year'],
		['Schuljahr 1983/84', null, 1982, 'no', 'before the school year'],
		['2011/2012', null, 2011, 'maybe', 'range start, first year'],
		['2011/2012', null, 2012, 'yes', 'range start, last year'],
		['?', null, 2010, 'maybe', 'unknown start'],
		['xyz', null, 2010, 'maybe', 'unreadable start'],
		[null, null, 2010, 'maybe', 'no start at all'],
		['?', '2005', 2010, 'no', 'unknown start but ended before'],
		['geplant 2027', null, 2026, 'no', 'planned, starts after the year'],
		['geplant 2015', null, 2016, 'maybe', 'planned start in the past may not have happened'],
		['2010', '?', 2015, 'maybe', 'end of unknown date'],
		['2010', 'befristet', 2015, 'maybe', 'temporary, end unknown'],
		['2010', 'laufend', 2015, 'yes', 'running'],
		['2010', 'geplant 2015', 2014, 'yes', 'planned end still ahead'],
		['2010', 'geplant 2015', 2016, 'maybe', 'planned end passed, may have slipped'],
		['2010', '2012/2014', 2013, 'maybe', 'end in a range that covers the year'],
		['2013 bis 2015', null, 2014, 'yes', 'inside a period'],
		['2013 bis 2015', null, 2016, 'no', 'after a period'],
		['2013 bis 2015', null, 2012, 'no', 'before a period'],
		['2003 (Unna) 2015 gepl. (Kamen)', null, 2010, 'yes', 'first part is the start']
	])('%s – %s in %i → %s (%s)', (start, end, y, answer) => {
		expect(isActiveInYear(p(start), p(end), y)).toBe(answer);
	});
});

describe('compareFuzzyDates', () => {
	it('sorts by earliest day with unknown and null last', () => {
		const texts = ['?', '2010', '01.03.2008', 'xyz', 'Okt. 2008', 'Schuljahr 2007/2008', '2008'];
		const dates: (FuzzyDate | null)[] = [...texts.map(parse), null];
		const sorted = dates.sort(compareFuzzyDates).map((d) => d?.text ?? null);
		expect(sorted.slice(0, 5)).toEqual(['Schuljahr 2007/2008', '2008', '01.03.2008', 'Okt. 2008', '2010']);
		expect(sorted.slice(5)).toHaveLength(3);
		expect(sorted.slice(5)).toEqual(expect.arrayContaining(['?', 'xyz', null]));
	});

	it('puts the narrower date first when both start the same day', () => {
		expect(compareFuzzyDates(parse('01.01.2008'), parse('2008'))).toBeLessThan(0);
		expect(compareFuzzyDates(parse('2008'), parse('2008'))).toBe(0);
		expect(compareFuzzyDates(null, null)).toBe(0);
		expect(compareFuzzyDates(null, parse('2008'))).toBeGreaterThan(0);
	});
});

describe('meetings over consecutive days', () => {
	it('reads "20./21.09.2010" and "13./14.01.2016" as a two-day range', () => {
		const a = parseFuzzyDate('20./21.09.2010');
		expect(a).toMatchObject({ earliest: '2010-09-20', latest: '2010-09-21', precision: 'range', readable: true });
		expect(parseFuzzyDate('13./14.01.2016')).toMatchObject({ earliest: '2016-01-13', latest: '2016-01-14', precision: 'range' });
	});
	it('refuses a backwards or impossible pair', () => {
		expect(parseFuzzyDate('21./20.09.2010')?.readable).toBe(false);
		expect(parseFuzzyDate('30./31.02.2010')?.readable).toBe(false);
	});
});

describe('the shapes of other Länder lists (issue 14)', () => {
	it('reads "Schulj." as a school year, "lfd." as running, a decade as ten years', () => {
		expect(parseFuzzyDate('Schulj. 2017/18')).toMatchObject({ earliest: '2017-08-01', latest: '2018-07-31', precision: 'school-year' });
		expect(parseFuzzyDate('lfd.')).toMatchObject({ qualifier: 'ongoing', readable: true });
		expect(parseFuzzyDate('seit den 80er Jahren')).toMatchObject({ earliest: '1980-01-01', latest: '1989-12-31', precision: 'range', qualifier: 'ongoing' });
		expect(parseFuzzyDate('1970er')).toMatchObject({ earliest: '1970-01-01', latest: '1979-12-31' });
		expect(parseFuzzyDate('in den 10er-Jahren')).toMatchObject({ earliest: '2010-01-01', latest: '2019-12-31' });
		// Not a decade: a word that only contains "er".
		expect(parseFuzzyDate('80erlei')?.earliest ?? null).toBeNull();
	});
});
