/**
 * Backups of the SQLite database (issue 8): `npm run db:backup` and `npm run db:restore`.
 * Both use SQLite's online backup API (better-sqlite3 `.backup()`), which copies page by page
 * under SQLite's own locking, so a running app can keep working while a backup is taken. Each
 * copy is verified: `PRAGMA integrity_check` and the row count of every table.
 * PostgreSQL is backed up with its own tools (pg_dump/pg_restore); `postgresBackupCommands`
 * prints the documented commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export type TableCounts = Record<string, number>;

export class BackupError extends Error {}

/** Row count of every table (FTS shadow tables left out: they follow their content table). */
export function tableCounts(file: string): TableCounts {
	const db = new SQLite(file, { readonly: true, fileMustExist: true });
	try {
		const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			AND name NOT LIKE 'cooperation_fts%' ORDER BY name`).pluck().all() as string[];
		const counts: TableCounts = {};
		for (const t of tables) counts[t] = db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number;
		return counts;
	} finally {
		db.close();
	}
}

/** `PRAGMA integrity_check` of a file: the problems, or an empty list. */
export function integrityProblems(file: string): string[] {
	const db = new SQLite(file, { readonly: true, fileMustExist: true });
	try {
		const rows = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
		const lines = rows.map((r) => r.integrity_check);
		return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
	} finally {
		db.close();
	}
}

/** `ikz-atlas-2026-11-25T07-10-00Z.sqlite`: sortable, no colons (valid on every file system). */
export function timestampedName(now = new Date(), base = 'ikz-atlas'): string {
	return `${base}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.sqlite`;
}

export interface BackupResult {
	file: string;
	counts: TableCounts;
}

/**
 * Copy the database at `source` into `target` (a file, or a folder for a timestamped file in it)
 * and verify the copy. Never overwrites an existing file.
 */
export async function backupSqlite(source: string, target: string, now = new Date()): Promise<BackupResult> {
	if (!fs.existsSync(source)) throw new BackupError(`Keine Datenbank unter ${source}.`);
	const isFolder = target.endsWith('/') || (fs.existsSync(target) && fs.statSync(target).isDirectory());
	const file = path.resolve(isFolder ? path.join(target, timestampedName(now)) : target);
	if (fs.existsSync(file)) throw new BackupError(`${file} gibt es schon; eine Sicherung überschreibt nichts.`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const db = new SQLite(source, { fileMustExist: true });
	try {
		await db.backup(file);
	} finally {
		db.close();
	}
	// The copy carries the source's WAL mode; switch it to a rollback journal so it is one
	// self-contained file (reading it later leaves no -wal/-shm next to it), then check it.
	const copy = new SQLite(file, { fileMustExist: true });
	try {
		copy.pragma('journal_mode = DELETE');
	} finally {
		copy.close();
	}
	const problems = integrityProblems(file);
	if (problems.length) throw new BackupError(`Die Sicherung ${file} ist beschädigt: ${problems.slice(0, 5).join('; ')}`);
	return { file, counts: tableCounts(file) };
}

/** True while some process has the SQLite database open (WAL mode keeps the -shm file then). */
export function databaseInUse(location: string): boolean {
	return fs.existsSync(`${location}-shm`) || fs.existsSync(`${location}-wal`);
}

export interface RestoreResult {
	counts: TableCounts;
}

/**
 * Restore the backup `from` into the database at `location` through the backup API (so a
 * process that has the database open sees the restored state, not a stale file). Refuses a
 * database that is in use unless `force` is set; the backup is verified before and the restored
 * database after (integrity and the same row counts).
 */
export async function restoreSqlite(from: string, location: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
	if (!fs.existsSync(from)) throw new BackupError(`Keine Sicherung unter ${from}.`);
	const problems = integrityProblems(from);
	if (problems.length) throw new BackupError(`Die Sicherung ${from} ist beschädigt: ${problems.slice(0, 5).join('; ')}`);
	if (databaseInUse(location) && !options.force) {
		throw new BackupError(`Die Datenbank ${location} ist geöffnet (läuft die Anwendung?). Erst beenden oder --force angeben.`);
	}
	const expected = tableCounts(from);
	fs.mkdirSync(path.dirname(location), { recursive: true });
	const backup = new SQLite(from, { readonly: true, fileMustExist: true });
	try {
		await backup.backup(location);
	} finally {
		backup.close();
	}
	const after = integrityProblems(location);
	if (after.length) throw new BackupError(`Die wiederhergestellte Datenbank ist beschädigt: ${after.slice(0, 5).join('; ')}`);
	const counts = tableCounts(location);
	const differing = Object.keys({ ...expected, ...counts }).filter((t) => expected[t] !== counts[t]);
	if (differing.length) throw new BackupError(`Zeilenzahlen weichen von der Sicherung ab: ${differing.join(', ')}`);
	return { counts };
}

/**
 * The documented PostgreSQL route (README, "For data centres"): pg_dump in the custom format,
 * a readability check, pg_restore in one transaction. The commands name "$DATABASE_URL" so they
 * run as printed in a shell where it is set (no password is ever printed).
 */
export function postgresBackupCommands(now = new Date(), file = `var/backups/${timestampedName(now).replace(/\.sqlite$/, '.dump')}`): string[] {
	return [
		`mkdir -p var/backups && pg_dump --format=custom --no-owner --file=${file} "$DATABASE_URL"`,
		`pg_restore --list ${file} > /dev/null`,
		`pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" ${file}`
	];
}

export function formatCounts(counts: TableCounts): string {
	return Object.entries(counts).map(([t, n]) => `  ${t}: ${n}`).join('\n');
}
