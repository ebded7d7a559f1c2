/**
 * Several app instances on one database (issue 8): two handles, each with its own Kysely
 * instance and so its own in-memory caches (facet index, task memo), on one database of the
 * dialect under test (TEST_DATABASE). An edit through one is found at once through the other, a
 * session made through one works on the other and ends for both, and failed logins through
 * both count together, also when they arrive at the same time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect, twoInstances } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import { createUser } from '../../src/lib/server/auth/users';
import { actorOfSession, createSession, endSession } from '../../src/lib/server/auth/session';
import { accountKey, lockedUntil, recordFailure } from '../../src/lib/server/auth/throttle';
import { taskCoverage } from '../../src/lib/server/analysis/coverage';

let a: DatabaseHandle;
let b: DatabaseHandle;
let close: () => Promise<void>;
beforeAll(async () => {
	({ a, b, close } = await twoInstances());
	await migrateToLatest(a.db);
	await applyDataSet(a.db, readDataSet('data'));
}, 120_000);
afterAll(async () => close?.());

const search = (h: DatabaseHandle, qs: string) => runSearch(h.db, parseSearchQuery(new URLSearchParams(qs)), { allRows: true });
const limits = { idleMinutes: 30, maxHours: 8 };

describe('two instances on one database', () => {
	it('an edit through one is found through the other at once (its index is rebuilt)', async () => {
		const all = (await search(b, '')).total;
		expect((await search(b, 'q=xylophonschule')).total).toBe(0);
		const coverageBefore = await taskCoverage(b.db, 'kreis-unna');

		const userId = await createUser(a.db, { email: 'kora@kreis-unna.de', name: 'Kora Koordinatorin', bodyId: 'kreis-unna', role: 'coordinator' });
		const actor = { role: 'coordinator' as const, userId, name: 'Kora Koordinatorin', email: 'kora@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
		const s = (await readCooperation(a.db, 'kommunen-12'))!;
		const r = await saveCooperation(a.db, actor, { regionId: 'kreis-unna', record: { ...s.record, title: 'Gemeinsame Xylophonschule' }, expectedVersion: s.version, action: 'bearbeitet' });
		expect(r.ok).toBe(true);

		const found = await search(b, 'q=XYLOPHONSCH%C3%9CLE'); // folded: ü → u, so "schüle" finds "schule"
		expect(found.total).toBe(1);
		expect((await readCooperation(b.db, 'kommunen-12'))!.record.title).toBe('Gemeinsame Xylophonschule');
		expect((await search(b, '')).total).toBe(all);
		// A stale save through the other instance is a conflict: the lock lives in the database.
		const stale = await saveCooperation(b.db, actor, { regionId: 'kreis-unna', record: { ...s.record, title: 'Überholt' }, expectedVersion: s.version, action: 'bearbeitet' });
		expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await taskCoverage(b.db, 'kreis-unna')).length).toBe(coverageBefore.length);
	});

	it('a session made through one works through the other; logging out through the other ends it for both', async () => {
		const userId = await createUser(a.db, { email: 'erika@kamen.de', name: 'Erika Editorin', bodyId: 'kamen', role: 'editor' });
		const token = await createSession(a.db, userId, limits);
		expect(await actorOfSession(b.db, token, limits)).toMatchObject({ valid: true, actor: { userId, role: 'editor' } });
		await endSession(b.db, token);
		expect((await actorOfSession(a.db, token, limits)).valid).toBe(false);
	});

	it('failed logins through both count together', async () => {
		const now = new Date('2026-11-25T08:00:00Z');
		const key = accountKey('ziel@kamen.de');
		const locks: boolean[] = [];
		for (let i = 0; i < 4; i++) locks.push(await recordFailure(i % 2 ? b.db : a.db, key, 5, 15, now));
		expect(locks).toEqual([false, false, false, false]);
		expect(await lockedUntil(a.db, [key], now)).toBeNull();
		expect(await recordFailure(b.db, key, 5, 15, now)).toBe(true); // the fifth, wherever it lands
		expect(await lockedUntil(a.db, [key], now)).toEqual(new Date('2026-11-25T08:15:00Z'));
	});

	// Not on SQLite: two connections in one thread cannot wait for each other (better-sqlite3 is
	// synchronous, so a busy wait blocks the connection holding the lock); processes can.
	it.skipIf(testDialect() === 'sqlite')('concurrent failures through both on a fresh key: none is lost', async () => {
		const now = new Date('2026-11-25T08:00:00Z');
		const other = accountKey('gleichzeitig@kamen.de');
		await Promise.all(Array.from({ length: 12 }, (_, i) => recordFailure(i % 2 ? b.db : a.db, other, 100, 15, now)));
		const row = await a.db.selectFrom('login_throttle').select('failures').where('key', '=', other).executeTakeFirstOrThrow();
		expect(row.failures).toBe(12);
	});

	it.skipIf(testDialect() === 'sqlite')('two instances starting at once both load the data files; the loads wait for each other', async () => {
		const pair = await twoInstances();
		try {
			await migrateToLatest(pair.a.db);
			const data = readDataSet('data');
			const [ra, rb] = await Promise.all([applyDataSet(pair.a.db, data), applyDataSet(pair.b.db, data)]);
			// One of them added everything, the other found it unchanged.
			expect([ra.cooperations.added.length, rb.cooperations.added.length].sort((x, y) => x - y)).toEqual([0, (await search(pair.a, '')).total]);
			expect((await search(pair.b, '')).total).toBe((await search(a, '')).total);
		} finally {
			await pair.close();
		}
	}, 120_000);
});

