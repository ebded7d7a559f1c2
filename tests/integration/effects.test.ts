/**
 * Issue 19, parts 1 and 2, on the shipped data (SQLite, PGlite or PostgreSQL by TEST_DATABASE):
 * effect figures are saved with a version per change and an audit line, removed figures stay in
 * the history, invalid figures are refused; the roll-ups answer per measure and per body, count
 * the gaps against the data files, and the API answer passes its schema. The figures are the
 * test's own: the shipped data have none.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadedDatabase } from './helpers';
import type { Actor } from '../../src/lib/server/auth/policy';
import { can } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { addFigure, readFigures, removeFigure, type EffectInput } from '../../src/lib/server/effects/store';
import { effectReport } from '../../src/lib/server/effects/report';
import { effects } from '../../src/lib/server/api/service';
import { prefillFromCooperation } from '../../src/lib/server/knowledge/funding-prefill';

const DSB = 'kreis-38';
const VERGABE = 'kommunen-47';
const coopCount = ['cooperations-kreis.yaml', 'cooperations-kommunen.yaml']
	.map((f) => (parse(fs.readFileSync(`data/kreis-unna/${f}`, 'utf8')) as unknown[]).length).reduce((a, b) => a + b, 0);

const base: Omit<EffectInput, 'kind' | 'year' | 'min' | 'max'> = { bodyId: null, indicator: null, label: null, unit: null, estimate: false, source: 'Testzahlen', note: null };

describe('effect figures', () => {
	it('are saved with versions and audit, removed into the history, and rolled up per measure and body', async () => {
		const { db, close } = await loadedDatabase();
		try {
			const email = 'steuerung@kreis-unna.de';
			const userId = await createUser(db, { email, name: 'Sina Steuerung', bodyId: 'kreis-unna', role: 'coordinator' });
			const actor: Actor = { role: 'coordinator', userId, name: 'Sina Steuerung', email, bodyId: 'kreis-unna', regionId: 'kreis-unna' };
			// Costs before per partner (2012) for four of the eight partners, the shared officer's costs now for the whole cooperation.
			const before: [string, number][] = [['kamen', 21000], ['unna', 30000], ['froendenberg', 9000], ['kreis-unna', 25000]];
			for (const [bodyId, v] of before) expect((await addFigure(db, actor, DSB, { ...base, bodyId, kind: 'cost_before', year: 2012, min: v, max: v })).ok).toBe(true);
			const now = await addFigure(db, actor, DSB, { ...base, kind: 'cost_now', year: 2015, min: 64000, max: 72000, estimate: true });
			expect(now).toMatchObject({ ok: true, version: 5 });
			// Vergabestelle: realised savings per partner, one of them a range.
			await addFigure(db, actor, VERGABE, { ...base, bodyId: 'unna', kind: 'saving_realised', year: 2015, min: 4000, max: 4000 });
			await addFigure(db, actor, VERGABE, { ...base, bodyId: 'boenen', kind: 'saving_realised', year: 2015, min: 1000, max: 2500 });
			await addFigure(db, actor, VERGABE, { ...base, kind: 'service', indicator: 'processing_time', unit: 'Tage', year: 2015, min: 40, max: 40 });

			// Refused: range upside down, a money figure with an indicator, an unknown body, an unknown cooperation.
			expect((await addFigure(db, actor, DSB, { ...base, kind: 'cost_now', year: 2016, min: 5, max: 1 })).ok).toBe(false);
			expect((await addFigure(db, actor, DSB, { ...base, kind: 'cost_now', indicator: 'staff', year: 2016, min: 1, max: 1 })).ok).toBe(false);
			expect((await addFigure(db, actor, DSB, { ...base, bodyId: 'atlantis', kind: 'cost_now', year: 2016, min: 1, max: 1 })).ok).toBe(false);
			expect((await addFigure(db, actor, 'kreis-9999', { ...base, kind: 'cost_now', year: 2016, min: 1, max: 1 })).ok).toBe(false);

			const figures = await readFigures(db, DSB);
			expect(figures).toHaveLength(5);
			expect(figures.find((f) => f.kind === 'cost_now')).toMatchObject({ min: 64000, max: 72000, estimate: true, enteredBy: `Sina Steuerung <${email}>` });

			// A mistaken figure, removed: the history keeps it.
			const wrong = await addFigure(db, actor, DSB, { ...base, bodyId: 'kamen', kind: 'saving_expected', year: 2030, min: 999999, max: 999999 });
			if (!wrong.ok) throw new Error('add');
			expect((await removeFigure(db, actor, DSB, wrong.id)).ok).toBe(true);
			expect((await removeFigure(db, actor, DSB, wrong.id)).ok).toBe(false);
			const versions = await db.selectFrom('record_version').selectAll().where('entity', '=', 'effect').where('entity_id', '=', DSB).orderBy('version').execute();
			expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
			expect(JSON.parse(versions[5]!.snapshot_json!)).toHaveLength(6);
			expect(JSON.parse(versions[6]!.snapshot_json!)).toHaveLength(5);
			expect(versions[6]).toMatchObject({ action: 'Wirkungszahl entfernt', actor_id: userId });
			const log = await db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'effect').execute();
			expect(log.filter((l) => l.action === 'wirkung.erfasst')).toHaveLength(9);
			expect(log.filter((l) => l.action === 'wirkung.entfernt')).toEqual([{ action: 'wirkung.entfernt', entity_id: DSB }]);

			// Roll-ups. DSB: 8 partners, so each has an eighth of 64,000–72,000 = 8,000–9,000 now.
			const r = await effectReport(db, { regionId: null, year: null });
			expect(r.year).toBe(2015);
			expect(r.cooperations).toBe(coopCount);
			expect(r.gap).toBe(`Für ${coopCount - 2} von ${coopCount} Kooperationen liegen keine Zahlen vor.`);
			const m71 = r.byMeasure.find((m) => m.key === 'm-7-1')!;
			// (21,000 + 30,000 + 9,000 + 25,000) − 4 × (8,000…9,000); the four partners without costs before have no saving.
			expect(m71.realised).toEqual({ min: 85000 - 36000, max: 85000 - 32000, estimate: true });
			expect(m71).toMatchObject({ derived: true, split: true, linked: 1, withFigures: 1 });
			expect(r.byMeasure.find((m) => m.key === 'm-5-1')!.realised).toEqual({ min: 5000, max: 6500, estimate: false });
			expect(r.byBody.find((b) => b.key === 'kamen')!.realised).toEqual({ min: 12000, max: 13000, estimate: true });
			// Unna: DSB 30,000 − 8,000…9,000 and Vergabestelle 4,000.
			expect(r.byBody.find((b) => b.key === 'unna')!.realised).toEqual({ min: 25000, max: 26000, estimate: true });
			expect(r.byMeasure.map((m) => m.label.split(' ')[0])).toContain('1.1');

			const api = await effects(db, new URLSearchParams('jahr=2015'));
			if (!api.ok) throw new Error('api');
			const data = api.data as { by_body: { key: string; realised: { min: number } }[]; without_figures: number };
			expect(data.by_body.find((b) => b.key === 'kamen')!.realised.min).toBe(12000);
			expect(data.without_figures).toBe(coopCount - 2);
			expect((await effects(db, new URLSearchParams('region=nirgendwo'))).ok).toBe(false);

			// The funding check's 15 % condition takes the recorded figures: (49,000…53,000) of 85,000 costs before, the middle is 60 %.
			const funding = await prefillFromCooperation(db, DSB);
			expect(funding?.savingsPercent).toBe(60);
			expect(funding?.savingsNote).toContain('realisierte Einsparung (aus Kosten vorher und jetzt) 2015 von 49.000–53.000 € (Schätzung) bei Kosten vorher (2012) von 85.000 €');
			expect(funding?.savingsNote).toContain('zwischen 57,6 % und 62,4 %');
			// A cooperation without figures leaves the savings open.
			expect((await prefillFromCooperation(db, 'kommunen-46'))?.savingsPercent).toBeNull();
		} finally {
			await close();
		}
	});

	it('editors touch only their own body\'s figures; the steering office all (policy)', () => {
		const kamen: Actor = { role: 'editor', userId: 'u', name: 'K', email: 'k@kamen.de', bodyId: 'kamen', regionId: 'kreis-unna' };
		expect(can(kamen, 'effect.edit', { regionId: 'kreis-unna', bodyIds: ['kamen'] })).toBe(true);
		expect(can(kamen, 'effect.edit', { regionId: 'kreis-unna', bodyIds: ['unna'] })).toBe(false);
		expect(can(kamen, 'effect.edit', { regionId: 'kreis-unna', bodyIds: [] })).toBe(false);
		expect(can({ ...kamen, role: 'member' }, 'effect.edit', { regionId: 'kreis-unna', bodyIds: ['kamen'] })).toBe(false);
		expect(can({ ...kamen, role: 'coordinator', bodyId: 'kreis-unna' }, 'effect.edit', { regionId: 'kreis-unna', bodyIds: [] })).toBe(true);
		expect(can({ ...kamen, role: 'coordinator', bodyId: 'kreis-unna' }, 'effect.edit', { regionId: 'kreis-soest', bodyIds: [] })).toBe(false);
	});
});
