/**
 * Issue 15 (bulk load): the register's text search runs on the in-memory text index
 * (src/lib/server/search/text-index.ts) since issue 17, and the partner finder's idea search now
 * does too. The database-side substring indexes had no reader left but cost every write: on SQLite
 * the FTS5 trigram table filled by triggers (about 4.6 s of a 100,000-cooperation load), on
 * PostgreSQL the pg_trgm GIN index on cooperation.search_text. Both are dropped; the column
 * search_text stays (it is part of a record's content hash). Frozen once shipped.
 */
import { type Kysely, SqliteAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

const sqlite = (db: AnyDb) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: AnyDb): Promise<void> {
	if (sqlite(db)) {
		for (const t of ['cooperation_fts_ai', 'cooperation_fts_ad', 'cooperation_fts_au']) await sql`DROP TRIGGER IF EXISTS ${sql.id(t)}`.execute(db);
		await sql`DROP TABLE IF EXISTS cooperation_fts`.execute(db);
	} else {
		await sql`DROP INDEX IF EXISTS cooperation_search_trgm`.execute(db);
	}
}

/** What migration 0001 created on SQLite, for down(): trigger name, when, and what it does. */
const FTS_TRIGGERS: [string, string, string][] = [
	['cooperation_fts_ai', 'AFTER INSERT ON cooperation', "INSERT INTO cooperation_fts(rowid, search_text) VALUES (new.seq, new.search_text);"],
	['cooperation_fts_ad', 'AFTER DELETE ON cooperation', "INSERT INTO cooperation_fts(cooperation_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);"],
	['cooperation_fts_au', 'AFTER UPDATE OF search_text ON cooperation',
		"INSERT INTO cooperation_fts(cooperation_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text); " +
		'INSERT INTO cooperation_fts(rowid, search_text) VALUES (new.seq, new.search_text);']
];

export async function down(db: AnyDb): Promise<void> {
	if (!sqlite(db)) {
		await sql`CREATE INDEX cooperation_search_trgm ON cooperation USING gin (search_text gin_trgm_ops)`.execute(db);
		return;
	}
	await sql`CREATE VIRTUAL TABLE cooperation_fts USING fts5(search_text, content='cooperation', content_rowid='seq', tokenize='trigram')`.execute(db);
	for (const [name, when, body] of FTS_TRIGGERS) await sql.raw(`CREATE TRIGGER ${name} ${when} BEGIN ${body} END`).execute(db);
	await sql`INSERT INTO cooperation_fts(cooperation_fts) VALUES ('rebuild')`.execute(db);
}
