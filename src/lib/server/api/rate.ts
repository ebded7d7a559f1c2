/**
 * Rate limit of the API: requests per fixed one-minute window, counted in `api_rate` so that
 * several app instances share the count. Per token, or per client address for anonymous use.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Requests per minute and key. A constant for now; could become a setting. */
export const API_RATE_PER_MINUTE = 120;
const WINDOW_MS = 60_000;

export interface RateVerdict {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Seconds until the window ends (for Retry-After and RateLimit-Reset). */
	resetSeconds: number;
}

export async function countRequest(db: Kysely<Database>, key: string, now = new Date(), limit = API_RATE_PER_MINUTE): Promise<RateVerdict> {
	const start = Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS;
	const windowStart = new Date(start).toISOString();
	const row = await db.insertInto('api_rate').values({ key: key.slice(0, 200), window_start: windowStart, count: 1 })
		.onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('api_rate.count', '+', 1) })))
		.returning('count').executeTakeFirstOrThrow();
	const count = Number(row.count);
	// The first request of a window clears the windows that are over (for every key), so the table stays small.
	if (count === 1) await db.deleteFrom('api_rate').where('window_start', '<', windowStart).execute();
	const resetSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - now.getTime()) / 1000));
	return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
}
