/**
 * `npm run bench`: the search benchmark of issue "100,000 cooperations, p99 ≤ 50 ms".
 *
 * Generates a synthetic register (bench/synthetic-register.ts), loads it into a fresh SQLite file
 * with the app's own loader, starts the built app and a bare node:http baseline as child
 * processes, and times sequential GET /kooperationen.json requests. Prints a report; exits 0
 * unless something broke (the target is reported, not enforced).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/lib/server/db/connect';
import { type ChildServer, residentMb, runToEnd, startNodeServer, stopChild, waitUntilAnswering } from './child-servers';
import { keepAliveAgent, measure, type Summary, timedGet, type UrlSummary } from './http-timing';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_P99_MS = 50;
const WARMUP = boundedInt(process.env.BENCH_WARMUP, 30, 0, 1_000);
const MEASURED = boundedInt(process.env.BENCH_REQUESTS, 300, 10, 10_000);
const REQUEST_TIMEOUT_MS = 30_000;
const LOAD_TIMEOUT_MS = 12 * 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;
// The whole run must end by itself, even if a child hangs: generation, load, build, 5 scenarios.
const WATCHDOG_MS = 20 * 60_000;

/** Text + topic + legal form that belong together, so the main scenario has real hits. */
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

function printMachine(): void {
	const cpus = os.cpus();
	console.log('IKZ-Atlas search benchmark');
	console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${fixed(os.totalmem() / 2 ** 30)} GB RAM, ` +
		`${os.platform()} ${os.release()}, Node ${process.version}`);
	console.log(`Requests: ${MEASURED} measured after ${WARMUP} warm-up per scenario, sequential, one keep-alive connection\n`);
}

/** Generation and loading run in a child (see load-register.ts for why); its report goes to our stdout. */
function loadRegister(file: string, children: ChildProcess[]): Promise<void> {
	// process.execArgv carries tsx's loader, so the child runs TypeScript the same way we do.
	const args = [...process.execArgv, path.join(ROOT, 'bench/load-register.ts'), file];
	return runToEnd(process.execPath, args, ROOT, LOAD_TIMEOUT_MS, (p) => children.push(p));
}

interface Inputs {
	partners: string[];
	topics: string[];
	regions: string[];
}

/** Ids for the filter and analysis scenarios, read back from the database: spread over the register. */
async function scenarioInputs(file: string): Promise<Inputs> {
	const handle = openDatabase(`file:${file}`);
	const spread = <T>(xs: T[]) => Array.from({ length: 10 }, (_, i) => xs[Math.floor((i * xs.length) / 10)] as T);
	try {
		const towns = await handle.db.selectFrom('body').select('id').where('kind', '=', 'stadt').orderBy('seq').execute();
		const topics = await handle.db.selectFrom('topic').select('id').orderBy('position').execute();
		const regions = await handle.db.selectFrom('region').select('id').orderBy('id').execute();
		return { partners: spread(towns).map((t) => t.id), topics: topics.map((t) => t.id), regions: spread(regions).map((r) => r.id) };
	} finally {
		await handle.close();
	}
}

/** Newest modification time under a folder (to tell whether build/ predates the sources). */
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
		const buildStart = performance.now();
		await runToEnd('npm', ['run', 'build'], ROOT, BUILD_TIMEOUT_MS, (p) => children.push(p));
		console.log(`   built in ${seconds(performance.now() - buildStart)}`);
		return;
	}
	const stale = newestMtime(path.join(ROOT, 'src')) > fs.statSync(entry).mtimeMs;
	console.log(`3. Using existing build/ (${fs.statSync(entry).mtime.toISOString()})` +
		(stale ? ' — NOTE: src/ has newer files; run `npm run build` to measure the current code' : ''));
}

interface Scenario {
	name: string;
	server: ChildServer;
	urls: URL[];
}

function appScenarios(app: ChildServer, { partners, topics }: Inputs): Scenario[] {
	const url = (params: [string, string][]) => new URL(`/kooperationen.json?${new URLSearchParams(params)}`, app.origin);
	return [
		{ name: 'text + thema + rechtsform', server: app, urls: TEXT_WITH_FILTERS.map(([q, t, lf]) => url([['q', q], ['thema', t], ['rechtsform', lf]])) },
		{ name: 'text only', server: app, urls: TEXT_WITH_FILTERS.map(([q]) => url([['q', q]])) },
		{ name: 'partner + thema (no text)', server: app, urls: partners.map((p, i) => url([['partner', p], ['thema', topics[i % topics.length] ?? '']])) },
		{ name: 'no text, no filter (all)', server: app, urls: [url([])] }
	];
}

/** The analysis pages (HTML, server-rendered) for regions and towns spread over the register. */
function analysisScenarios(app: ChildServer, { partners, regions }: Inputs): Scenario[] {
	const page = (path: string, params: [string, string][]) => new URL(`${path}?${new URLSearchParams(params)}`, app.origin);
	return [
		{ name: 'page: matrix + network (region)', server: app, urls: regions.map((r) => page('/analyse/netzwerk', [['region', r]])) },
		{ name: 'page: coverage by task (region)', server: app, urls: regions.map((r) => page('/analyse/aufgaben', [['region', r]])) },
		{ name: 'page: partner finder', server: app, urls: partners.map((p) => page('/analyse/partnersuche', [['koerperschaft', p], ['aufgabe', 'rettungsdienst']])) },
		{ name: 'page: body profile + network', server: app, urls: partners.map((p) => page(`/koerperschaften/${p}`, [])) },
		{ name: 'page: timeline (region)', server: app, urls: regions.map((r) => page('/analyse/zeitleiste', [['region', r]])) },
		{ name: 'page: map (region)', server: app, urls: regions.map((r) => page('/analyse/karte', [['region', r]])) }
	];
}

interface Row {
	name: string;
	summary: Summary;
	perUrl: UrlSummary[];
	meanTotal: number | null;
}

async function runScenario(s: Scenario): Promise<Row> {
	const agent = keepAliveAgent();
	const totals: number[] = [];
	try {
		const { summary, perUrl } = await measure(agent, s.urls, { warmup: WARMUP, measured: MEASURED, timeoutMs: REQUEST_TIMEOUT_MS }, (body) => {
			if (!body.startsWith('{')) return; // HTML pages have no total
			const parsed = JSON.parse(body) as { total?: unknown };
			if (typeof parsed.total === 'number') totals.push(parsed.total);
		});
		const meanTotal = totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null;
		return { name: s.name, summary, perUrl, meanTotal };
	} finally {
		agent.destroy();
	}
}

function printTable(rows: readonly Row[]): void {
	const head = ['scenario', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', 'req/s', 'resp. KB', 'mean hits'];
	const lines = rows.map((r) => [
		r.name, fixed(r.summary.p50, 2), fixed(r.summary.p90, 2), fixed(r.summary.p99, 2), fixed(r.summary.max, 2),
		fixed(r.summary.mean, 2), fixed(r.summary.requestsPerSecond, 0), fixed(r.summary.meanBytes / 1024, 1),
		r.meanTotal === null ? '–' : fixed(r.meanTotal, 0)
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
	const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
	console.log(fmt(head));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const l of lines) console.log(fmt(l));
}

/** The main scenario per query: shows which words make the tail. */
function printPerUrl(row: Row): void {
	console.log(`\n"${row.name}" per query (p50 / max ms):`);
	for (const u of row.perUrl) console.log(`  ${fixed(u.p50, 1).padStart(7)} / ${fixed(u.max, 1).padStart(7)}  ${u.url.search}`);
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function startServers(dbFile: string, children: ChildProcess[]): Promise<{ app: ChildServer; baseline: ChildServer }> {
	const app = await startNodeServer('app', path.join(ROOT, 'build/index.js'),
		{ DATABASE_URL: `file:${dbFile}`, LOAD_DATA_ON_START: 'false', NODE_ENV: 'production' }, ROOT);
	children.push(app.proc);
	const baseline = await startNodeServer('baseline', path.join(ROOT, 'bench/baseline-server.ts'), {}, ROOT);
	children.push(baseline.proc);
	const appReadyMs = await waitUntilAnswering(app, '/favicon.svg', 60_000);
	await waitUntilAnswering(baseline, '/', 10_000);
	console.log(`4. App ${app.origin} (pid ${app.proc.pid}) answered after ${seconds(appReadyMs)}; baseline ${baseline.origin}`);
	return { app, baseline };
}

/** The first search builds the app's in-memory facet index; reported apart from the steady state. */
async function coldRequest(app: ChildServer): Promise<void> {
	const agent = keepAliveAgent();
	try {
		const r = await timedGet(agent, new URL('/kooperationen.json?q=rettung', app.origin), 120_000);
		console.log(`   first search (builds the facet index): ${fixed(r.ms, 0)} ms, HTTP ${r.status}, ${r.bytes} bytes\n`);
	} finally {
		agent.destroy();
	}
}

async function main(children: ChildProcess[], workDir: string): Promise<void> {
	printMachine();
	const dbFile = path.join(workDir, 'register.sqlite');
	await loadRegister(dbFile, children);
	const inputs = await scenarioInputs(dbFile);
	await ensureBuild(children);
	const { app, baseline } = await startServers(dbFile, children);
	await coldRequest(app);
	const loadStart = loadAverage();

	const rows: Row[] = [];
	for (const s of [...appScenarios(app, inputs), ...analysisScenarios(app, inputs), { name: 'baseline node:http', server: baseline, urls: [new URL('/', baseline.origin)] }]) {
		rows.push(await runScenario(s));
		console.log(`   measured: ${s.name}`);
	}
	console.log('');
	printTable(rows);
	const headline = rows[0];
	if (headline) printPerUrl(headline);
	const rss = await residentMb(app.proc.pid);
	if (rss !== null) console.log(`\nApp resident memory after the run: ${fixed(rss, 0)} MB`);
	// Other processes on the machine show up as a slow baseline; the load average says how busy it was.
	console.log(`Load average (1/5/15 min): ${loadStart} at the first measurement, ${loadAverage()} at the end`);
	if (headline) {
		const ok = headline.summary.p99 <= TARGET_P99_MS;
		console.log(`Target p99 ≤ ${TARGET_P99_MS} ms for "${headline.name}": ${ok ? 'MET' : 'NOT MET'} (p99 ${fixed(headline.summary.p99, 2)} ms)`);
	}
}

/** Runs main with cleanup on success, error, Ctrl-C and watchdog timeout. */
async function run(): Promise<void> {
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
	// Last resort if the process dies without the async cleanup: no orphaned servers.
	process.once('exit', () => children.forEach((p) => p.kill('SIGKILL')));
	try {
		await main(children, workDir);
	} catch (e) {
		process.exitCode = 1;
		// After Ctrl-C or the watchdog, the killed children make main fail; that is not news.
		if (!aborted) console.error(`\nBenchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
	} finally {
		clearTimeout(watchdog);
		await cleanup();
	}
}

await run();
