/**
 * The data generation (issue 23): the key every in-memory cache of an instance (search index,
 * body resolver, anything computed "once per revision") is checked against.
 *
 * The revision counter alone cannot be that key: a restore sets it back, and the next edit brings
 * it to a number an instance had already cached for other data; a second database (a promoted
 * replica, another copy) can hold the same number too. So every change also writes a random
 * generation id (meta 'generation', 122 random bits) in the same transaction. A restore brings
 * back the id of the restored state, which no instance has seen with other data; an edit after
 * it writes a new one. The key holds both, the revision only for reading logs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema';

const generationQueries = new WeakMap<Kysely<Database>, CompiledQuery<{ key: string; value: string }>>();

/**
 * The cache key of the data the database holds now (one small query). Every cache asks for it,
 * several times per request, so the query is compiled once per database handle.
 */
export async function dataGeneration(db: Kysely<Database>): Promise<string> {
	const memo = readRequest.getStore();
	if (memo === undefined || !memo.open) return readGeneration(db);
	let pending = memo.byDb.get(db);
	if (pending === undefined) {
		pending = readGeneration(db);
		memo.byDb.set(db, pending);
		pending.catch(() => memo.byDb.delete(db));
	}
	return pending;
}

/**
 * A reading request (GET, HEAD) asks for the generation several times (the layout's data date,
 * the search index, the page's caches): it is read once per request and database handle, so every
 * part of one page sees the same data and the query runs once. Requests that may write (POST and
 * the like: a form action saves, then the page loads in the same request) always read anew, and
 * so does work that outlives its request (a timer started while it ran inherits the context).
 */
const readRequest = new AsyncLocalStorage<{ open: boolean; byDb: Map<Kysely<Database>, Promise<string>> }>();

/** Runs a reading request with one generation per database handle, until it has answered. */
export async function withOneGenerationPerRequest<T>(run: () => Promise<T>): Promise<T> {
	const memo = { open: true, byDb: new Map<Kysely<Database>, Promise<string>>() };
	try {
		return await readRequest.run(memo, run);
	} finally {
		memo.open = false;
		memo.byDb.clear();
	}
}

async function readGeneration(db: Kysely<Database>): Promise<string> {
	let query = generationQueries.get(db);
	if (!query) {
		query = db.selectFrom('meta').select(['key', 'value']).where('key', 'in', ['revision', 'generation']).compile();
		generationQueries.set(db, query);
	}
	const { rows } = await db.executeQuery(query);
	const revision = rows.find((r) => r.key === 'revision')?.value ?? '0';
	const generation = rows.find((r) => r.key === 'generation')?.value ?? '-';
	return `${revision}/${generation}`;
}

/** A new generation id; written with every change of the data (bumpRevision, data:load). */
export function newGeneration(): string {
	return randomUUID();
}

/** Write a new generation id (inside the change's transaction). */
export async function bumpGeneration(db: Kysely<Database>): Promise<void> {
	const value = newGeneration();
	await db.insertInto('meta').values({ key: 'generation', value })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
		.execute();
}

/**
 * The names generation (issue 15): the key of the caches built from bodies, their aliases and the
 * directory units only (the name lookup, the body resolver), which a cooperation save must not
 * rebuild (0.7 s CPU over the national directory). A random id (meta 'names_generation') written
 * in the same transaction as every change of those tables (bumpNamesGeneration), so another
 * instance sees a body rename at its next request, and a restore brings back the id of the
 * restored bodies. A database without the key (a backup from before migration 0023) falls back to
 * the data generation, which every change writes.
 */
export const NAMES_GENERATION = 'names_generation';

export async function namesGeneration(db: Kysely<Database>): Promise<string> {
	const rows = await db.selectFrom('meta').select(['key', 'value']).where('key', 'in', ['revision', 'generation', NAMES_GENERATION]).execute();
	const names = rows.find((r) => r.key === NAMES_GENERATION)?.value;
	if (names) return `names/${names}`;
	const revision = rows.find((r) => r.key === 'revision')?.value ?? '0';
	const generation = rows.find((r) => r.key === 'generation')?.value ?? '-';
	return `${revision}/${generation}`;
}

/** Write a new names generation id (inside the transaction that changes bodies, aliases or directory units). */
export async function bumpNamesGeneration(db: Kysely<Database>): Promise<void> {
	const value = newGeneration();
	await db.insertInto('meta').values({ key: NAMES_GENERATION, value })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
		.execute();
}
