/**
 * Issue 7, items 1 and 2, on the shipped data: the legal lifecycle and the § 2b UStG assessment
 * are saved with versions and the optimistic lock; the list of lifecycle findings and the § 2b
 * dashboard are checked against counts taken independently from the data files; recording an
 * approval without publication and completing an assessment for the Zentrale Vergabestelle
 * Unna/Bönen/Fröndenberg (kommunen-47) move them; the CSV for the tax advisers has the rows.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { legalCooperation, legalVersions, readLifecycle, readVat, saveLifecycle, saveVat, saveVatOption } from '../../src/lib/server/legal/store';
import { legalProfile, lifecycleFindings, needsVatAssessment, vatDashboard, VAT_EXPORT_HEADER, vatExportRows } from '../../src/lib/server/legal/overview';
import { toCsv } from '../../src/lib/server/registry/present';
import { EMPTY_LIFECYCLE, type LifecycleRecord } from '../../src/lib/domain/gkg-lifecycle';
import type { RelAnswers, VatRelationship } from '../../src/lib/domain/vat-2b';
import { setArchived, readCooperation } from '../../src/lib/server/registry/write';

type Db = Kysely<Database>;
const REGION = 'kreis-unna';
const VERGABE = 'kommunen-47';
const TODAY = '2026-06-01';

interface YamlCoop { id: string; status: string; legal_form: string; performer: { kind: string; body?: string | null }; participants: { body: string }[] }
interface YamlBody { id: string; kind: string; parent?: string | null }
const coops = [
	...(parse(fs.readFileSync('data/kreis-unna/cooperations-kreis.yaml', 'utf8')) as YamlCoop[]),
	...(parse(fs.readFileSync('data/kreis-unna/cooperations-kommunen.yaml', 'utf8')) as YamlCoop[])
];
const bodies = new Map((parse(fs.readFileSync('data/kreis-unna/bodies.yaml', 'utf8')) as YamlBody[]).map((b) => [b.id, b]));
const forms = parse(fs.readFileSync('data/taxonomies/legal-forms.yaml', 'utf8')) as { id: string; group: string }[];

// Independent of the service: the public-law kinds, institutions counted as their parent body.
const PUBLIC = new Set(['kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt', 'landschaftsverband', 'regionalverband', 'zweckverband', 'aoer', 'bezirksregierung', 'landesbetrieb', 'kammer']);
function publicBodiesOf(c: YamlCoop): Set<string> {
	const ids = [...c.participants.map((p) => p.body), ...(c.performer.body ? [c.performer.body] : [])];
	const out = new Set<string>();
	for (const id of ids) {
		let b = bodies.get(id)!;
		if (b.kind === 'einrichtung' && b.parent) b = bodies.get(b.parent)!;
		if (PUBLIC.has(b.kind)) out.add(b.id);
	}
	return out;
}
const needing = coops.filter((c) => c.status !== 'ended' && publicBodiesOf(c).size >= 2);
const withProcedure = coops.filter((c) => ['oerv', 'zweckverband', 'aoer'].includes(c.legal_form));

async function coordinator(db: Db): Promise<Actor> {
	const email = 'kora@kreis-unna.de';
	const userId = await createUser(db, { email, name: 'Kora Koordinatorin', bodyId: 'kreis-unna', role: 'coordinator' });
	return { role: 'coordinator', userId, name: 'Kora Koordinatorin', email, bodyId: 'kreis-unna', regionId: REGION };
}

const approvedOnly = (): LifecycleRecord => ({
	...structuredClone(EMPTY_LIFECYCLE),
	sub_type: 'mandating',
	council_decisions: [{ body: 'unna', date: '2025-03-10', reference: 'DS 12/2025' }, { body: 'boenen', date: '2025-03-12' }, { body: 'froendenberg', date: '2025-03-20' }],
	authority: 'Landrat des Kreises Unna',
	approval_date: '2025-05-02',
	term: { open_ended: true, end_date: null, years: null },
	termination_rule: 'Kündigung mit einer Frist von einem Jahr zum Ende eines Kalenderjahres'
});

/** The Zentrale Vergabestelle: Unna runs the procurement procedures of Bönen and Fröndenberg for a cost share; no private market for the procedure itself. */
const VERGABE_ANSWERS: RelAnswers = {
	payment: 'money', public_law_basis: 'yes', abs4: 'none', small_turnover: 'no', exempt_if_private: 'no', only_public_by_law: 'no',
	shared_public_task: 'yes', cost_reimbursement_only: 'yes', serves_public_bodies: 'yes', private_market: 'no', support_service: 'no'
};
const vergabe = (answers: RelAnswers = VERGABE_ANSWERS): VatRelationship[] => [
	{ provider: 'unna', recipients: ['boenen', 'froendenberg'], service: 'Durchführung der Vergabeverfahren', consideration: 'Kostenerstattung nach Fallzahl', annual_amount: 48_000, answers }
];

describe('the data the rules rest on', () => {
	it('the procedure forms are public-law in the taxonomy, and the Zentrale Vergabestelle is one of them', async () => {
		for (const id of ['oerv', 'zweckverband', 'aoer']) expect(forms.find((f) => f.id === id)?.group).toBe('public-law');
		const { db } = await loadedDatabase();
		const c = await legalCooperation(db, VERGABE);
		expect(c?.title).toBe('Zentrale Vergabestelle');
		expect(c?.legalForm).toEqual({ id: 'oerv', label: 'Öffentlich-rechtliche Vereinbarung', group: 'public-law' });
		expect(c?.bodies.map((b) => b.id)).toEqual(['unna', 'boenen', 'froendenberg']);
		expect(needsVatAssessment(c!)).toBe(true);
	});
});

describe('saving the lifecycle', () => {
	it('creates version 1, then 2; keeps snapshots; refuses a stale version and a second creation', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		expect(await readLifecycle(db, VERGABE)).toBeNull();
		const r1 = await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0, null, new Date('2026-06-01T08:00:00Z'));
		expect(r1).toEqual({ ok: true, version: 1 });
		const published = { ...approvedOnly(), publication: { gazette: 'Amtsblatt des Kreises Unna', issue: '14/2025', date: '2025-05-30' } };
		expect(await saveLifecycle(db, kora, VERGABE, published, 1, 'Bekanntmachung nachgetragen', new Date('2026-06-02T08:00:00Z'))).toEqual({ ok: true, version: 2 });

		const stored = await readLifecycle(db, VERGABE);
		expect(stored).toMatchObject({ version: 2, updatedBy: 'Kora Koordinatorin <kora@kreis-unna.de>', updatedAt: '2026-06-02T08:00:00.000Z' });
		expect(stored?.record.publication.gazette).toBe('Amtsblatt des Kreises Unna');

		const versions = await legalVersions(db, 'cooperation_legal', VERGABE);
		expect(versions.map((v) => [v.version, v.action, v.comment])).toEqual([[2, 'bearbeitet', 'Bekanntmachung nachgetragen'], [1, 'erfasst', null]]);
		expect((versions[1]!.snapshot as LifecycleRecord).publication.date).toBeNull();
		expect((versions[0]!.snapshot as LifecycleRecord).publication.date).toBe('2025-05-30');

		// Someone else saved meanwhile: the editor who started from version 1 is refused.
		expect(await saveLifecycle(db, kora, VERGABE, approvedOnly(), 1)).toEqual({ ok: false, reason: 'conflict', currentVersion: 2 });
		expect(await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0)).toEqual({ ok: false, reason: 'conflict', currentVersion: 2 });
		expect((await readLifecycle(db, VERGABE))?.version).toBe(2);

		const log = await db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'detail']).where('entity', '=', 'cooperation_legal').execute();
		expect(log).toEqual([
			{ action: 'rechtsstand.gespeichert', entity: 'cooperation_legal', entity_id: VERGABE, detail: '{"version":1}' },
			{ action: 'rechtsstand.gespeichert', entity: 'cooperation_legal', entity_id: VERGABE, detail: '{"version":2}' }
		]);
	});

	it('refuses an invalid record and an unknown cooperation, and the revision moves only on a save', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const rev = async () => (await db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value;
		const before = await rev();
		const bad = { ...approvedOnly(), approval_date: '2025-02-30' };
		const r = await saveLifecycle(db, kora, VERGABE, bad, 0);
		expect(r.ok).toBe(false);
		expect(r.ok === false && r.reason).toBe('invalid');
		expect(await saveLifecycle(db, kora, 'gibt-es-nicht', approvedOnly(), 0)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await rev()).toBe(before);
		await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0);
		expect(await rev()).not.toBe(before);
	});
});

describe('the list of lifecycle findings', () => {
	it('lists every cooperation with the procedure; unrecorded ones say so; recording approval without publication shows "approved but not published"', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const before = await lifecycleFindings(db, REGION, TODAY);
		expect(withProcedure.length).toBeGreaterThan(40);
		expect(before.total).toBe(withProcedure.length);
		expect(before.rows.map((r) => r.id).sort()).toEqual(withProcedure.map((c) => c.id).sort());
		expect(before.recorded).toBe(0);
		expect(before.counts.find((c) => c.code === 'not_recorded')?.count).toBe(withProcedure.length);
		expect(before.counts.find((c) => c.code === 'approved_not_published')?.count).toBe(0);

		await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0);
		const after = await lifecycleFindings(db, REGION, TODAY);
		const row = after.rows.find((r) => r.id === VERGABE)!;
		expect(row.recorded).toBe(true);
		expect(row.findings.map((f) => f.code)).toEqual(['approved_not_published']);
		expect(row.findings[0]!.label).toBe('genehmigt, aber nicht bekannt gemacht');
		expect(after.recorded).toBe(1);
		expect(after.counts.find((c) => c.code === 'approved_not_published')?.count).toBe(1);
		expect(after.counts.find((c) => c.code === 'not_recorded')?.count).toBe(withProcedure.length - 1);

		// Publishing clears it; the effective day is derived. Each party must then point to the publication (§ 24 Abs. 3 S. 2 GkG).
		const publication = { gazette: 'Amtsblatt des Kreises Unna', issue: '14/2025', date: '2025-05-30' };
		await saveLifecycle(db, kora, VERGABE, { ...approvedOnly(), publication }, 1);
		const noNotices = (await lifecycleFindings(db, REGION, TODAY)).rows.find((r) => r.id === VERGABE)!;
		expect(noNotices.findings.map((f) => `${f.code}:${f.body?.id}`)).toEqual(['partner_notice_missing:unna', 'partner_notice_missing:boenen', 'partner_notice_missing:froendenberg']);
		const notices = ['unna', 'boenen', 'froendenberg'].map((body) => ({ body, date: '2025-06-05', reference: null }));
		expect((await saveLifecycle(db, kora, VERGABE, { ...approvedOnly(), publication, partner_notices: notices }, 2)).ok).toBe(true);
		const done = (await lifecycleFindings(db, REGION, TODAY)).rows.find((r) => r.id === VERGABE)!;
		expect(done.findings).toEqual([]);
		expect(done.missing).toBe(0);

		// A missing council decision names the body.
		const oneShort = { ...approvedOnly(), council_decisions: approvedOnly().council_decisions.filter((d) => d.body !== 'boenen') };
		await saveLifecycle(db, kora, VERGABE, oneShort, 3);
		const short = (await lifecycleFindings(db, REGION, TODAY)).rows.find((r) => r.id === VERGABE)!;
		expect(short.findings.map((f) => f.label)).toContain('Ratsbeschluss von Bönen fehlt');
	});

	it('archived cooperations leave the list', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const c = (await readCooperation(db, VERGABE))!;
		await setArchived(db, kora, VERGABE, true, c.version);
		const list = await lifecycleFindings(db, REGION, TODAY);
		expect(list.rows.some((r) => r.id === VERGABE)).toBe(false);
		expect(list.total).toBe(withProcedure.length - 1);
	});
});

describe('the § 2b assessment and the dashboard', () => {
	it('counts what needs an assessment as the data files say; "langfristig" comes from the recorded term; the dashboard moves', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const d0 = await vatDashboard(db, REGION, TODAY);
		expect(needing.length).toBeGreaterThan(30);
		expect(d0.counts).toMatchObject({ total: needing.length, assessed: 0, open: needing.length, notAssessed: needing.length, reassess: 0, taxable: 0, notTaxable: 0, overdue: 0 });
		expect(d0.open.map((o) => o.id).sort()).toEqual(needing.map((c) => c.id).sort());
		expect(d0.daysLeft).toBe(214);
		expect(d0.transitionEnd).toBe('2027-01-01');
		// Per body: as many as the data files give for that body.
		const unnaNeeding = needing.filter((c) => publicBodiesOf(c).has('unna')).length;
		expect(d0.byBody.find((b) => b.id === 'unna')?.total).toBe(unnaNeeding);
		expect(d0.byBody[0]?.id).toBe('kreis-unna');
		expect(d0.byBody.filter((b) => b.own).length).toBe(11);

		// Without a recorded term, "langfristig" is unanswered: open.
		expect(await saveVat(db, kora, VERGABE, { relationships: vergabe(), note: 'Mit der Steuerberatung abgestimmt', reviewDate: '2026-12-01' }, 0, new Date('2026-06-01T09:00:00Z'))).toEqual({ ok: true, version: 1 });
		let v = (await readVat(db, VERGABE))!;
		expect(v.legacy).toBe(false);
		expect(v.result).toBe('open');
		expect(v.relationships[0]!.steps.map((s) => s.text).join(' ')).toContain('Laufzeit im Rechtlichen Stand nicht erfasst');

		// The lifecycle records an open-ended mandating agreement: a saved again gives not taxable under Abs. 3 Nr. 2.
		await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0);
		expect(await saveVat(db, kora, VERGABE, { relationships: vergabe(), note: 'Mit der Steuerberatung abgestimmt', reviewDate: '2026-12-01' }, 1, new Date('2026-06-01T09:00:00Z'))).toEqual({ ok: true, version: 2 });
		v = (await readVat(db, VERGABE))!;
		expect(v).toMatchObject({ result: 'not_taxable', assessedBy: 'Kora Koordinatorin <kora@kreis-unna.de>', reviewDate: '2026-12-01', version: 2, note: 'Mit der Steuerberatung abgestimmt' });
		expect(v.relationships[0]).toMatchObject({ result: 'not_taxable', basis: '§ 2b Abs. 3 Nr. 2 UStG' });
		expect(v.relationships[0]!.context).toMatchObject({ subType: 'mandating', term: { openEnded: true }, provider: { name: 'Unna', public: true } });
		expect(v.reasoning[0]).toBe('Leistungsbeziehung 1: Unna für Bönen, Fröndenberg/Ruhr – Durchführung der Vergabeverfahren: nicht steuerbar (§ 2b Abs. 3 Nr. 2 UStG).');
		expect(v.reasoning.join(' ')).toContain('unbefristet');

		const d1 = await vatDashboard(db, REGION, TODAY);
		expect(d1.counts).toMatchObject({ total: needing.length, assessed: 1, notTaxable: 1, open: needing.length - 1, notAssessed: needing.length - 1 });
		for (const id of ['unna', 'boenen', 'froendenberg']) {
			const b0 = d0.byBody.find((b) => b.id === id)!;
			const b1 = d1.byBody.find((b) => b.id === id)!;
			expect(b1.assessed, id).toBe(b0.assessed + 1);
			expect(b1.open, id).toBe(b0.open - 1);
		}
		expect(d1.byBody.find((b) => b.id === 'kamen')?.assessed).toBe(0);
		expect(d1.open.some((o) => o.id === VERGABE)).toBe(false);

		// A second relationship: the Kreis' IT support for the three, private providers exist: the cooperation is taxable.
		const it: VatRelationship = { provider: 'unna', recipients: ['boenen'], service: 'Betreuung der Vergabe-Software', consideration: 'Pauschale', annual_amount: 30_000, answers: { ...VERGABE_ANSWERS, support_service: 'yes', private_market: 'yes' } };
		expect(await saveVat(db, kora, VERGABE, { relationships: [...vergabe(), it], note: null, reviewDate: '2026-07-01' }, 2)).toEqual({ ok: true, version: 3 });
		v = (await readVat(db, VERGABE))!;
		expect(v.relationships.map((r) => r.result)).toEqual(['not_taxable', 'taxable']);
		expect(v.result).toBe('taxable');
		const d2 = await vatDashboard(db, REGION, '2026-08-01');
		expect(d2.byBody.find((b) => b.id === 'unna')).toMatchObject({ provides: 2, providesTaxable: 1, providesOpen: 0 });
		expect(d2.byBody.find((b) => b.id === 'boenen')).toMatchObject({ provides: 0, providesTaxable: 0 });
		expect(d2.counts).toMatchObject({ assessed: 1, taxable: 1, notTaxable: 0, overdue: 1 });
		expect(d2.overdue.map((o) => o.id)).toEqual([VERGABE]);
		expect(d2.daysLeft).toBe(153);

		// Stale version refused; versions kept.
		expect(await saveVat(db, kora, VERGABE, { relationships: vergabe(), note: null, reviewDate: null }, 2)).toEqual({ ok: false, reason: 'conflict', currentVersion: 3 });
		const versions = await legalVersions(db, 'vat_assessment', VERGABE);
		expect(versions.map((x) => [x.version, (x.snapshot as { result: string }).result])).toEqual([[3, 'taxable'], [2, 'not_taxable'], [1, 'open']]);
	});

	it('refuses bodies that do not take part and unknown answers; no relationship is open', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		expect(await saveVat(db, kora, VERGABE, { relationships: [{ ...vergabe()[0]!, provider: 'kamen' }], note: null, reviewDate: null }, 0)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await saveVat(db, kora, VERGABE, { relationships: vergabe({ payment: 'vielleicht' } as unknown as RelAnswers), note: null, reviewDate: null }, 0)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await saveVat(db, kora, VERGABE, { relationships: [], note: null, reviewDate: null }, 0)).toEqual({ ok: true, version: 1 });
		const v = (await readVat(db, VERGABE))!;
		expect(v.result).toBe('open');
		expect(v.reasoning).toEqual(['Es ist keine Leistungsbeziehung erfasst; ohne sie lässt sich nichts prüfen.']);
		const d = await vatDashboard(db, REGION, TODAY);
		expect(d.counts).toMatchObject({ assessed: 0, openResult: 1, open: needing.length, notAssessed: needing.length - 1 });
		expect(d.open.find((o) => o.id === VERGABE)?.state).toBe('open');
	});

	it('an assessment saved with the old questionnaire stays readable and counts as "neu zu prüfen", never as its old result', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		await db.insertInto('vat_assessment').values({
			cooperation_id: VERGABE, answers_json: JSON.stringify({ answers: { public_law_basis: 'yes', only_public_by_law: 'yes', no_competition_distortion: 'yes' }, note: 'alt' }),
			result: 'not_taxable', reasoning_json: JSON.stringify(['Die Leistung wird auf öffentlich-rechtlicher Grundlage erbracht.']), assessed_by_label: 'Alt <alt@kreis-unna.de>',
			assessed_at: '2026-03-01T10:00:00.000Z', review_date: null, version: 1
		}).execute();
		const v = (await readVat(db, VERGABE))!;
		expect(v).toMatchObject({ legacy: true, note: 'alt', relationships: [], legacyAnswers: { public_law_basis: 'yes', only_public_by_law: 'yes', no_competition_distortion: 'yes' } });
		const d = await vatDashboard(db, REGION, TODAY);
		expect(d.counts).toMatchObject({ assessed: 0, notTaxable: 0, reassess: 1, open: needing.length });
		expect(d.open.find((o) => o.id === VERGABE)?.state).toBe('reassess');
		const p = await legalProfile(db, (await legalCooperation(db, VERGABE))!, TODAY, true);
		expect(p.vat).toMatchObject({ result: 'reassess', label: 'neu zu prüfen (alter Fragebogen)' });
		const row = (await vatExportRows(db, REGION)).find((r) => r.at(-1) === VERGABE)!;
		expect(row[VAT_EXPORT_HEADER.indexOf('Ergebnis')]).toBe('neu zu prüfen (alter Fragebogen)');
		expect(row[VAT_EXPORT_HEADER.indexOf('Antworten')]).toContain('only_public_by_law: ja');
		// Saving with the new questionnaire replaces it.
		await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0);
		expect(await saveVat(db, kora, VERGABE, { relationships: vergabe(), note: null, reviewDate: null }, 1)).toEqual({ ok: true, version: 2 });
		expect((await readVat(db, VERGABE))!).toMatchObject({ legacy: false, result: 'not_taxable' });
	});

	it('the Optionserklärung gives each body its date; the dashboard groups the bodies by it', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		expect(await saveVatOption(db, kora, 'unna', { filed: 'yes', revokedOn: null, revokedFromYear: null, note: null }, 0)).toEqual({ ok: true, version: 1 });
		expect(await saveVatOption(db, kora, 'boenen', { filed: 'no', revokedOn: null, revokedFromYear: null, note: null }, 0)).toEqual({ ok: true, version: 1 });
		expect(await saveVatOption(db, kora, 'froendenberg', { filed: 'yes', revokedOn: '2022-11-15', revokedFromYear: null, note: 'Widerruf zum 01.01.2023' }, 0)).toEqual({ ok: true, version: 1 });
		// A revocation without a filed declaration, and an effective year not after the revocation, are refused; a stale version too.
		expect(await saveVatOption(db, kora, 'kamen', { filed: 'no', revokedOn: '2022-11-15', revokedFromYear: null, note: null }, 0)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await saveVatOption(db, kora, 'kamen', { filed: 'yes', revokedOn: '2022-11-15', revokedFromYear: 2022, note: null }, 0)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await saveVatOption(db, kora, 'unna', { filed: 'no', revokedOn: null, revokedFromYear: null, note: null }, 0)).toEqual({ ok: false, reason: 'conflict', currentVersion: 1 });
		const d = await vatDashboard(db, REGION, TODAY);
		const at = (id: string) => d.byBody.find((b) => b.id === id)!;
		expect(at('unna')).toMatchObject({ option: 'yes', appliesFrom: '2027-01-01', applies: false });
		expect(at('boenen')).toMatchObject({ option: 'no', appliesFrom: '2017-01-01', applies: true });
		expect(at('froendenberg')).toMatchObject({ option: 'yes', revokedOn: '2022-11-15', appliesFrom: '2023-01-01', applies: true });
		expect(at('kamen')).toMatchObject({ option: 'unknown', appliesFrom: null, applies: null });
		expect(d.byDate.map((x) => [x.date, x.bodies])).toEqual([['2017-01-01', 1], ['2023-01-01', 1], ['2027-01-01', 1], [null, d.byBody.length - 3]]);
		expect(d.byDate[0]!.cooperations).toBe(at('boenen').total);
		const versions = await legalVersions(db, 'vat_assessment', 'unna');
		expect(versions).toEqual([]);
		expect((await db.selectFrom('record_version').select('entity').where('entity', '=', 'vat_option').execute()).length).toBe(3);
	});

	it('the export rows for the tax advisers: one row per service relationship, as CSV for German Excel', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0);
		await saveVat(db, kora, VERGABE, { relationships: vergabe(), note: 'Abgestimmt', reviewDate: '2026-12-01' }, 0, new Date('2026-06-01T09:00:00Z'));
		const rows = await vatExportRows(db, REGION);
		expect(rows).toHaveLength(needing.length);
		const row = rows.find((r) => r.at(-1) === VERGABE)!;
		const cell = (name: string) => row[VAT_EXPORT_HEADER.indexOf(name)];
		expect(cell('Kooperation')).toBe('Zentrale Vergabestelle');
		expect(cell('Beteiligte Körperschaften')).toBe('Unna, Bönen, Fröndenberg/Ruhr');
		expect(cell('Aufgabenerledigung durch')).toBe('Unna');
		expect(cell('Ergebnis')).toBe('nicht steuerbar');
		expect(cell('leistende Stelle')).toBe('Unna');
		expect(cell('empfangende Stellen')).toBe('Bönen, Fröndenberg/Ruhr');
		expect(cell('Betrag je Jahr (€)')).toBe(48000);
		expect(cell('maßgebliche Norm')).toBe('§ 2b Abs. 3 Nr. 2 UStG');
		expect(cell('bewertet von')).toBe('Kora Koordinatorin <kora@kreis-unna.de>');
		expect(cell('bewertet am')).toBe('01.06.2026');
		expect(cell('Wiedervorlage')).toBe('01.12.2026');
		expect(cell('Anmerkungen')).toBe('Abgestimmt');
		const other = rows.find((r) => r.at(-1) !== VERGABE)!;
		expect(other[VAT_EXPORT_HEADER.indexOf('Ergebnis')]).toBe('nicht bewertet');

		const csv = toCsv([...VAT_EXPORT_HEADER], rows, ';');
		expect(csv.startsWith('\uFEFFListe;Nr.;Kooperation;')).toBe(true);
		expect(csv.split('\r\n').filter(Boolean)).toHaveLength(needing.length + 1);
	});

	it('the profile summary: missing steps, findings and the VAT line only when asked for', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const c = (await legalCooperation(db, VERGABE))!;
		const empty = await legalProfile(db, c, TODAY, true);
		expect(empty).toMatchObject({ scope: 'lifecycle', recorded: false, needsVat: true, vat: null });
		expect(empty.missing.map((m) => m.label)).toContain('Genehmigung');
		await saveLifecycle(db, kora, VERGABE, approvedOnly(), 0);
		await saveVat(db, kora, VERGABE, { relationships: vergabe(), note: null, reviewDate: null }, 0);
		const p = await legalProfile(db, c, TODAY, true);
		expect(p.missing.map((m) => m.label)).toEqual([
			'Öffentliche Bekanntmachung', 'Hinweis auf die Bekanntmachung: Unna', 'Hinweis auf die Bekanntmachung: Bönen', 'Hinweis auf die Bekanntmachung: Fröndenberg/Ruhr', 'Wirksam ab'
		]);
		expect(p.findings.map((f) => f.code)).toEqual(['approved_not_published']);
		expect(p.vat).toMatchObject({ result: 'not_taxable', label: 'nicht steuerbar' });
		expect((await legalProfile(db, c, TODAY, false)).vat).toBeNull();
		// A GmbH has no procedure.
		const gmbh = coops.find((x) => x.legal_form === 'gmbh')!;
		expect((await legalProfile(db, (await legalCooperation(db, gmbh.id))!, TODAY, false)).scope).toBe('not-public-law');
	});
});
