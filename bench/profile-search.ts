/**
 * `npx tsx bench/profile-search.ts [db-file]`: where does a search's time go? Runs the pieces of
 * GET /kooperationen.json in-process on the synthetic register, each timed on its own:
 * the FTS query, runSearch's scan/facets/sort, the page's rows, labelling and JSON.
 *
 * With a db-file that exists, it is reused (loading 100,000 cooperations takes minutes);
 * otherwise the register is generated and loaded into that file (default: a temp file, removed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/lib/server/db/connect';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { applyDataSet } from '../src/lib/server/data/load-data';
import { facetIndex, type IndexRow } from '../src/lib/server/search/facet-index';
import { matchText } from '../src/lib/server/search/text-match';
import { runSearch } from '../src/lib/server/search/run-search';
import { cooperationRows } from '../src/lib/server/registry/rows';
import { searchPage } from '../src/lib/server/registry/search-service';
import { cooperationJson } from '../src/lib/server/registry/present';
import { readSettings } from '../src/lib/server/settings';
import { FILTER_KEYS, type FilterKey, parseSearchQuery, type SearchQuery } from '../src/lib/domain/search-query';
import { queryTerms } from '../src/lib/domain/text-fold';
import { DEFAULT_SIZE, generateRawRegister, readTaxonomies, validateRegister } from './synthetic-register';
import { percentile } from './http-timing';
import type { Kysely } from 'kysely';
import type { Database } from '../src/lib/server/db/schema';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPEAT = 40;

const QUERIES: readonly string[] = [
	'q=rettung&thema=sicherheit-ordnung&rechtsform=oerv',
	'q=muell&thema=umwelt-ver-entsorgung&rechtsform=oerv',
	'q=strasse&thema=umwelt-ver-entsorgung&rechtsform=oerv',
	'q=vergabe&thema=verwaltung-it&rechtsform=oerv',
	'q=wirtschaftsförderung&thema=wirtschaft&rechtsform=gmbh',
	'q=rettung',
	'q=strasse',
	''
];

async function prepare(file: string): Promise<void> {
	if (fs.existsSync(file)) return;
	const dataSet = validateRegister(generateRawRegister(20261125, DEFAULT_SIZE), readTaxonomies(path.join(ROOT, 'data')));
	const handle = openDatabase(`file:${file}`);
	await migrateToLatest(handle.db);
	const started = performance.now();
	await applyDataSet(handle.db, dataSet);
	console.log(`loaded ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	await handle.close();
}

/** Median and p90 of `REPEAT` runs of `work` (after one warm-up run), in ms. */
async function time(work: () => Promise<unknown> | unknown): Promise<string> {
	await work();
	const ms: number[] = [];
	for (let i = 0; i < REPEAT; i++) {
		const t = performance.now();
		await work();
		ms.push(performance.now() - t);
	}
	ms.sort((a, b) => a - b);
	return `${percentile(ms, 50).toFixed(2).padStart(7)} / ${percentile(ms, 90).toFixed(2).padStart(7)}`;
}

type Phase = 'scan' | 'bumps' | 'sortHits' | 'facetSort';

/**
 * A timed mirror of runSearch's loop (src/lib/server/search/run-search.ts; year filter and "all
 * partners" subtleties left out, which the benchmark queries do not use). Diagnosis only: it
 * splits the JS time into the scan, the facet bumps, sorting the hits and sorting facet options.
 */
async function runSearchPhases(db: Kysely<Database>, q: SearchQuery, textSet: Set<number> | null): Promise<Record<Phase, number>> {
	const index = await facetIndex(db);
	const values: Record<FilterKey, (r: IndexRow) => readonly (string | null)[]> = {
		partner: (r) => r.partners, topic: (r) => r.topics, legalForm: (r) => [r.legalForm], performer: (r) => [r.performer],
		orgUnit: (r) => [r.orgUnit], status: (r) => [r.status], list: (r) => [r.list]
	};
	const matches = (key: FilterKey, r: IndexRow) => {
		const wanted = q.filters[key];
		if (wanted.length === 0) return true;
		const have = values[key](r);
		return key === 'partner' ? wanted.every((w) => have.includes(w)) : wanted.some((w) => have.includes(w));
	};
	const counts = Object.fromEntries(FILTER_KEYS.map((k) => [k, new Map<string, number>()])) as Record<FilterKey, Map<string, number>>;
	const bump = (key: FilterKey, r: IndexRow) => {
		const m = counts[key];
		for (const v of new Set(values[key](r))) if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
	};
	const scan = (withBumps: boolean) => {
		const hits: IndexRow[] = [];
		for (const r of index.rows) {
			if (textSet && !textSet.has(r.seq)) continue;
			let failed: FilterKey | null = null;
			let failures = 0;
			for (const key of FILTER_KEYS) {
				if (!matches(key, r)) {
					failures++;
					failed = key;
					if (failures > 1) break;
				}
			}
			if (failures === 0) {
				hits.push(r);
				if (withBumps) for (const key of FILTER_KEYS) bump(key, r);
			} else if (withBumps && failures === 1 && failed !== null && failed !== 'partner') {
				bump(failed, r);
			}
		}
		return hits;
	};
	let t = performance.now();
	scan(false);
	const scanMs = performance.now() - t;
	t = performance.now();
	const hits = scan(true);
	const bumpsMs = performance.now() - t - scanMs;
	const byNumber = (a: IndexRow, b: IndexRow) => a.list.localeCompare(b.list) || a.number - b.number || a.seq - b.seq;
	t = performance.now();
	if (q.sort === 'relevanz') {
		const terms = queryTerms(q.q);
		const inTitle = (r: IndexRow) => (terms.every((term) => r.titleKey.includes(term)) ? 0 : 1);
		hits.sort((a, b) => inTitle(a) - inTitle(b) || byNumber(a, b));
	} else {
		hits.sort(byNumber);
	}
	const sortMs = performance.now() - t;
	t = performance.now();
	for (const key of FILTER_KEYS) {
		[...counts[key]].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, 40);
	}
	return { scan: scanMs, bumps: Math.max(0, bumpsMs), sortHits: sortMs, facetSort: performance.now() - t };
}

/** What the same sorts cost with a plain code-unit comparison instead of String#localeCompare. */
function sortComparison(rows: readonly IndexRow[]): string {
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	const withLocale = [...rows];
	let t = performance.now();
	withLocale.sort((a, b) => a.list.localeCompare(b.list) || a.number - b.number || a.seq - b.seq);
	const localeMs = performance.now() - t;
	const plain = [...rows];
	t = performance.now();
	plain.sort((a, b) => cmp(a.list, b.list) || a.number - b.number || a.seq - b.seq);
	return `sorting all ${rows.length} rows by list/number: localeCompare ${localeMs.toFixed(0)} ms, plain < ${(performance.now() - t).toFixed(0)} ms`;
}

async function profile(file: string): Promise<void> {
	const { db, close } = openDatabase(`file:${file}`);
	const settings = readSettings({ DATABASE_URL: `file:${file}` });
	try {
		let t = performance.now();
		const index = await facetIndex(db);
		console.log(`facet index build (cold): ${(performance.now() - t).toFixed(0)} ms, ${index.rows.length} rows`);
		t = performance.now();
		await sql`SELECT count(*) FROM cooperation_fts WHERE cooperation_fts MATCH '"rettung"'`.execute(db);
		console.log(`first FTS query (cold page cache): ${(performance.now() - t).toFixed(0)} ms`);
		console.log(sortComparison(index.rows));
		const seqSql = (expr: string) => sql`SELECT seq FROM cooperation WHERE seq IN (SELECT rowid FROM cooperation_fts WHERE cooperation_fts MATCH ${expr})`;
		console.log(`page cache: ${JSON.stringify(await sql`PRAGMA cache_size`.execute(db).then((r) => r.rows[0]))}, ` +
			`${JSON.stringify(await sql`PRAGMA page_count`.execute(db).then((r) => r.rows[0]))} pages of 4 KB\n`);
		console.log('all times: median / p90 ms over', REPEAT, 'runs');
		for (const qs of QUERIES) {
			const params = new URLSearchParams(qs);
			const q = parseSearchQuery(params);
			const text = await matchText(db, q.q);
			const result = await runSearch(db, q);
			const page = await searchPage(db, params, settings);
			const fts = q.q ? `"${queryTerms(q.q).join('" "')}"` : null;
			console.log(`\n?${qs || '(none)'}  — text hits ${text?.size ?? 'all'}, result ${result.total}`);
			console.log(`  revision query (facetIndex)    ${await time(() => facetIndex(db))}`);
			if (fts) {
				console.log(`  FTS rowids only                ${await time(() => sql`SELECT rowid FROM cooperation_fts WHERE cooperation_fts MATCH ${fts}`.execute(db))}`);
			}
			if (fts) console.log(`  FTS joined to cooperation (SQL) ${await time(() => seqSql(fts).execute(db))}`);
			console.log(`  matchText (FTS + seq IN + Set) ${await time(() => matchText(db, q.q))}`);
			console.log(`  runSearch (all of it)          ${await time(() => runSearch(db, q))}`);
			const phases: Record<Phase, number[]> = { scan: [], bumps: [], sortHits: [], facetSort: [] };
			for (let i = 0; i < REPEAT; i++) {
				const p = await runSearchPhases(db, q, text);
				for (const k of Object.keys(phases) as Phase[]) phases[k].push(p[k]);
			}
			const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50).toFixed(2);
			console.log(`  └ runSearch JS phases (median)  scan ${med(phases.scan)}, facet bumps ${med(phases.bumps)}, ` +
				`sort hits ${med(phases.sortHits)}, sort facet options ${med(phases.facetSort)}`);
			console.log(`  cooperationRows (1 page)       ${await time(() => cooperationRows(db, result.seqs))}`);
			console.log(`  searchPage (run+label+rows)    ${await time(() => searchPage(db, params, settings))}`);
			console.log(`  JSON of the response           ${await time(() => JSON.stringify({ facets: page.facets, items: page.rows.map(cooperationJson) }))}`);
		}
	} finally {
		await close();
	}
}

const given = process.argv[2];
const dir = given ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-profile-'));
const file = given ? path.resolve(given) : path.join(dir as string, 'register.sqlite');
try {
	await prepare(file);
	await profile(file);
} finally {
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
