/**
 * The law of each Land (issue 13, part 4) on a database: a Saxon Zweckverband in a region
 * "Landkreis Görlitz" is described and checked by the SächsKomZG, never by the GkG NRW; a
 * cooperation in Brandenburg says that the app holds no rules; a cooperation across Bayern and
 * Sachsen is marked; the stored legal-form key stays the family, so search counts a Saxon and an
 * NRW Zweckverband as one; Kreis Unna keeps the GkG NRW.
 */
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import { legalCooperation, readLifecycle, saveLifecycle, vatContext } from '../../src/lib/server/legal/store';
import { legalProfile, lifecycleFindings, stepsFor } from '../../src/lib/server/legal/overview';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { buildPaper } from '../../src/lib/server/papers/model';
import { cooperationSteckbrief } from '../../src/lib/server/papers/steckbrief';
import { EMPTY_LIFECYCLE } from '../../src/lib/domain/gkg-lifecycle';

type Db = Kysely<Database>;
const TODAY = '2026-06-01';
const GR = 'landkreis-goerlitz';
const ACTOR: Actor = { role: 'coordinator', userId: null, name: 'Test Görlitz', email: null, bodyId: 'lk-goerlitz', regionId: GR };

async function body(db: Db, id: string, name: string, kind: string, ags: string | null, region: string, parent: string | null = null) {
	await db.insertInto('body').values({ id, region_id: region, name, official_name: null, kind, ags, parent_id: parent, lat: null, lon: null, note: null, content_hash: `h-${id}` }).execute();
}

/** A second region in Sachsen with its bodies, and bodies in Bayern and Brandenburg. */
async function seed(db: Db) {
	await db.insertInto('region').values({ id: GR, name: 'Landkreis Görlitz', kreis_body_id: null, source_json: '{}', lists_json: JSON.stringify([{ id: 'kommunen', label: 'Kooperationen' }]) }).execute();
	await body(db, 'lk-goerlitz', 'Landkreis Görlitz', 'kreis', '14626', GR);
	await db.updateTable('region').set({ kreis_body_id: 'lk-goerlitz' }).where('id', '=', GR).execute();
	await body(db, 'goerlitz', 'Görlitz', 'stadt', '14626110', GR, 'lk-goerlitz');
	await body(db, 'zittau', 'Zittau', 'stadt', '14626610', GR, 'lk-goerlitz');
	await body(db, 'zittau-bauhof', 'Bauhof der Stadt Zittau', 'einrichtung', null, GR, 'zittau');
	await body(db, 'cottbus', 'Cottbus/Chóśebuz', 'kreisfreie-stadt', '12052000', GR);
	await body(db, 'spremberg', 'Spremberg/Grodk', 'stadt', '12071372', GR);
	await body(db, 'hof', 'Hof', 'kreisfreie-stadt', '09464000', GR);
	await body(db, 'zv-neisse-body', 'Zweckverband Trinkwasser Neißetal', 'zweckverband', null, GR);
}

async function cooperation(db: Db, id: string, legalForm: string, bodies: string[], performer: string | null = null) {
	const base = (await readCooperation(db, 'kommunen-47'))!.record;
	const record = {
		...base, id, list: 'kommunen', number: null, slide: null, title: `Test ${id}`, title_source: null, partners_source: null, performer_source: null,
		legal_form: legalForm, legal_form_source: null, notes: null, derived: [], events: [], partner_groups: [],
		performer: performer ? { kind: 'body' as const, body: performer } : { kind: 'jointly' as const },
		participants: bodies.map((b, i) => ({ body: b, role: i === 0 ? 'lead' as const : 'member' as const, joined: null, left: null, note: null }))
	};
	const r = await saveCooperation(db, ACTOR, { regionId: GR, record, expectedVersion: null, action: 'angelegt' });
	expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
}

describe('the law of each Land on the database', () => {
	it('a Saxon Zweckverband names the SächsKomZG and is checked by it, never by the GkG NRW', async () => {
		const h = await loadedDatabase();
		const db = h.db;
		await seed(db);
		await cooperation(db, 'zv-neisse', 'zweckverband', ['goerlitz', 'zittau-bauhof']);
		const c = (await legalCooperation(db, 'zv-neisse'))!;
		// The institution counts as Zittau; both partners are Saxon.
		expect(c.bodies.map((b) => [b.id, b.ags])).toEqual([['goerlitz', '14626110'], ['zittau', '14626610']]);
		expect(c.law).toMatchObject({ land: { code: '14', name: 'Sachsen' }, law: { short: 'SächsKomZG' }, rules: 'sn', crossLand: false, form: { name: 'Zweckverband', norms: '§§ 44 ff. SächsKomZG' } });

		const p = await legalProfile(db, c, TODAY, false);
		expect(p.scope).toBe('lifecycle');
		expect(p.noRules).toBeNull();
		const text = JSON.stringify({ notes: p.law.notes, missing: p.missing });
		expect(text).toContain('Sächsisches Gesetz über kommunale Zusammenarbeit (SächsKomZG)');
		expect(text).not.toContain('GkG');
		expect(p.missing.map((m) => m.label)).toEqual(['Beschluss Görlitz (Rat)', 'Beschluss Zittau (Rat)', 'Aufsichtsbehörde', 'Genehmigung', 'Bekanntmachung', 'Wirksam ab']);

		// Recorded and published, but effective on the day of publication: the Saxon rule finds it.
		const saved = await saveLifecycle(db, ACTOR, 'zv-neisse', {
			...structuredClone(EMPTY_LIFECYCLE),
			council_decisions: [{ body: 'goerlitz', date: '2026-01-15' }, { body: 'zittau', date: '2026-01-20' }],
			authority: 'Landratsamt Görlitz', approval_date: '2026-03-02',
			publication: { gazette: 'Sächsisches Amtsblatt', issue: '12/2026', date: '2026-03-19' }, effective_date: '2026-03-19'
		}, 0, null, new Date('2026-06-01T08:00:00Z'));
		expect(saved).toEqual({ ok: true, version: 1 });
		const steps = stepsFor(c, await readLifecycle(db, 'zv-neisse'), TODAY);
		expect(steps.filter((s) => s.state === 'missing').map((s) => s.id)).toEqual(['effective']);
		expect(steps.every((s) => !s.reason.includes('GkG') && (s.reason.includes('SächsKomZG') || s.id === 'termination'))).toBe(true);
		const list = await lifecycleFindings(db, GR, TODAY);
		expect(list.rows.map((r) => [r.id, r.findings.map((f) => f.code)])).toEqual([['zv-neisse', ['effective_before_publication']]]);

		// Search treats a Saxon and an NRW Zweckverband as one family: the same stored key.
		const index = await facetIndex(db);
		const saxonSeq = (await db.selectFrom('cooperation').select('seq').where('id', '=', 'zv-neisse').executeTakeFirstOrThrow()).seq;
		const nrwSeq = (await db.selectFrom('cooperation').select('seq').where('legal_form_id', '=', 'zweckverband').where('region_id', '=', 'kreis-unna').executeTakeFirstOrThrow()).seq;
		const saxon = index.rows.find((r) => r.seq === saxonSeq);
		expect(saxon?.legalForm).toBe('zweckverband');
		expect(index.rows.find((r) => r.seq === nrwSeq)?.legalForm).toBe(saxon?.legalForm);

		// The conference paper names each region's Land law for its public-law cooperations.
		const formsFigure = async (regionId: string) => (await buildPaper(db, { regionId }, new Date('2026-06-01T08:00:00Z'))).figures.find((f) => f.title === 'Nach Rechtsform')!.rows.map((r) => r.label);
		expect(await formsFigure(GR)).toEqual(['öffentlich-rechtlich (SächsKomZG)']);
		const unnaForms = await formsFigure('kreis-unna');
		expect(unnaForms).toContain('öffentlich-rechtlich (GkG NRW)');
		expect(unnaForms.join(' ')).not.toContain('SächsKomZG');

		// The Steckbrief names the Land law as a fact.
		const fact = async (id: string) => (await cooperationSteckbrief(db, id))!.facts.find((f) => f.label === 'Landesrecht')?.value;
		expect(await fact('zv-neisse')).toBe('Zweckverband nach SächsKomZG (§§ 44 ff. SächsKomZG)');
		expect(await fact('kommunen-47')).toBe('öffentlich-rechtliche Vereinbarung nach GkG NRW (§§ 23 ff. GkG NRW)');
		await h.close();
	}, 120_000);

	it('Brandenburg: the profile says the app holds no rules and applies none; across Länder it is marked; Kreis Unna keeps the GkG NRW', async () => {
		const h = await loadedDatabase();
		const db = h.db;
		await seed(db);
		await cooperation(db, 'bb-ov', 'oerv', ['cottbus', 'spremberg'], 'cottbus');
		const bb = (await legalCooperation(db, 'bb-ov'))!;
		const p = await legalProfile(db, bb, TODAY, false);
		expect(p.scope).toBe('no-rules');
		expect(p.noRules).toBe('Für Brandenburg hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt.');
		expect(p.missing).toEqual([]);
		expect(p.findings).toEqual([]);
		expect(stepsFor(bb, null, TODAY)).toMatchObject([{ id: 'form', state: 'not_applicable', reason: p.noRules }]);
		// Not in the list of gaps: nothing is checked.
		expect((await lifecycleFindings(db, GR, TODAY)).rows.map((r) => r.id)).not.toContain('bb-ov');

		await cooperation(db, 'by-sn', 'zweckverband', ['hof', 'goerlitz'], 'hof');
		const cross = (await legalCooperation(db, 'by-sn'))!;
		expect(cross.law).toMatchObject({ crossLand: true, basis: 'lead', land: { name: 'Bayern' }, law: { short: 'KommZG' }, rules: 'by' });
		expect(cross.law.notes.join(' ')).toMatch(/mehreren Ländern \(Bayern, Sachsen\).*Staatsverträge/);

		const unna = (await legalCooperation(db, 'kommunen-47'))!;
		expect(unna.law).toMatchObject({ land: { name: 'Nordrhein-Westfalen' }, law: { short: 'GkG NRW' }, rules: 'nrw', form: { name: 'öffentlich-rechtliche Vereinbarung' } });
		expect((await legalProfile(db, unna, TODAY, false)).scope).toBe('lifecycle');
		const facts = async (id: string) => (await cooperationSteckbrief(db, id))!.facts.find((f) => f.label === 'Landesrecht')?.value;
		expect(await facts('bb-ov')).toBe('Brandenburg: Landesrecht in IKZ-Atlas nicht hinterlegt');
		expect(await facts('by-sn')).toBe('Zweckverband nach KommZG (Art. 17 ff. KommZG); Beteiligte aus mehreren Ländern');
		// § 2b: the delegating agreement cites the law that applies; only the GkG NRW is known to allow it between public bodies only.
		const rel = { provider: 'cottbus', recipients: ['spremberg'] };
		const bbVat = vatContext(bb, { sub_type: 'delegating' } as never, rel, () => true);
		expect(bbVat).toMatchObject({ publicLawAgreement: true, delegationOnlyPublic: false, agreementLaw: { law: 'Landesrecht Brandenburg' } });
		// § 2b (issue 22): the Zweckverband serving its members gets the members' question, with the Land's Zweckverband norms.
		await cooperation(db, 'zv-members', 'zweckverband', ['goerlitz', 'zittau'], 'zv-neisse-body');
		const zv = (await legalCooperation(db, 'zv-members'))!;
		expect(vatContext(zv, null, { provider: 'zv-neisse-body', recipients: ['goerlitz', 'zittau'] }, () => true).association).toEqual({ norm: '§§ 44 ff. SächsKomZG', law: 'SächsKomZG' });
		// A member serving another member, or the Zweckverband serving itself: no such question.
		expect(vatContext(zv, null, { provider: 'goerlitz', recipients: ['zittau'] }, () => true).association).toBeNull();
		expect(vatContext(zv, null, { provider: 'zv-neisse-body', recipients: ['zv-neisse-body'] }, () => true).association).toBeNull();
		// Not a Zweckverband cooperation: none either.
		expect(vatContext(bb, null, { provider: 'cottbus', recipients: ['spremberg'] }, () => true).association).toBeNull();
		const unnaVat = vatContext(unna, { sub_type: 'delegating' } as never, { provider: unna.bodies[0]!.id, recipients: [unna.bodies[1]!.id] }, () => true);
		expect(unnaVat).toMatchObject({ delegationOnlyPublic: true, agreementLaw: { norm: '§ 23 Abs. 1 GkG NRW', law: 'GkG NRW' } });
		await h.close();
	}, 120_000);
});
