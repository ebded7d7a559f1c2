/**
 * `npx tsx bench/profile-pages.ts <db-file>`: where does a profile page's server time go (issue 15)?
 * Runs, in-process on a loaded register (`bench/load-register.ts <db-file>`), each piece the
 * cooperation and body profile pages load, timed on its own over a spread of ids: first call
 * (cold: caches of this revision empty) and the mean of repeated calls (warm). Also times the
 * names-keyed caches after a cooperation save (issue 15, item 1). Prints a table; not a test.
 */
import { openDatabase } from '../src/lib/server/db/connect';
import { facetIndex } from '../src/lib/server/search/facet-index';
import { bodyProfile, cooperationProfile } from '../src/lib/server/registry/profiles';
import { readCooperation } from '../src/lib/server/registry/write';
import { measuresForCooperation, berlinDay } from '../src/lib/server/steering/measures';
import { legalCooperation } from '../src/lib/server/legal/store';
import { legalProfile } from '../src/lib/server/legal/overview';
import { knowledgeForCooperation } from '../src/lib/server/knowledge/checklists';
import { dataDate } from '../src/lib/server/site/data-date';
import { loadNameLookup } from '../src/lib/server/directory/name-lookup';
import { loadBodyResolver } from '../src/lib/server/registry/body-resolve';
import { changesSince } from '../src/lib/server/analysis/changes';
import { bumpRevision } from '../src/lib/server/db/versions';

const file = process.argv[2];
if (!file) {
	console.error('usage: tsx bench/profile-pages.ts <db-file>');
	process.exit(2);
}
const handle = openDatabase(`file:${file}`);
const db = handle.db;
const REPEAT = Number(process.env.PROFILE_REPEAT ?? 30);

async function time(label: string, ids: string[], fn: (id: string) => Promise<unknown>): Promise<void> {
	let t = performance.now();
	await fn(ids[0]!);
	const first = performance.now() - t;
	t = performance.now();
	for (let i = 0; i < REPEAT; i++) await fn(ids[i % ids.length]!);
	const warm = (performance.now() - t) / REPEAT;
	console.log(`${label.padEnd(44)} first ${first.toFixed(1).padStart(8)} ms   warm ${warm.toFixed(2).padStart(8)} ms`);
}

let t0 = performance.now();
const index = await facetIndex(db);
console.log(`facet index built in ${(performance.now() - t0).toFixed(0)} ms (${index.rows.length} rows)`);
const coopIds = (await db.selectFrom('cooperation').select('id').orderBy('seq').execute()).map((r) => r.id);
const sample = Array.from({ length: 20 }, (_, i) => coopIds[Math.floor((i * coopIds.length) / 20)]!);
const bodyIds = (await db.selectFrom('body').select('id').where('kind', '=', 'gemeinde').orderBy('id').limit(20).execute()).map((r) => r.id);

await time('cooperationProfile', sample, (id) => cooperationProfile(db, id));
await time('readCooperation', sample, (id) => readCooperation(db, id));
await time('measuresForCooperation', sample, (id) => measuresForCooperation(db, id));
await time('legalCooperation + legalProfile', sample, async (id) => {
	const c = await legalCooperation(db, id);
	if (c) await legalProfile(db, c, berlinDay(), false);
});
await time('knowledgeForCooperation', sample, async (id) => {
	const s = await readCooperation(db, id);
	await knowledgeForCooperation(db, id, s!.record.legal_form);
});
await time('dataDate (layout)', sample, () => dataDate(db));
await time('bodyProfile', bodyIds, (id) => bodyProfile(db, id));
await time('changesSince', ['2020-01-01', '2015-06-01', '2024-03-01'], (since) => changesSince(db, since));

t0 = performance.now();
await loadNameLookup(db);
console.log(`name lookup (first)                          ${(performance.now() - t0).toFixed(0)} ms`);
t0 = performance.now();
await loadBodyResolver(db);
console.log(`body resolver (first)                        ${(performance.now() - t0).toFixed(0)} ms`);
// A change of the data (what a cooperation save writes): which caches are rebuilt?
await db.transaction().execute((trx) => bumpRevision(trx));
t0 = performance.now();
await loadNameLookup(db);
await loadBodyResolver(db);
console.log(`name lookup + resolver after a data change   ${(performance.now() - t0).toFixed(0)} ms`);
t0 = performance.now();
await facetIndex(db);
console.log(`facet index after a data change              ${(performance.now() - t0).toFixed(0)} ms`);
await time('cooperationProfile after the change', sample, (id) => cooperationProfile(db, id));
const mem = process.memoryUsage();
console.log(`RSS ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
await handle.close();
