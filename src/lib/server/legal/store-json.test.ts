import { describe, expect, it } from 'vitest';
import { JsonColumnError, readJson } from '../db/json-columns';
import { LIFECYCLE_RECORD, VAT_ANSWERS } from './store';

/** A record as saveLifecycle writes it today (a Zweckverband in Landkreis Bautzen, Saxony, fictitious dates). */
const current = {
	sub_type: null,
	council_decisions: [{ body: 'stadt-bautzen', date: '2024-03-14', reference: 'BR 12/2024' }, { body: 'gemeinde-kubschuetz', date: '2024-04-02' }],
	authority: 'Landratsamt Bautzen',
	submitted_at: '2024-05-06',
	approval_date: null,
	objection: true,
	objection_kind: 'changes',
	objection_date: '2024-06-20',
	meeting_set_at: '2024-07-01',
	partner_notices: [{ body: 'stadt-bautzen', date: '2024-09-12', reference: 'Amtsblatt 9/2024' }],
	publication: { gazette: 'Sächsisches Amtsblatt', issue: '38/2024', date: '2024-09-19' },
	effective_date: '2024-10-01',
	term: { open_ended: false, end_date: '2034-09-30', years: 10 },
	termination_rule: 'Kündigung mit einer Frist von einem Jahr zum Jahresende',
	termination: { notified_date: null, published_date: null }
};

/** A record saved before issue 22: no objection details, no partners' notices. */
const beforeIssue22 = {
	sub_type: 'mandating',
	council_decisions: [{ body: 'kreis-unna', date: '2019-12-10', reference: null }],
	authority: 'Bezirksregierung Arnsberg',
	submitted_at: null,
	approval_date: '2020-02-03',
	objection: false,
	publication: { gazette: null, issue: null, date: null },
	effective_date: null,
	term: { open_ended: true, end_date: null, years: null },
	termination_rule: null,
	termination: { notified_date: null, published_date: null }
};

describe('cooperation_legal.record_json', () => {
	it('reads a current record as it was saved', () => {
		expect(readJson(LIFECYCLE_RECORD, JSON.stringify(current))).toEqual(current);
	});

	it('gives a record saved before issue 22 the later fields as empty', () => {
		const r = readJson(LIFECYCLE_RECORD, JSON.stringify(beforeIssue22));
		expect(r).toEqual({ ...beforeIssue22, objection_kind: null, objection_date: null, meeting_set_at: null, partner_notices: [] });
	});

	it('refuses a record of another shape, naming the column and the place', () => {
		expect(() => readJson(LIFECYCLE_RECORD, JSON.stringify({ ...current, term: { open_ended: 'nein', end_date: null, years: null } }))).toThrow(JsonColumnError);
		expect(() => readJson(LIFECYCLE_RECORD, JSON.stringify({ ...current, term: { open_ended: 'nein', end_date: null, years: null } }))).toThrow(/cooperation_legal\.record_json: term\.open_ended/);
		expect(() => readJson(LIFECYCLE_RECORD, JSON.stringify({ ...beforeIssue22, objection_kind: 'withdrawn' }))).toThrow(/record_json: objection_kind/);
		expect(() => readJson(LIFECYCLE_RECORD, '{"sub_type":null')).toThrow(/cooperation_legal\.record_json: not JSON/);
	});
});

const relationship = {
	provider: 'kreis-goerlitz',
	recipients: ['stadt-zittau', 'gemeinde-olbersdorf'],
	service: 'Betrieb der Kfz-Zulassungsstelle',
	consideration: 'Kostenerstattung nach Fallzahlen',
	annual_amount: 48500,
	answers: { public_law_basis: 'yes', cost_reimbursement_only: 'yes', payment: 'money', abs4: 'none' },
	result: 'not_taxable',
	basis: '§ 2b Abs. 3 Nr. 2 UStG',
	steps: [{ norm: '§ 2b Abs. 1 UStG', text: 'Öffentlich-rechtliche Grundlage' }],
	context: {
		provider: { name: 'Landkreis Görlitz', public: true },
		recipients: [{ name: 'Große Kreisstadt Zittau', public: true }, { name: 'Gemeinde Olbersdorf', public: true }],
		subType: 'mandating',
		publicLawAgreement: false,
		delegationOnlyPublic: false,
		agreementLaw: { norm: '§ 71 SächsKomZG', law: 'SächsKomZG' },
		term: { openEnded: true, years: null },
		association: null
	}
};

describe('vat_assessment.answers_json', () => {
	it('reads a schema-2 assessment with its relationships', () => {
		const a = readJson(VAT_ANSWERS, JSON.stringify({ schema: 2, relationships: [relationship], note: 'mit Steuerberatung abgestimmt' }));
		expect(a).toEqual({ schema: 2, relationships: [relationship], note: 'mit Steuerberatung abgestimmt' });
	});

	it('reads the questionnaire answers saved before issue 22, and relationships stored before the Land law and Zweckverband parts', () => {
		expect(readJson(VAT_ANSWERS, '{"answers":{"public_law_basis":"yes","only_public_by_law":"unclear"},"note":null}'))
			.toEqual({ answers: { public_law_basis: 'yes', only_public_by_law: 'unclear' }, note: null });
		const oldContext = Object.fromEntries(Object.entries(relationship.context).filter(([k]) => k !== 'agreementLaw' && k !== 'association'));
		const old = readJson(VAT_ANSWERS, JSON.stringify({ schema: 2, relationships: [{ ...relationship, context: oldContext }], note: null }));
		expect(old.relationships?.[0]?.context).toEqual(oldContext);
	});

	it('refuses an assessment of another shape, naming the column', () => {
		expect(() => readJson(VAT_ANSWERS, JSON.stringify({ schema: 2, relationships: [{ ...relationship, result: 'steuerfrei' }] }))).toThrow(/vat_assessment\.answers_json: relationships\.0\.result/);
		expect(() => readJson(VAT_ANSWERS, '{"answers":{"public_law_basis":true}}')).toThrow(/answers_json: answers\.public_law_basis/);
		expect(() => readJson(VAT_ANSWERS, '[]')).toThrow(/answers_json: \(whole value\)/);
	});
});
