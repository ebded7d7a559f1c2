/**
 * `npm run bench:oparl` (issue 21, item 5): harvesting 10,000 council papers (BENCH_OPARL_PAPERS)
 * from the local OParl 1.1 test server (tests/support/oparl-server.ts, 100 papers per page) into a
 * fresh SQLite database with the shipped Kreis Unna data, with recognition and proposals, no
 * pause between requests. Target: ≤ 60 s. A second run with nothing changed is timed too
 * (modified_since, ETag). Prints a report; exits 0 unless something broke (the target is
 * reported, not enforced).
 */
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { openDatabase } from '../src/lib/server/db/connect';
import { applyDataSet } from '../src/lib/server/data/load-data';
import { readDataSet } from '../src/lib/server/data/read-data';
import { createUser } from '../src/lib/server/auth/users';
import { connectSource } from '../src/lib/server/oparl/connect';
import { harvestSource } from '../src/lib/server/oparl/harvest';
import { readRules } from '../src/lib/server/oparl/rules';
import { startOparlServer, type FixturePaper } from '../tests/support/oparl-server';
import { corpus } from '../tests/fixtures/oparl/corpus';

const N = Number(process.env.BENCH_OPARL_PAPERS ?? 10_000);
const TARGET_S = 60;

const base = corpus();
const papers: FixturePaper[] = Array.from({ length: N }, (_, i) => {
	const c = base[i % base.length]!;
	const t = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
	return { key: `p${i}`, name: c.name, reference: `V/${i}/2026`, paperType: 'Beschlussvorlage', date: t.slice(0, 10), modified: t, text: `${c.text}\n\n${'Sachverhalt und Begründung. '.repeat(40)}` };
});
const server = await startOparlServer([{ key: 'kamen', name: 'Stadt Kamen', papers, meetings: [] }], { pageSize: 100 });
const handle = openDatabase(':memory:');
try {
	await migrateToLatest(handle.db);
	await applyDataSet(handle.db, readDataSet('data'));
	const userId = await createUser(handle.db, { email: 'bench@example.org', name: 'Bench', bodyId: 'kreis-unna', role: 'coordinator' });
	const actor = { role: 'coordinator' as const, userId, name: 'Bench', email: 'bench@example.org', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
	const limits = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, allowedHosts: [] };
	const src = await connectSource(handle.db, actor, { bodyId: 'kamen', systemUrl: server.systemUrl, oparlBodyId: server.bodyUrl('kamen') }, limits);
	if (!src.ok) throw new Error(src.problem);
	const opts = { limits, intervalMs: 0, maxPages: 100_000, rules: readRules('data') };
	const t0 = performance.now();
	const first = await harvestSource(handle.db, src.id, opts);
	const s1 = (performance.now() - t0) / 1000;
	const t1 = performance.now();
	const second = await harvestSource(handle.db, src.id, opts);
	const s2 = (performance.now() - t1) / 1000;
	console.log(`OParl-Abruf (SQLite, ${N} Drucksachen, ${first.pages} Seiten):`);
	console.log(`  erster Lauf   ${s1.toFixed(1)} s, ${first.papers} Drucksachen, ${first.proposals} Vorschläge, Status ${first.status}  ${s1 <= TARGET_S ? 'OK' : 'VERFEHLT'} (Ziel ≤ ${TARGET_S} s)`);
	console.log(`  zweiter Lauf  ${s2.toFixed(2)} s, ${second.papers} Drucksachen, ${second.proposals} Vorschläge (nichts geändert)`);
	if (first.status !== 'done' || first.papers !== N || second.proposals !== 0) process.exitCode = 1;
} finally {
	await handle.close();
	await server.close();
}
