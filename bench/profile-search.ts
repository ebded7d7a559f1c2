/**
 * `npx tsx bench/profile-search.ts [db-file]`: where does a search's time go? Runs the pieces of
 * GET /kooperationen.json in-process on the synthetic register, each timed on its own:
 * the text index (build and match), runSearch, the page's rows, labelling and JSON.
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
import { facetIndex } from '../src/lib/server/search/facet-index';
import { textIndex } from '../src/lib/server/search/text-index';
import { runSearch } from '../src/lib/server/search/run-search';
import { cooperationRows } from '../src/lib/server/registry/rows';
import { searchPage } from '../src/lib/server/registry/search-service';
import { cooperationJson } from '../src/lib/server/registry/present';
import { readSettings } from '../src/lib/server/settings';
import { parseSearchQuery } from '../src/lib/domain/search-query';
import { DEFAULT_SEED, DEFAULT_SIZE, generateRawRegister, readTaxonomies, validateRegister } from './synthetic-register';
import { percentile } from './http-timing';

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
	// A broad word (Volkshochschule, Musikschule, Jugendverkehrsschule, Förderschule …).
	'q=schule',
	// The first town of the synthetic register (seed 20261125), as in the bench's filter scenario.
	'partner=illerermuende&thema=umwelt-ver-entsorgung',
	''
];

async function prepare(file: string): Promise<void> {
	if (fs.existsSync(file)) return;
	const dataSet = validateRegister(generateRawRegister(DEFAULT_SEED, DEFAULT_SIZE), readTaxonomies(path.join(ROOT, 'data')));
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

async function profile(file: string): Promise<void> {
	const { db, close } = openDatabase(`file:${file}`);
	const settings = readSettings({ DATABASE_URL: `file:${file}` });
	try {
		let t = performance.now();
		const index = await facetIndex(db);
		console.log(`facet index build (cold): ${(performance.now() - t).toFixed(0)} ms, ${index.rows.length} rows`);
		t = performance.now();
		const words = await textIndex(db, index);
		console.log(`text index build (cold): ${(performance.now() - t).toFixed(0)} ms`);
		console.log(`page cache: ${JSON.stringify(await sql`PRAGMA cache_size`.execute(db).then((r) => r.rows[0]))}, ` +
			`${JSON.stringify(await sql`PRAGMA page_count`.execute(db).then((r) => r.rows[0]))} pages of 4 KB\n`);
		console.log('all times: median / p90 ms over', REPEAT, 'runs');
		for (const qs of QUERIES) {
			const params = new URLSearchParams(qs);
			const q = parseSearchQuery(params);
			const text = words.match(q.q);
			const result = await runSearch(db, q);
			const page = await searchPage(db, params, settings);
			console.log(`\n?${qs || '(none)'}  — text hits ${text?.rows.length ?? 'all'}, result ${result.total}`);
			console.log(`  revision query (facetIndex)    ${await time(() => facetIndex(db))}`);
			console.log(`  text index match               ${await time(() => words.match(q.q))}`);
			console.log(`  runSearch (all of it)          ${await time(() => runSearch(db, q))}`);
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
