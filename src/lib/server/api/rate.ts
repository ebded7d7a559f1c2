/**
 * Rate limit of the API: requests per fixed one-minute window, per token (or per client address
 * for anonymous use), counted across all app instances in `api_rate` — but not with a database
 * write per request.
 *
 * Each instance counts in memory and adds its increments to the window's row at most once per
 * `RATE_FLUSH_MS` per key (the first request of a key in a window flushes at once, later ones
 * when the last flush is that old, and a timer flushes what is left). A flush returns the row's
 * total, i.e. every instance's flushed requests; the verdict is that total plus this instance's
 * unflushed requests.
 *
 * Bound on overshoot across N instances: an instance does not see the requests other instances
 * have counted but not yet flushed (at most their last RATE_FLUSH_MS of requests for the key), and
 * its own copy of the total is at most RATE_FLUSH_MS old. So beyond the limit at most the requests
 * the other N−1 instances take for that key in about 2 × RATE_FLUSH_MS get through, and never
 * more than N × limit per window in all (each instance alone stops at the limit). With one
 * instance the count is exact.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Default of the setting API_RATE_PER_MINUTE (requests per minute and key). */
export const API_RATE_PER_MINUTE = 120;
/** How often at most an instance writes one key's count to the database. */
export const RATE_FLUSH_MS = 1_000;
const WINDOW_MS = 60_000;
/** Keys kept in memory per database before windows that are over are dropped. */
const MAX_SLOTS = 10_000;

export interface RateVerdict {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Seconds until the window ends (for Retry-After and RateLimit-Reset). */
	resetSeconds: number;
}

interface Slot {
	key: string;
	windowStart: number;
	/** Requests counted here and not yet added to the row. */
	pending: number;
	/** The row's count after this instance's last flush (all instances' flushed requests). */
	shared: number;
	/** When this instance last flushed the key (ms; -Infinity: never in this window). */
	lastFlush: number;
	flushing: Promise<void> | null;
}

interface Counter {
	slots: Map<string, Slot>;
	timer: ReturnType<typeof setTimeout> | null;
}

const counters = new WeakMap<Kysely<Database>, Counter>();

function counterOf(db: Kysely<Database>): Counter {
	let c = counters.get(db);
	if (!c) counters.set(db, (c = { slots: new Map(), timer: null }));
	return c;
}

/** Add the slot's pending requests to its row; afterwards `shared` is the row's total. */
function flush(db: Kysely<Database>, slot: Slot, now: number): Promise<void> {
	if (slot.flushing) return slot.flushing;
	const adding = slot.pending;
	slot.lastFlush = now;
	if (adding === 0) return Promise.resolve();
	const windowStart = new Date(slot.windowStart).toISOString();
	slot.flushing = (async () => {
		try {
			const row = await db.insertInto('api_rate').values({ key: slot.key.slice(0, 200), window_start: windowStart, count: adding })
				.onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('api_rate.count', '+', adding) })))
				.returning('count').executeTakeFirstOrThrow();
			slot.pending -= adding;
			slot.shared = Number(row.count);
			// The first flush of a window (by any instance) clears the windows that are over, so the table stays small.
			if (slot.shared === adding) await db.deleteFrom('api_rate').where('window_start', '<', windowStart).execute();
		} finally {
			slot.flushing = null;
		}
	})();
	return slot.flushing;
}

/** Write every key's unflushed requests (the timer calls this; tests and shutdown may too). */
export async function flushRateCounts(db: Kysely<Database>, now = Date.now()): Promise<void> {
	const c = counterOf(db);
	await Promise.all([...c.slots.values()].filter((s) => s.pending > 0).map((s) => flush(db, s, now)));
}

function scheduleFlush(db: Kysely<Database>, c: Counter): void {
	if (c.timer !== null) return;
	c.timer = setTimeout(() => {
		c.timer = null;
		// A closed database (tests, shutdown) ends the counting; nothing to report.
		flushRateCounts(db).catch(() => undefined);
	}, RATE_FLUSH_MS);
	c.timer.unref?.();
}

export async function countRequest(db: Kysely<Database>, key: string, now = new Date(), limit = API_RATE_PER_MINUTE): Promise<RateVerdict> {
	const t = now.getTime();
	const start = Math.floor(t / WINDOW_MS) * WINDOW_MS;
	const c = counterOf(db);
	let slot = c.slots.get(key);
	if (!slot || slot.windowStart !== start) {
		if (slot && slot.pending > 0) await flush(db, slot, t).catch(() => undefined);
		if (c.slots.size >= MAX_SLOTS) {
			for (const [k, s] of c.slots) if (s.windowStart < start && s.pending === 0) c.slots.delete(k);
		}
		slot = { key, windowStart: start, pending: 0, shared: 0, lastFlush: -Infinity, flushing: null };
		c.slots.set(key, slot);
	}
	slot.pending++;
	if (t - slot.lastFlush >= RATE_FLUSH_MS) await flush(db, slot, t);
	else scheduleFlush(db, c);
	const count = slot.shared + slot.pending;
	const resetSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - t) / 1000));
	return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
}
