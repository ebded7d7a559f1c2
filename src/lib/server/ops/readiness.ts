/**
 * Readiness (issue 23, /readyz): the instance can serve when the database answers, the
 * database's schema has every migration of this build, and the search index is built for the
 * current data. The first check builds the index (and times it for /metrics).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { pendingMigrations } from '../db/migrate';
import { facetIndex } from '../search/facet-index';
import { observeIndexBuild } from './metrics';
import { reason } from './unavailable';

export interface Readiness {
	ready: boolean;
	checks: { database: string; migrations: string; searchIndex: string };
}

const lastIndex = new WeakMap<Kysely<Database>, object>();

function within<T>(ms: number, p: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`keine Antwort nach ${ms} ms`)), ms)));
	return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function readiness(db: Kysely<Database> | null, timeoutMs = 3000): Promise<Readiness> {
	const checks: Readiness['checks'] = { database: 'nicht geprüft', migrations: 'nicht geprüft', searchIndex: 'nicht geprüft' };
	if (!db) return { ready: false, checks: { ...checks, database: 'Start läuft noch' } };
	try {
		await within(timeoutMs, db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst());
		checks.database = 'ok';
	} catch (e) {
		checks.database = `nicht erreichbar: ${reason(e)}`;
		return { ready: false, checks };
	}
	try {
		const pending = await within(timeoutMs, pendingMigrations(db));
		checks.migrations = pending.length ? `ausstehend: ${pending.join(', ')}` : 'ok';
	} catch (e) {
		checks.migrations = `nicht lesbar: ${reason(e)}`;
	}
	try {
		const started = performance.now();
		const index = await facetIndex(db);
		if (lastIndex.get(db) !== index) {
			// A new index for this check: it was built (or finished building) while we waited.
			observeIndexBuild((performance.now() - started) / 1000);
			lastIndex.set(db, index);
		}
		checks.searchIndex = 'ok';
	} catch (e) {
		checks.searchIndex = `nicht gebaut: ${reason(e)}`;
	}
	return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
