/**
 * Routes never touch SQL (issue 20, docs/architecture.md): a file under src/routes calls a module
 * under src/lib/server (registry, auth, oparl, …) instead of building Kysely queries or raw `sql`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROUTES = path.resolve(import.meta.dirname, '..', 'routes');

/** Kysely's query starters (`db.selectFrom(…)`, `trx.insertInto(…)`, …) and the raw `sql` tag. */
const QUERY = /\.\s*(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\s*\(|\bsql\s*(?:<[^`;]*>)?\s*`|\bsql\s*\.\s*(?:raw|ref|lit|id|table|join|val)\s*\(/;

// Route files still allowed to query while they are being moved (issue 20): none left.
const ALLOWED = new Set<string>([]);

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return filesUnder(full);
		return /\.(ts|js|svelte)$/.test(e.name) ? [full] : [];
	});
}

/** The 1-based line numbers of a source that run a query. */
function queryLines(source: string): number[] {
	return source.split('\n').flatMap((line, i) => (QUERY.test(line) ? [i + 1] : []));
}

describe('routes and SQL', () => {
	it('detects the kinds of query it forbids and lets ordinary code pass', () => {
		expect(queryLines("const u = await db().selectFrom('app_user').select('id').execute();")).toEqual([1]);
		expect(queryLines("ok();\nawait trx\n\t.insertInto('x').values(v).execute();")).toEqual([3]);
		expect(queryLines("await db().updateTable('body').set({ name }).execute();")).toEqual([1]);
		expect(queryLines("await db() . deleteFrom ('session').execute();")).toEqual([1]);
		expect(queryLines('const n = await sql<{ n: number }>`select count(*) as n from body`.execute(db());')).toEqual([1]);
		expect(queryLines('await sql`vacuum`.execute(db());')).toEqual([1]);
		expect(queryLines("const q = sql.raw('select 1');")).toEqual([1]);
		expect(queryLines([
			"import { readUser } from '#lib/server/auth/users.ts';",
			"const sqlite = url.searchParams.get('selectFrom');",
			'const label = `${sqlText} rows`;',
			"form.get('deleteFrom');",
			'const s = new Set([1]).has(1);'
		].join('\n'))).toEqual([]);
	});

	it('no route file builds a query (except those on the list being moved)', () => {
		const found: string[] = [];
		for (const file of filesUnder(ROUTES)) {
			const rel = path.relative(ROUTES, file).split(path.sep).join('/');
			if (ALLOWED.has(rel)) continue;
			const lines = queryLines(readFileSync(file, 'utf8'));
			if (lines.length) found.push(`${rel}:${lines.join(',')}`);
		}
		expect(found).toEqual([]);
	});

	it('lists only files that exist', () => {
		const all = new Set(filesUnder(ROUTES).map((f) => path.relative(ROUTES, f).split(path.sep).join('/')));
		expect([...ALLOWED].filter((f) => !all.has(f))).toEqual([]);
	});
});
