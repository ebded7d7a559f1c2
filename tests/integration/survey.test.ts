/**
 * A whole survey round (Erhebung) on the shipped Kreis Unna data: opening, progress per body,
 * answers (own body only, own cooperations only), closing, and the register filter
 * "nicht bestätigt seit mehr als N Monaten" afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { createUser } from '../../src/lib/server/auth/users';
import type { Actor } from '../../src/lib/server/auth/policy';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import {
	answer, berlinToday, closeRound, confirmationOf, itemsForBody, openRound, openRoundOf, recordCorrection, roundProgress
} from '../../src/lib/server/registry/survey';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
const data = readDataSet('data');
const unna = data.regions.find((r) => r.region.id === 'kreis-unna')!;
/** The bodies taking part in a cooperation, read straight from the data file (not from SQL). */
const involved = (c: (typeof unna.cooperations)[number]) => new Set([...c.participants.map((p) => p.body), ...(c.performer.body ? [c.performer.body] : [])]);
const kamenCoops = unna.cooperations.filter((c) => involved(c).has('kamen'));
const notKamen = unna.cooperations.find((c) => !involved(c).has('kamen'))!;
const ownBodies = new Set(['kreis-unna', ...unna.bodies.filter((b) => b.parent === 'kreis-unna' && (b.kind === 'stadt' || b.kind === 'gemeinde')).map((b) => b.id)]);
// Picked from the data: three for Kamen's own answers, one shared with other towns for the coordinator.
const [confirmedByKamen, correctedByKamen, endedByKamen] = kamenCoops;
const shared = kamenCoops.slice(3).find((c) => [...involved(c)].filter((b) => ownBodies.has(b)).length >= 2)!;

const actor = (id: string, role: Actor['role'], bodyId: string): Actor => ({ role, userId: id, name: `Test ${role}`, email: `${role}@example.org`, bodyId, regionId: 'kreis-unna' });
let coordinator: Actor;
let kamenEditor: Actor;
let roundId: number;

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const search = (qs: string, now?: Date) => runSearch(h.db, parseSearchQuery(new URLSearchParams(qs)), { allRows: true, now });
const seqOf = async (id: string) => (await h.db.selectFrom('cooperation').select('seq').where('id', '=', id).executeTakeFirstOrThrow()).seq;

beforeAll(async () => {
	h = await loadedDatabase();
	coordinator = actor(await createUser(h.db, { email: 'koordination@kreis-unna.de', name: 'Koordination', bodyId: 'kreis-unna', role: 'coordinator' }), 'coordinator', 'kreis-unna');
	kamenEditor = actor(await createUser(h.db, { email: 'redaktion@kamen.de', name: 'Redaktion Kamen', bodyId: 'kamen', role: 'editor' }), 'editor', 'kamen');
});
afterAll(async () => h.close());

describe('a survey round on the Kreis Unna data', () => {
	it('has enough data for the test', () => {
		expect(kamenCoops.length).toBeGreaterThan(10);
		expect(notKamen).toBeDefined();
		expect(shared).toBeDefined();
	});

	it('opens a round; a past deadline, an editor and a second open round are refused', async () => {
		const today = berlinToday();
		const past = await openRound(h.db, coordinator, { regionId: 'kreis-unna', title: 'Erhebung alt', deadline: plusDays(today, -1) });
		expect(past.ok).toBe(false);
		if (!past.ok) expect(past.errors.map((e) => e.field)).toEqual(['deadline']);
		const bad = await openRound(h.db, coordinator, { regionId: 'kreis-unna', title: ' ', deadline: '2030-02-30' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['deadline', 'title']);
		const byEditor = await openRound(h.db, kamenEditor, { regionId: 'kreis-unna', title: 'Erhebung', deadline: plusDays(today, 30) });
		expect(byEditor.ok).toBe(false);

		const opened = await openRound(h.db, coordinator, { regionId: 'kreis-unna', title: 'Erhebung 2026', deadline: today });
		expect(opened.ok).toBe(true);
		if (opened.ok) roundId = opened.id;
		expect((await openRoundOf(h.db, 'kreis-unna'))?.id).toBe(roundId);

		const second = await openRound(h.db, coordinator, { regionId: 'kreis-unna', title: 'Noch eine', deadline: plusDays(today, 10) });
		expect(second.ok).toBe(false);
		expect(await h.db.selectFrom('survey_round').select('id').execute()).toHaveLength(1);
	});

	it('lists the Kreis and its towns with the number of their cooperations', async () => {
		const p = (await roundProgress(h.db, roundId))!;
		expect(p.bodies.map((b) => b.bodyId).sort()).toEqual([...ownBodies].sort());
		expect(p.bodies[0]!.bodyId).toBe('kreis-unna');
		const kamen = p.bodies.find((b) => b.bodyId === 'kamen')!;
		expect(kamen.cooperations).toBe(kamenCoops.length);
		expect(kamen).toMatchObject({ answered: 0, open: kamenCoops.length });
		const items = await itemsForBody(h.db, roundId, 'kamen');
		expect(items.map((i) => i.id).sort()).toEqual(kamenCoops.map((c) => c.id).sort());
		expect(items.every((i) => i.answer === null)).toBe(true);
	});

	it('takes answers only for the body\'s own cooperations', async () => {
		expect((await answer(h.db, kamenEditor, roundId, confirmedByKamen!.id, 'kamen', 'confirmed')).ok).toBe(true);
		expect((await answer(h.db, kamenEditor, roundId, endedByKamen!.id, 'kamen', 'confirmed')).ok).toBe(true);
		// Changing one's mind: the later answer replaces the earlier one.
		expect((await answer(h.db, kamenEditor, roundId, endedByKamen!.id, 'kamen', 'ended')).ok).toBe(true);
		expect((await recordCorrection(h.db, kamenEditor, roundId, correctedByKamen!.id)).ok).toBe(true);

		const foreign = await answer(h.db, kamenEditor, roundId, notKamen.id, 'kamen', 'confirmed');
		expect(foreign.ok).toBe(false);
		expect((await recordCorrection(h.db, kamenEditor, roundId, notKamen.id)).ok).toBe(false);
		// An editor answers for the own body only.
		const other = [...involved(confirmedByKamen!)].find((b) => b !== 'kamen')!;
		expect((await answer(h.db, kamenEditor, roundId, confirmedByKamen!.id, other, 'confirmed')).ok).toBe(false);
		expect((await answer(h.db, kamenEditor, roundId, 'gibt-es-nicht', 'kamen', 'confirmed')).ok).toBe(false);

		// A coordinator's correction counts for every body of the region that takes part.
		const corr = await recordCorrection(h.db, coordinator, roundId, shared.id);
		expect(corr.ok).toBe(true);
		if (corr.ok) expect(corr.bodyIds.sort()).toEqual([...involved(shared)].filter((b) => ownBodies.has(b)).sort());

		const answers = await h.db.selectFrom('survey_answer').selectAll().where('round_id', '=', roundId).where('body_id', '=', 'kamen').execute();
		expect(answers.find((a) => a.cooperation_id === endedByKamen!.id)?.answer).toBe('ended');
		expect(answers.some((a) => a.cooperation_id === notKamen.id)).toBe(false);

		const kamen = (await roundProgress(h.db, roundId))!.bodies.find((b) => b.bodyId === 'kamen')!;
		expect(kamen).toEqual({
			bodyId: 'kamen', name: kamen.name, cooperations: kamenCoops.length, answered: 4, confirmed: 1, corrected: 2, ended: 1, open: kamenCoops.length - 4
		});
		const items = await itemsForBody(h.db, roundId, 'kamen');
		expect(items.find((i) => i.id === correctedByKamen!.id)?.answer).toBe('corrected');
		const p = (await roundProgress(h.db, roundId))!;
		expect(p.endedReports.map((e) => [e.cooperationId, e.bodyId])).toEqual([[endedByKamen!.id, 'kamen']]);
		// The report does not end the cooperation itself.
		expect((await h.db.selectFrom('cooperation').select('status').where('id', '=', endedByKamen!.id).executeTakeFirstOrThrow()).status)
			.toBe(endedByKamen!.status);
	});

	it('closing stamps confirmed_at on confirmed and corrected cooperations only', async () => {
		const before = Number((await h.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value ?? 0);
		const editorClose = await closeRound(h.db, kamenEditor, roundId);
		expect(editorClose.ok).toBe(false);
		const closed = await closeRound(h.db, coordinator, roundId);
		expect(closed).toEqual({ ok: true, confirmed: 3 });
		const after = Number((await h.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirstOrThrow()).value);
		expect(after).toBe(before + 1);

		const round = await h.db.selectFrom('survey_round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
		expect(round.closed_at).not.toBeNull();
		expect(round.closed_by).toBe(coordinator.userId);
		const stamped = await h.db.selectFrom('cooperation').select(['id', 'confirmed_at']).where('confirmed_at', 'is not', null).execute();
		expect(stamped.map((c) => c.id).sort()).toEqual([confirmedByKamen!.id, correctedByKamen!.id, shared.id].sort());
		expect(stamped.every((c) => c.confirmed_at === round.closed_at)).toBe(true);
		expect(await confirmationOf(h.db, confirmedByKamen!.id)).toEqual({ confirmedAt: round.closed_at });
		expect(await confirmationOf(h.db, endedByKamen!.id)).toEqual({ confirmedAt: null });

		expect(await openRoundOf(h.db, 'kreis-unna')).toBeNull();
		expect((await closeRound(h.db, coordinator, roundId)).ok).toBe(false);
		expect((await answer(h.db, kamenEditor, roundId, kamenCoops[5]!.id, 'kamen', 'confirmed')).ok).toBe(false);

		const actions = (await h.db.selectFrom('audit_log').select(['action', 'outcome']).execute()).filter((a) => a.outcome === 'ok').map((a) => a.action);
		expect(actions.filter((a) => a === 'erhebung.eroeffnet')).toHaveLength(1);
		expect(actions.filter((a) => a === 'erhebung.geschlossen')).toHaveLength(1);
		expect(actions.filter((a) => a === 'erhebung.antwort').length).toBeGreaterThanOrEqual(5);
	});

	it('the register filter "unbestaetigt" then leaves out the confirmed ones and keeps the others', async () => {
		const all = await search('');
		const unconfirmed = await search('unbestaetigt=12');
		const confirmedSeqs = await Promise.all([confirmedByKamen!, correctedByKamen!, shared].map((c) => seqOf(c.id)));
		expect(unconfirmed.total).toBe(all.total - 3);
		for (const s of confirmedSeqs) expect(unconfirmed.seqs).not.toContain(s);
		expect(unconfirmed.seqs).toContain(await seqOf(endedByKamen!.id));
		expect(unconfirmed.seqs).toContain(await seqOf(notKamen.id));

		// Combined with other filters, and the facet counts follow the filter.
		const kamen = await search('partner=kamen');
		const kamenUnconfirmed = await search('partner=kamen&unbestaetigt=6');
		// The partner filter looks at participants (not the performer).
		const asPartner = [confirmedByKamen!, correctedByKamen!, shared].filter((c) => c.participants.some((x) => x.body === 'kamen')).length;
		expect(kamenUnconfirmed.total).toBe(kamen.total - asPartner);
		expect(kamenUnconfirmed.facets.partner.find((f) => f.value === 'kamen')?.count).toBe(kamenUnconfirmed.total);

		// Thirteen months later the confirmation is older than twelve months: everything matches again.
		const later = new Date(Date.now() + 400 * 86_400_000);
		expect((await search('unbestaetigt=12', later)).total).toBe(all.total);
		expect((await search('unbestaetigt=24', later)).total).toBe(all.total - 3);
	});
});
