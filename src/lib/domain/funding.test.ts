import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { capFor, checkFunding, formatEuro, formatPercent, programmeValidOn, type FundingInput, type FundingProgramme } from './funding';

// The shipped programme, read from the data file, so the tests fail when its figures change.
const ALL = parse(fs.readFileSync('data/funding/programmes.yaml', 'utf8')) as FundingProgramme[];
const NRW = ALL.find((p) => p.id === 'nrw-ikz')!;
const NRW_OLD = ALL.find((p) => p.id === 'nrw-ikz-vor-2021')!;
const TODAY = '2026-11-26';
const full: FundingInput = { partners: 2, newProject: true, costs: 1_000_000, years: 5, savingsShare: 0.2, clearImprovement: null };
const BY = ALL.find((p) => p.id === 'by-ikz')!;
const BY_DAY = '2024-03-01';
const byFull: FundingInput = { partners: 3, newProject: true, costs: 200_000, years: 5, savingsShare: 0.2, clearImprovement: null };

describe('the NRW programme as data', () => {
	it('holds the figures the ministry and the Bezirksregierungen publish for the Richtlinie of 31.08.2021', () => {
		expect(NRW).toMatchObject({
			base_amount: 175000, per_further_partner: 35000, max_share: 0.9, min_years: 5, min_savings: 0.15, min_income_increase: 0.15,
			improvement_alternative: true, min_partners: 2, valid_from: '2021-08-31', valid_to: null,
			min_years_exceptions: true, new_projects_only: true, count_only_land_partners: true,
			cross_border_single_partner_cap: 75000
		});
		expect(NRW.source_note).toContain('Bezirksregierungen Köln und Arnsberg');
		// Only the day the Richtlinie took effect is not read in an official text.
		expect(NRW.unverified).toEqual(['valid_from']);
		expect(NRW.further_conditions!.join(' ')).toContain('Beschlüsse der Entscheidungsgremien');
		// The earlier version rests on secondary sources: every figure is named as unverified.
		expect(NRW_OLD).toMatchObject({ base_amount: 150000, per_further_partner: 30000, valid_from: null, valid_to: '2021-08-30', max_share: 0.8 });
		expect(NRW_OLD.unverified).toEqual(expect.arrayContaining(['base_amount', 'per_further_partner', 'max_share', 'min_savings']));
	});
});

describe('cap by partners', () => {
	it('2 partners: 175,000; 3: 210,000; 11: 490,000; 1: none', () => {
		expect(capFor(NRW, 2)).toBe(175000);
		expect(capFor(NRW, 3)).toBe(210000);
		expect(capFor(NRW, 11)).toBe(490000);
		expect(capFor(NRW, 1)).toBeNull();
	});

	it('the check reports the cap as the maximum grant when the costs are large', () => {
		expect(checkFunding(NRW, full, TODAY)).toMatchObject({ eligible: true, cap: 175000, maxGrant: 175000 });
		expect(checkFunding(NRW, { ...full, partners: 3 }, TODAY)).toMatchObject({ eligible: true, cap: 210000, maxGrant: 210000 });
		expect(checkFunding(NRW, { ...full, partners: 11 }, TODAY)).toMatchObject({ eligible: true, cap: 490000, maxGrant: 490000 });
	});
});

describe('eligibility', () => {
	it('90 % of small costs is binding', () => {
		const r = checkFunding(NRW, { ...full, costs: 100_000 }, TODAY);
		expect(r.eligible).toBe(true);
		expect(r.cap).toBe(175000);
		expect(r.maxGrant).toBe(90000);
		// Just below the cap: 90 % of 194,000 = 174,600 < 175,000.
		expect(checkFunding(NRW, { ...full, costs: 194_000 }, TODAY).maxGrant).toBe(174600);
		expect(checkFunding(NRW, { ...full, costs: 200_000 }, TODAY).maxGrant).toBe(175000);
	});

	it('4 years: below the rule of five years, but an exception is possible – open, not refused', () => {
		const r = checkFunding(NRW, { ...full, years: 4 }, TODAY);
		expect(r.eligible).toBe('open');
		expect(r.reasons.filter((x) => x.ok === false)).toEqual([]);
		const term = r.reasons.find((x) => x.text.includes('Laufzeit'))!;
		expect(term).toMatchObject({ ok: null });
		expect(term.text).toContain('mindestens 5 Jahren; eine Ausnahme ist möglich');
		// The grant is shown as far as it can be told (the exception is for the authority to grant).
		expect(r.maxGrant).toBe(175000);
		expect(checkFunding(NRW, { ...full, years: 4.9 }, TODAY).eligible).toBe('open');
		expect(checkFunding(NRW, { ...full, years: 5 }, TODAY).eligible).toBe(true);
	});

	it('a programme whose minimum term has no exceptions refuses a shorter term', () => {
		const strict = { ...NRW, min_years_exceptions: false };
		const r = checkFunding(strict, { ...full, years: 4 }, TODAY);
		expect(r.eligible).toBe(false);
		expect(r.maxGrant).toBeNull();
		expect(r.reasons.find((x) => x.ok === false)!.text).toContain('mindestens 5 Jahre');
	});

	it('10 % savings without a clear improvement: not eligible; with one: eligible', () => {
		const without = checkFunding(NRW, { ...full, savingsShare: 0.1, clearImprovement: false }, TODAY);
		expect(without.eligible).toBe(false);
		expect(without.reasons.find((x) => x.ok === false)!.text).toContain('15 %');
		const withImprovement = checkFunding(NRW, { ...full, savingsShare: 0.1, clearImprovement: true }, TODAY);
		expect(withImprovement.eligible).toBe(true);
		expect(withImprovement.maxGrant).toBe(175000);
		// Exactly 15 % is enough.
		expect(checkFunding(NRW, { ...full, savingsShare: 0.15, clearImprovement: false }, TODAY).eligible).toBe(true);
	});

	it('a programme without the improvement alternative refuses low savings even with an improvement', () => {
		const strict = { ...NRW, improvement_alternative: false };
		expect(checkFunding(strict, { ...full, savingsShare: 0.1, clearImprovement: true }, TODAY).eligible).toBe(false);
	});

	it('unknown inputs leave the answer open, with the cap known as far as it can be', () => {
		const none = checkFunding(NRW, { partners: null, newProject: null, costs: null, years: null, savingsShare: null, clearImprovement: null }, TODAY);
		expect(none.eligible).toBe('open');
		expect(none.maxGrant).toBeNull();
		expect(none.cap).toBeNull();
		expect(none.reasons.every((r) => r.ok === null)).toBe(true);
		const some = checkFunding(NRW, { partners: 4, newProject: true, costs: null, years: 10, savingsShare: null, clearImprovement: null }, TODAY);
		expect(some.eligible).toBe('open');
		expect(some.cap).toBe(245000);
		expect(some.maxGrant).toBeNull();
		// Low savings and the improvement not assessed yet: open, not refused.
		expect(checkFunding(NRW, { ...full, savingsShare: 0.1, clearImprovement: null }, TODAY).eligible).toBe('open');
		// One condition failing decides even when others are open.
		expect(checkFunding(NRW, { ...full, costs: null, years: 3, newProject: false }, TODAY).eligible).toBe(false);
	});

	it('one partner is not a cooperation', () => {
		const r = checkFunding(NRW, { ...full, partners: 1 }, TODAY);
		expect(r.eligible).toBe(false);
		expect(r.cap).toBeNull();
	});
});

describe('new projects only', () => {
	it('a cooperation already running is refused; not assessed is open', () => {
		const running = checkFunding(NRW, { ...full, newProject: false }, TODAY);
		expect(running.eligible).toBe(false);
		expect(running.reasons.find((x) => x.ok === false)!.text).toContain('nur neue Projekte');
		expect(checkFunding(NRW, { ...full, newProject: null }, TODAY).eligible).toBe('open');
		expect(checkFunding(NRW, { ...full, newProject: undefined }, TODAY).eligible).toBe('open');
		// A programme without the condition does not ask.
		const any = { ...NRW, new_projects_only: false };
		expect(checkFunding(any, { ...full, newProject: false }, TODAY).eligible).toBe(true);
	});
});

describe('partners from outside the Land and the cross-border case', () => {
	it('partners outside NRW neither raise the cap nor make up the minimum', () => {
		const r = checkFunding(NRW, { ...full, partners: 2, otherPartners: 3 }, TODAY);
		expect(r).toMatchObject({ eligible: true, cap: 175000 });
		expect(r.reasons[1]!.text).toContain('außerhalb von Nordrhein-Westfalen zählen dafür nicht mit');
		// A programme that counts every partner: five partners → 175,000 + 3 × 35,000.
		expect(checkFunding({ ...NRW, count_only_land_partners: false }, { ...full, partners: 2, otherPartners: 3 }, TODAY).cap).toBe(280000);
	});

	it('one NRW partner with a partner across the border: 75,000 €, bounded by 90 % of the costs', () => {
		const r = checkFunding(NRW, { ...full, partners: 1, otherPartners: 1 }, TODAY);
		expect(r).toMatchObject({ eligible: true, cap: 75000, maxGrant: 75000 });
		expect(r.reasons[1]!.text).toContain('Grenzüberschreitendes Vorhaben mit einem Partner aus Nordrhein-Westfalen');
		expect(checkFunding(NRW, { ...full, partners: 1, otherPartners: 2, costs: 50_000 }, TODAY).maxGrant).toBe(45000);
		// Without a partner outside it stays one partner: refused. Without the rule in the data: refused.
		expect(checkFunding(NRW, { ...full, partners: 1, otherPartners: 0 }, TODAY).eligible).toBe(false);
		expect(checkFunding({ ...NRW, cross_border_single_partner_cap: null }, { ...full, partners: 1, otherPartners: 1 }, TODAY).eligible).toBe(false);
		// No NRW partner at all: nothing for the NRW programme.
		const none = checkFunding(NRW, { ...full, partners: 0, otherPartners: 4 }, TODAY);
		expect(none.eligible).toBe(false);
		expect(none.cap).toBeNull();
	});
});

describe('savings, increased income and improvement: alternatives, never added', () => {
	it('NRW: 15 % more income in the task area stands in for the savings on its own', () => {
		const r = checkFunding(NRW, { ...full, savingsShare: 0.05, incomeShare: 0.15, clearImprovement: false }, TODAY);
		expect(r.eligible).toBe(true);
		expect(r.reasons.find((x) => x.text.includes('Ertragssteigerung'))!.text).toContain('getrennt geprüft, nicht addiert');
	});

	it('NRW: 10 % savings and 10 % more income do not add up to 15 %', () => {
		const r = checkFunding(NRW, { ...full, savingsShare: 0.1, incomeShare: 0.1, clearImprovement: false }, TODAY);
		expect(r.eligible).toBe(false);
		expect(r.reasons.find((x) => x.ok === false)!.text).toContain('die Ertragssteigerung von 10 % unter 15 %');
		// Without an income figure the reason says it is not given.
		expect(checkFunding(NRW, { ...full, savingsShare: 0.1, clearImprovement: false }, TODAY).reasons.find((x) => x.ok === false)!.text).toContain('eine Ertragssteigerung ist nicht angegeben');
	});

	it('a programme without the income alternative does not count income at all, and says so', () => {
		const r = checkFunding(BY, { ...byFull, savingsShare: 0.1, incomeShare: 0.3 }, BY_DAY);
		expect(r.eligible).toBe(false);
		expect(r.reasons.find((x) => x.ok === false)!.text).toContain('Eine Ertragssteigerung (30 %) zählt nach diesem Programm nicht');
	});

	it('an income alternative whose existence is not verified keeps low savings open', () => {
		const unsure = { ...NRW, min_income_increase: null, improvement_alternative: false };
		expect(checkFunding(unsure, { ...full, savingsShare: 0.1, incomeShare: 0.2, clearImprovement: false }, TODAY).eligible).toBe('open');
	});
});

describe('Bayern, from the Richtlinie text in gesetze-bayern.de', () => {
	it('50,000 € per project whatever the number of partners, at most 85 %', () => {
		expect(BY).toMatchObject({ base_amount: 50000, per_further_partner: 0, max_share: 0.85, min_costs: 5000, min_years: 5, min_savings: 0.15, improvement_alternative: false, new_projects_only: true });
		const r = checkFunding(BY, byFull, BY_DAY);
		expect(r).toMatchObject({ eligible: true, cap: 50000, maxGrant: 50000 });
		expect(r.reasons[1]!.text).toContain('50.000 € je Vorhaben');
		expect(checkFunding(BY, { ...byFull, partners: 6 }, BY_DAY).cap).toBe(50000);
		// 85 % of 40,000 € = 34,000 €.
		expect(checkFunding(BY, { ...byFull, costs: 40_000 }, BY_DAY).maxGrant).toBe(34000);
	});

	it('below 5,000 € of costs nothing is funded; the higher cap and the further conditions are stated, not decided', () => {
		const small = checkFunding(BY, { ...byFull, costs: 4_999 }, BY_DAY);
		expect(small.eligible).toBe(false);
		expect(small.reasons.find((x) => x.ok === false)!.text).toContain('unter 5.000 €');
		expect(checkFunding(BY, { ...byFull, costs: 5_000 }, BY_DAY).eligible).toBe(true);
		const r = checkFunding(BY, byFull, BY_DAY);
		expect(r.notes.join(' ')).toContain('Bis zu 90.000 € statt 50.000 €, wenn der Antragsteller und die Mehrheit der Kooperationspartner');
		expect(r.notes.join(' ')).toContain('andere Mittel des Freistaats');
		// A clear improvement does not replace the savings in Bayern.
		expect(checkFunding(BY, { ...byFull, savingsShare: 0.1, clearImprovement: true }, BY_DAY).eligible).toBe(false);
		// Four years: no exception in the text, refused.
		expect(checkFunding(BY, { ...byFull, years: 4 }, BY_DAY).eligible).toBe(false);
	});

	it('after the stored version ended (31.12.2025) the answer is open, not a refusal: an extension was not checked', () => {
		const r = checkFunding(BY, byFull, TODAY);
		expect(r).toMatchObject({ applicable: false, eligible: 'open', maxGrant: null });
		expect(r.reasons[0]!.text).toContain('ob die Richtlinie verlängert oder neu gefasst wurde');
		// Before the text version began, not in force.
		expect(checkFunding(BY, byFull, '2021-12-30')).toMatchObject({ applicable: false, eligible: false });
	});
});

describe('unverified figures and other Länder', () => {
	it('a programme without verified figures answers open for each, never eligible or refused by guess', () => {
		for (const id of ['he-ikz', 'rp-ikz']) {
			const p = ALL.find((x) => x.id === id)!;
			const r = checkFunding(p, { ...full, partners: 4 }, TODAY);
			expect(r.eligible, id).toBe('open');
			expect(r.cap).toBeNull();
			expect(r.maxGrant).toBeNull();
			expect(r.reasons.filter((x) => x.ok === null).length).toBeGreaterThanOrEqual(4);
			expect(r.reasons.some((x) => x.text.includes('nicht gegen die Förderrichtlinie geprüft'))).toBe(true);
		}
	});

	it('the same shape carries a fully filled programme of another Land (test data, not a real programme)', () => {
		const musterland: FundingProgramme = {
			id: 'musterland', land: 'Musterland', name: 'Testprogramm', source_note: 'Testdaten', valid_from: '2024-01-01', valid_to: '2027-12-31',
			min_partners: 3, base_amount: 60000, per_further_partner: 10000, max_share: 0.5, min_years: 10, min_savings: 0.1, improvement_alternative: false
		};
		const r = checkFunding(musterland, { partners: 5, costs: 300_000, years: 10, savingsShare: 0.1, clearImprovement: null }, TODAY);
		expect(r).toMatchObject({ eligible: true, cap: 80000, maxGrant: 80000 });
		expect(checkFunding(musterland, { partners: 2, otherPartners: 1, costs: 300_000, years: 10, savingsShare: 0.1, clearImprovement: null }, TODAY).cap).toBe(60000);
		expect(checkFunding(musterland, { partners: 5, costs: 300_000, years: 9, savingsShare: 0.1, clearImprovement: null }, TODAY).eligible).toBe(false);
		expect(checkFunding(musterland, { partners: 5, costs: 300_000, years: 10, savingsShare: 0.1, clearImprovement: null }, '2028-01-01').applicable).toBe(false);
	});
});

describe('validity', () => {
	it('the NRW figures apply from the Richtlinie of 31.08.2021; the day before, the earlier version (150,000 € + 30,000 €)', () => {
		expect(programmeValidOn(NRW, '2021-08-30')).toBe(false);
		expect(programmeValidOn(NRW, '2021-08-31')).toBe(true);
		expect(programmeValidOn(NRW_OLD, '2021-08-30')).toBe(true);
		expect(programmeValidOn(NRW_OLD, '2021-08-31')).toBe(false);
		expect(programmeValidOn(NRW, '2016-06-01')).toBe(false);
		const before = checkFunding(NRW_OLD, { ...full, partners: 3 }, '2020-05-01');
		expect(before).toMatchObject({ applicable: true, eligible: 'open', cap: 180000, maxGrant: 180000 });
		// Its unknown start and figures are open, not assumed.
		expect(before.reasons[0]!).toMatchObject({ ok: null });
		expect(before.reasons[0]!.text).toContain('Ab wann diese Fassung');
		expect(checkFunding(NRW, full, '2021-08-30')).toMatchObject({ applicable: false });
		expect(checkFunding(NRW, full, '2021-08-30').reasons[0]!.text).toContain('gültig ab 31.08.2021');
	});

	it('a programme that is not in force on the day does not apply', () => {
		const old = { ...NRW, valid_from: '2010-01-01', valid_to: '2015-12-31' };
		expect(programmeValidOn(old, '2015-12-31')).toBe(true);
		expect(programmeValidOn(old, TODAY)).toBe(false);
		const r = checkFunding(old, full, TODAY);
		expect(r).toMatchObject({ applicable: false, eligible: false, maxGrant: null });
		expect(r.reasons[0]!.text).toContain('gilt am 26.11.2026 nicht');
		expect(checkFunding({ ...NRW, valid_from: '2030-01-01' }, full, TODAY).applicable).toBe(false);
		expect(checkFunding(NRW, full, TODAY).applicable).toBe(true);
	});
});

describe('German formatting', () => {
	it('money and percent', () => {
		expect(formatEuro(175000)).toBe('175.000 €');
		expect(formatEuro(490000)).toBe('490.000 €');
		expect(formatEuro(2000)).toBe('2.000 €');
		expect(formatEuro(999.6)).toBe('1.000 €');
		expect(formatPercent(0.15)).toBe('15 %');
		expect(formatPercent(0.125)).toBe('12,5 %');
		const r = checkFunding(NRW, { ...full, partners: 3 }, TODAY);
		expect(r.reasons[1]!.text).toContain('210.000 €');
		expect(r.reasons[1]!.text).toContain('35.000 €');
	});
});
