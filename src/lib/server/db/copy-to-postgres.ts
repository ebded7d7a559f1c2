/**
 * Copies a SQLite register into PostgreSQL (issue 8, `npm run db:migrate-to-postgres`): runs the
 * migrations on the target, copies every table in foreign-key order in batches, resets the
 * sequences of the auto-increment keys, and verifies per table the row count and a checksum of
 * the rows, computed the same way on both sides (each row as canonical JSON, the lines sorted
 * in JavaScript, so neither database's collation matters). Everything happens in one target
 * transaction: on any error or difference nothing is left behind.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';
import { isPostgres } from './dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are copied generically
type AnyDb = Kysely<any>;
type Row = Record<string, unknown>;

export class CopyError extends Error {}

export interface TableCopy {
	table: string;
	rows: number;
	checksum: string;
}

export interface CopyReport {
	tables: TableCopy[];
	sequences: string[];
}

const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

function quote(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/** The app's tables on SQLite (FTS5 tables and their shadow tables left out: PostgreSQL indexes differently). */
async function sqliteTables(db: AnyDb): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cooperation_fts%' ORDER BY name`.execute(db);
	return rows.map((r) => r.name).filter((n) => !KYSELY_TABLES.has(n));
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
async function dependencyOrder(db: AnyDb, tables: string[]): Promise<string[]> {
	const deps = new Map<string, Set<string>>();
	for (const t of tables) {
		const { rows } = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${t})`.execute(db);
		deps.set(t, new Set(rows.map((r) => r.table).filter((x) => x !== t && tables.includes(x))));
	}
	const ordered: string[] = [];
	const done = new Set<string>();
	const visit = (t: string, path: string[]) => {
		if (done.has(t)) return;
		if (path.includes(t)) throw new CopyError(`Zyklische Fremdschlüssel: ${[...path, t].join(' → ')}`);
		for (const d of [...deps.get(t)!].sort()) visit(d, [...path, t]);
		done.add(t);
		ordered.push(t);
	};
	for (const t of tables) visit(t, []);
	return ordered;
}

/** Canonical JSON of a row: keys sorted, bytes as hex, so both databases give the same text. */
export function canonicalRow(row: Row): string {
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(row).sort()) {
		const v = row[k];
		out[k] = v instanceof Uint8Array ? `\\x${Buffer.from(v).toString('hex')}` : typeof v === 'bigint' ? Number(v) : v;
	}
	return JSON.stringify(out);
}

async function tableChecksum(db: AnyDb, table: string): Promise<{ rows: number; checksum: string }> {
	const rows = (await db.selectFrom(table).selectAll().execute()) as Row[];
	const lines = rows.map(canonicalRow).sort();
	const hash = createHash('sha256');
	for (const l of lines) hash.update(l).update('\n');
	return { rows: rows.length, checksum: hash.digest('hex') };
}

async function migrationNames(db: AnyDb): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
	return rows.map((r) => r.name);
}

/** Columns with a sequence (serial keys) in the target's current schema. */
async function serialColumns(db: AnyDb): Promise<{ table: string; column: string; sequence: string }[]> {
	const { rows } = await sql<{ table: string; column: string; sequence: string | null }>`
		SELECT c.table_name AS "table", c.column_name AS "column",
			pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name) AS "sequence"
		FROM information_schema.columns c
		WHERE c.table_schema = current_schema() AND c.column_default LIKE 'nextval(%'
		ORDER BY 1, 2`.execute(db);
	return rows.filter((r): r is { table: string; column: string; sequence: string } => r.sequence !== null);
}

export interface CopyOptions {
	batchSize?: number;
	log?: (line: string) => void;
}

/**
 * Copy everything from `source` (SQLite, at the latest migration) into `target` (PostgreSQL,
 * empty or new). Throws CopyError (or the database's error) and leaves the target unchanged.
 */
export async function copySqliteToPostgres(source: Kysely<Database>, target: Kysely<Database>, options: CopyOptions = {}): Promise<CopyReport> {
	const src = source as AnyDb;
	const log = options.log ?? (() => {});
	const batchSize = options.batchSize ?? 500;
	if (isPostgres(src)) throw new CopyError('Die Quelle muss eine SQLite-Datenbank sein.');
	if (!isPostgres(target as AnyDb)) throw new CopyError('Das Ziel muss PostgreSQL sein (postgres://… oder pglite:…).');

	const ran = await migrateToLatest(target);
	if (ran.length) log(`Migrationen im Ziel ausgeführt: ${ran.length}`);
	const [srcMigrations, dstMigrations] = [await migrationNames(src), await migrationNames(target as AnyDb)];
	if (srcMigrations.join('\n') !== dstMigrations.join('\n')) {
		const missing = dstMigrations.filter((m) => !srcMigrations.includes(m));
		throw new CopyError(`Die Quelle ist nicht auf dem Stand der Anwendung (fehlt: ${missing.join(', ') || '–'}; unbekannt: ${srcMigrations.filter((m) => !dstMigrations.includes(m)).join(', ') || '–'}). Erst die Anwendung oder npm run data:load mit der SQLite-Datenbank starten.`);
	}
	const tables = await dependencyOrder(src, await sqliteTables(src));

	return await target.transaction().execute(async (trxTyped) => {
		const trx = trxTyped as AnyDb;
		// The target must be empty; the migrations only wrote meta rows, which the copy replaces.
		for (const t of tables) {
			if (t === 'meta') continue;
			const n = Number((await trx.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
			if (n > 0) throw new CopyError(`Das Ziel ist nicht leer (${t}: ${n} Zeilen). Nur in eine neue Datenbank kopieren.`);
		}
		await trx.deleteFrom('meta').execute();

		const report: CopyReport = { tables: [], sequences: [] };
		for (const t of tables) {
			let copied = 0;
			let last = Number.MIN_SAFE_INTEGER;
			for (;;) {
				// Keyset pagination over rowid keeps the source's insertion order (and is fast).
				const { rows } = await sql<Row & { __rowid: number }>`SELECT rowid AS __rowid, * FROM ${sql.raw(quote(t))}
					WHERE rowid > ${last} ORDER BY rowid LIMIT ${batchSize}`.execute(src);
				if (rows.length === 0) break;
				last = rows[rows.length - 1]!.__rowid;
				const values = rows.map(({ __rowid: _, ...r }) => r);
				await trx.insertInto(t).values(values).execute();
				copied += rows.length;
				if (rows.length < batchSize) break;
			}
			log(`${t}: ${copied}`);
		}

		for (const s of await serialColumns(trx)) {
			await sql`SELECT setval(${s.sequence}::regclass, COALESCE((SELECT max(${sql.ref(s.column)}) FROM ${sql.table(s.table)}), 0) + 1, false)`.execute(trx);
			report.sequences.push(`${s.table}.${s.column}`);
		}

		// Verify inside the transaction: a difference rolls everything back.
		const differences: string[] = [];
		for (const t of tables) {
			const a = await tableChecksum(src, t);
			const b = await tableChecksum(trx, t);
			if (a.rows !== b.rows) differences.push(`${t}: ${a.rows} Zeilen in der Quelle, ${b.rows} im Ziel`);
			else if (a.checksum !== b.checksum) differences.push(`${t}: Prüfsumme weicht ab`);
			report.tables.push({ table: t, rows: b.rows, checksum: b.checksum });
		}
		if (differences.length) throw new CopyError(`Überprüfung fehlgeschlagen, nichts übernommen:\n${differences.join('\n')}`);
		return report;
	});
}
