/**
 * `npm run bench`: the load benchmark of issue 15 ("national scale under load").
 *
 * Generates the synthetic 100,000-cooperation register (bench/synthetic-register.ts), loads it
 * into a fresh SQLite file with the app's own loader (the bulk load rate), starts the BUILT app
 * through its production start (`scripts/serve.js`, BENCH_WORKERS workers, default 2, each with
 * WORKER_HEAP_MB = BENCH_HEAP_MB, default 384) twice – once building the search index and storing
 * its snapshot, then again as a restart that reads it (the cold start) – and a bare node:http hello
 * world as child processes, and
 * measures each case with 10 concurrent connections using autocannon as a library: req/s, p50,
 * p99 and the ratio to hello in the same run. Writes bench/results/latest.json. Prints a report;
 * exits 0 unless something broke (targets are reported, not enforced).
 *
 * BENCH_SECONDS (default 10) per case after BENCH_WARMUP_SECONDS (default 2, discarded);
 * BENCH_CONNECTIONS (default 10). BENCH_DB=<file.sqlite> measures a register loaded before (by
 * `tsx bench/load-register.ts <file>`) instead of loading a new one; the bulk load figure is then
 * the one that run wrote beside the file.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/lib/server/db/connect';
import { type ChildServer, childPids, residentMb, runToEnd, startNodeServer, stopChild, waitUntilAnswering } from './child-servers';
import { requireSupportedNode } from '../scripts/node-version.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = boundedInt(process.env.BENCH_SECONDS, 10, 1, 600);
const WARMUP_SECONDS = boundedInt(process.env.BENCH_WARMUP_SECONDS, 2, 0, 60);
const CONNECTIONS = boundedInt(process.env.BENCH_CONNECTIONS, 10, 1, 1000);
/** Worker processes of the app (scripts/serve.js WORKERS) and their heap limit (WORKER_HEAP_MB). */
const WORKERS = boundedInt(process.env.BENCH_WORKERS, 2, 1, 64);
const HEAP_MB = boundedInt(process.env.BENCH_HEAP_MB, 384, 0, 65536);
const LOAD_TIMEOUT_MS = 30 * 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;
const WATCHDOG_MS = 45 * 60_000;
export const RESULTS_FILE = path.join(ROOT, 'bench/results/latest.json');

/** The targets at 100,000 cooperations and 10 connections. */
const TARGETS = {
	listReqPerSec: 1_000,
	textReqPerSec: 500,
	pageReqPerSec: 300,
	p99Ms: 50,
	rssMb: 400,
	coldStartMs: 1_500,
	bulkLoadPerSec: 10_000
};

/** Text + topic + legal form that belong together, so the text cases have real hits. */
const TEXT_WITH_FILTERS: readonly (readonly [q: string, topic: string, legalForm: string])[] = [
	['rettung', 'sicherheit-ordnung', 'oerv'],
	['muell', 'umwelt-ver-entsorgung', 'oerv'],
	['strasse', 'umwelt-ver-entsorgung', 'oerv'],
	['vergabe', 'verwaltung-it', 'oerv'],
	['datenschutz', 'verwaltung-it', 'vertrag'],
	['musikschule', 'kultur-sport', 'zweckverband'],
	['abwasser', 'umwelt-ver-entsorgung', 'zweckverband'],
	['tierheim', 'sicherheit-ordnung', 'vertrag'],
	['wirtschaftsförderung', 'wirtschaft', 'gmbh'],
	['erziehungsberatung', 'arbeit-soziales', 'ev']
];

function boundedInt(raw: string | undefined, fallback: number, min: number, max: number): number {
	const n = raw === undefined ? fallback : Number(raw);
	return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));

function machine() {
	const cpus = os.cpus();
	return { cpu: cpus[0]?.model ?? 'unknown CPU', cores: cpus.length, memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)), os: `${os.platform()} ${os.release()}`, node: process.version };
}

/** Generation and loading run in a child (see load-register.ts for why); its report goes to our stdout. */
interface LoadFigures {
	cooperations: number;
	applyMs: number;
	cooperationsPerSecond: number;
}

async function loadRegister(file: string, children: ChildProcess[]): Promise<LoadFigures | null> {
	const given = process.env.BENCH_DB;
	if (given) {
		if (!fs.existsSync(given)) throw new Error(`BENCH_DB ${given} does not exist`);
		fs.copyFileSync(given, file);
		// Pages an app wrote to the register's write-ahead log since its last checkpoint belong to it.
		if (fs.existsSync(`${given}-wal`)) fs.copyFileSync(`${given}-wal`, `${file}-wal`);
		// A register used before carries the snapshot of its index: drop it from the copy, so the
		// first start builds the index and stores the snapshot as it does after a fresh load.
		const handle = openDatabase(`file:${file}`);
		try {
			await handle.db.deleteFrom('index_snapshot').execute();
		} finally {
			await handle.close();
		}
		console.log(`1./2. Register from BENCH_DB=${given} (copied, index snapshot removed)`);
		return fs.existsSync(`${given}.load.json`) ? JSON.parse(fs.readFileSync(`${given}.load.json`, 'utf8')) as LoadFigures : null;
	}
	const args = [...process.execArgv, path.join(ROOT, 'bench/load-register.ts'), file];
	await runToEnd(process.execPath, args, ROOT, LOAD_TIMEOUT_MS, (p) => children.push(p));
	return JSON.parse(fs.readFileSync(`${file}.load.json`, 'utf8')) as LoadFigures;
}

interface Inputs {
	towns: string[];
	topics: string[];
	regions: string[];
	cooperations: string[];
}

/** Ids for the cases, read back from the database: spread over the register. */
async function scenarioInputs(file: string): Promise<Inputs> {
	const handle = openDatabase(`file:${file}`);
	const spread = <T>(xs: T[]) => Array.from({ length: 10 }, (_, i) => xs[Math.floor((i * xs.length) / 10)] as T);
	try {
		const towns = await handle.db.selectFrom('body').select('id').where('kind', '=', 'stadt').orderBy('seq').execute();
		const topics = await handle.db.selectFrom('topic').select('id').orderBy('position').execute();
		const regions = await handle.db.selectFrom('region').select('id').orderBy('id').execute();
		const coops = await handle.db.selectFrom('cooperation').select('id').where('archived_at', 'is', null).orderBy('seq').execute();
		return {
			towns: spread(towns).map((t) => t.id), topics: topics.map((t) => t.id),
			regions: spread(regions).map((r) => r.id), cooperations: spread(coops).map((c) => c.id)
		};
	} finally {
		await handle.close();
	}
}

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

async function ensureBuild(children: ChildProcess[]): Promise<void> {
	const entry = path.join(ROOT, 'build/index.js');
	if (!fs.existsSync(entry)) {
		console.log('3. build/index.js missing: npm run build …');
		await runToEnd('npm', ['run', 'build'], ROOT, BUILD_TIMEOUT_MS, (p) => children.push(p));
		return;
	}
	const stale = newestMtime(path.join(ROOT, 'src')) > fs.statSync(entry).mtimeMs;
	console.log(`3. Using existing build/ (${fs.statSync(entry).mtime.toISOString()})` +
		(stale ? ' — NOTE: src/ has newer files; run `npm run build` to measure the current code' : ''));
}

interface Case {
	name: string;
	/** Which target applies: list, text or page (HTML and profiles). */
	kind: 'hello' | 'list' | 'text' | 'page';
	server: ChildServer;
	paths: string[];
}

function cases(app: ChildServer, hello: ChildServer, inp: Inputs): Case[] {
	const qs = (params: [string, string][]) => `?${new URLSearchParams(params)}`;
	const topic = (i: number) => inp.topics[i % inp.topics.length] ?? '';
	return [
		{ name: 'hello (bare node:http)', kind: 'hello', server: hello, paths: ['/'] },
		{ name: 'two-filter JSON list + facets', kind: 'list', server: app, paths: inp.towns.map((t, i) => `/kooperationen.json${qs([['partner', t], ['thema', topic(i)]])}`)
			.concat(TEXT_WITH_FILTERS.map(([, t, lf]) => `/kooperationen.json${qs([['thema', t], ['rechtsform', lf]])}`)) },
		{ name: 'text + 2 filters, JSON', kind: 'text', server: app, paths: TEXT_WITH_FILTERS.map(([q, t, lf]) => `/kooperationen.json${qs([['q', q], ['thema', t], ['rechtsform', lf]])}`) },
		{ name: 'search page HTML (text + 2 filters)', kind: 'page', server: app, paths: TEXT_WITH_FILTERS.map(([q, t, lf]) => `/kooperationen${qs([['q', q], ['thema', t], ['rechtsform', lf]])}`) },
		{ name: 'cooperation profile', kind: 'page', server: app, paths: inp.cooperations.map((id) => `/kooperationen/${encodeURIComponent(id)}`) },
		{ name: 'body profile', kind: 'page', server: app, paths: inp.towns.map((id) => `/koerperschaften/${encodeURIComponent(id)}`) },
		{ name: 'network analysis (region)', kind: 'page', server: app, paths: inp.regions.map((r) => `/analyse/netzwerk${qs([['region', r]])}`) },
		{ name: 'API list (2 filters)', kind: 'list', server: app, paths: TEXT_WITH_FILTERS.map(([, t, lf]) => `/api/v1/cooperations${qs([['thema', t], ['rechtsform', lf]])}`) }
	];
}

/** One GET per path before measuring: every case must answer 200, or the figures mean nothing. */
async function checkPaths(c: Case): Promise<void> {
	for (const p of c.paths) {
		const res = await fetch(new URL(p, c.server.origin));
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${c.name}: ${p} answered HTTP ${res.status}`);
	}
}

export interface CaseResult {
	name: string;
	kind: Case['kind'];
	urls: number;
	requestsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	requests: number;
	non2xx: number;
	errors: number;
	meanKb: number;
	ratioToHello: number | null;
}

async function runCase(c: Case): Promise<CaseResult> {
	const options = {
		url: c.server.origin, connections: CONNECTIONS, timeout: 30,
		requests: c.paths.map((p) => ({ method: 'GET' as const, path: p }))
	};
	if (WARMUP_SECONDS > 0) await autocannon({ ...options, duration: WARMUP_SECONDS });
	const r = await autocannon({ ...options, duration: SECONDS });
	return {
		name: c.name, kind: c.kind, urls: c.paths.length,
		requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max,
		requests: r.requests.total, non2xx: r.non2xx, errors: r.errors,
		meanKb: r.requests.total ? r.throughput.total / r.requests.total / 1024 : 0, ratioToHello: null
	};
}

function printTable(rows: readonly CaseResult[]): void {
	const head = ['case', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '× hello', 'non-2xx', 'errors', 'KB/resp'];
	const lines = rows.map((r) => [r.name, fixed(r.requestsPerSecond, 0), fixed(r.p50Ms, 1), fixed(r.p99Ms, 1), fixed(r.maxMs, 0),
		r.ratioToHello === null ? '–' : fixed(r.ratioToHello, 4), String(r.non2xx), String(r.errors), fixed(r.meanKb, 1)]);
	const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
	const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
	console.log(fmt(head));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const l of lines) console.log(fmt(l));
}

/** The targets of the issue against what was measured: one line each. */
function verdicts(rows: readonly CaseResult[], coldStartMs: number, rssMb: number | null, bulk: number | null): { target: string; measured: string; met: boolean }[] {
	const out: { target: string; measured: string; met: boolean }[] = [];
	for (const r of rows) {
		if (r.kind === 'hello') continue;
		const min = r.kind === 'list' ? TARGETS.listReqPerSec : r.kind === 'text' ? TARGETS.textReqPerSec : TARGETS.pageReqPerSec;
		out.push({ target: `${r.name}: ≥ ${min} req/s, p99 ≤ ${TARGETS.p99Ms} ms`, measured: `${fixed(r.requestsPerSecond, 0)} req/s, p99 ${fixed(r.p99Ms, 0)} ms`,
			met: r.requestsPerSecond >= min && r.p99Ms <= TARGETS.p99Ms && r.non2xx === 0 && r.errors === 0 });
	}
	out.push({ target: `cold start ≤ ${TARGETS.coldStartMs} ms (start to first search answered)`, measured: `${fixed(coldStartMs, 0)} ms`, met: coldStartMs <= TARGETS.coldStartMs });
	if (rssMb !== null) out.push({ target: `RSS ≤ ${TARGETS.rssMb} MB per process`, measured: `${fixed(rssMb, 0)} MB`, met: rssMb <= TARGETS.rssMb });
	if (bulk !== null) out.push({ target: `bulk load ≥ ${TARGETS.bulkLoadPerSec} cooperations/s`, measured: `${fixed(bulk, 0)} /s`, met: bulk >= TARGETS.bulkLoadPerSec });
	return out;
}

async function main(children: ChildProcess[], workDir: string): Promise<void> {
	const m = machine();
	console.log('IKZ-Atlas load benchmark');
	console.log(`Machine: ${m.cpu} × ${m.cores}, ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}`);
	console.log(`Load: ${CONNECTIONS} connections, ${SECONDS} s per case after ${WARMUP_SECONDS} s warm-up (autocannon)\n`);
	const dbFile = path.join(workDir, 'register.sqlite');
	const load = await loadRegister(dbFile, children);
	const inputs = await scenarioInputs(dbFile);
	await ensureBuild(children);

	// The production start (scripts/serve.js): a supervisor with WORKERS worker processes.
	const appEnv = {
		DATABASE_URL: `file:${dbFile}`, LOAD_DATA_ON_START: 'false', NODE_ENV: 'production',
		WORKERS: String(WORKERS), WORKER_HEAP_MB: String(HEAP_MB),
		// The API cases would otherwise meet the rate limit after 120 requests.
		API_RATE_PER_MINUTE: '10000000'
	};
	// First start on the freshly loaded register: the index is built from the database; the app
	// stores its snapshot once the data have been unchanged for 10 s.
	const build = await startApp(appEnv);
	children.push(build.app.proc);
	console.log(`4. App, first start (pid ${build.app.proc.pid}): answered after ${seconds(build.answeredMs)}, first search (builds the index) done ${seconds(build.firstSearchMs)} after start`);
	await waitForLog(build.app, /Suchindex-Schnappschuss gespeichert/, 120_000);
	await stopChild(build.app.proc);
	// Second start, as a restarted or added instance: reads the snapshot. This is the cold start.
	const { app, answeredMs, firstSearchMs: coldStartMs } = await startApp(appEnv);
	children.push(app.proc);
	console.log(`   App, restart (pid ${app.proc.pid}): answered after ${seconds(answeredMs)}, first search (reads the index snapshot) done ${seconds(coldStartMs)} after start`);
	const rssIdle = await appResidentMb(app.proc.pid);
	const hello = await startNodeServer('hello', path.join(ROOT, 'bench/baseline-server.ts'), {}, ROOT);
	children.push(hello.proc);
	await waitUntilAnswering(hello, '/', 10_000);

	const all = cases(app, hello, inputs);
	for (const c of all) await checkPaths(c);
	const loadStart = loadAverage();
	const rows: CaseResult[] = [];
	for (const c of all) {
		rows.push(await runCase(c));
		console.log(`   measured: ${c.name}`);
	}
	const helloRate = rows.find((r) => r.kind === 'hello')?.requestsPerSecond ?? null;
	for (const r of rows) r.ratioToHello = helloRate ? r.requestsPerSecond / helloRate : null;
	const rssAfter = await appResidentMb(app.proc.pid);
	const helloRss = await residentMb(hello.proc.pid);
	console.log('');
	printTable(rows);
	const loadEnd = loadAverage();
	console.log(load ? `\nBulk load: ${load.cooperations} cooperations in ${seconds(load.applyMs)} = ${fixed(load.cooperationsPerSecond, 0)} cooperations/s` : '\nBulk load: not measured in this run (BENCH_DB)');
	console.log(`Cold start: ${fixed(coldStartMs, 0)} ms to the first search with the index snapshot (${fixed(answeredMs, 0)} ms to the first answer); ` +
		`first start after the load, building the index: ${fixed(build.firstSearchMs, 0)} ms`);
	console.log(`RSS per process (largest worker; ${WORKERS} workers, WORKER_HEAP_MB ${HEAP_MB}): ${fixed(rssIdle ?? NaN, 0)} MB after the first search, ${fixed(rssAfter ?? NaN, 0)} MB after the run; hello ${fixed(helloRss ?? NaN, 0)} MB`);
	console.log(`Load average (1/5/15 min): ${loadStart.join(' ')} at the first case, ${loadEnd.join(' ')} at the end`);
	const v = verdicts(rows, coldStartMs, rssAfter, load?.cooperationsPerSecond ?? null);
	console.log('\nTargets (issue 15):');
	for (const x of v) console.log(`  ${x.met ? 'MET    ' : 'NOT MET'}  ${x.target} — ${x.measured}`);
	fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	fs.writeFileSync(RESULTS_FILE, JSON.stringify({
		date: new Date().toISOString(), machine: m, loadAverage: { start: loadStart, end: loadEnd },
		settings: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS },
		register: { source: process.env.BENCH_DB ? 'BENCH_DB' : 'generated', cooperations: load?.cooperations ?? null },
		settingsApp: { workers: WORKERS, workerHeapMb: HEAP_MB },
		cases: rows, coldStart: { firstAnswerMs: answeredMs, firstSearchMs: coldStartMs, firstStartBuildingIndexMs: build.firstSearchMs },
		rssMb: { appAfterFirstSearch: rssIdle, appAfterRun: rssAfter, hello: helloRss },
		bulkLoad: load ? { cooperations: load.cooperations, ms: load.applyMs, perSecond: load.cooperationsPerSecond } : null,
		targets: v
	}, null, '\t') + '\n');
	console.log(`\nWritten: ${path.relative(ROOT, RESULTS_FILE)}`);
}

/** Start the app through scripts/serve.js; time to the first answer and to the first search answered. */
async function startApp(env: Record<string, string>): Promise<{ app: ChildServer; answeredMs: number; firstSearchMs: number }> {
	const spawned = performance.now();
	const app = await startNodeServer('app', path.join(ROOT, 'scripts/serve.js'), env, ROOT);
	const answeredMs = await waitUntilAnswering(app, '/favicon.svg', 60_000);
	const first = await fetch(new URL('/kooperationen.json?q=rettung', app.origin));
	await first.arrayBuffer();
	return { app, answeredMs, firstSearchMs: performance.now() - spawned };
}

/** Wait until the child's output matches. */
async function waitForLog(server: ChildServer, pattern: RegExp, timeoutMs: number): Promise<void> {
	const started = performance.now();
	while (!pattern.test(server.output())) {
		if (performance.now() - started > timeoutMs) throw new Error(`${server.name}: ${pattern} not seen within ${timeoutMs} ms:\n${server.output()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** RSS of the largest app process: the workers of a supervisor, or the process itself (WORKERS=0). */
async function appResidentMb(pid: number | undefined): Promise<number | null> {
	const workers = await childPids(pid);
	const sizes = (await Promise.all((workers.length ? workers : [pid]).map((p) => residentMb(p)))).filter((x): x is number => x !== null);
	return sizes.length ? Math.max(...sizes) : null;
}

/** Runs main with cleanup on success, error, Ctrl-C and watchdog timeout. */
async function run(): Promise<void> {
	requireSupportedNode('npm run bench');
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-bench-'));
	const children: ChildProcess[] = [];
	let cleaned: Promise<void> | null = null;
	let aborted = false;
	const cleanup = () => (cleaned ??= (async () => {
		await Promise.all(children.map((p) => stopChild(p)));
		fs.rmSync(workDir, { recursive: true, force: true });
	})());
	const abort = (reason: string, code: number) => {
		aborted = true;
		console.error(`\n${reason}: stopping servers and removing ${workDir}`);
		void cleanup().finally(() => process.exit(code));
	};
	const watchdog = setTimeout(() => abort(`Benchmark exceeded ${WATCHDOG_MS / 60_000} minutes`, 2), WATCHDOG_MS);
	process.once('SIGINT', () => abort('Interrupted', 130));
	process.once('SIGTERM', () => abort('Terminated', 143));
	process.once('exit', () => children.forEach((p) => p.kill('SIGKILL')));
	try {
		await main(children, workDir);
	} catch (e) {
		process.exitCode = 1;
		if (!aborted) console.error(`\nBenchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
	} finally {
		clearTimeout(watchdog);
		await cleanup();
	}
}

await run();
