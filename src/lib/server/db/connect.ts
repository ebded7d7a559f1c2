/**
 * Opens the database named by DATABASE_URL behind one Kysely type (issue 8):
 * - SQLite through better-sqlite3 (the embedded default): `file:` URLs, a plain path or `:memory:`;
 * - PostgreSQL through a `pg` pool: `postgres://…` or `postgresql://…`;
 * - PGlite, PostgreSQL compiled to WebAssembly, in-process: `pglite:memory:` (or just `pglite:`)
 *   for a throwaway database, `pglite:<dir>` for one kept in a folder. Used by the tests so that
 *   the PostgreSQL path is exercised without a server. PGlite is a development dependency and is
 *   only loaded when such a URL is used.
 * Opening stays synchronous: the PostgreSQL pools connect on first use.
 */
import path from 'node:path';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type PostgresPool } from 'kysely';
import type { Database } from './schema';
import { logLine } from '../ops/log';
import { reason } from '../ops/unavailable';

export type Dialect = 'sqlite' | 'postgres' | 'pglite';

export interface DatabaseHandle {
	db: Kysely<Database>;
	dialect: Dialect;
	/** Path of the SQLite file (":memory:" for a throwaway database); for PostgreSQL the URL without password. */
	location: string;
	close(): Promise<void>;
	/** PostgreSQL server pool: connections open, idle and requests waiting for one (for /metrics). */
	poolStats?: () => { total: number; idle: number; waiting: number };
}

/** Resolve a DATABASE_URL (`file:var/x.sqlite`, a path, or `:memory:`) to a SQLite location. */
export function sqliteLocation(url: string): string {
	if (url === ':memory:' || url === 'file::memory:') return ':memory:';
	const p = url.startsWith('file:') ? url.slice('file:'.length) : url;
	return path.resolve(p);
}

/** Which database a DATABASE_URL names. */
export function dialectOf(url: string): Dialect {
	if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
	if (url.startsWith('pglite:')) return 'pglite';
	return 'sqlite';
}

export interface OpenOptions {
	/** SQLite page cache in MB per connection (see SQLITE_CACHE_MB in docs/settings.md). */
	cacheMb?: number;
	/** Connections in the PostgreSQL pool (per app instance). */
	poolSize?: number;
	/**
	 * PostgreSQL schema to work in (set as search_path on every connection, followed by `public`
	 * where extensions live). Used by the tests to give every test database its own schema.
	 */
	schema?: string;
}

/**
 * COUNT(*) is bigint on PostgreSQL, which `pg` returns as a string. Counts in this app are far
 * below 2^53, so bigint is read as a number, like SQLite's integers; anything larger is refused
 * rather than silently rounded.
 */
function bigintAsNumber(value: string): number {
	const n = Number(value);
	if (!Number.isSafeInteger(n)) throw new Error(`Ganzzahl außerhalb des sicheren Bereichs: ${value}`);
	return n;
}
export const pgTypeParsers = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === pg.types.builtins.INT8 ? bigintAsNumber : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser
};

function quoteIdent(name: string): string {
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Ungültiger Schemaname: ${name}`);
	return `"${name}"`;
}

function searchPathHook(schema: string | undefined) {
	if (!schema) return undefined;
	const statement = CompiledQuery.raw(`SET search_path TO ${quoteIdent(schema)}, public`);
	return async (connection: DatabaseConnection) => {
		await connection.executeQuery(statement);
	};
}

/** URL with the password replaced, for messages and `location`. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return url.replace(/\/\/[^@/]*@/, '//***@');
	}
}

function openPostgres(url: string, options: OpenOptions): DatabaseHandle {
	// A connect that hangs (network gone, server half up) fails after 5 s instead of holding the
	// request forever; keep-alive notices a dead peer on an idle connection.
	const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypeParsers, connectionTimeoutMillis: 5000, keepAlive: true });
	// No database event may end the process (issue 23). node-postgres emits 'error' on a client whose
	// connection breaks (server restart, failover, network); the pool listens only while a client is
	// idle, and an 'error' without a listener is thrown. So every client gets its own listener for
	// its whole life, checked out or not: the query in flight fails (the request answers 503), the
	// pool drops the broken client on release and opens a new one for the next query.
	pool.on('connect', (client) => {
		client.on('error', (e) => logLine('warn', 'PostgreSQL-Verbindung verloren', { error: reason(e) }));
	});
	pool.on('error', (e) => logLine('warn', 'PostgreSQL-Verbindung im Ruhezustand verloren', { error: reason(e) }));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection: searchPathHook(options.schema) }) });
	return {
		db, dialect: 'postgres', location: redactUrl(url), close: () => db.destroy(),
		poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })
	};
}

function openPglite(url: string, options: OpenOptions): DatabaseHandle {
	const target = url.slice('pglite:'.length);
	const dataDir = target === '' || target === 'memory:' ? undefined : path.resolve(target);
	if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
	let lite: { close(): Promise<void> } | null = null;
	const poolFactory = async (): Promise<PostgresPool> => {
		const [{ PGlite }, { pg_trgm }, { createPgConfig }] = await Promise.all([
			import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm'), import('@electric-sql/pglite/node-postgres')
		]);
		const instance = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm } });
		lite = instance;
		// One session: the pool hands out its single connection to one user at a time, so a
		// transaction is never interleaved with other queries (as with SQLite).
		return new pg.Pool({ ...createPgConfig(instance), max: 1, types: pgTypeParsers }) as unknown as PostgresPool;
	};
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolFactory, onReserveConnection: searchPathHook(options.schema) }) });
	return {
		db, dialect: 'pglite', location: dataDir ?? 'pglite:memory:',
		close: async () => {
			await db.destroy();
			await lite?.close();
		}
	};
}

/** Wrap an existing pool (tests share one PGlite between many schemas). */
export function openPostgresPool(pool: PostgresPool, dialect: 'postgres' | 'pglite', options: OpenOptions & { location: string; end?: () => Promise<void> }): DatabaseHandle {
	const shared: PostgresPool = { connect: () => pool.connect(), end: async () => {}, options: pool.options };
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: shared, onReserveConnection: searchPathHook(options.schema) }) });
	return {
		db, dialect, location: options.location,
		close: async () => {
			await db.destroy();
			await options.end?.();
		}
	};
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
	const dialect = dialectOf(url);
	if (dialect === 'postgres') return openPostgres(url, options);
	if (dialect === 'pglite') return openPglite(url, options);
	const location = sqliteLocation(url);
	if (location !== ':memory:') fs.mkdirSync(path.dirname(location), { recursive: true });
	const sqlite = new SQLite(location);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted personal data (a removed contact) must not linger in free pages of the file.
	sqlite.pragma('secure_delete = ON');
	// Negative cache_size is in KiB. The default (16 MB) is smaller than a national register's
	// cooperation table, and a cold page cache made text search 3-4x slower (bench/README.md).
	sqlite.pragma(`cache_size = -${Math.round((options.cacheMb ?? 64) * 1024)}`);
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
	if (location !== ':memory:') sqliteFiles.set(db, location);
	return { db, dialect: 'sqlite', location, close: () => db.destroy() };
}

const sqliteFiles = new WeakMap<Kysely<Database>, string>();

/** The file of a SQLite database opened by openDatabase; null for PostgreSQL, PGlite and `:memory:`. */
export function sqliteFileOf(db: Kysely<Database>): string | null {
	return sqliteFiles.get(db) ?? null;
}

/** Prepared statements kept per SQL text (issue 15). */
const STATEMENT_CACHE = 256;

/**
 * better-sqlite3 prepares a statement anew for every query Kysely sends, and parsing and planning
 * are a large part of a small query's cost (and of a bulk load's: 15 % of it). The app sends the
 * same SQL texts again and again with other parameters, so prepared statements are kept per text,
 * the most recently used first, at most STATEMENT_CACHE of them. A statement still being iterated
 * (a streamed query) is busy: then a fresh one is prepared for the other caller. SQLite re-prepares
 * a kept statement by itself when the schema changes.
 */
export function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
	const kept = new Map<string, SQLite.Statement>();
	const prepare = (source: string): SQLite.Statement => {
		const hit = kept.get(source);
		if (hit !== undefined && !hit.busy) {
			kept.delete(source);
			kept.set(source, hit);
			return hit;
		}
		const statement = sqlite.prepare(source);
		if (hit === undefined) {
			kept.set(source, statement);
			if (kept.size > STATEMENT_CACHE) kept.delete(kept.keys().next().value!);
		}
		return statement;
	};
	return new Proxy(sqlite, {
		get(target, key) {
			if (key === 'prepare') return prepare;
			const value: unknown = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}
