/**
 * Many rows per statement for the bulk load (issue 15: ≥ 10,000 cooperations/s), compiled by hand
 * like the directory's insert (src/lib/server/directory/apply.ts): the query builder's compile cost
 * per row was a large part of a row-by-row load. SQLite: one multi-row VALUES per chunk (kept under
 * SQLite's 32,766 bound parameters). PostgreSQL: the chunk travels as one JSON parameter and
 * json_populate_recordset unpacks it with the table's own column types. Table and column names
 * come from the code (the keys of the first row), never from input.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';
import { isPostgres } from './dialect';

/**
 * SQLite: rows per statement. A fixed size gives one SQL text for all full chunks, which the
 * statement cache (connect.ts) prepares once; 64 rows were as fast as one prepared single-row
 * statement per row and three times faster than chunks of 30,000 parameters prepared anew each.
 */
const SQLITE_ROWS = 64;
const SQLITE_MAX_PARAMS = 30_000;
const PG_CHUNK = 2_000;

/** Insert `rows` (all with the keys of the first) into `table`; returns the `returning` columns of each row. */
export async function bulkInsertRows<R extends Record<string, unknown>>(
	db: Kysely<Database>, table: keyof Database & string, rows: Record<string, unknown>[], returning: readonly string[] = []
): Promise<R[]> {
	if (!rows.length) return [];
	const columns = Object.keys(rows[0]!);
	const cols = columns.map((c) => `"${c}"`).join(', ');
	const ret = returning.length ? ` RETURNING ${returning.map((c) => `"${c}"`).join(', ')}` : '';
	const pg = isPostgres(db);
	const size = pg ? PG_CHUNK : Math.max(1, Math.min(SQLITE_ROWS, Math.floor(SQLITE_MAX_PARAMS / columns.length)));
	const out: R[] = [];
	for (let i = 0; i < rows.length; i += size) {
		const chunk = rows.slice(i, i + size);
		let query: CompiledQuery;
		if (pg) {
			const json = JSON.stringify(chunk.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
			query = CompiledQuery.raw(`INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::"${table}", $1::json)${ret}`, [json]);
		} else {
			const row = `(${columns.map(() => '?').join(', ')})`;
			const params: unknown[] = [];
			for (const r of chunk) for (const c of columns) params.push(r[c] ?? null);
			query = CompiledQuery.raw(`INSERT INTO "${table}" (${cols}) VALUES ${chunk.map(() => row).join(', ')}${ret}`, params);
		}
		const result = await db.executeQuery<R>(query);
		if (returning.length) out.push(...result.rows);
	}
	return out;
}
