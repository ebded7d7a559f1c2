/**
 * Routes never touch SQL (issue 20, docs/architecture.md): a route file parses, authorises, calls a
 * command or read of src/lib/server and presents the result. The queries live in src/lib/server.
 * The files below still query and are to be moved; the list only shrinks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROUTES = path.resolve(import.meta.dirname, '../routes');

/** Route files (relative to src/routes) that still run queries themselves; remove an entry once moved. */
const STILL_QUERYING = [
	'anmelden/oidc/rueckruf/+server.ts',
	'erhebung/+page.server.ts',
	'koerperschaften/[id]/umsatzsteuer/+page.server.ts',
	'konto/+page.server.ts',
	'verwaltung/+page.server.ts',
	'verwaltung/archiv/+page.server.ts',
	'verwaltung/benutzer/+page.server.ts',
	'verwaltung/benutzer/[id]/+page.server.ts',
	'verwaltung/import/[id]/+page.server.ts',
	'verwaltung/oparl/+page.server.ts'
];

/** Query-builder calls and raw SQL, as Kysely spells them. */
const QUERY = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|executeQuery)\s*\(|\bsql\s*`|\bsql\.(?:raw|ref|table|id|lit|join)\s*\(/;

function runsQueries(source: string): boolean {
	return QUERY.test(source);
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return filesUnder(full);
		return /\.(ts|js|svelte)$/.test(e.name) ? [full] : [];
	});
}

describe('routes never touch SQL', () => {
	it('recognises the query builder and raw SQL, and not the words alone', () => {
		expect(runsQueries("const r = await db().selectFrom('region').select('name').execute();")).toBe(true);
		expect(runsQueries('await trx\n\t.updateTable("body").set({ note }).execute();')).toBe(true);
		expect(runsQueries('await db().deleteFrom(\'session\').where(\'id\', \'=\', id).execute();')).toBe(true);
		expect(runsQueries('await sql`SELECT 1`.execute(db());')).toBe(true);
		expect(runsQueries('const q = sql.raw(text);')).toBe(true);
		expect(runsQueries("import { regionName } from '#lib/server/steering/measures.ts';\nconst n = await regionName(db(), id);")).toBe(false);
		expect(runsQueries('// the page used to call selectFrom here; it now asks the store')).toBe(false);
		expect(runsQueries("const label = 'insertInto';")).toBe(false);
	});

	it('holds for every route file outside the shrinking list, and the list names only files that still query', () => {
		const querying = filesUnder(ROUTES)
			.map((full) => path.relative(ROUTES, full).split(path.sep).join('/'))
			.filter((file) => runsQueries(readFileSync(path.join(ROUTES, file), 'utf8')))
			.sort();
		expect(querying.filter((f) => !STILL_QUERYING.includes(f))).toEqual([]);
		expect(STILL_QUERYING.filter((f) => !querying.includes(f))).toEqual([]);
	});
});
