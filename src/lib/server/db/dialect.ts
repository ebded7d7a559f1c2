/**
 * The few places where SQLite and PostgreSQL (server or PGlite) spell SQL differently (issue 8).
 * Everything else goes through Kysely's builder and is the same on both.
 */
import { type Expression, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works for any schema (app or migrations)
type AnyDb = Kysely<any>;

/** True when `db` talks to PostgreSQL. */
export function isPostgres(db: AnyDb): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Escape LIKE wildcards so a term is matched literally (PostgreSQL's default escape is the backslash). */
export function escapeLike(term: string): string {
	return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` contains `term` as a substring, case-sensitively (the texts compared are folded):
 * instr() on SQLite, LIKE on PostgreSQL (served by a pg_trgm index where one exists).
 */
export function containsText(db: AnyDb, column: Expression<string>, term: string): RawBuilder<boolean> {
	return isPostgres(db) ? sql<boolean>`${column} LIKE ${`%${escapeLike(term)}%`}` : sql<boolean>`instr(${column}, ${term}) > 0`;
}

/** Case-insensitive LIKE (SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE). */
export function likeOperator(db: AnyDb): 'like' | 'ilike' {
	return isPostgres(db) ? 'ilike' : 'like';
}
