import { describe, expect, it } from 'vitest';
import { easterSunday, furtherPeriodEnd, isWorkingDay, moveToWorkingDay, nrwHoliday, nrwHolidays, weeksPeriodEnd } from './nrw-periods';

describe('Easter and the Easter-based NRW holidays', () => {
	it('Easter Sunday for years with early, late and ordinary dates', () => {
		// Published Easter dates (Gregorian calendar).
		expect(easterSunday(2000)).toBe('2000-04-23');
		expect(easterSunday(2008)).toBe('2008-03-23');
		expect(easterSunday(2011)).toBe('2011-04-24');
		expect(easterSunday(2019)).toBe('2019-04-21');
		expect(easterSunday(2024)).toBe('2024-03-31');
		expect(easterSunday(2025)).toBe('2025-04-20');
		expect(easterSunday(2026)).toBe('2026-04-05');
		expect(easterSunday(2027)).toBe('2027-03-28');
		expect(easterSunday(2038)).toBe('2038-04-25');
	});

	it('the eleven holidays of 2026, in calendar order', () => {
		expect([...nrwHolidays(2026)]).toEqual([
			['2026-01-01', 'Neujahr'], ['2026-04-03', 'Karfreitag'], ['2026-04-06', 'Ostermontag'], ['2026-05-01', '1. Mai'],
			['2026-05-14', 'Christi Himmelfahrt'], ['2026-05-25', 'Pfingstmontag'], ['2026-06-04', 'Fronleichnam'],
			['2026-10-03', 'Tag der Deutschen Einheit'], ['2026-11-01', 'Allerheiligen'], ['2026-12-25', '1. Weihnachtstag'], ['2026-12-26', '2. Weihnachtstag']
		]);
	});

	it('moving holidays in other years', () => {
		// 2025: Easter 20 April.
		expect(nrwHoliday('2025-04-18')).toBe('Karfreitag');
		expect(nrwHoliday('2025-05-29')).toBe('Christi Himmelfahrt');
		expect(nrwHoliday('2025-06-09')).toBe('Pfingstmontag');
		expect(nrwHoliday('2025-06-19')).toBe('Fronleichnam');
		// 2024: Easter 31 March, Ostermontag 1 April.
		expect(nrwHoliday('2024-04-01')).toBe('Ostermontag');
		expect(nrwHoliday('2024-05-30')).toBe('Fronleichnam');
		// 2027: Easter 28 March.
		expect(nrwHoliday('2027-03-26')).toBe('Karfreitag');
		expect(nrwHoliday('2027-05-06')).toBe('Christi Himmelfahrt');
		expect(nrwHoliday('2027-05-27')).toBe('Fronleichnam');
	});

	it('no holidays of other Länder; the Reformationstag only in 2017', () => {
		expect(nrwHoliday('2026-01-06')).toBeNull(); // Heilige Drei Könige (BW, BY, ST)
		expect(nrwHoliday('2026-08-15')).toBeNull(); // Mariä Himmelfahrt (Saarland, parts of BY)
		expect(nrwHoliday('2026-11-18')).toBeNull(); // Buß- und Bettag (SN)
		expect(nrwHoliday('2026-03-08')).toBeNull(); // Frauentag (BE, MV)
		expect(nrwHoliday('2017-10-31')).toContain('Reformationstag');
		expect(nrwHoliday('2018-10-31')).toBeNull();
		expect(nrwHoliday('2026-04-05')).toBeNull(); // Easter Sunday: a Sunday, not listed in § 2 FTG NW
	});

	it('working days', () => {
		expect(isWorkingDay('2026-03-02')).toBe(true); // Monday
		expect(isWorkingDay('2026-03-07')).toBe(false); // Saturday
		expect(isWorkingDay('2026-03-08')).toBe(false); // Sunday
		expect(isWorkingDay('2026-06-04')).toBe(false); // Fronleichnam, a Thursday
	});
});

describe('periods of weeks (§§ 187, 188 BGB) moved by § 31 Abs. 3 VwVfG NRW', () => {
	it('four weeks from a Monday end on the Monday four weeks later', () => {
		expect(weeksPeriodEnd('2026-01-05', 4)).toEqual({ nominal: '2026-02-02', end: '2026-02-02', movedBecause: null });
	});

	it('an end on a Saturday or Sunday moves to Monday', () => {
		expect(weeksPeriodEnd('2026-02-07', 4)).toEqual({ nominal: '2026-03-07', end: '2026-03-09', movedBecause: 'Samstag' });
		expect(weeksPeriodEnd('2026-02-08', 4)).toEqual({ nominal: '2026-03-08', end: '2026-03-09', movedBecause: 'Sonntag' });
	});

	it('an end on Karfreitag moves past Easter to the Tuesday', () => {
		// Receipt Friday 6 March 2026 → nominal end Friday 3 April 2026 (Karfreitag) → Tuesday 7 April.
		expect(weeksPeriodEnd('2026-03-06', 4)).toEqual({ nominal: '2026-04-03', end: '2026-04-07', movedBecause: 'Feiertag (Karfreitag)' });
	});

	it('an end on Christmas Eve stays (not a holiday); on 25 December 2026 (Friday) it moves to Monday 28 December', () => {
		expect(weeksPeriodEnd('2026-11-26', 4).end).toBe('2026-12-24');
		expect(weeksPeriodEnd('2026-11-27', 4)).toEqual({ nominal: '2026-12-25', end: '2026-12-28', movedBecause: 'Feiertag (1. Weihnachtstag)' });
	});

	it('across a year end: New Year 2027 (Friday) moves to Monday 4 January', () => {
		expect(weeksPeriodEnd('2026-12-04', 4)).toEqual({ nominal: '2027-01-01', end: '2027-01-04', movedBecause: 'Feiertag (Neujahr)' });
	});

	it('a further period runs from the (moved) end of the first', () => {
		// First ends Tuesday 7 April 2026 (moved), further four weeks end Tuesday 5 May 2026.
		expect(furtherPeriodEnd('2026-04-07', 4)).toEqual({ nominal: '2026-05-05', end: '2026-05-05', movedBecause: null });
		// Further period landing on Pfingstmontag 2025 (9 June) moves to 10 June.
		expect(furtherPeriodEnd('2025-05-12', 4)).toEqual({ nominal: '2025-06-09', end: '2025-06-10', movedBecause: 'Feiertag (Pfingstmontag)' });
	});

	it('a working day is left alone', () => {
		expect(moveToWorkingDay('2026-06-03')).toEqual({ nominal: '2026-06-03', end: '2026-06-03', movedBecause: null });
	});
});
