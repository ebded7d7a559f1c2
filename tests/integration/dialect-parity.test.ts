/**
 * The same register on SQLite and on PostgreSQL (PGlite in-process, or the server at
 * TEST_POSTGRES_URL) gives the same answers (issue 8): text search with German folding and parts
 * of compound words, filters and facet counts, sorting and paging, and the analyses. Compared
 * by cooperation id, so the test does not depend on key values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase, postgresDialect } from './helpers';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import { cooperationRows } from '../../src/lib/server/registry/rows';
import { cooperationMatrix } from '../../src/lib/server/analysis/network';
import { taskCoverage, topicCoverage } from '../../src/lib/server/analysis/coverage';
import { timeline } from '../../src/lib/server/analysis/timeline';
import { listArticles } from '../../src/lib/server/knowledge/articles';

let lite: DatabaseHandle;
let pg: DatabaseHandle;
beforeAll(async () => {
	const data = readDataSet('data');
	[lite, pg] = [await emptyDatabase('sqlite'), await emptyDatabase(postgresDialect())];
	for (const h of [lite, pg]) {
		await migrateToLatest(h.db);
		await applyDataSet(h.db, data);
	}
}, 120_000);
afterAll(async () => {
	await lite?.close();
	await pg?.close();
});

async function answer(h: DatabaseHandle, qs: string) {
	const r = await runSearch(h.db, parseSearchQuery(new URLSearchParams(qs)), { allRows: true, now: new Date('2026-11-25T12:00:00Z') });
	const rows = await cooperationRows(h.db, r.seqs);
	return { total: r.total, uncertain: r.uncertainInYear, ids: rows.map((x) => x.id), titles: rows.map((x) => x.title), facets: r.facets };
}

describe('SQLite and PostgreSQL answer alike', () => {
	it(`is really PostgreSQL on the other side, migrated to the latest schema`, async () => {
		expect(pg.dialect).not.toBe('sqlite');
		const { rows } = await (await import('kysely')).sql<{ n: string }>`SELECT indexname AS n FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'cooperation'`.execute(pg.db);
		const names = rows.map((r) => r.n);
		// Migration 0026 dropped the trigram index: text search runs on the in-memory text index on
		// both dialects, so both answer alike by construction below.
		expect(names).toContain('cooperation_pkey');
		expect(names).not.toContain('cooperation_search_trgm');
	});

	const queries = [
		'q=rettung', 'q=muell', 'q=M%C3%9CLL', 'q=b%C3%B6nen', 'q=bonen', 'q=boenen', 'q=strassenreinigung', 'q=Stra%C3%9Fe',
		'q=vergabe+l%C3%BCnen', 'q=rettungsdienst', 'q=it', 'q=a', 'q=xqzxqz', 'q=%22AND+OR+NEAR(%29*', 'q=100%25_',
		'', 'jahr=2020', 'q=schule&sort=beginn', 'sort=titel', 'sort=nr', 'sort=-beginn&seite=2', 'thema=umwelt-ver-entsorgung',
		'partner=kamen&partner=unna&verknuepfung=alle', 'partner=kamen&partner=bergkamen', 'q=abfall&jahr=2015&status=active'
	];
	for (const qs of queries) {
		it(`search "${qs}"`, async () => {
			const [a, b] = [await answer(lite, qs), await answer(pg, qs)];
			expect(b).toEqual(a);
		});
	}
	it('the text search really narrows on both', async () => {
		const [all, some] = [await answer(pg, ''), await answer(pg, 'q=rettung')];
		expect(some.total).toBeGreaterThan(3);
		expect(some.total).toBeLessThan(all.total);
	});

	it('analyses: matrix, coverage by task and topic, timeline', async () => {
		expect(await cooperationMatrix(pg.db, 'kreis-unna')).toEqual(await cooperationMatrix(lite.db, 'kreis-unna'));
		expect(await taskCoverage(pg.db, 'kreis-unna')).toEqual(await taskCoverage(lite.db, 'kreis-unna'));
		expect(await topicCoverage(pg.db, 'kreis-unna')).toEqual(await topicCoverage(lite.db, 'kreis-unna'));
		expect(await timeline(pg.db)).toEqual(await timeline(lite.db));
	});

	it('knowledge search (folded, parts of words)', async () => {
		for (const q of ['checkliste', 'Amtsblatt', 'zweckverb', 'öffentlich', '50%']) {
			expect((await listArticles(pg.db, { q })).map((x) => x.id), q).toEqual((await listArticles(lite.db, { q })).map((x) => x.id));
		}
	});
});
