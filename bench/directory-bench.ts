/**
 * `npm run bench` (second part; alone: `npm run bench:directory`): the national municipality
 * directory of issue 13.
 *  1. Loading the shipped directory (12,660 units) onto the shipped region data in one transaction:
 *     into SQLite (target ≤ 5 s) and into PostgreSQL (target ≤ 15 s; the server at
 *     BENCH_POSTGRES_URL or TEST_POSTGRES_URL when set, otherwise PGlite in-process).
 *  2. Looking a body up by any name form (target p99 ≤ 5 ms): the name-form lookup and the
 *     alias-aware resolver of the forms, with name forms of randomly chosen directory units
 *     ("Stadt Coesfeld", "Lkr. Cham", "VG Kaisersesch", AGS), bare names, and misspellings that go
 *     to the similarity search; plus the bodies list search (`/koerperschaften?q=`).
 * Prints a report; exits 0 unless something broke (targets are reported, not enforced).
 */
import os from 'node:os';
import pg from 'pg';
import { type Kysely } from 'kysely';
import type { Database } from '../src/lib/server/db/schema';
import { openDatabase, openPostgresPool, pgTypeParsers, type DatabaseHandle } from '../src/lib/server/db/connect';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { applyDataSet } from '../src/lib/server/data/load-data';
import { readDataSet } from '../src/lib/server/data/read-data';
import { loadShippedDirectory } from '../src/lib/server/directory/load';
import { loadNameLookup } from '../src/lib/server/directory/name-lookup';
import { loadBodyResolver } from '../src/lib/server/registry/body-resolve';
import { searchBodies } from '../src/lib/server/registry/profiles';
import { directoryNames } from '../src/lib/domain/directory-names';
import { requireSupportedNode } from '../scripts/node-version.js';

const SAMPLES = Number(process.env.BENCH_LOOKUPS ?? 5000);

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function summary(label: string, times: number[], target?: number): void {
	const s = [...times].sort((a, b) => a - b);
	const p99 = percentile(s, 99);
	console.log(`  ${label.padEnd(44)} n=${String(s.length).padStart(5)}  p50 ${percentile(s, 50).toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  max ${s[s.length - 1]!.toFixed(2)} ms` +
		(target ? `  ${p99 <= target ? 'OK' : 'VERFEHLT'} (Ziel p99 ≤ ${target} ms)` : ''));
}

/** A deterministic PRNG (mulberry32), so runs compare. */
function rng(seed: number): () => number {
	return () => {
		seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function timeLoad(label: string, handle: DatabaseHandle, target: number): Promise<Kysely<Database>> {
	await migrateToLatest(handle.db);
	await applyDataSet(handle.db, readDataSet('data'));
	const t = performance.now();
	const cpu = process.cpuUsage();
	const r = await loadShippedDirectory(handle.db, 'data');
	const ms = performance.now() - t;
	const used = process.cpuUsage(cpu);
	const units = r.report ? r.report.added.length : 0;
	// CPU time of this process next to the wall clock: on a shared machine the wall clock also
	// counts the time other processes had the CPU (PostgreSQL server time is not in it).
	console.log(`  ${label.padEnd(44)} ${(ms / 1000).toFixed(2)} s for ${units} units (CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)  ${ms <= target ? 'OK' : 'VERFEHLT'} (Ziel ≤ ${target / 1000} s)`);
	return handle.db;
}

async function postgresHandle(): Promise<{ handle: DatabaseHandle; label: string; cleanup: () => Promise<void> }> {
	const url = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
	if (url) {
		const admin = new pg.Pool({ connectionString: url, max: 1 });
		const name = `bench_dir_${process.pid}`;
		await admin.query(`CREATE DATABASE ${name}`);
		const u = new URL(url);
		u.pathname = `/${name}`;
		const handle = openDatabase(u.toString(), { poolSize: 4 });
		return { handle, label: 'PostgreSQL server', cleanup: async () => { await handle.close(); await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); await admin.end(); } };
	}
	const [{ PGlite }, { pg_trgm }, { createPgConfig }] = await Promise.all([
		import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm'), import('@electric-sql/pglite/node-postgres')
	]);
	const lite = await PGlite.create({ extensions: { pg_trgm } });
	const pool = new pg.Pool({ ...createPgConfig(lite), max: 1, types: pgTypeParsers });
	await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
	const handle = openPostgresPool(pool, 'pglite', { location: 'pglite:memory:' });
	return { handle, label: 'PostgreSQL (PGlite, in-process)', cleanup: async () => { await handle.close(); await pool.end(); await lite.close(); } };
}

async function main(): Promise<void> {
	const cpus = os.cpus();
	console.log('\nIKZ-Atlas directory benchmark (issue 13)');
	console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
	console.log('Load of the shipped directory (data/directory/gemeindeverzeichnis.tsv), one transaction:');
	const sqlite = openDatabase(':memory:');
	const db = await timeLoad('SQLite (in memory)', sqlite, 5000);
	const p = await postgresHandle();
	try {
		await timeLoad(p.label, p.handle, 15000);
	} finally {
		await p.cleanup();
	}

	console.log('Name-form lookup over every body (in memory, per data revision):');
	let t = performance.now();
	const lookup = await loadNameLookup(db);
	console.log(`  build of the lookup: ${(performance.now() - t).toFixed(0)} ms for ${lookup.size} bodies`);
	t = performance.now();
	const resolver = await loadBodyResolver(db);
	console.log(`  build of the form resolver: ${(performance.now() - t).toFixed(0)} ms`);

	// Every write bumps the revision; the next request rebuilds both from the database (the name
	// rules and the folding are memoised across revisions).
	await db.updateTable('meta').set({ value: String(Number((await db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirstOrThrow()).value) + 1) }).where('key', '=', 'revision').execute();
	t = performance.now();
	const cpu = process.cpuUsage();
	await loadNameLookup(db);
	await loadBodyResolver(db);
	const used = process.cpuUsage(cpu);
	console.log(`  rebuild of both after a write (new revision): ${(performance.now() - t).toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms)`);

	const units = await db.selectFrom('directory_unit').select(['level', 'tk', 'name', 'ags']).execute();
	const rand = rng(13);
	const forms: string[] = [];
	const typos: string[] = [];
	for (let i = 0; i < SAMPLES; i++) {
		const u = units[Math.floor(rand() * units.length)]!;
		const n = directoryNames(u);
		const pick = rand();
		forms.push(pick < 0.1 && u.ags ? u.ags : n.forms[Math.floor(rand() * n.forms.length)]!);
		if (i < SAMPLES / 10) {
			const w = n.display;
			const k = Math.floor(rand() * w.length);
			typos.push(w.slice(0, k) + w.slice(k + 1));
		}
	}
	const time = (fn: (q: string) => unknown, qs: string[]) => qs.map((q) => { const s = performance.now(); fn(q); return performance.now() - s; });
	summary('lookup.find(name form or AGS)', time((q) => lookup.find(q), forms), 5);
	summary('resolver.resolve(name form or AGS)', time((q) => resolver.resolve(q), forms), 5);
	summary('resolver.resolve(misspelt: similarity search)', time((q) => resolver.resolve(q), typos));
	const found = forms.filter((q) => lookup.find(q).length > 0).length;
	console.log(`  ${found} of ${forms.length} name forms found (${((100 * found) / forms.length).toFixed(1)} %)`);

	const listQs = forms.slice(0, 300);
	await searchBodies(db, new URLSearchParams('q=warmup'));
	const listTimes: number[] = [];
	for (const q of listQs) {
		const s = performance.now();
		await searchBodies(db, new URLSearchParams({ q }));
		listTimes.push(performance.now() - s);
	}
	summary('bodies list search (/koerperschaften?q=)', listTimes);
	await sqlite.close();
}

requireSupportedNode('npm run bench:directory');
await main();
