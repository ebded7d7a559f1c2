/**
 * The duties of a public website (issue 17, item 5) and the survey round's one-step confirmation
 * (item 3) on the shipped data: feedback validation with messy input, the data date derived from
 * the data files and the register, the operator details never invented, confirming all unchanged
 * cooperations of a body while keeping corrections and reports of an end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadedDatabase } from './helpers';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { createUser } from '../../src/lib/server/auth/users';
import type { Actor } from '../../src/lib/server/auth/policy';
import { countOpenFeedback, deleteFeedback, listFeedback, markFeedbackDone, submitFeedback } from '../../src/lib/server/site/feedback';
import { computeDataDate, dataDate } from '../../src/lib/server/site/data-date';
import { operatorDetails } from '../../src/lib/server/site/operator';
import { readSettings } from '../../src/lib/server/settings';
import { answer, confirmAllUnanswered, itemsForBody, openRound, roundProgress } from '../../src/lib/server/registry/survey';
import { bumpRevision } from '../../src/lib/server/db/versions';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
const data = readDataSet('data');
const unna = data.regions.find((r) => r.region.id === 'kreis-unna')!;
const actor = (id: string, role: Actor['role'], bodyId: string): Actor => ({ role, userId: id, name: `Test ${role}`, email: `${role}@example.org`, bodyId, regionId: 'kreis-unna' });

beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

describe('feedback', () => {
	it('stores a valid message with optional fields trimmed to null, refuses messy input field by field', async () => {
		const ok = await submitFeedback(h.db, { kind: 'barriere', message: '  Die Karte ist mit dem Screenreader nicht bedienbar.  ', page: '/analyse/karte', name: '', email: '  ' });
		expect(ok.ok).toBe(true);
		const bad = await submitFeedback(h.db, { kind: 'spam', message: 'kurz', page: 'x'.repeat(301), name: 'A', email: 'keine-adresse@' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['email', 'kind', 'message', 'page']);
		const tooLong = await submitFeedback(h.db, { kind: 'sonstiges', message: 'ä'.repeat(4001) });
		expect(tooLong.ok).toBe(false);
		const withMail = await submitFeedback(h.db, { kind: 'inhalt', message: 'Rettungsdienst Holzwickede fehlt in der Liste.', email: 'Jörg.Ünal@beispiel-gemeinde.de', name: 'Jörg Ünal' });
		expect(withMail.ok).toBe(false); // a non-ASCII local part is not a valid address for zod's e-mail check
		const plain = await submitFeedback(h.db, { kind: 'inhalt', message: 'Rettungsdienst Holzwickede fehlt in der Liste.', email: 'joerg.uenal@beispiel-gemeinde.de', name: 'Jörg Ünal' });
		expect(plain.ok).toBe(true);
		const open = await listFeedback(h.db, { done: false });
		expect(open.map((f) => f.message)).toEqual(['Die Karte ist mit dem Screenreader nicht bedienbar.', 'Rettungsdienst Holzwickede fehlt in der Liste.']);
		expect(open[0]).toMatchObject({ kind: 'barriere', page: '/analyse/karte', name: null, email: null });
		expect(open[1]).toMatchObject({ email: 'joerg.uenal@beispiel-gemeinde.de', name: 'Jörg Ünal' });
		expect(await countOpenFeedback(h.db)).toBe(2);

		const coord = actor(await createUser(h.db, { email: 'koordination@kreis-unna.de', name: 'Koordination', bodyId: 'kreis-unna', role: 'coordinator' }), 'coordinator', 'kreis-unna');
		expect(await markFeedbackDone(h.db, coord, open[0]!.id)).toBe(true);
		expect(await markFeedbackDone(h.db, coord, open[0]!.id)).toBe(false);
		expect(await countOpenFeedback(h.db)).toBe(1);
		const done = await listFeedback(h.db, { done: true });
		expect(done).toHaveLength(1);
		expect(done[0]!.doneByName).toBe('Koordination');
		expect(await deleteFeedback(h.db, coord, open[1]!.id)).toBe(true);
		expect(await countOpenFeedback(h.db)).toBe(0);
	});
});

describe('data date', () => {
	it('is the source date of the data files until the register is changed or confirmed in the app', async () => {
		const d = await computeDataDate(h.db);
		expect(d.sourceDate).toBe(unna.region.source.date);
		expect(d.sourceDate).toBe('2016-01-12');
		expect(d.sourceRegions).toEqual(['Kreis Unna']);
		expect(d.lastChange).toBeNull();
		expect(d.lastConfirmed).toBeNull();
	});
	it('follows the latest change made in the app and the latest confirmation, and a newer region', async () => {
		const [a, b] = unna.cooperations;
		await h.db.updateTable('cooperation').set({ confirmed_at: '2026-03-31T10:00:00.000Z' }).where('id', '=', a!.id).execute();
		await h.db.updateTable('cooperation').set({ origin: 'app', updated_at: '2026-05-02T08:30:00.000Z' }).where('id', '=', b!.id).execute();
		await h.db.insertInto('region').values({ id: 'kreis-test-by', name: 'Landkreis Test (Bayern)', kreis_body_id: null, source_json: JSON.stringify({ title: 'Liste', date: '2024-11-30' }), lists_json: '[]' }).execute();
		await h.db.insertInto('region').values({ id: 'kreis-ohne', name: 'Kreis ohne Datum', kreis_body_id: null, source_json: JSON.stringify({ title: 'Liste', date: 'Frühjahr 2020' }), lists_json: '[]' }).execute();
		await bumpRevision(h.db);
		const d = await dataDate(h.db);
		expect(d).toEqual({ sourceDate: '2024-11-30', sourceRegions: ['Landkreis Test (Bayern)'], lastChange: '2026-05-02T08:30:00.000Z', lastConfirmed: '2026-03-31T10:00:00.000Z' });
		// Cached until the revision changes.
		await h.db.updateTable('cooperation').set({ confirmed_at: '2026-06-01T00:00:00.000Z' }).where('id', '=', a!.id).execute();
		expect((await dataDate(h.db)).lastConfirmed).toBe('2026-03-31T10:00:00.000Z');
		await bumpRevision(h.db);
		expect((await dataDate(h.db)).lastConfirmed).toBe('2026-06-01T00:00:00.000Z');
		await h.db.deleteFrom('region').where('id', 'in', ['kreis-test-by', 'kreis-ohne']).execute();
	});
	it('finds the newest in-app change through an index, not by walking the register (migration 0028)', async () => {
		if (h.dialect === 'sqlite') {
			const plan = await sql<{ detail: string }>`explain query plan select max(updated_at) as changed from cooperation where origin = ${'app'}`.execute(h.db);
			expect(plan.rows.map((r) => r.detail).join(' | ')).toMatch(/USING (COVERING )?INDEX cooperation_origin_updated_at/);
		} else {
			const found = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'cooperation_origin_updated_at'`.execute(h.db);
			expect(found.rows[0]?.indexdef).toMatch(/\(origin, updated_at\)/);
		}
	});
});

describe('operator details', () => {
	it('are never invented: without settings every detail is missing, with settings they are shown as given', () => {
		const none = operatorDetails(readSettings({}));
		expect(none.name).toBeNull();
		expect(none.addressLines).toEqual([]);
		expect(none.missing).toContain('OPERATOR_NAME');
		expect(none.missing).toContain('ACCESSIBILITY_ENFORCEMENT');
		const some = operatorDetails(readSettings({
			OPERATOR_NAME: '  Landkreis   Musterland ', OPERATOR_ADDRESS: 'Am Markt 1 | | 99999 Musterstadt ', OPERATOR_EMAIL: 'ikz@musterland.example'
		}));
		expect(some.name).toBe('Landkreis Musterland');
		expect(some.addressLines).toEqual(['Am Markt 1', '99999 Musterstadt']);
		expect(some.missing).not.toContain('OPERATOR_NAME');
		expect(some.missing).toContain('OPERATOR_PHONE');
		expect(() => readSettings({ OPERATOR_EMAIL: 'keine Adresse' })).toThrow();
		expect(() => readSettings({ ACCESSIBILITY_REVIEWED: '31.03.2026' })).toThrow();
	});
});

describe('survey round: all unchanged in one step', () => {
	it('confirms every unanswered cooperation of the body and keeps corrections and ends; shows the facts to check', async () => {
		const coord = actor(await createUser(h.db, { email: 'steuerung@kreis-unna.de', name: 'Steuerung', bodyId: 'kreis-unna', role: 'coordinator' }), 'coordinator', 'kreis-unna');
		const selm = actor(await createUser(h.db, { email: 'redaktion@selm.de', name: 'Selm', bodyId: 'selm', role: 'editor' }), 'editor', 'selm');
		const opened = await openRound(h.db, coord, { regionId: 'kreis-unna', title: 'Erhebung Herbst', deadline: '2099-10-31' });
		expect(opened.ok).toBe(true);
		const roundId = opened.ok ? opened.id : 0;
		const items = await itemsForBody(h.db, roundId, 'selm');
		// From the data file, not from SQL: every cooperation Selm takes part in or performs.
		const selmCoops = unna.cooperations.filter((c) => c.participants.some((p) => p.body === 'selm') || c.performer.body === 'selm');
		expect(items.map((i) => i.id).sort()).toEqual(selmCoops.map((c) => c.id).sort());
		const sample = selmCoops.find((c) => c.participants.length >= 2 && c.start)!;
		expect(sample.start).toBeTruthy();
		const row = items.find((i) => i.id === sample.id)!;
		const names = new Map(unna.bodies.map((b) => [b.id, b.name]));
		for (const p of sample.participants) expect(row.facts.partners).toContain(names.get(p.body) ?? p.body);
		expect(row.facts.legalForm).not.toBe('');
		expect(row.facts.start).toBe(sample.start ?? null);

		const [first, second] = items;
		expect((await answer(h.db, selm, roundId, first!.id, 'selm', 'ended')).ok).toBe(true);
		expect((await answer(h.db, selm, roundId, second!.id, 'selm', 'corrected')).ok).toBe(true);
		// A foreign editor cannot confirm Selm's, and nothing is written.
		const kamen = actor(await createUser(h.db, { email: 'redaktion@kamen.de', name: 'Kamen', bodyId: 'kamen', role: 'editor' }), 'editor', 'kamen');
		expect((await confirmAllUnanswered(h.db, kamen, roundId, 'selm')).ok).toBe(false);

		const res = await confirmAllUnanswered(h.db, selm, roundId, 'selm');
		expect(res).toEqual({ ok: true, confirmed: items.length - 2 });
		const after = await itemsForBody(h.db, roundId, 'selm');
		expect(after.find((i) => i.id === first!.id)!.answer).toBe('ended');
		expect(after.find((i) => i.id === second!.id)!.answer).toBe('corrected');
		expect(after.filter((i) => i.answer === 'confirmed')).toHaveLength(items.length - 2);
		// Again: nothing left to confirm.
		expect(await confirmAllUnanswered(h.db, selm, roundId, 'selm')).toEqual({ ok: true, confirmed: 0 });
		const progress = await roundProgress(h.db, roundId);
		expect(progress!.bodies.find((b) => b.bodyId === 'selm')).toMatchObject({ open: 0, ended: 1, corrected: 1, confirmed: items.length - 2 });
	});
});
