/**
 * Opens the database named by DATABASE_URL. Today: SQLite through better-sqlite3 (the embedded
 * default, `file:` URLs or a plain path). PostgreSQL follows with issue 8 behind the same Kysely type.
 */
import path from 'node:path';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export interface DatabaseHandle {
	db: Kysely<Database>;
	dialect: 'sqlite';
	/** Path of the SQLite file (":memory:" for a throwaway database). */
	location: string;
	close(): Promise<void>;
}

/** Resolve a DATABASE_URL (`file:var/x.sqlite`, a path, or `:memory:`) to a SQLite location. */
export function sqliteLocation(url: string): string {
	if (url === ':memory:' || url === 'file::memory:') return ':memory:';
	const p = url.startsWith('file:') ? url.slice('file:'.length) : url;
	return path.resolve(p);
}

export interface OpenOptions {
	/** SQLite page cache in MB per connection (see SQLITE_CACHE_MB in docs/settings.md). */
	cacheMb?: number;
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
	if (/^postgres(ql)?:/.test(url)) {
		throw new Error('PostgreSQL wird noch nicht unterstützt (DATABASE_URL=postgres://…); siehe Issue 8.');
	}
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
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	return { db, dialect: 'sqlite', location, close: () => db.destroy() };
}
