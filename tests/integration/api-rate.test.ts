/**
 * The API rate limit counts in memory and writes the shared row at most once per second per key
 * (issue 15), while two instances on one database still count together.
 */
import { describe, expect, it } from 'vitest';
import { twoInstances } from './helpers';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { countRequest, flushRateCounts, RATE_FLUSH_MS } from '../../src/lib/server/api/rate';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';

const stored = async (db: Kysely<Database>, key: string) =>
	Number((await db.selectFrom('api_rate').select('count').where('key', '=', key).executeTakeFirst())?.count ?? 0);

describe('API rate limit without a row write per request', () => {
	it('writes the first request of a window at once, then at most once per flush interval', async () => {
		const { a, b, close } = await twoInstances();
		try {
			await migrateToLatest(a.db);
			const t0 = Date.parse('2026-12-03T08:15:05Z');
			await countRequest(a.db, 't:wesel', new Date(t0), 50);
			expect(await stored(b.db, 't:wesel')).toBe(1);
			// 30 more within the same second: counted here, not yet in the database.
			for (let i = 0; i < 30; i++) {
				const v = await countRequest(a.db, 't:wesel', new Date(t0 + 10 * i), 50);
				expect(v.remaining).toBe(50 - 2 - i);
			}
			expect(await stored(b.db, 't:wesel')).toBe(1);
			// After the interval the next request adds everything counted so far in one write.
			await countRequest(a.db, 't:wesel', new Date(t0 + RATE_FLUSH_MS + 1), 50);
			expect(await stored(b.db, 't:wesel')).toBe(32);
		} finally {
			await close();
		}
	});

	it('counts across two instances: each sees the other after a flush, and refuses over the limit', async () => {
		const { a, b, close } = await twoInstances();
		try {
			await migrateToLatest(a.db);
			const t0 = Date.parse('2026-12-03T09:00:01Z');
			const key = 'a:203.0.113.9';
			for (let i = 0; i < 6; i++) expect((await countRequest(a.db, key, new Date(t0 + i), 10)).allowed).toBe(true);
			// b's first request reads the shared row: a's first (flushed) request plus its own.
			expect((await countRequest(b.db, key, new Date(t0 + 100), 10)).remaining).toBe(8);
			// a flushes its other five; b's next flush sees them: 1 + 5 + 2 = 8 counted.
			await flushRateCounts(a.db, t0 + 2_000);
			expect(await stored(a.db, key)).toBe(7);
			const v = await countRequest(b.db, key, new Date(t0 + 2_000), 10);
			expect(v).toMatchObject({ allowed: true, remaining: 2 });
			// Two more through b reach the limit; the third is refused even though a saw only 7.
			expect((await countRequest(b.db, key, new Date(t0 + 2_010), 10)).allowed).toBe(true);
			expect((await countRequest(b.db, key, new Date(t0 + 2_020), 10)).allowed).toBe(true);
			expect((await countRequest(b.db, key, new Date(t0 + 2_030), 10)).allowed).toBe(false);
			// Nothing is lost: once both have flushed, the row holds every request.
			await flushRateCounts(a.db, t0 + 5_000);
			await flushRateCounts(b.db, t0 + 5_000);
			expect(await stored(a.db, key)).toBe(11);
			// A new minute starts at zero for both and clears the old window.
			const next = await countRequest(a.db, key, new Date(t0 + 60_000), 10);
			expect(next).toMatchObject({ allowed: true, remaining: 9 });
			expect((await a.db.selectFrom('api_rate').select('window_start').execute()).map((r) => r.window_start)).toEqual(['2026-12-03T09:01:00.000Z']);
		} finally {
			await close();
		}
	});
});
