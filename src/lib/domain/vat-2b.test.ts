/**
 * The § 2b UStG case table (issue 22): cases written from the statute (§ 1 Abs. 1 Nr. 1, § 2b,
 * § 27 Abs. 22/22a UStG), the BMF letters of 16.12.2016 and 14.11.2019 and the Bund-Länder line of
 * 2023 on delegating agreements, each with the expected result, the deciding norm and what the
 * reasoning must say. Bodies from Kreis Unna and from other Länder, spelt as the register has them.
 */
import { describe, expect, it } from 'vitest';
import {
	ANNEX_I, assessRelationship, BMF_RZ, combineResults, daysUntilVat2b, longTermFromTerm, parseEuro, REL_QUESTIONS,
	stepLine, vat2bAppliesFrom, VAT_DISCLAIMER, VAT_SCOPE_TEXT, type RelAnswers, type VatContext, type VatResult
} from './vat-2b';

const pub = (name: string) => ({ name, public: true });
const priv = (name: string) => ({ name, public: false });

const base = (over: Partial<VatContext> = {}): VatContext => ({
	provider: pub('Unna'), recipients: [pub('Bönen'), pub('Fröndenberg/Ruhr')], subType: null, publicLawAgreement: false, delegationOnlyPublic: false, term: null, ...over
});
const oerv = (over: Partial<VatContext> = {}): VatContext => base({ publicLawAgreement: true, delegationOnlyPublic: true, subType: 'mandating', term: { openEnded: true, years: null }, ...over });

/** Every gate passed on the way to Abs. 3: payment, public law, no Abs. 4, no Abs. 2. */
const THROUGH: RelAnswers = { payment: 'money', public_law_basis: 'yes', abs4: 'none', small_turnover: 'no', exempt_if_private: 'no' };
const NR2_YES: RelAnswers = { only_public_by_law: 'no', long_term_agreement: 'yes', shared_public_task: 'yes', cost_reimbursement_only: 'yes', serves_public_bodies: 'yes' };

interface Case {
	name: string;
	ctx: VatContext;
	answers: RelAnswers;
	amount?: number | null;
	result: VatResult;
	/** A part of the deciding norm or the reason it stays open. */
	basis: string;
	/** Parts the reasoning must contain. */
	says: string[];
}

const DSB_POOL = oerv({ recipients: ['Kreis Unna', 'Fröndenberg/Ruhr', 'Kamen', 'Selm', 'Werne', 'Bönen', 'Holzwickede'].map(pub) });
const WINTER = base({ provider: pub('Bergkamen'), recipients: [pub('Landesbetrieb Straßenbau NRW')] });
const GRITTING = base({ provider: pub('Kreis Unna'), recipients: [pub('Lünen'), pub('Schwerte'), pub('Landesbetrieb Straßenbau NRW')] });
const IT_ZV = base({ provider: pub('Zweckverband Kommunale Datenverarbeitung Oberhessen'), recipients: [pub('Stadt Gießen'), pub('Gemeinde Buseck'), pub('Wetteraukreis')] });
const WATER_ZV = base({ provider: pub('Zweckverband Wasserversorgung Mittlere Vils'), recipients: [pub('Markt Velden'), pub('Gemeinde Vilsheim')] });

const CASES: Case[] = [
	{
		name: '1 data protection officer pool (Kreis list no. 38): cost shares, but external DPOs are a private market',
		ctx: DSB_POOL, answers: { ...THROUGH, ...NR2_YES, private_market: 'yes', support_service: 'no' }, amount: 64_000,
		result: 'taxable', basis: 'widerlegt (private Anbieter', says: ['unbefristet', 'nur eine Vermutung', 'BMF-Schreiben vom 14.11.2019', '§ 1 Abs. 1 Nr. 1 UStG']
	},
	{
		name: '2 data protection officer pool, private market not yet judged: open',
		ctx: DSB_POOL, answers: { ...THROUGH, ...NR2_YES, support_service: 'no', private_market: 'unclear' },
		result: 'open', basis: 'nicht alle', says: ['offen ist noch ob private Anbieter']
	},
	{
		name: '3 Zentrale Vergabestelle Unna/Bönen/Fröndenberg: open-ended mandating agreement, a–d and no private market',
		ctx: oerv(), answers: { ...THROUGH, ...NR2_YES, long_term_agreement: undefined, private_market: 'no', support_service: 'no' },
		result: 'not_taxable', basis: '§ 2b Abs. 3 Nr. 2 UStG', says: ['nach dem Rechtlichen Stand unbefristet', 'BMF-Schreiben vom 16.12.2016', 'gemeinsame spezifische öffentliche Interessen']
	},
	{
		name: '4 Vergabestelle agreed for three years: not langfristig, no Abs. 2/3 case, no private market: open for the tax adviser',
		ctx: oerv({ term: { openEnded: false, years: 3 } }), answers: { ...THROUGH, ...NR2_YES, long_term_agreement: undefined, private_market: 'no', support_service: 'no' },
		result: 'open', basis: 'nicht alle', says: ['nur 3 Jahre', 'nicht erfüllt ist langfristige öffentlich-rechtliche Vereinbarung', 'mit der Steuerberatung zu klären']
	},
	{
		name: '5 Vergabestelle for three years, but "langfristig" answered yes: contradiction',
		ctx: oerv({ term: { openEnded: false, years: 3 } }), answers: { ...THROUGH, ...NR2_YES, private_market: 'no', support_service: 'no' },
		result: 'open', basis: 'Widerspruch', says: ['nur 3 Jahre', 'lautet aber „ja“']
	},
	{
		name: '6 IT Zweckverband (Hessen) serving its members: a support service, never privileged under Nr. 2',
		ctx: IT_ZV, answers: { ...THROUGH, ...NR2_YES, private_market: 'yes', support_service: 'yes' }, amount: 2_400_000,
		result: 'taxable', basis: 'Unterstützungsleistung', says: ['in der Regel nicht begünstigt', 'Laufzeit im Rechtlichen Stand nicht erfasst']
	},
	{
		name: '7 water supply Zweckverband (Bayern) answered "ja" throughout: Abs. 4 Nr. 5, always business',
		ctx: WATER_ZV, answers: { ...THROUGH, ...NR2_YES, abs4: 'nr5', annex1_item: 2, annex1_significant: 'yes', small_turnover: 'yes', exempt_if_private: 'yes', only_public_by_law: 'yes', private_market: 'no', support_service: 'no' },
		result: 'taxable', basis: '§ 2b Abs. 4 Nr. 5 UStG', says: ['Lieferung von Wasser, Gas, Elektrizität und thermischer Energie', 'stets Unternehmerin']
	},
	{
		name: '8 water supplied in an insignificant extent with small turnover: Abs. 4 Nr. 5 does not bite, Abs. 2 Nr. 1 does',
		ctx: WATER_ZV, answers: { ...THROUGH, abs4: 'nr5', annex1_item: 2, annex1_significant: 'no', small_turnover: 'yes' }, amount: 3_000,
		result: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 1 UStG', says: ['nur in unbedeutendem Umfang', '17.500 €']
	},
	{
		name: '9 Bauhof winter service for the Landesbetrieb for a fee above cost: Nr. 2 c fails, private gritting firms exist',
		ctx: WINTER, answers: { ...THROUGH, ...NR2_YES, cost_reimbursement_only: 'no', private_market: 'yes' }, amount: 42_000,
		result: 'taxable', basis: '§ 2b Abs. 1 Satz 2 UStG', says: ['nicht erfüllt ist nur Kostenerstattung', 'diese Leistungsbeziehung: 42.000 €', 'Private Anbieter könnten']
	},
	{
		name: '10 the same winter service for 8,000 € a year, no other gritting turnover: Abs. 2 Nr. 1',
		ctx: WINTER, answers: { ...THROUGH, ...NR2_YES, small_turnover: 'yes', cost_reimbursement_only: 'no', private_market: 'yes' }, amount: 8_000,
		result: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 1 UStG', says: ['übersteigt voraussichtlich 17.500 € im Kalenderjahr nicht']
	},
	{
		name: '11 8,000 € a year, but the Bauhof\'s other gritting turnover is not known: open, Abs. 2 still decides',
		ctx: WINTER, answers: { ...THROUGH, ...NR2_YES, small_turnover: 'unclear', cost_reimbursement_only: 'no', private_market: 'yes' }, amount: 8_000,
		result: 'open', basis: 'vorrangige Frage', says: ['wäre die Leistung steuerbar', 'Offen ist, ob der Umsatz aus gleichartigen Tätigkeiten']
	},
	{
		name: '12 cooperation without payment (working group, shared know-how): no service for consideration, nothing else matters',
		ctx: base(), answers: { payment: 'none' },
		result: 'not_taxable', basis: 'kein Leistungsaustausch', says: ['keine Gegenleistung', '§ 1 Abs. 1 Nr. 1 UStG']
	},
	{
		name: '13 "no payment" together with "cost reimbursement only": contradiction',
		ctx: base(), answers: { ...THROUGH, ...NR2_YES, payment: 'none' },
		result: 'open', basis: 'Widerspruch', says: ['keine Gegenleistung geben, zugleich']
	},
	{
		name: '14 exchange of gritting routes (Kreis list no. 19), value of the exchanged routes below 17,500 €',
		ctx: GRITTING, answers: { payment: 'exchange', public_law_basis: 'yes', abs4: 'none', small_turnover: 'yes' }, amount: 6_500,
		result: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 1 UStG', says: ['tauschähnlicher Umsatz', '§ 3 Abs. 12 Satz 2', 'Wert der Gegenleistung gilt als Entgelt']
	},
	{
		name: '15 exchange of gritting routes worth 30,000 € with private winter services on the market',
		ctx: GRITTING, answers: { payment: 'exchange', public_law_basis: 'yes', abs4: 'none', small_turnover: 'no', exempt_if_private: 'no', ...NR2_YES, cost_reimbursement_only: 'no', private_market: 'yes' }, amount: 30_000,
		result: 'taxable', basis: '§ 2b Abs. 1 Satz 2 UStG', says: ['tauschähnlicher Umsatz', 'größere Wettbewerbsverzerrungen sind nicht ausgeschlossen']
	},
	{
		name: '16 a municipal GmbH serving its shareholders: § 2b does not apply, general rules',
		ctx: base({ provider: priv('Kommunale Immobilien GmbH') }), answers: { ...THROUGH, ...NR2_YES, public_law_basis: 'yes', private_market: 'no', support_service: 'no' },
		result: 'taxable', basis: '§ 2 Abs. 1 UStG', says: ['keine juristische Person des öffentlichen Rechts']
	},
	{
		name: '17 the GmbH without payment: nothing taxable (payment is the first gate)',
		ctx: base({ provider: priv('Kommunale Immobilien GmbH') }), answers: { payment: 'none' },
		result: 'not_taxable', basis: 'kein Leistungsaustausch', says: ['keine Gegenleistung']
	},
	{
		name: '18 delegating agreement: the taking-over body performs its own task, the compensation is no payment for a service',
		ctx: oerv({ subType: 'delegating', provider: pub('Kreis Unna'), recipients: [pub('Unna')] }), answers: { payment: 'money', delegation_serves_giver: 'no' },
		result: 'not_taxable', basis: 'delegierender Vereinbarung', says: ['als eigene', '§ 23 Abs. 1 GkG NRW']
	},
	{
		name: '19 delegating agreement where the taking-over body also serves the giving one: Bund-Länder line 2023',
		ctx: oerv({ subType: 'delegating', provider: pub('Kreis Unna'), recipients: [pub('Unna')] }), answers: { ...THROUGH, delegation_serves_giver: 'yes', private_market: 'yes' },
		result: 'not_taxable', basis: 'Abstimmung von Bund und Ländern 2023', says: ['befreiender Wirkung', 'nur zwischen öffentlichen Stellen']
	},
	{
		name: '20 delegated water supply serving the giving body: Abs. 4 comes first',
		ctx: oerv({ subType: 'delegating' }), answers: { ...THROUGH, delegation_serves_giver: 'yes', abs4: 'nr5', annex1_item: 2, annex1_significant: 'yes' },
		result: 'taxable', basis: '§ 2b Abs. 4 Nr. 5 UStG', says: ['stets Unternehmerin']
	},
	{
		name: '21 delegating, whether it serves the giving body is unclear: both ways lead to not taxable',
		ctx: oerv({ subType: 'delegating' }), answers: { ...THROUGH, delegation_serves_giver: 'unclear' },
		result: 'not_taxable', basis: 'Bund und Ländern 2023', says: ['offen ist, ob die übernehmende Stelle']
	},
	{
		name: '22 civil registry office for a neighbouring town (Standesamtsbezirk): only public bodies may do it by law',
		ctx: base({ provider: pub('Stadt Wörth am Rhein'), recipients: [pub('Ortsgemeinde Hagenbach')] }), answers: { ...THROUGH, only_public_by_law: 'yes' },
		result: 'not_taxable', basis: '§ 2b Abs. 3 Nr. 1 UStG', says: ['dürfen nur juristische Personen des öffentlichen Rechts']
	},
	{
		name: '23 "only public bodies by law" together with "private providers could offer it": contradiction, not taxable',
		ctx: base(), answers: { ...THROUGH, only_public_by_law: 'yes', private_market: 'yes' },
		result: 'open', basis: 'Widerspruch', says: ['zugleich könnten private Anbieter']
	},
	{
		name: '24 nothing answered: open, naming the first open gate',
		ctx: base(), answers: {},
		result: 'open', basis: 'nicht alle', says: ['Offen ist, ob für die Leistung überhaupt eine Gegenleistung']
	},
	{
		name: '25 rooms let to a neighbour under a private-law lease: general rules',
		ctx: base(), answers: { payment: 'money', public_law_basis: 'no' },
		result: 'taxable', basis: '§ 2b Abs. 1 Satz 1 UStG', says: ['nicht auf öffentlich-rechtlicher Grundlage']
	},
	{
		name: '26 cadastral survey work of the Kreis for a town, not mutual assistance: Abs. 4 Nr. 3',
		ctx: base({ provider: pub('Kreis Unna'), recipients: [pub('Holzwickede')] }), answers: { ...THROUGH, abs4: 'nr3', surveying_mutual_assistance: 'no', small_turnover: 'yes' },
		result: 'taxable', basis: '§ 2b Abs. 4 Nr. 3 UStG', says: ['Liegenschaftskataster']
	},
	{
		name: '27 surveying as mutual assistance with small turnover: Abs. 4 exception, then Abs. 2 Nr. 1',
		ctx: base({ provider: pub('Kreis Unna'), recipients: [pub('Holzwickede')] }), answers: { ...THROUGH, abs4: 'nr3', surveying_mutual_assistance: 'yes', small_turnover: 'yes' },
		result: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 1 UStG', says: ['Amtshilfe']
	},
	{
		name: '28 adult education courses for another town\'s staff: tax-exempt for a private provider without option',
		ctx: base({ provider: pub('VHS-Zweckverband Diemel-Egge'), recipients: [pub('Stadt Warburg')] }), answers: { ...THROUGH, exempt_if_private: 'yes' },
		result: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 2 UStG', says: ['§ 9 UStG']
	},
	{
		name: '29 a service also to an association: Abs. 3 does not apply, private providers exist',
		ctx: base({ recipients: [pub('Bönen'), priv('Sportverein Bönen e. V.')] }), answers: { ...THROUGH, ...NR2_YES, private_market: 'yes', support_service: 'no' },
		result: 'taxable', basis: '§ 2b Abs. 1 Satz 2 UStG', says: ['gilt nur für Leistungen an solche']
	},
	{
		name: '30 "at most 17,500 €" answered while this relationship alone brings 20,000 €: contradiction',
		ctx: WINTER, answers: { ...THROUGH, small_turnover: 'yes' }, amount: 20_000,
		result: 'open', basis: 'Widerspruch', says: ['20.000 €']
	},
	{
		name: '31 Abs. 4 left unanswered: a later Abs. 2 exit cannot decide, Abs. 4 would make it business',
		ctx: base(), answers: { payment: 'money', public_law_basis: 'yes', small_turnover: 'yes' },
		result: 'open', basis: 'vorrangige Frage', says: ['Offen ist, ob eine Tätigkeit nach § 2b Abs. 4 UStG vorliegt']
	},
	{
		name: '32 school bus transport of a Kreis for its towns: passenger transport, Annex I',
		ctx: base({ provider: pub('Kreis Unna'), recipients: [pub('Selm'), pub('Werne')] }), answers: { ...THROUGH, abs4: 'nr5', annex1_item: 5, annex1_significant: 'yes' },
		result: 'taxable', basis: '§ 2b Abs. 4 Nr. 5 UStG', says: ['Personenbeförderung']
	},
	{
		name: '33 public-law basis unclear, but no payment at all: not taxable anyway',
		ctx: base(), answers: { payment: 'none', public_law_basis: 'unclear' },
		result: 'not_taxable', basis: 'kein Leistungsaustausch', says: ['keine Gegenleistung']
	},
	{
		name: '34 payment unclear, Abs. 3 Nr. 2 fully met: not taxable either way',
		ctx: oerv(), answers: { ...THROUGH, ...NR2_YES, payment: 'unclear', private_market: 'no', support_service: 'no' },
		result: 'not_taxable', basis: '§ 2b Abs. 3 Nr. 2 UStG', says: ['Offen ist, ob für die Leistung überhaupt eine Gegenleistung']
	},
	{
		name: '35 payment unclear and private providers exist: open (without payment it would not be taxable)',
		ctx: base(), answers: { ...THROUGH, ...NR2_YES, payment: 'unclear', cost_reimbursement_only: 'no', private_market: 'yes' },
		result: 'open', basis: 'vorrangige Frage', says: ['wäre die Leistung steuerbar']
	},
	{
		name: '36 provider not chosen: open',
		ctx: base({ provider: null }), answers: { ...THROUGH, only_public_by_law: 'yes' },
		result: 'open', basis: 'vorrangige Frage', says: ['Die leistende Stelle ist nicht angegeben.']
	},
	{
		name: '37 VHS Zweckverband of Kamen and Bönen (Kreis list no. 2) financed by its members\' Umlage by population: the task passed to it is its own, no payment for a service to a member',
		ctx: base({ provider: pub('Zweckverband Volkshochschule Kamen-Bönen'), recipients: [pub('Kamen'), pub('Bönen')], association: { norm: '§§ 4 ff. GkG NRW', law: 'GkG NRW' } }),
		answers: { ...THROUGH, member_specific_service: 'no', private_market: 'yes' }, amount: 1_200_000,
		result: 'not_taxable', basis: 'Verbandsumlage für übertragene Aufgaben', says: ['§§ 4 ff. GkG NRW', 'kein Entgelt für eine Leistung an das einzelne Mitglied']
	},
	{
		name: '38 IT Zweckverband (Hessen) running its members\' own IT for an Umlage by use: a service to each member, then a support service',
		ctx: { ...IT_ZV, association: { norm: '§§ 5 ff. KGG', law: 'KGG' } }, answers: { ...THROUGH, ...NR2_YES, member_specific_service: 'yes', private_market: 'yes', support_service: 'yes' }, amount: 2_400_000,
		result: 'taxable', basis: 'Unterstützungsleistung', says: ['§§ 5 ff. KGG', 'eigene Leistung', 'in der Regel nicht begünstigt']
	},
	{
		name: '39 waste Zweckverband (Bayern) and its members, whether members get services of their own not yet judged, private disposal firms exist: open',
		ctx: base({ provider: pub('Zweckverband Abfallwirtschaft Donau-Wald'), recipients: [pub('Landkreis Passau'), pub('Landkreis Regen')], association: { norm: 'Art. 17 ff. KommZG', law: 'KommZG' } }),
		answers: { ...THROUGH, member_specific_service: 'unclear', cost_reimbursement_only: 'no', ...{ only_public_by_law: 'no', long_term_agreement: 'yes', shared_public_task: 'yes', serves_public_bodies: 'yes' }, private_market: 'yes' },
		result: 'open', basis: 'vorrangige Frage', says: ['Art. 17 ff. KommZG', 'nur die Aufgaben des Verbands mitfinanziert', 'wäre die Leistung steuerbar']
	},
	{
		name: '40 Zweckverband and members without any payment: the payment gate decides, the members\' question is not needed',
		ctx: base({ provider: pub('Zweckverband Naturpark Hohe Mark'), recipients: [pub('Kreis Borken'), pub('Kreis Recklinghausen')], association: { norm: '§§ 4 ff. GkG NRW', law: 'GkG NRW' } }),
		answers: { payment: 'none' },
		result: 'not_taxable', basis: 'kein Leistungsaustausch', says: ['keine Gegenleistung']
	}
];

describe('the § 2b case table', () => {
	it('has at least 25 cases with distinct names', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(25);
		expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
	});
	for (const c of CASES) {
		it(c.name, () => {
			const r = assessRelationship(c.ctx, { answers: c.answers, annual_amount: c.amount ?? null });
			const text = r.steps.map(stepLine).join(' ');
			expect(r.result, text).toBe(c.result);
			expect(r.basis, text).toContain(c.basis);
			for (const s of c.says) expect(text, s).toContain(s);
			// Every step names its norm.
			for (const s of r.steps) expect(s.norm.length).toBeGreaterThan(3);
		});
	}
});

describe('the law of the Land (issue 13, part 4)', () => {
	const KOMMZG = { norm: 'Art. 7 ff. KommZG', law: 'KommZG' };
	const bavarian = (over: Partial<VatContext> = {}) => oerv({ subType: 'delegating', delegationOnlyPublic: false, agreementLaw: KOMMZG, provider: pub('Stadt Cham'), recipients: [pub('Gemeinde Arrach')], ...over });

	it('a delegating Bavarian Zweckvereinbarung cites the KommZG, not the GkG NRW', () => {
		const r = assessRelationship(bavarian(), { answers: { payment: 'money', delegation_serves_giver: 'no' }, annual_amount: null });
		const text = r.steps.map(stepLine).join(' ');
		expect(r.result).toBe('not_taxable');
		expect(text).toContain('Art. 7 ff. KommZG');
		expect(text).not.toContain('GkG');
	});

	it('does not assume that another Land allows delegation only between public bodies: open where NRW would be not taxable', () => {
		const answers = { ...THROUGH, delegation_serves_giver: 'yes', private_market: 'yes' } as const;
		const nrw = assessRelationship(oerv({ subType: 'delegating', provider: pub('Kreis Unna'), recipients: [pub('Unna')] }), { answers, annual_amount: null });
		expect(nrw.result).toBe('not_taxable');
		const by = assessRelationship(bavarian(), { answers, annual_amount: null });
		const text = by.steps.map(stepLine).join(' ');
		expect(by.result).toBe('open');
		expect(text).toContain('KommZG');
		expect(text).not.toContain('GkG');
	});

	it('contexts stored before the Land was known cite the GkG NRW as before', () => {
		const r = assessRelationship(oerv({ subType: 'delegating', provider: pub('Kreis Unna'), recipients: [pub('Unna')] }), { answers: { payment: 'money', delegation_serves_giver: 'no' }, annual_amount: null });
		expect(r.steps.map(stepLine).join(' ')).toContain('§ 23 Abs. 1 GkG NRW');
	});
});

describe('rules across the table', () => {
	it('Abs. 3 not met and Abs. 2 never asked does not make it taxable (the old gap)', () => {
		const r = assessRelationship(base(), { answers: { payment: 'money', public_law_basis: 'yes', abs4: 'none', ...NR2_YES, cost_reimbursement_only: 'no', private_market: 'yes' }, annual_amount: null });
		expect(r.result).toBe('open');
		expect(r.steps.map((s) => s.norm)).toContain('§ 2b Abs. 2 Nr. 1 UStG');
	});
	it('a–d all yes is only a presumption: the private-provider test decides, and unanswered it stays open', () => {
		const ctx = oerv();
		const answers: RelAnswers = { ...THROUGH, ...NR2_YES, support_service: 'no' };
		expect(assessRelationship(ctx, { answers: { ...answers, private_market: 'no' }, annual_amount: null }).result).toBe('not_taxable');
		expect(assessRelationship(ctx, { answers: { ...answers, private_market: 'yes' }, annual_amount: null }).result).toBe('taxable');
		expect(assessRelationship(ctx, { answers, annual_amount: null }).result).toBe('open');
	});
	it('"langfristig" follows the recorded term: five years or more, or open-ended', () => {
		expect(longTermFromTerm({ openEnded: true, years: null })?.value).toBe(true);
		expect(longTermFromTerm({ openEnded: false, years: 5 })?.value).toBe(true);
		expect(longTermFromTerm({ openEnded: false, years: 4 })?.value).toBe(false);
		expect(longTermFromTerm({ openEnded: false, years: null })).toBeNull();
		expect(longTermFromTerm(null)).toBeNull();
		// Only for a public-law agreement whose lifecycle is recorded; otherwise the answer counts.
		const answers: RelAnswers = { ...THROUGH, ...NR2_YES, long_term_agreement: 'no', private_market: 'no', support_service: 'no' };
		expect(assessRelationship(base({ term: { openEnded: true, years: null } }), { answers, annual_amount: null }).result).toBe('open');
	});
	it('the cooperation result: open if any relationship is open or none is recorded, else taxable if any is', () => {
		expect(combineResults([])).toBe('open');
		expect(combineResults(['not_taxable', 'open', 'taxable'])).toBe('open');
		expect(combineResults(['not_taxable', 'taxable'])).toBe('taxable');
		expect(combineResults(['not_taxable', 'not_taxable'])).toBe('not_taxable');
	});
	it('Annex I has its 13 items', () => {
		expect(ANNEX_I).toHaveLength(13);
		expect(ANNEX_I[1]).toContain('Wasser');
		expect(ANNEX_I[4]).toBe('Personenbeförderung');
	});
});

describe('the BMF Randziffern', () => {
	it('the legal-person step cites § 2b Abs. 1 UStG with BMF 16.12.2016 Rz. 3, for a public and for a private provider', () => {
		expect(BMF_RZ.jpoer).toBe('BMF-Schreiben vom 16.12.2016, BStBl I S. 1451, Rz. 3');
		const pubStep = assessRelationship(base(), { answers: { ...THROUGH, ...NR2_YES, private_market: 'no', support_service: 'no' }, annual_amount: null }).steps.find((s) => s.text.includes('ist eine juristische Person des öffentlichen Rechts'));
		expect(pubStep?.norm).toBe('§ 2b Abs. 1 UStG; BMF-Schreiben vom 16.12.2016, BStBl I S. 1451, Rz. 3');
		const privStep = assessRelationship(base({ provider: priv('Kommunale Dienste GmbH') }), { answers: THROUGH, annual_amount: null }).steps.find((s) => s.text.includes('keine juristische Person'));
		expect(privStep?.norm).toBe('§ 2 Abs. 1, § 2b Abs. 1 UStG; BMF-Schreiben vom 16.12.2016, BStBl I S. 1451, Rz. 3');
		expect(stepLine(privStep!)).toContain('(§ 2 Abs. 1, § 2b Abs. 1 UStG; BMF-Schreiben vom 16.12.2016, BStBl I S. 1451, Rz. 3)');
	});
	it('no step anywhere in the table cites a Randziffer that is not one of the checked ones', () => {
		const checked = new Set<string>(Object.values(BMF_RZ));
		for (const c of CASES) {
			for (const s of assessRelationship(c.ctx, { answers: c.answers, annual_amount: c.amount ?? null }).steps) {
				const rest = [...checked].reduce((n, cite) => n.split(cite).join(''), s.norm);
				expect(rest, s.norm).not.toMatch(/Rz\.|Randziffer|Tz\./);
				expect(s.text).not.toMatch(/Rz\. \d/);
			}
		}
	});
});

describe('the texts', () => {
	it('say that the questionnaire supports, not replaces, tax advice, and what § 2b covers', () => {
		expect(VAT_DISCLAIMER).toContain('ersetzt sie nicht');
		expect(VAT_SCOPE_TEXT).toContain('alle ihre Tätigkeiten');
		expect(VAT_SCOPE_TEXT).not.toMatch(/ab 2027 für Leistungen zwischen/);
	});
	it('every question is explained in plain German with its norm; the private-provider help no longer says Abs. 2/3 already cover it', () => {
		for (const q of REL_QUESTIONS) {
			expect(q.question.endsWith('?')).toBe(true);
			expect(q.explanation.length).toBeGreaterThan(80);
			expect(q.norm).toMatch(/^§ \d/);
		}
		const market = REL_QUESTIONS.find((q) => q.id === 'private_market')!;
		expect(market.explanation).toContain('immer zu beantworten');
		expect(market.explanation).toContain('14.11.2019');
		expect(REL_QUESTIONS.some((q) => /Abs\. 2 und 3 UStG nennen Fälle/.test(q.explanation))).toBe(false);
	});
});

describe('the date from which § 2b applies to a body (§ 27 Abs. 22/22a UStG)', () => {
	it('follows the Optionserklärung', () => {
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: null, revokedFromYear: null }).date).toBe('2027-01-01');
		expect(vat2bAppliesFrom({ filed: 'no', revokedOn: null, revokedFromYear: null }).date).toBe('2017-01-01');
		expect(vat2bAppliesFrom({ filed: 'unknown', revokedOn: null, revokedFromYear: null }).date).toBeNull();
		expect(vat2bAppliesFrom(null).date).toBeNull();
		// Revoked: from 1 January of the year after the revocation …
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: '2022-12-31', revokedFromYear: null }).date).toBe('2023-01-01');
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: '2019-03-15', revokedFromYear: null }).date).toBe('2020-01-01');
		// … or a later year the body named, never an earlier one, never after 01.01.2027.
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: '2019-03-15', revokedFromYear: 2021 }).date).toBe('2021-01-01');
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: '2019-03-15', revokedFromYear: 2018 }).date).toBe('2020-01-01');
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: '2026-11-30', revokedFromYear: 2030 }).date).toBe('2027-01-01');
		expect(vat2bAppliesFrom({ filed: 'yes', revokedOn: '2022-12-31', revokedFromYear: null }).reason).toContain('31.12.2022');
	});
	it('counts the days until 1 January 2027', () => {
		expect(daysUntilVat2b('2026-12-31')).toBe(1);
		expect(daysUntilVat2b('2026-01-01')).toBe(365);
		expect(daysUntilVat2b('2027-06-01')).toBe(0);
	});
});

describe('the form', () => {
	// Reading and checking the posted questionnaire: src/lib/server/forms/vat-questionnaire.test.ts.
	it('reads euro amounts as people write them', () => {
		expect(parseEuro('8.000')).toBe(8000);
		expect(parseEuro('8000,50 €')).toBe(8000.5);
		expect(parseEuro('17 500 EUR')).toBe(17500);
		expect(parseEuro('')).toBeNull();
		expect(Number.isNaN(parseEuro('8.00.0')!)).toBe(true);
	});
});
