import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { capFor, checkFunding, formatEuro, formatPercent, programmeValidOn, type FundingInput, type FundingProgramme } from './funding';

// The shipped programme, read from the data file, so the tests fail when its figures change.
const NRW = (parse(fs.readFileSync('data/funding/programmes.yaml', 'utf8')) as FundingProgramme[]).find((p) => p.id === 'nrw-ikz')!;
const TODAY = '2026-11-26';
const full: FundingInput = { partners: 2, costs: 1_000_000, years: 5, savingsShare: 0.2, clearImprovement: null };

describe('the NRW programme as data', () => {
	it('holds the figures of the project documents', () => {
		expect(NRW).toMatchObject({
			base_amount: 175000, per_further_partner: 35000, max_share: 0.9, min_years: 5, min_savings: 0.15,
			improvement_alternative: true, min_partners: 2, valid_to: null
		});
		expect(NRW.source_note).toContain('vor Antrag prüfen');
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

	it('4 years is too short: not eligible, no grant, and the reason says why', () => {
		const r = checkFunding(NRW, { ...full, years: 4 }, TODAY);
		expect(r.eligible).toBe(false);
		expect(r.maxGrant).toBeNull();
		const failed = r.reasons.filter((x) => x.ok === false);
		expect(failed).toHaveLength(1);
		expect(failed[0]!.text).toContain('mindestens 5 Jahre');
		expect(checkFunding(NRW, { ...full, years: 5 }, TODAY).eligible).toBe(true);
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
		const none = checkFunding(NRW, { partners: null, costs: null, years: null, savingsShare: null, clearImprovement: null }, TODAY);
		expect(none.eligible).toBe('open');
		expect(none.maxGrant).toBeNull();
		expect(none.cap).toBeNull();
		expect(none.reasons.every((r) => r.ok === null)).toBe(true);
		const some = checkFunding(NRW, { partners: 4, costs: null, years: 10, savingsShare: null, clearImprovement: null }, TODAY);
		expect(some.eligible).toBe('open');
		expect(some.cap).toBe(245000);
		expect(some.maxGrant).toBeNull();
		// Low savings and the improvement not assessed yet: open, not refused.
		expect(checkFunding(NRW, { ...full, savingsShare: 0.1, clearImprovement: null }, TODAY).eligible).toBe('open');
		// One condition failing decides even when others are open.
		expect(checkFunding(NRW, { ...full, costs: null, years: 3 }, TODAY).eligible).toBe(false);
	});

	it('one partner is not a cooperation', () => {
		const r = checkFunding(NRW, { ...full, partners: 1 }, TODAY);
		expect(r.eligible).toBe(false);
		expect(r.cap).toBeNull();
	});
});

describe('validity', () => {
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
		expect(r.reasons[0]!.text).toContain('210.000 €');
		expect(r.reasons[0]!.text).toContain('35.000 €');
	});
});
