/**
 * DATABASE_URL forms (issue 8): SQLite paths, postgres:// and pglite: URLs; a PGlite folder keeps
 * its data across a reopen; counts come back as numbers on PostgreSQL, and a bigint beyond 2^53
 * is refused instead of rounded; passwords never appear in the location.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialectOf, openDatabase, redactUrl, sqliteLocation } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { isPostgres } from '../../src/lib/server/db/dialect';

describe('DATABASE_URL', () => {
	it('names the dialect', () => {
		expect(dialectOf('file:var/ikz-atlas.sqlite')).toBe('sqlite');
		expect(dialectOf(':memory:')).toBe('sqlite');
		expect(dialectOf('var/x.sqlite')).toBe('sqlite');
		expect(dialectOf('postgres://a:b@h:5432/d')).toBe('postgres');
		expect(dialectOf('postgresql://h/d')).toBe('postgres');
		expect(dialectOf('pglite:memory:')).toBe('pglite');
		expect(dialectOf('pglite:var/pg')).toBe('pglite');
		expect(sqliteLocation('file::memory:')).toBe(':memory:');
	});

	it('keeps passwords out of the location', () => {
		expect(redactUrl('postgres://atlas:geheim@db.example:5432/atlas')).toBe('postgres://atlas:***@db.example:5432/atlas');
		expect(redactUrl('postgres://db.example/atlas')).toBe('postgres://db.example/atlas');
		const h = openDatabase('postgres://atlas:geheim@127.0.0.1:1/atlas');
		expect(h.dialect).toBe('postgres');
		expect(h.location).not.toContain('geheim');
		return h.close();
	});

	it('a PGlite folder keeps its data; counts are numbers; a bigint beyond 2^53 is refused', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-pglite-'));
		try {
			const first = openDatabase(`pglite:${dir}/db`);
			expect(first.dialect).toBe('pglite');
			expect(isPostgres(first.db)).toBe(true);
			expect(await migrateToLatest(first.db)).toContain('2026-11-25-0001-register');
			await first.db.insertInto('meta').values({ key: 'probe', value: 'bleibt' }).execute();
			const n = await first.db.selectFrom('meta').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
			expect(n.n).toBe(4); // revision, generation (migration 0013), names_generation (0023), probe
			await expect(sql`SELECT 9007199254740993::bigint AS big`.execute(first.db)).rejects.toThrow(/sicheren Bereichs/);
			await first.close();

			const again = openDatabase(`pglite:${dir}/db`);
			expect(await migrateToLatest(again.db)).toEqual([]);
			expect((await again.db.selectFrom('meta').select('value').where('key', '=', 'probe').executeTakeFirst())?.value).toBe('bleibt');
			await again.close();
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});
