import { describe, expect, it } from 'vitest';
import {
	answerField, assessVat, daysUntilVat2b, notRequired, parseVatForm, VAT_2B_APPLIES_FROM, VAT_DISCLAIMER, VAT_QUESTION_IDS, VAT_QUESTIONS,
	type VatAnswers
} from './vat-2b';

const ALL_YES: VatAnswers = Object.fromEntries(VAT_QUESTION_IDS.map((id) => [id, 'yes'])) as VatAnswers;
const NR2 = ['long_term_agreement', 'shared_public_task', 'cost_reimbursement_only', 'serves_public_bodies'] as const;

describe('the questionnaire as data', () => {
	it('has the entry condition, the conditions of § 2b Abs. 3 and the competition question, each explained in German', () => {
		expect(VAT_QUESTIONS.map((q) => q.id)).toEqual([...VAT_QUESTION_IDS]);
		expect(VAT_QUESTIONS[0]!.question).toBe('Wird die Leistung auf öffentlich-rechtlicher Grundlage erbracht?');
		expect(VAT_QUESTIONS.at(-1)!.question).toBe('Sind größere Wettbewerbsverzerrungen ausgeschlossen?');
		for (const q of VAT_QUESTIONS) {
			expect(q.question.endsWith('?')).toBe(true);
			expect(q.explanation.length).toBeGreaterThan(80);
			expect(q.norm).toMatch(/^§ 2b Abs\. \d/);
			expect(q.options).toEqual(['yes', 'no', 'unclear']);
		}
		expect(VAT_QUESTIONS.at(-1)!.explanation).toContain('sicher');
		expect(VAT_DISCLAIMER).toContain('ersetzt keine steuerliche Beratung');
		expect(VAT_2B_APPLIES_FROM).toBe('2027-01-01');
	});
});

describe('assessVat', () => {
	it('all conditions hold: not taxable, with the reasons', () => {
		const r = assessVat(ALL_YES);
		expect(r.result).toBe('not_taxable');
		expect(r.reasoning[0]).toContain('öffentlich-rechtlicher Grundlage');
		expect(r.reasoning.join(' ')).toContain('§ 2b Abs. 3 Nr. 1');
	});

	it('nothing answered: open, naming what is open', () => {
		const r = assessVat({});
		expect(r.result).toBe('open');
		expect(r.reasoning.join(' ')).toContain('Offen ist, ob die Leistung auf öffentlich-rechtlicher Grundlage erbracht wird.');
		expect(r.reasoning.join(' ')).toContain('nicht beantwortet');
	});

	it('each single question unanswered or unclear keeps it open (Nr. 1 denied, so Nr. 2 is required)', () => {
		const base: VatAnswers = { ...ALL_YES, only_public_by_law: 'no' };
		expect(assessVat(base).result).toBe('not_taxable');
		for (const id of VAT_QUESTION_IDS.filter((x) => x !== 'only_public_by_law')) {
			for (const missing of [undefined, 'unclear'] as const) {
				const a = { ...base };
				if (missing) a[id] = missing;
				else delete a[id];
				expect(assessVat(a).result, `${id} ${missing}`).toBe('open');
			}
		}
	});

	it('Nr. 1 and Nr. 2 are alternatives: with Nr. 1 the four conditions of Nr. 2 do not matter, and the other way round', () => {
		const nr1Only: VatAnswers = { public_law_basis: 'yes', only_public_by_law: 'yes', no_competition_distortion: 'yes' };
		expect(assessVat(nr1Only).result).toBe('not_taxable');
		expect(assessVat({ ...nr1Only, cost_reimbursement_only: 'no' }).result).toBe('not_taxable');
		expect(notRequired(nr1Only)).toEqual([...NR2]);
		expect(notRequired({ only_public_by_law: 'no' })).toEqual([]);
		const nr2Only: VatAnswers = { ...ALL_YES, only_public_by_law: 'unclear' };
		expect(assessVat(nr2Only).result).toBe('not_taxable');
	});

	it('entry condition answered no: taxable whatever else is answered', () => {
		for (const a of [{ public_law_basis: 'no' } as VatAnswers, { ...ALL_YES, public_law_basis: 'no' } as VatAnswers]) {
			const r = assessVat(a);
			expect(r.result).toBe('taxable');
			expect(r.reasoning[0]).toContain('nicht auf öffentlich-rechtlicher Grundlage');
			expect(r.reasoning.join(' ')).toContain('Steuerbefreiung');
		}
	});

	it('competition distortions not excluded: taxable', () => {
		expect(assessVat({ ...ALL_YES, no_competition_distortion: 'no' }).result).toBe('taxable');
	});

	it('Nr. 1 denied and any condition of Nr. 2 answered no: taxable, naming the condition', () => {
		for (const id of NR2) {
			const r = assessVat({ ...ALL_YES, only_public_by_law: 'no', [id]: 'no', no_competition_distortion: undefined });
			expect(r.result, id).toBe('taxable');
			expect(r.reasoning[0]).toContain(VAT_QUESTIONS.find((q) => q.id === id)!.short);
		}
		// Even with other questions still open.
		expect(assessVat({ only_public_by_law: 'no', cost_reimbursement_only: 'no' }).result).toBe('taxable');
	});

	it('a condition of Nr. 2 denied but Nr. 1 unanswered: still open', () => {
		expect(assessVat({ ...ALL_YES, only_public_by_law: undefined, cost_reimbursement_only: 'no' }).result).toBe('open');
	});

	it('Abs. 3 not met but distortions declared excluded: open, pointing to Abs. 2', () => {
		const r = assessVat({ ...ALL_YES, only_public_by_law: 'no', serves_public_bodies: 'no', no_competition_distortion: 'yes' });
		expect(r.result).toBe('open');
		expect(r.reasoning[0]).toContain('§ 2b Abs. 2');
	});

	it('every answer appears in the reasoning', () => {
		const r = assessVat({ ...ALL_YES, shared_public_task: 'unclear', only_public_by_law: 'no' });
		expect(r.result).toBe('open');
		for (const q of VAT_QUESTIONS) expect(r.reasoning.some((l) => l.startsWith(q.norm))).toBe(true);
		expect(r.reasoning).toContain('§ 2b Abs. 3 Nr. 2 Buchst. b UStG (allen Beteiligten obliegende öffentliche Aufgabe): unklar.');
	});
});

describe('the form', () => {
	const post = (fields: Record<string, string>) => (name: string) => fields[name] ?? '';
	it('reads answers, the review date and a note', () => {
		const p = parseVatForm(post({ [answerField('public_law_basis')]: 'yes', [answerField('only_public_by_law')]: 'unclear', review_date: '01.10.2026', note: ' Abgestimmt mit dem Kämmerer ' }), '2026-06-01');
		expect(p.errors).toEqual([]);
		expect(p.answers).toEqual({ public_law_basis: 'yes', only_public_by_law: 'unclear' });
		expect(p.reviewDate).toBe('2026-10-01');
		expect(p.note).toBe('Abgestimmt mit dem Kämmerer');
	});
	it('refuses unknown answers, past or invalid review dates and long notes', () => {
		const p = parseVatForm(post({ [answerField('public_law_basis')]: 'vielleicht', review_date: '2026-05-31', note: 'x'.repeat(2001) }), '2026-06-01');
		expect(p.answers).toBeNull();
		expect(p.errors.map((e) => e.field)).toEqual([`${answerField('public_law_basis')}-yes`, 'review_date', 'note']);
		expect(parseVatForm(post({ review_date: '31.02.2027' }), '2026-06-01').errors[0]?.field).toBe('review_date');
		expect(parseVatForm(post({ review_date: '2026-06-01' }), '2026-06-01').errors).toEqual([]);
	});
});

describe('days until 1 January 2027', () => {
	it('counts whole days, and 0 from that day on', () => {
		expect(daysUntilVat2b('2026-12-31')).toBe(1);
		expect(daysUntilVat2b('2026-01-01')).toBe(365);
		expect(daysUntilVat2b('2027-01-01')).toBe(0);
		expect(daysUntilVat2b('2027-06-01')).toBe(0);
	});
});
