/**
 * `tsx bench/load-register.ts <sqlite-file>`: generate the synthetic register, validate it and
 * write it into a fresh SQLite file with the app's own migrations and loader; prints timings and
 * row counts. search-bench.ts runs this as a child process: loading 100,000 cooperations leaves
 * gigabytes of garbage behind, and the process that measures latency must not pay for collecting it
 * (in one process we saw a 10 s event-loop stall right after the load).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/lib/server/db/connect';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { applyDataSet } from '../src/lib/server/data/load-data';
import type { DataSet } from '../src/lib/server/data/read-data';
import { DEFAULT_SEED, DEFAULT_SIZE, generateRawRegister, readTaxonomies, validateRegister } from './synthetic-register';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SLOW_LOAD_MS = 180_000;
const COUNTED_TABLES = ['region', 'body', 'body_alias', 'cooperation', 'cooperation_topic', 'participation', 'partner_group', 'lifecycle_event'] as const;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
	const started = performance.now();
	const value = await work();
	return [value, performance.now() - started];
}

function buildRegister(): DataSet {
	let started = performance.now();
	const raw = generateRawRegister(DEFAULT_SEED, DEFAULT_SIZE);
	const genMs = performance.now() - started;
	started = performance.now();
	const dataSet = validateRegister(raw, readTaxonomies(path.join(ROOT, 'data')));
	const validMs = performance.now() - started;
	const bodies = dataSet.regions.reduce((n, r) => n + r.bodies.length, 0);
	const coops = dataSet.regions.reduce((n, r) => n + r.cooperations.length, 0);
	console.log(`1. Synthetic register (seed ${DEFAULT_SEED}): ${dataSet.regions.length} regions, ${bodies} bodies, ${coops} cooperations`);
	console.log(`   generated in ${seconds(genMs)}, validated with the data-file schemas in ${seconds(validMs)}`);
	return dataSet;
}

async function loadDatabase(dataSet: DataSet, file: string): Promise<void> {
	const handle = openDatabase(`file:${file}`);
	try {
		const [, migrateMs] = await timed(() => migrateToLatest(handle.db));
		const [report, applyMs] = await timed(() => applyDataSet(handle.db, dataSet));
		console.log(`2. SQLite ${file}`);
		console.log(`   migrated in ${seconds(migrateMs)}, applyDataSet in ${seconds(applyMs)} ` +
			`(${report.bodies.added.length} bodies, ${report.cooperations.added.length} cooperations added, revision ${report.revision})`);
		const perSecond = report.cooperations.added.length / (applyMs / 1000);
		console.log(`   bulk load rate: ${Math.round(perSecond).toLocaleString('en')} cooperations/s (with their bodies, participations and topics)`);
		// The load benchmark reads this next to the database file.
		fs.writeFileSync(`${file}.load.json`, JSON.stringify({ cooperations: report.cooperations.added.length, bodies: report.bodies.added.length, applyMs, cooperationsPerSecond: perSecond }));
		if (applyMs > SLOW_LOAD_MS) console.log(`   NOTE: applyDataSet took more than ${SLOW_LOAD_MS / 60_000} minutes for this register.`);
		const counts: string[] = [];
		for (const table of COUNTED_TABLES) {
			const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(handle.db);
			counts.push(`${table} ${rows[0]?.n ?? '?'}`);
		}
		console.log(`   rows: ${counts.join(', ')}`);
	} finally {
		await handle.close();
	}
	console.log(`   file size ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB`);
}

const file = process.argv[2];
if (!file) {
	console.error('usage: tsx bench/load-register.ts <sqlite-file>');
	process.exit(2);
}
if (fs.existsSync(file)) {
	console.error(`${file} exists; the benchmark loads into a fresh file only`);
	process.exit(2);
}
await loadDatabase(buildRegister(), path.resolve(file));
