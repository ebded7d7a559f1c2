/**
 * Full-text candidates: the cooperations whose folded search text contains every query term as a
 * substring. Terms of three or more characters use the FTS5 trigram index, whose rowid is the
 * cooperation's seq, so no table lookup is needed; shorter terms are then checked with instr() on
 * the rows the index narrowed (or on all rows if no term is long enough for trigrams). On
 * PostgreSQL a pg_trgm index plays the part of FTS5 (issue 8).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { queryTerms } from '../../domain/text-fold';
import { containsText, isPostgres } from '../db/dialect';

/** FTS5 query string: every term as a quoted phrase (implicit AND); quotes doubled. */
function ftsExpression(terms: string[]): string {
	return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}

/** Set of cooperation seqs matching the text, or null when the text has no terms (no restriction). */
export async function matchText(db: Kysely<Database>, text: string): Promise<Set<number> | null> {
	const terms = queryTerms(text);
	if (terms.length === 0) return null;
	if (isPostgres(db)) {
		// PostgreSQL: every term as LIKE '%term%'; the pg_trgm GIN index on search_text serves the
		// terms of three or more characters, the rest are checked on the rows it narrowed.
		let query = db.selectFrom('cooperation').select('seq');
		for (const t of terms) query = query.where(containsText(db, sql.ref('search_text'), t));
		return new Set((await query.execute()).map((r) => r.seq));
	}
	const long = terms.filter((t) => t.length >= 3);
	const short = terms.filter((t) => t.length < 3);
	if (short.length === 0) {
		const { rows } = await sql<{ seq: number }>`SELECT rowid AS seq FROM cooperation_fts WHERE cooperation_fts MATCH ${ftsExpression(long)}`.execute(db);
		return new Set(rows.map((r) => r.seq));
	}
	let query = db.selectFrom('cooperation').select('seq');
	if (long.length) {
		query = query.where(sql<boolean>`seq IN (SELECT rowid FROM cooperation_fts WHERE cooperation_fts MATCH ${ftsExpression(long)})`);
	}
	for (const t of short) query = query.where(sql<boolean>`instr(search_text, ${t}) > 0`);
	const rows = await query.execute();
	return new Set(rows.map((r) => r.seq));
}
