/**
 * "What changed since" (issue 15, item 5) reads start and end dates sorted once per revision
 * instead of walking every row per request. Its answer must be the walk's: here the walk is the
 * oracle, over the shipped data plus cooperations with dates written in the other ways the decks
 * write them (ranges, "seit", seasons, open ends), asked for every date that is a boundary of some
 * row and for dates between them.
 */
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { changesSince } from '../../src/lib/server/analysis/changes';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import { createUser } from '../../src/lib/server/auth/users';

describe('changesSince from sorted dates', () => {
	it('answers exactly as a walk over all rows, for boundary dates and dates between', async () => {
		const h = await loadedDatabase();
		const userId = await createUser(h.db, { email: 'jo@kreis-unna.de', name: 'Jo Datum', bodyId: 'kreis-unna', role: 'coordinator' });
		const actor = { role: 'coordinator' as const, userId, name: 'Jo Datum', email: 'jo@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
		// Other spellings of dates than the Unna deck's, on a few existing rows.
		const spellings: [string, string | null, string | null][] = [
			['kommunen-3', 'Frühjahr 2011', 'Ende 2019'],
			['kommunen-5', '2009/2010', null],
			['kreis-7', 'seit 03/2018', '31.12.2024'],
			['kreis-9', 'ca. 2005', '2010–2012']
		];
		for (const [id, start, end] of spellings) {
			const s = await readCooperation(h.db, id);
			if (!s) continue;
			const r = await saveCooperation(h.db, actor, { regionId: s.regionId, record: { ...s.record, start: start ?? undefined, start_source: undefined, end: end ?? undefined }, expectedVersion: s.version, action: 'bearbeitet' });
			expect(r.ok, id).toBe(true);
		}
		const index = await facetIndex(h.db);
		const idOf = new Map((await h.db.selectFrom('cooperation').select(['seq', 'id']).execute()).map((r) => [Number(r.seq), r.id]));
		const walk = (since: string) => {
			const started: number[] = [];
			const possibly: number[] = [];
			const ended: number[] = [];
			for (const r of index.rows) {
				const s = index.date(r.startText);
				if (s?.earliest && s.earliest >= since) started.push(r.seq);
				else if (s?.earliest && s.latest && s.latest >= since) possibly.push(r.seq);
				const e = index.date(r.endText);
				if (e?.latest && e.latest >= since) ended.push(r.seq);
			}
			const ids = (seqs: number[]) => seqs.map((q) => idOf.get(q));
			return { started: ids(started), possibly: ids(possibly), ended: ids(ended) };
		};
		const boundaries = new Set<string>(['0001-01-01', '9999-12-31']);
		for (const r of index.rows) {
			for (const d of [index.date(r.startText), index.date(r.endText)]) {
				if (d?.earliest) boundaries.add(d.earliest);
				if (d?.latest) boundaries.add(d.latest);
			}
		}
		const dates = [...boundaries];
		for (let y = 1950; y <= 2030; y += 3) dates.push(`${y}-06-15`);
		expect(dates.length).toBeGreaterThan(40);
		let nonEmpty = 0;
		for (const since of dates) {
			const c = await changesSince(h.db, since);
			const w = walk(since);
			expect(c.started.map((r) => r.id), since).toEqual(w.started);
			expect(c.possiblyStarted.map((r) => r.id), since).toEqual(w.possibly);
			expect(c.ended.map((r) => r.id), since).toEqual(w.ended);
			if (w.started.length && w.possibly.length && w.ended.length) nonEmpty++;
		}
		expect(nonEmpty).toBeGreaterThan(3);
		await h.close();
	}, 120_000);
});
