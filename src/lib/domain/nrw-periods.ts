/**
 * Periods (Fristen) of the administrative procedure in North Rhine-Westphalia, as the legal
 * lifecycle (gkg-lifecycle.ts) needs them for the deemed approval of § 24 Abs. 2 GkG NRW.
 *
 * Which rule and why:
 * - The approval of an öffentlich-rechtliche Vereinbarung by the supervisory authority is an
 *   administrative act of a Land or municipal authority in NRW, so the Verwaltungsverfahrensgesetz
 *   NRW applies (§ 1 VwVfG NRW). Its § 31 Abs. 1 refers to §§ 187 to 193 BGB for computing
 *   periods, and its § 31 Abs. 3 S. 1 moves the end of a period that falls on a Saturday, a Sunday
 *   or a public holiday to the end of the next working day. § 31 Abs. 3 covers periods the
 *   authority must keep as well (it is not limited to periods of the citizen), so it is applied to
 *   the four-week periods of § 24 Abs. 2 GkG. (§ 193 BGB alone would not do: it covers only
 *   declarations and performances; § 31 Abs. 3 VwVfG NRW is the special rule.) The exception of
 *   § 31 Abs. 3 S. 2 (a fixed end day communicated with reference to the rule) does not arise for
 *   a period set by statute.
 * - A period of weeks that starts with an event (the receipt of the application) does not count the
 *   day of the event (§ 187 Abs. 1 BGB) and ends with the day of the last week that has the same
 *   weekday name as the day of the event (§ 188 Abs. 2 BGB): receipt on a Monday, four weeks end on
 *   the Monday four weeks later, i.e. 28 days later.
 * - A further period following a first one runs from the end of the first (§ 190 BGB applied
 *   accordingly): it ends 28 days after the (possibly moved) end of the first period, and is then
 *   moved again if it ends on a weekend or holiday.
 * - Public holidays are those of § 2 Feiertagsgesetz NW (FTG NW): Neujahr, Karfreitag,
 *   Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Fronleichnam, Tag der Deutschen
 *   Einheit, Allerheiligen, 1. and 2. Weihnachtstag; in 2017 also the Reformationstag (31 October,
 *   a one-off statutory holiday for the 500th anniversary of the Reformation).
 *
 * Days are ISO strings (YYYY-MM-DD), computed in UTC so that no time zone shifts a day.
 */

const MS_DAY = 86_400_000;

function isoOf(y: number, m: number, d: number): string {
	return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

function shift(day: string, n: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_DAY).toISOString().slice(0, 10);
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
	return isoOf(year, month, dayOfMonth);
}

const holidayCache = new Map<number, Map<string, string>>();

/** The statutory public holidays in North Rhine-Westphalia of a year (§ 2 FTG NW), ISO day → name. */
export function nrwHolidays(year: number): Map<string, string> {
	const cached = holidayCache.get(year);
	if (cached) return cached;
	const easter = easterSunday(year);
	const list: [string, string][] = [
		[isoOf(year, 1, 1), 'Neujahr'],
		[shift(easter, -2), 'Karfreitag'],
		[shift(easter, 1), 'Ostermontag'],
		[isoOf(year, 5, 1), '1. Mai'],
		[shift(easter, 39), 'Christi Himmelfahrt'],
		[shift(easter, 50), 'Pfingstmontag'],
		[shift(easter, 60), 'Fronleichnam'],
		[isoOf(year, 10, 3), 'Tag der Deutschen Einheit'],
		[isoOf(year, 11, 1), 'Allerheiligen'],
		[isoOf(year, 12, 25), '1. Weihnachtstag'],
		[isoOf(year, 12, 26), '2. Weihnachtstag']
	];
	if (year === 2017) list.push([isoOf(2017, 10, 31), 'Reformationstag (einmalig 2017)']);
	const map = new Map(list.sort((x, y) => x[0].localeCompare(y[0])));
	holidayCache.set(year, map);
	return map;
}

/** The name of the NRW public holiday on this day, or null. */
export function nrwHoliday(day: string): string | null {
	return nrwHolidays(Number(day.slice(0, 4))).get(day) ?? null;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
	return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Why a day is not a working day ('Samstag', 'Sonntag', a holiday's name), or null for a working day. */
export function nonWorkingReason(day: string): string | null {
	const holiday = nrwHoliday(day);
	if (holiday) return `Feiertag (${holiday})`;
	const w = weekday(day);
	if (w === 6) return 'Samstag';
	if (w === 0) return 'Sonntag';
	return null;
}

export function isWorkingDay(day: string): boolean {
	return nonWorkingReason(day) === null;
}

export interface PeriodEnd {
	/** The end by §§ 187, 188 BGB alone. */
	nominal: string;
	/** The end after § 31 Abs. 3 S. 1 VwVfG NRW (the next working day when the nominal end is not one). */
	end: string;
	/** Why the nominal end was moved ('Samstag', 'Feiertag (Ostermontag)' …), null when it was not. */
	movedBecause: string | null;
}

/** Move an end day that falls on a Saturday, Sunday or NRW holiday to the next working day (§ 31 Abs. 3 S. 1 VwVfG NRW). */
export function moveToWorkingDay(nominal: string): PeriodEnd {
	const movedBecause = nonWorkingReason(nominal);
	let end = nominal;
	while (!isWorkingDay(end)) end = shift(end, 1);
	return { nominal, end, movedBecause };
}

/**
 * The end of a period of `weeks` weeks that starts with an event on `eventDay` (§ 187 Abs. 1,
 * § 188 Abs. 2 BGB via § 31 Abs. 1 VwVfG NRW), moved past weekends and holidays (§ 31 Abs. 3).
 */
export function weeksPeriodEnd(eventDay: string, weeks: number): PeriodEnd {
	return moveToWorkingDay(shift(eventDay, 7 * weeks));
}

/**
 * The end of a further period of `weeks` weeks that follows a period ending on `previousEnd`
 * (§ 190 BGB applied accordingly: counted from the end of the previous period), moved past
 * weekends and holidays.
 */
export function furtherPeriodEnd(previousEnd: string, weeks: number): PeriodEnd {
	return moveToWorkingDay(shift(previousEnd, 7 * weeks));
}
