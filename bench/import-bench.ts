/**
 * `npm run bench:import`: import speed (issue 14, part 5; target ≥ 5,000 rows/s for a file whose
 * names are resolvable). A generated list of BENCH_IMPORT_ROWS rows (default 5,000) – two or three
 * partners per row, typed as offices write them ("Stadt …", "Gem. …", bare names that several
 * places share and the row's other partner decides), taken from the team's test lists in
 * tests/fixtures/import/ – is analysed against the shipped register and the shipped national
 * directory in SQLite. Reported: the first analysis (builds the name index) and a second one (the
 * index kept), in rows per second. Prints a report; exits 0 unless something broke.
 */
import fs from 'node:fs';
import { openDatabase } from '../src/lib/server/db/connect';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { applyDataSet } from '../src/lib/server/data/load-data';
import { readDataSet } from '../src/lib/server/data/read-data';
import { loadShippedDirectory } from '../src/lib/server/directory/load';
import { analyseImport, EMPTY_OPTIONS } from '../src/lib/server/import/analyse';
import type { ImportTable } from '../src/lib/server/import/analyse';
import { requireSupportedNode } from '../scripts/node-version.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const TARGET = 5000;

const lists = ['by-lra-zweckvereinbarungen', 'he-kreis-ikz-foerderung', 'sn-verwaltungsverband'].map((f) =>
	fs.readFileSync(`tests/fixtures/import/${f}.expected.tsv`, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0]!));
const TASKS = ['Standesamt', 'Bauhof', 'Rechnungsprüfung', 'Vergabestelle', 'Winterdienst', 'Kassenverwaltung', 'Archiv', 'Abwasser'];

function table(): ImportTable {
	const rows = [['Nr.', 'Aufgabe', 'Beteiligte', 'seit']];
	for (let i = 0; i < ROWS; i++) {
		const names = lists[i % 3]!;
		const a = names[i % names.length]!;
		const b = names[(i * 7 + 3) % names.length]!;
		const c = names[(i * 13 + 5) % names.length]!;
		rows.push([String(i + 1), `${TASKS[i % TASKS.length]} ${Math.floor(i / TASKS.length) + 1}`, [...new Set([a, b, c])].join(', '), ['seit 01.01.2013', 'lfd.', '2019', 'Schulj. 2017/18'][i % 4]!]);
	}
	return { format: 'csv', sheets: [{ name: 'Liste', rows: rows.map((r) => r.map((text) => ({ text }))) }] };
}

requireSupportedNode('npm run bench:import');
const handle = openDatabase(':memory:');
try {
	await migrateToLatest(handle.db);
	await applyDataSet(handle.db, readDataSet('data'));
	await loadShippedDirectory(handle.db, 'data');
	const t = table();
	const options = { ...EMPTY_OPTIONS, names: {}, rows: {}, topic: 'verwaltung-it' };
	console.log(`Import-Analyse, ${ROWS} Zeilen (SQLite, Register + amtliches Gemeindeverzeichnis):`);
	for (const label of ['erste Analyse (baut den Namensindex)', 'zweite Analyse (Index vorhanden)']) {
		const start = performance.now();
		const cpuStart = process.cpuUsage();
		const p = await analyseImport(handle.db, 'kreis-unna', t, options);
		const ms = performance.now() - start;
		// CPU time of this process (user + system; includes the garbage collector's threads): on a
		// shared machine it compares two runs better than the wall clock does.
		const cpu = process.cpuUsage(cpuStart);
		const cpuMs = (cpu.user + cpu.system) / 1000;
		const rate = ROWS / (ms / 1000);
		console.log(`  ${label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${rate.toFixed(0).padStart(6)} Zeilen/s  ${rate >= TARGET ? 'OK' : 'VERFEHLT'} (Ziel ≥ ${TARGET}/s)` +
			`  CPU ${cpuMs.toFixed(0)} ms` +
			`  – ${p.counts.create} neu, ${p.counts.error} mit Fehlern, Namen: ${p.names.resolved} erkannt, ${p.names.asked} offen`);
	}
} finally {
	await handle.close();
}
