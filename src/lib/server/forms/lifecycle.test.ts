import { describe, expect, it } from 'vitest';
import { readForm } from './form-data';
import { checkLifecycle, lifecycleForm } from './lifecycle';
import { post } from './test-post';
import { councilField, LIFECYCLE_LIMITS, noticeField, type LifecycleBody } from '../../domain/gkg-lifecycle';

// A Zweckvereinbarung in Rheinland-Pfalz spelling and a Saxon Gemeinde: ids the code was not written for.
const BODIES: LifecycleBody[] = [
	{ id: 'vg-bad-ems-nassau', name: 'Verbandsgemeinde Bad Ems-Nassau', kind: 'gemeinde' },
	{ id: 'gemeinde-krauschwitz-i-d-o-l', name: 'Gemeinde Krauschwitz i.d. O.L.', kind: 'gemeinde' }
] as LifecycleBody[];
const TODAY = '2026-06-01';
const read = async (entries: [string, string | Blob][]) => (await readForm(post(entries), lifecycleForm(BODIES))).data;
const check = async (entries: [string, string | Blob][]) => checkLifecycle((await read(entries)).values, BODIES, TODAY);

describe('lifecycle form', () => {
	it('an empty post: empty values for every body, no version, and a record without any step', async () => {
		const p = await read([]);
		expect(p.version).toBeNull();
		expect(p.values.council).toEqual({ 'vg-bad-ems-nassau': { date: '', reference: '' }, 'gemeinde-krauschwitz-i-d-o-l': { date: '', reference: '' } });
		expect(p.values.open_ended).toBe(false);
		const c = checkLifecycle(p.values, BODIES, TODAY);
		expect(c.errors).toEqual([]);
		expect(c.record).toMatchObject({ sub_type: null, council_decisions: [], partner_notices: [], term: { open_ended: false, end_date: null, years: null } });
	});

	it('reads only the fields of the given bodies, and a checkbox only as "on"', async () => {
		const p = await read([[councilField('stadt-fremd', 'date'), '01.01.2025'], [councilField('vg-bad-ems-nassau', 'date'), ' 3.2.2025 '], ['open_ended', 'true'], ['version', '3']]);
		expect(Object.keys(p.values.council)).toEqual(['vg-bad-ems-nassau', 'gemeinde-krauschwitz-i-d-o-l']);
		expect(p.values.council['vg-bad-ems-nassau']!.date).toBe('3.2.2025');
		expect(p.values.open_ended).toBe(false);
		expect(p.version).toBe(3);
		expect((await check([[councilField('vg-bad-ems-nassau', 'date'), '3.2.2025']])).record?.council_decisions).toEqual([{ body: 'vg-bad-ems-nassau', date: '2025-02-03', reference: null }]);
	});

	it('wrong enum values are refused with the German message at the field', async () => {
		const c = await check([['sub_type', 'DELEGATING'], ['objection_kind', 'refusal; DROP TABLE']]);
		expect(c.errors).toEqual([
			{ field: 'sub_type', message: 'Art der Vereinbarung: bitte einen der angebotenen Werte wählen.' },
			{ field: 'objection_kind', message: 'Reaktion der Aufsichtsbehörde: bitte einen der angebotenen Werte wählen.' }
		]);
		expect(c.record).toBeNull();
	});

	it('cuts overlong text one past the limit so the limit is reported, not silently applied', async () => {
		const p = await read([['authority', 'A'.repeat(10_000)], ['termination_rule', 'R'.repeat(LIFECYCLE_LIMITS.rule + 50)], [noticeField('gemeinde-krauschwitz-i-d-o-l', 'reference'), 'F'.repeat(500)]]);
		expect(p.values.authority).toHaveLength(LIFECYCLE_LIMITS.text + 1);
		const c = checkLifecycle(p.values, BODIES, TODAY);
		expect(c.errors.map((e) => e.message)).toEqual([
			'Fundstelle des Hinweises Gemeinde Krauschwitz i.d. O.L.: höchstens 100 Zeichen.',
			'Hinweis Gemeinde Krauschwitz i.d. O.L.: bitte auch das Datum angeben.',
			'Aufsichtsbehörde: höchstens 200 Zeichen.',
			'Kündigungsregelung: höchstens 2.000 Zeichen.'
		]);
	});

	it('repeated fields count with their first value, files as empty, CRLF as LF', async () => {
		const c = await check([['years', '5'], ['years', '500'], ['gazette', new Blob(['Amtsblatt'])], ['publication_date', '2025-05-30'], ['termination_rule', ' Kündigung\r\nzum Jahresende ']]);
		expect(c.errors.map((e) => e.field)).toEqual(['gazette']);
		const ok = await check([['years', '5'], ['years', '500'], ['termination_rule', ' Kündigung\r\nzum Jahresende ']]);
		expect(ok.record).toMatchObject({ term: { years: 5 }, termination_rule: 'Kündigung\nzum Jahresende' });
	});

	it('control characters and malformed dates are no dates', async () => {
		const c = await check([['approval_date', '01.05.2025\u0000'], ['effective_date', '2025-13-01'], ['years', '１２']]);
		expect(c.errors.map((e) => e.field)).toEqual(['approval_date', 'effective_date', 'years']);
		expect(c.errors[0]!.message).toBe('Genehmigt am: bitte ein Datum wie 05.03.2026 angeben.');
	});
});
