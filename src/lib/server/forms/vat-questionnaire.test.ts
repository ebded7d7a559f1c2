import { describe, expect, it } from 'vitest';
import { readForm } from './form-data';
import { checkVatQuestionnaire, vatQuestionnaireForm } from './vat-questionnaire';
import { post } from './test-post';
import { MAX_RELATIONSHIPS, relAnswerField, relField } from '../../domain/vat-2b';

type Fields = Record<string, string | string[]>;
const entries = (fields: Fields): [string, string][] => Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]));
const read = async (e: [string, string | Blob][]) => (await readForm(post(e), vatQuestionnaireForm)).data;
const parse = async (fields: Fields, today: string, bodies: readonly string[]) => checkVatQuestionnaire((await read(entries(fields))).values, today, bodies);

describe('the questionnaire (moved from domain/vat-2b.test.ts, same assertions)', () => {
	const BODIES = ['unna', 'boenen', 'froendenberg'];
	it('reads relationships, skips the untouched empty block, drops removed ones', async () => {
		const r = await parse({
			blocks: '3',
			[relField(0, 'provider')]: 'unna', [relField(0, 'recipients')]: ['boenen', 'froendenberg', 'unna'], [relField(0, 'service')]: 'Vergabeverfahren',
			[relField(0, 'amount')]: '17.500', [relField(0, 'payment')]: 'money', [relField(0, 'abs4')]: 'none', [relAnswerField(0, 'public_law_basis')]: 'yes',
			[relField(1, 'provider')]: 'boenen', [relField(1, 'service')]: 'alt', [relField(1, 'remove')]: '1',
			review_date: '01.10.2027', note: ' Abgestimmt '
		}, '2026-06-01', BODIES);
		expect(r.errors).toEqual([]);
		expect(r.relationships).toEqual([{ provider: 'unna', recipients: ['boenen', 'froendenberg'], service: 'Vergabeverfahren', consideration: null, annual_amount: 17500, answers: { payment: 'money', abs4: 'none', public_law_basis: 'yes' } }]);
		expect(r.reviewDate).toBe('2027-10-01');
		expect(r.note).toBe('Abgestimmt');
	});
	it('refuses a block without service or provider, foreign bodies, unknown answers, unreadable amounts, past dates', async () => {
		const r = await parse({
			blocks: '2',
			[relField(0, 'payment')]: 'money',
			[relField(1, 'provider')]: 'kamen', [relField(1, 'recipients')]: 'boenen', [relField(1, 'service')]: 'x', [relField(1, 'amount')]: 'acht', [relAnswerField(1, 'small_turnover')]: 'vielleicht',
			review_date: '2026-05-31'
		}, '2026-06-01', BODIES);
		expect(r.relationships).toBeNull();
		expect(r.errors.map((e) => e.field)).toEqual(['r0-service', 'r0-provider', 'r0-recipients', 'r1-provider', 'r1-amount', 'r1-q-small_turnover-yes', 'review_date']);
	});
});

describe('the questionnaire: hostile and malformed posts', () => {
	const BODIES = ['landkreis-goerlitz', 'stadt-zittau', 'gemeinde-olbersdorf'];
	const block = (i: number, extra: Fields = {}): Fields => ({
		[relField(i, 'provider')]: 'stadt-zittau', [relField(i, 'recipients')]: ['gemeinde-olbersdorf'], [relField(i, 'service')]: 'Standesamt', ...extra
	});

	it('an empty post: no blocks, no errors, no version', async () => {
		const p = await read([]);
		expect(p).toEqual({ values: { relationships: [], review_date: '', note: '' }, version: null });
		expect(checkVatQuestionnaire(p.values, '2026-06-01', BODIES)).toEqual({ relationships: [], reviewDate: null, note: null, errors: [] });
	});

	it('reads the version, and no version from a malformed one', async () => {
		expect((await read([['version', '7']])).version).toBe(7);
		expect((await read([['version', '-1']])).version).toBeNull();
		expect((await read([['version', '1e3']])).version).toBeNull();
	});

	it('a block count that is no small number reads no blocks; a huge one at most MAX_RELATIONSHIPS + 1', async () => {
		expect((await read([['blocks', '1.5'], ...entries(block(0))])).values.relationships).toEqual([]);
		expect((await read([['blocks', ' 1'], ...entries(block(0))])).values.relationships).toEqual([]);
		expect((await read([['blocks', '99']])).values.relationships).toHaveLength(MAX_RELATIONSHIPS + 1);
	});

	it('more than MAX_RELATIONSHIPS filled blocks are refused as a whole', async () => {
		const fields: Fields = { blocks: String(MAX_RELATIONSHIPS + 1) };
		for (let i = 0; i <= MAX_RELATIONSHIPS; i++) Object.assign(fields, block(i));
		const r = await parse(fields, '2026-06-01', BODIES);
		expect(r.errors).toEqual([{ field: 'fragebogen', message: `Höchstens ${MAX_RELATIONSHIPS} Leistungsbeziehungen je Kooperation.` }]);
		expect(r.relationships).toBeNull();
	});

	it('cuts overlong text and reports the service and the consideration over 300 characters; a note over 2,000', async () => {
		const r = await parse({ blocks: '1', ...block(0, { [relField(0, 'service')]: 'S'.repeat(5000), [relField(0, 'consideration')]: 'G'.repeat(301) }), note: 'n'.repeat(9000) }, '2026-06-01', BODIES);
		expect(r.errors.map((e) => e.message)).toEqual([
			'Leistungsbeziehung 1: Die Leistung bitte in höchstens 300 Zeichen beschreiben.',
			'Leistungsbeziehung 1: Die Gegenleistung bitte in höchstens 300 Zeichen beschreiben.',
			'Anmerkungen: höchstens 2.000 Zeichen.'
		]);
		const p = await read(entries({ blocks: '1', ...block(0, { [relField(0, 'service')]: 'S'.repeat(5000) }), note: 'n'.repeat(9000) }));
		expect(p.values.relationships[0]!.service).toHaveLength(301);
		expect(p.values.note).toHaveLength(2001);
	});

	it('wrong enum values and a repeated single field (first value counts) are refused at the field', async () => {
		const r = await parse({
			blocks: '1', ...block(0), [relField(0, 'payment')]: ['cash', 'money'], [relField(0, 'abs4')]: 'NR5', [relAnswerField(0, 'public_law_basis')]: 'ja'
		}, '2026-06-01', BODIES);
		expect(r.errors.map((e) => e.field)).toEqual(['r0-payment', 'r0-abs4', 'r0-q-public_law_basis-yes']);
		expect(r.errors[2]!.message).toMatch(/^Leistungsbeziehung 1: .+ Bitte „ja“, „nein“ oder „unklar“ wählen\.$/);
	});

	it('files and control characters are no way around the checks', async () => {
		const r = await read([['blocks', '1'], [relField(0, 'provider'), new Blob(['stadt-zittau'])], [relField(0, 'recipients'), new Blob(['x'])], [relField(0, 'recipients'), 'gemeinde-olbersdorf'], [relField(0, 'service'), '\u0000\u202E']]);
		expect(r.values.relationships[0]).toMatchObject({ provider: '', recipients: ['gemeinde-olbersdorf'], service: '\u0000\u202E' });
		const c = checkVatQuestionnaire(r.values, '2026-06-01', BODIES);
		expect(c.errors.map((e) => e.field)).toEqual(['r0-provider']);
	});

	it('an annex I item counts only with "nr5" and must be one of the list', async () => {
		const ok = await parse({ blocks: '1', ...block(0, { [relField(0, 'abs4')]: 'nr5', [relField(0, 'annex1')]: '3' }) }, '2026-06-01', BODIES);
		expect(ok.relationships?.[0]?.answers).toEqual({ abs4: 'nr5', annex1_item: 3 });
		const bad = await parse({ blocks: '1', ...block(0, { [relField(0, 'abs4')]: 'nr5', [relField(0, 'annex1')]: '999' }) }, '2026-06-01', BODIES);
		expect(bad.errors.map((e) => e.field)).toEqual(['r0-annex1']);
	});
});
