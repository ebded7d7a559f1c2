/**
 * Optional peer benchmark (issue 15, not part of `npm test`): Directus, the generic data platform an
 * office might set up instead, on the same-shaped data, measured in one run beside IKZ-Atlas and a
 * bare node:http hello world, with the same load (autocannon, 10 connections).
 *
 *   npx tsx bench/peers/directus.ts
 *
 * What it does (facts from /work/shared/design/peers.md, written for these machines):
 * 1. Installs directus@12.4.1 from npm into PEER_DIR (default: a temp folder; reused if it already
 *    holds an install) with two overrides that make it install under Node 24 (`@directus/app`
 *    18.0.0, `isolated-vm` 6.0.2). About 1,070 packages, 735 MB, 4–17 minutes.
 * 2. Bootstraps it on SQLite, offline (telemetry, marketplace and licence checks off), starts it
 *    on 127.0.0.1 and gives the admin a static token.
 * 3. Creates a collection `cooperations` (title, topic, legal_form, start_year, partners) and
 *    loads the synthetic register (bench/synthetic-register.ts, same seed) through the REST API in
 *    batches of 2,000 rows; indexes topic and legal_form.
 * 4. Loads the same register into IKZ-Atlas (bench/load-register.ts) unless BENCH_DB names a
 *    loaded file, starts the built app (`build/index.js`) and the hello server.
 * 5. Measures three list cases on both plus hello: (a) two filters, 25 rows; (b) the same with a
 *    search word; (c) counts grouped by topic. IKZ-Atlas answers (a) and (b) once as the list JSON
 *    with facet counts over seven dimensions (more work than Directus does) and once as the API
 *    list without facets (equal work); (c) is its list of the whole register with all facet counts.
 *    Writes bench/results/peers-directus.json.
 *
 * PEER_ROWS (default 100000) loads fewer rows into both for a quick try; BENCH_SECONDS as in
 * search-bench.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type ChildServer, freePort, residentMb, runToEnd, startNodeServer, stopChild, waitUntilAnswering } from '../child-servers';
import { DEFAULT_SEED, DEFAULT_SIZE, generateRawRegister } from '../synthetic-register';
import { requireSupportedNode } from '../../scripts/node-version.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROWS = Number(process.env.PEER_ROWS ?? DEFAULT_SIZE.cooperations);
const VERSION = '12.4.1';
const ADMIN = { email: 'bench@example.org', password: 'bench-password-1234' };
const TOKEN = 'ikz-bench-static-token-0123456789';

/** Same pairs as search-bench.ts: text, topic, legal form that belong together. */
const CASES: readonly (readonly [q: string, topic: string, legalForm: string])[] = [
	['rettung', 'sicherheit-ordnung', 'oerv'],
	['vergabe', 'verwaltung-it', 'oerv'],
	['datenschutz', 'verwaltung-it', 'vertrag'],
	['musikschule', 'kultur-sport', 'zweckverband'],
	['abwasser', 'umwelt-ver-entsorgung', 'zweckverband']
];

function install(dir: string, children: ChildProcess[]): Promise<void> {
	if (fs.existsSync(path.join(dir, 'node_modules/directus/cli.js'))) {
		console.log(`1. Directus already installed in ${dir}`);
		return Promise.resolve();
	}
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
		name: 'ikz-bench-peer-directus', private: true, dependencies: { directus: VERSION },
		overrides: { '@directus/app': '18.0.0', 'isolated-vm': '6.0.2' }
	}, null, 2));
	console.log(`1. npm install directus@${VERSION} in ${dir} (several minutes) …`);
	return runToEnd('npm', ['install', '--no-audit', '--no-fund'], dir, 30 * 60_000, (p) => children.push(p));
}

function directusEnv(dir: string, port: number): Record<string, string> {
	return {
		DB_CLIENT: 'sqlite3', DB_FILENAME: path.join(dir, 'data.db'), HOST: '127.0.0.1', PORT: String(port),
		KEY: 'ikz-bench-key', SECRET: 'ikz-bench-secret-of-more-than-32-characters',
		ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, TELEMETRY: 'false', PROJECT_OWNER_ENABLED: 'false',
		ACCEPT_TERMS: 'true', LICENSE_KEY_MANAGEMENT_ENABLED: 'false', MARKETPLACE_TRUST: 'sandbox', LOG_LEVEL: 'warn',
		MAX_PAYLOAD_SIZE: '4mb'
	};
}

async function api(origin: string, method: string, p: string, body?: unknown, token: string | null = TOKEN): Promise<unknown> {
	const res = await fetch(origin + p, {
		method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`Directus ${method} ${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
	return text ? JSON.parse(text) : null;
}

async function startDirectus(dir: string, children: ChildProcess[]): Promise<{ server: ChildServer; loadMs: number }> {
	const port = await freePort();
	const env = { ...process.env, ...directusEnv(dir, port) };
	const cli = path.join(dir, 'node_modules/directus/cli.js');
	// Directus reads .env from its working folder (bootstrap runs with the inherited environment).
	fs.writeFileSync(path.join(dir, '.env'), Object.entries(directusEnv(dir, port)).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
	if (!fs.existsSync(path.join(dir, 'data.db'))) await runToEnd(process.execPath, [cli, 'bootstrap'], dir, 5 * 60_000, (p) => children.push(p));
	const proc = spawn(process.execPath, [cli, 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(proc);
	let log = '';
	proc.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-8000)));
	proc.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-8000)));
	const server: ChildServer = { name: 'directus', origin: `http://127.0.0.1:${port}`, proc, output: () => log };
	await waitUntilAnswering(server, '/server/ping', 120_000);
	console.log(`2. Directus ${server.origin} (pid ${proc.pid}) running`);
	const login = await api(server.origin, 'POST', '/auth/login', ADMIN, null) as { data: { access_token: string } };
	await api(server.origin, 'PATCH', '/users/me', { token: TOKEN }, login.data.access_token);
	const existing = await api(server.origin, 'GET', '/items/cooperations?aggregate[count]=*').catch(() => null) as { data: { count: number | string }[] } | null;
	if (existing && Number(existing.data[0]?.count) >= ROWS) {
		console.log(`3. Collection already holds ${existing.data[0]?.count} rows`);
		return { server, loadMs: NaN };
	}
	if (!existing) {
		await api(server.origin, 'POST', '/collections', { collection: 'cooperations', schema: {} });
		for (const [field, type] of [['title', 'string'], ['topic', 'string'], ['legal_form', 'string'], ['start_year', 'integer'], ['partners', 'json']] as const) {
			await api(server.origin, 'POST', '/fields/cooperations', { field, type, schema: {} });
		}
	}
	const rows = generateRawRegister(DEFAULT_SEED, DEFAULT_SIZE).flatMap((r) => r.cooperations).slice(0, ROWS).map((c) => ({
		title: c.title, topic: c.topics?.[0] ?? null, legal_form: c.legal_form,
		start_year: /\d{4}/.exec(String(c.start ?? ''))?.[0] ? Number(/\d{4}/.exec(String(c.start))![0]) : null,
		partners: (c.participants ?? []).map((p) => p.body)
	}));
	const started = performance.now();
	for (let i = 0; i < rows.length; i += 2000) await api(server.origin, 'POST', '/items/cooperations', rows.slice(i, i + 2000));
	const loadMs = performance.now() - started;
	for (const f of ['topic', 'legal_form']) await api(server.origin, 'PATCH', `/fields/cooperations/${f}`, { schema: { is_indexed: true } });
	console.log(`3. Loaded ${rows.length} rows through the REST API in ${(loadMs / 1000).toFixed(1)} s (${Math.round(rows.length / (loadMs / 1000))} rows/s); topic and legal_form indexed`);
	return { server, loadMs };
}

interface Measured {
	system: string;
	name: string;
	requestsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	non2xx: number;
	errors: number;
}

async function measure(system: string, name: string, origin: string, paths: string[], headers: Record<string, string> = {}): Promise<Measured> {
	for (const p of paths) {
		const res = await fetch(origin + p, { headers });
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${system} ${name}: ${p} answered HTTP ${res.status}`);
	}
	const options = { url: origin, connections: 10, timeout: 30, headers, requests: paths.map((p) => ({ method: 'GET' as const, path: p })) };
	await autocannon({ ...options, duration: 3 });
	const r = await autocannon({ ...options, duration: SECONDS });
	const m = { system, name, requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
	console.log(`   ${system.padEnd(10)} ${name.padEnd(44)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${m.p50Ms} ms  p99 ${m.p99Ms} ms${m.non2xx ? `  non-2xx ${m.non2xx}` : ''}`);
	return m;
}

async function main(children: ChildProcess[], work: string): Promise<void> {
	const dir = process.env.PEER_DIR ?? path.join(work, 'directus');
	await install(dir, children);
	const { server: directus, loadMs } = await startDirectus(dir, children);
	let dbFile = process.env.BENCH_DB;
	if (!dbFile) {
		dbFile = path.join(work, 'register.sqlite');
		await runToEnd(process.execPath, [...process.execArgv, path.join(ROOT, 'bench/load-register.ts'), dbFile], ROOT, 15 * 60_000, (p) => children.push(p));
	}
	if (!fs.existsSync(path.join(ROOT, 'build/index.js'))) throw new Error('build/index.js missing: run npm run build first');
	const app = await startNodeServer('app', path.join(ROOT, 'build/index.js'),
		{ DATABASE_URL: `file:${dbFile}`, LOAD_DATA_ON_START: 'false', NODE_ENV: 'production', API_RATE_PER_MINUTE: '10000000' }, ROOT);
	children.push(app.proc);
	await waitUntilAnswering(app, '/favicon.svg', 120_000);
	await (await fetch(`${app.origin}/kooperationen.json`)).arrayBuffer();
	const hello = await startNodeServer('hello', path.join(ROOT, 'bench/baseline-server.ts'), {}, ROOT);
	children.push(hello.proc);
	await waitUntilAnswering(hello, '/', 10_000);

	const qs = (p: [string, string][]) => `?${new URLSearchParams(p)}`;
	const auth = { authorization: `Bearer ${TOKEN}` };
	const d = (extra: [string, string][]) => CASES.map(([q, t, lf]) => `/items/cooperations${qs([['filter[topic][_eq]', t], ['filter[legal_form][_eq]', lf], ['limit', '25'], ...extra.map(([k, v]) => [k, v === '$q' ? q : v] as [string, string])])}`);
	console.log('4. Measuring (10 connections):');
	const results: Measured[] = [await measure('hello', 'bare node:http', hello.origin, ['/'])];
	results.push(await measure('directus', '(a) two filters, 25 rows', directus.origin, d([]), auth));
	results.push(await measure('ikz-atlas', '(a) list JSON + facets (7 dimensions)', app.origin, CASES.map(([, t, lf]) => `/kooperationen.json${qs([['thema', t], ['rechtsform', lf]])}`)));
	results.push(await measure('ikz-atlas', '(a) API list, 25 rows, no facets', app.origin, CASES.map(([, t, lf]) => `/api/v1/cooperations${qs([['thema', t], ['rechtsform', lf], ['limit', '25']])}`)));
	results.push(await measure('directus', '(b) two filters + search=', directus.origin, d([['search', '$q']]), auth));
	results.push(await measure('ikz-atlas', '(b) text + filters, JSON + facets', app.origin, CASES.map(([q, t, lf]) => `/kooperationen.json${qs([['q', q], ['thema', t], ['rechtsform', lf]])}`)));
	results.push(await measure('ikz-atlas', '(b) text + filters, API list', app.origin, CASES.map(([q, t, lf]) => `/api/v1/cooperations${qs([['q', q], ['thema', t], ['rechtsform', lf], ['limit', '25']])}`)));
	results.push(await measure('directus', '(c) count grouped by topic', directus.origin, ['/items/cooperations?aggregate[count]=*&groupBy[]=topic'], auth));
	results.push(await measure('ikz-atlas', '(c) whole register + all facet counts', app.origin, ['/kooperationen.json?pro_seite=5']));
	const rss = { directus: await residentMb(directus.proc.pid), app: await residentMb(app.proc.pid), hello: await residentMb(hello.proc.pid) };
	console.log(`RSS MB: ${JSON.stringify(rss)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
	const out = path.join(ROOT, 'bench/results/peers-directus.json');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), directusVersion: VERSION, rows: ROWS, directusLoadMs: loadMs, loadAverage: os.loadavg(), rss, results }, null, '\t') + '\n');
	console.log(`Written: ${path.relative(ROOT, out)}`);
}

requireSupportedNode('bench/peers/directus.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-peer-'));
const children: ChildProcess[] = [];
process.once('exit', () => children.forEach((p) => p.kill('SIGKILL')));
try {
	await main(children, work);
} catch (e) {
	process.exitCode = 1;
	console.error(`Peer benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
} finally {
	await Promise.all(children.map((p) => stopChild(p)));
	// A PEER_DIR install is kept for the next run; the temp folder (and a temp install) goes.
	fs.rmSync(work, { recursive: true, force: true });
}
