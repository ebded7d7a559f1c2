/**
 * db:migrate-to-postgres (issue 8): a SQLite register with the shipped data and app edits (serial
 * keys, versions, audit lines, an import file as bytes) is copied into PostgreSQL (PGlite, or the
 * server at TEST_POSTGRES_URL); counts and checksums match, sequences continue after the copied
 * keys, the search finds the same on both, a second copy into the filled target is refused, and
 * a row PostgreSQL cannot take leaves the target as empty as before.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { emptyDatabase, postgresDialect } from './helpers';
import { openDatabase } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { CopyError, canonicalRow, copySqliteToPostgres } from '../../src/lib/server/db/copy-to-postgres';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { matchTextSeqs } from '../../src/lib/server/search/text-index';
import { audit } from '../../src/lib/server/auth/audit';
import { createUser } from '../../src/lib/server/auth/users';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';

async function sqliteRegister() {
	const h = openDatabase(':memory:');
	await migrateToLatest(h.db);
	await applyDataSet(h.db, readDataSet('data'));
	const userId = await createUser(h.db, { email: 'kora@kreis-unna.de', name: 'Kora Koordinatorin', bodyId: 'kreis-unna', role: 'coordinator' });
	const actor = { role: 'coordinator' as const, userId, name: 'Kora Koordinatorin', email: 'kora@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
	const first = (await h.db.selectFrom('cooperation').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
	const stored = (await readCooperation(h.db, first))!;
	const saved = await saveCooperation(h.db, actor, { regionId: 'kreis-unna', record: { ...stored.record, title: 'Straßenreinigung Größere Gemeinschaft' }, expectedVersion: stored.version, action: 'bearbeitet' });
	expect(saved.ok).toBe(true);
	await h.db.insertInto('import_job').values({
		id: 'imp-1', region_id: 'kreis-unna', user_id: userId, actor_label: 'Kora', created_at: '2026-11-25T07:00:00.000Z',
		file_name: 'tabelle.xlsx', file_size: 4, file_bytes: Buffer.from([0, 1, 0xfe, 0xff]), options_json: '{}', status: 'open', applied_at: null,
		result_json: null, version: 1
	}).execute();
	return { h, actor, first };
}

describe('SQLite → PostgreSQL', () => {
	it('copies everything, verified, with sequences and search working on the target', async () => {
		const { h: src, actor, first } = await sqliteRegister();
		const dst = await emptyDatabase(postgresDialect());
		const report = await copySqliteToPostgres(src.db, dst.db, { batchSize: 97 });

		const names = report.tables.map((t) => t.table);
		// Foreign-key order: parents first.
		expect(names.indexOf('cooperation')).toBeLessThan(names.indexOf('participation'));
		expect(names.indexOf('app_user')).toBeLessThan(names.indexOf('session'));
		expect(names).not.toContain('cooperation_fts');
		const coop = report.tables.find((t) => t.table === 'cooperation')!;
		expect(coop.rows).toBe(Number((await src.db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
		expect(coop.rows).toBeGreaterThan(50);

		// Independent check of one table: the same canonical rows on both sides.
		const a = (await src.db.selectFrom('record_version').selectAll().execute()).map(canonicalRow).sort();
		const b = (await dst.db.selectFrom('record_version').selectAll().execute()).map(canonicalRow).sort();
		expect(b).toEqual(a);
		const bytes = await dst.db.selectFrom('import_job').select('file_bytes').where('id', '=', 'imp-1').executeTakeFirstOrThrow();
		expect([...(bytes.file_bytes as Uint8Array)]).toEqual([0, 1, 0xfe, 0xff]);

		// Sequences continue after the copied keys.
		expect(report.sequences).toEqual(expect.arrayContaining(['audit_log.id', 'record_version.id', 'cooperation.seq', 'body.seq']));
		const maxAudit = (await dst.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m!;
		await audit(dst.db, actor, { action: 'test.nach-kopie' });
		expect((await dst.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m).toBe(maxAudit + 1);

		// The search gives the same on both (German folding, parts of compound words).
		const matchText = async (db: typeof src.db, q: string) => matchTextSeqs(db, await facetIndex(db), q);
		for (const q of ['strassenreinigung', 'größere', 'rettung', 'abfall', 'IT', 'Gemeinschaft Straßen']) {
			const [x, y] = [await matchText(src.db, q), await matchText(dst.db, q)];
			expect([...y!].sort(), q).toEqual([...x!].sort());
		}
		expect([...(await matchText(dst.db, 'groessere'))!]).toContain((await dst.db.selectFrom('cooperation').select('seq').where('id', '=', first).executeTakeFirstOrThrow()).seq);

		// A second copy into the filled target is refused and changes nothing.
		await expect(copySqliteToPostgres(src.db, dst.db)).rejects.toThrow(/nicht leer/);
		expect((await dst.db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(coop.rows);
		await src.close();
		await dst.close();
	}, 180_000);

	it('all or nothing: a text PostgreSQL refuses (a NUL character) leaves the target empty', async () => {
		const { h: src } = await sqliteRegister();
		await sql`UPDATE cooperation SET notes = 'vorher' || char(0) || 'nachher' WHERE seq = (SELECT max(seq) FROM cooperation)`.execute(src.db);
		const dst = await emptyDatabase(postgresDialect());
		await expect(copySqliteToPostgres(src.db, dst.db)).rejects.toThrow();
		for (const t of ['body', 'cooperation', 'participation', 'record_version', 'audit_log']) {
			expect(Number((await dst.db.selectFrom(t as 'body').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), t).toBe(0);
		}
		// The meta rows of the migrations are still there (the delete was rolled back too).
		expect((await dst.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value).toBe('0');
		await src.close();
		await dst.close();
	}, 180_000);

	it('refuses a PostgreSQL source and a SQLite target', async () => {
		const a = openDatabase(':memory:');
		const b = openDatabase(':memory:');
		await expect(copySqliteToPostgres(a.db, b.db)).rejects.toThrow(CopyError);
		await a.close();
		await b.close();
	});
});
