/**
 * A fresh, migrated database with the shipped data, for integration tests. TEST_DATABASE chooses
 * the dialect (issue 8):
 * - `sqlite` (default): an in-memory SQLite database per call;
 * - `pglite`: PostgreSQL in-process (PGlite); one instance per test worker, a fresh schema per call;
 * - `postgres`: a real server at TEST_POSTGRES_URL, a fresh database per call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { isPostgres } from '../../src/lib/server/db/dialect';
import { openDatabase, openPostgresPool, pgTypeParsers, type DatabaseHandle, type Dialect } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet, type LoadReport } from '../../src/lib/server/data/load-data';
import { readDataSet, type DataSet } from '../../src/lib/server/data/read-data';

export function testDialect(): Dialect {
	const v = process.env.TEST_DATABASE ?? 'sqlite';
	if (v !== 'sqlite' && v !== 'pglite' && v !== 'postgres') throw new Error(`TEST_DATABASE: sqlite, pglite oder postgres, nicht ${v}`);
	return v;
}

let counter = 0;
const run = Math.random().toString(36).slice(2, 8);
const schemaName = () => `t_${process.pid}_${run}_${++counter}`;

// One PGlite per worker: starting one takes seconds, a schema milliseconds.
let pglite: Promise<{ pool: pg.Pool }> | null = null;
function sharedPglite(): Promise<{ pool: pg.Pool }> {
	pglite ??= (async () => {
		const [{ PGlite }, { pg_trgm }, { createPgConfig }] = await Promise.all([
			import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm'), import('@electric-sql/pglite/node-postgres')
		]);
		const lite = await PGlite.create({ extensions: { pg_trgm } });
		const pool = new pg.Pool({ ...createPgConfig(lite), max: 1, types: pgTypeParsers });
		await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
		return { pool };
	})();
	return pglite;
}

let serverAdmin: Promise<pg.Pool> | null = null;
function adminPool(url: string): Promise<pg.Pool> {
	serverAdmin ??= (async () => {
		const pool = new pg.Pool({ connectionString: url, max: 2 });
		// Databases left by test workers that have ended (a test that did not close its handle).
		const { rows } = await pool.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^t_[0-9]+_[a-z0-9]+_[0-9]+$'`);
		for (const { datname } of rows) {
			const pid = Number(datname.split('_')[1]);
			// Another worker may be dropping the same one: whoever loses that race has nothing to do.
			if (pid !== process.pid && !alive(pid)) await pool.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
		}
		return pool;
	})();
	return serverAdmin;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** TEST_POSTGRES_URL with another database name. */
function serverUrl(database: string): string {
	const u = new URL(process.env.TEST_POSTGRES_URL!);
	u.pathname = `/${database}`;
	return u.toString();
}

/** An empty database (not migrated) of the chosen dialect, or of `dialect`. */
export async function emptyDatabase(dialect: Dialect = testDialect()): Promise<DatabaseHandle> {
	if (dialect === 'sqlite') return openDatabase(':memory:');
	const name = schemaName();
	if (dialect === 'pglite') {
		const { pool } = await sharedPglite();
		await pool.query(`CREATE SCHEMA ${name}`);
		return openPostgresPool(pool, 'pglite', {
			schema: name, location: `pglite:memory:#${name}`,
			end: async () => { await pool.query(`DROP SCHEMA ${name} CASCADE`); }
		});
	}
	// The server: a database per call, not a schema. Kysely's migrator reads the catalogue of all
	// schemas of a database, which fails while a parallel test worker drops its schema.
	const url = process.env.TEST_POSTGRES_URL;
	if (!url) throw new Error('TEST_DATABASE=postgres braucht TEST_POSTGRES_URL');
	const admin = await adminPool(url);
	await admin.query(`CREATE DATABASE ${name}`);
	const handle = openDatabase(serverUrl(name), { poolSize: 4 });
	return {
		...handle,
		location: `${handle.location}#${name}`,
		close: async () => {
			await handle.close();
			await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
		}
	};
}

/** A PostgreSQL database for tests that need one whatever TEST_DATABASE says: the server when TEST_POSTGRES_URL is set, else PGlite. */
export function postgresDialect(): Dialect {
	return process.env.TEST_POSTGRES_URL ? 'postgres' : 'pglite';
}

export async function loadedDatabase(dataSet: DataSet = readDataSet('data')): Promise<DatabaseHandle & { report: LoadReport }> {
	const handle = await emptyDatabase();
	await migrateToLatest(handle.db);
	const report = await applyDataSet(handle.db, dataSet);
	return { ...handle, report };
}

/** Names of all tables of the database `db` works in (SQLite, or the current PostgreSQL schema). */
export async function tableNames(db: Kysely<Database>): Promise<string[]> {
	const { rows } = isPostgres(db)
		? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
		: await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db);
	return rows.map((r) => r.name);
}

/**
 * Two handles on one database, like two app instances (each Kysely instance has its own caches):
 * SQLite: two connections to one temporary file; PGlite: two handles on one schema of the
 * worker's instance; PostgreSQL: two pools on one database of the server.
 */
export async function twoInstances(dialect: Dialect = testDialect()): Promise<{ a: DatabaseHandle; b: DatabaseHandle; close(): Promise<void> }> {
	if (dialect === 'sqlite') {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-instances-'));
		const a = openDatabase(`file:${dir}/db.sqlite`);
		const b = openDatabase(`file:${dir}/db.sqlite`);
		return { a, b, close: async () => { await a.close(); await b.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
	}
	const a = await emptyDatabase(dialect);
	const name = a.location.split('#')[1];
	if (!name) throw new Error('Schema oder Datenbank unbekannt');
	const b = dialect === 'pglite'
		? openPostgresPool((await sharedPglite()).pool, 'pglite', { schema: name, location: a.location })
		: openDatabase(serverUrl(name), { poolSize: 4 });
	return { a, b, close: async () => { await b.close(); await a.close(); } };
}
