/**
 * Caches that cannot be fooled (issue 23, item 2). A running instance keeps its search index and
 * body resolver in memory, keyed by the data generation. A restore sets the revision counter back,
 * and the next edit brings it to a number the instance had already cached for other data; with
 * the revision as the key the instance then served stale filters and counts. Here one handle
 * plays the running instance (its caches stay warm across the restore) and a freshly opened
 * handle on the same file is the oracle: both must answer alike right after the restore and edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { backupSqlite, restoreSqlite } from '../../src/lib/server/db/backup';
import { bumpRevision } from '../../src/lib/server/db/versions';
import { dataGeneration, withOneGenerationPerRequest } from '../../src/lib/server/db/generation';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import { loadBodyResolver } from '../../src/lib/server/registry/body-resolve';

describe('data generation as the cache key', () => {
	let dir: string;
	let file: string;
	let running: DatabaseHandle;

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-generation-'));
		file = path.join(dir, 'atlas.sqlite');
		running = openDatabase(`file:${file}`);
		await migrateToLatest(running.db);
		await applyDataSet(running.db, readDataSet('data'));
	}, 60_000);
	afterAll(async () => {
		await running?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const revision = async (h: DatabaseHandle) => (await h.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirstOrThrow()).value;
	const search = (h: DatabaseHandle, qs: string) => runSearch(h.db, parseSearchQuery(new URLSearchParams(qs)), { allRows: true });
	const setStatus = (h: DatabaseHandle, id: string, status: string) => h.db.transaction().execute(async (trx) => {
		await trx.updateTable('cooperation').set({ status }).where('id', '=', id).execute();
		await bumpRevision(trx);
	});
	/** What an instance without any cache answers now. */
	async function fresh<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
		const h = openDatabase(`file:${file}`);
		try {
			return await fn(h);
		} finally {
			await h.close();
		}
	}

	it('every migrated database has a generation, and each change writes a new one', async () => {
		const g0 = await dataGeneration(running.db);
		expect(g0).toMatch(/^\d+\/[0-9a-f-]{36}$/);
		const someId = (await running.db.selectFrom('cooperation').select('id').where('archived_at', 'is', null).executeTakeFirstOrThrow()).id;
		const before = (await running.db.selectFrom('cooperation').select('status').where('id', '=', someId).executeTakeFirstOrThrow()).status;
		await setStatus(running, someId, before);
		const g1 = await dataGeneration(running.db);
		expect(g1).not.toBe(g0);
		expect(g1.split('/')[1]).not.toBe(g0.split('/')[1]);
	});

	it('a reading request reads the generation once; work it leaves behind, and the next request, read anew', async () => {
		const someId = (await running.db.selectFrom('cooperation').select('id').where('archived_at', 'is', null).executeTakeFirstOrThrow()).id;
		const status = (await running.db.selectFrom('cooperation').select('status').where('id', '=', someId).executeTakeFirstOrThrow()).status;
		let later: Promise<string> | null = null;
		const [first, second, afterChange] = await withOneGenerationPerRequest(async () => {
			const a = await dataGeneration(running.db);
			const b = await dataGeneration(running.db);
			// Another instance changes the data while this request renders: the request keeps its view.
			await fresh((h) => setStatus(h, someId, status));
			const c = await dataGeneration(running.db);
			// A timer started during the request runs after it answered.
			later = new Promise((resolve) => setTimeout(() => resolve(dataGeneration(running.db)), 5));
			return [a, b, c];
		});
		expect(second).toBe(first);
		expect(afterChange).toBe(first);
		const now = await dataGeneration(running.db);
		expect(now).not.toBe(first);
		expect(await later).toBe(now);
		expect(await withOneGenerationPerRequest(() => dataGeneration(running.db))).toBe(now);
	});

	it('a restore under a running instance, then an edit that repeats the revision: filters and counts are right at once', async () => {
		const active = (await running.db.selectFrom('cooperation').select('id').where('status', '=', 'active').where('archived_at', 'is', null).orderBy('id').execute()).map((r) => r.id);
		expect(active.length).toBeGreaterThan(3);
		const [x, y] = [active[1]!, active[active.length - 2]!];

		// The instance has its caches for the state that is backed up.
		await search(running, 'status=planned');
		await loadBodyResolver(running.db);
		const backup = (await backupSqlite(file, path.join(dir, 'backups') + '/')).file;

		// An edit after the backup: X becomes planned; the instance caches that state.
		await setStatus(running, x, 'planned');
		const withX = await search(running, 'status=planned');
		const revWithX = await revision(running);
		expect(withX.seqs.length).toBe((await fresh((h) => search(h, 'status=planned'))).seqs.length);

		// Restore the backup under the running instance, then another edit (Y ends): the revision
		// counter is back at the number cached with X planned.
		await restoreSqlite(backup, file, { force: true });
		await setStatus(running, y, 'ended');
		expect(await revision(running)).toBe(revWithX);

		const now = await search(running, 'status=planned');
		const truth = await fresh((h) => search(h, 'status=planned'));
		expect(now.total).toBe(truth.total);
		expect(now.seqs).toEqual(truth.seqs);
		expect(now.total).toBe(withX.total - 1);
		expect(now.facets.status).toEqual(truth.facets.status);
		const ended = await search(running, 'status=ended');
		expect(ended.total).toBe((await fresh((h) => search(h, 'status=ended'))).total);
		const all = await search(running, '');
		const allTruth = await fresh((h) => search(h, ''));
		expect(all.facets.status).toEqual(allTruth.facets.status);
		expect(all.facets.status.find((f) => f.value === 'planned')?.count ?? 0)
			.toBe(Number((await running.db.selectFrom('cooperation').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'planned').where('archived_at', 'is', null).executeTakeFirstOrThrow()).n));
	});
});
