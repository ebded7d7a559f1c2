/**
 * Soak test (issue 18): mixed reads and writes against the built app at a fixed number of
 * connections for a long time, to see whether memory or latency grow. Not part of `npm test`.
 *
 *   npm run build && npx tsx bench/soak.ts [--minutes 30] [--connections 20] [--write-share 0.2]
 *
 * Starts `scripts/serve.js` (build/) on a fresh SQLite database in a temp folder, with the shipped
 * data and one coordinator account, then runs `connections` loops for `minutes`:
 * reads (start page, search with text and filters, profiles, exports, analyses, history) and writes
 * through the real edit form (a changed note: a new version; an unchanged save: no version).
 * Every minute it prints the server's resident memory (the process and its children, from /proc)
 * and the latency percentiles of that minute; at the end the first and the last minute side by side.
 * Exit code 1 when a request failed with 5xx or the server went away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/lib/server/db/connect';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { applyDataSet } from '../src/lib/server/data/load-data';
import { readDataSet } from '../src/lib/server/data/read-data';
import { createUser } from '../src/lib/server/auth/users';
import { createSession } from '../src/lib/server/auth/session';
import { formEntries } from '../tests/support/form-entries';
import { freePort } from './child-servers';
import { percentile } from './http-timing';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const raw = i >= 0 ? process.argv[i + 1] : process.env[`SOAK_${name.toUpperCase().replace(/-/g, '_')}`];
	const n = Number(raw);
	return raw !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

const MINUTES = arg('minutes', 30);
const CONNECTIONS = Math.floor(arg('connections', 20));
const WRITE_SHARE = Math.min(1, arg('write-share', 0.2));

/** Resident memory of a process and all its descendants (a supervisor with workers), in MB. */
function treeRssMb(pid: number): number | null {
	try {
		const children = new Map<number, number[]>();
		for (const d of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(d)) continue;
			try {
				const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
				const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
				children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
			} catch {
				// gone meanwhile
			}
		}
		let kb = 0;
		const todo = [pid];
		while (todo.length) {
			const p = todo.pop()!;
			const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
			kb += Number(m?.[1] ?? 0);
			todo.push(...(children.get(p) ?? []));
		}
		return Math.round(kb / 1024);
	} catch {
		return null;
	}
}

interface Sample {
	ms: number;
	status: number;
	write: boolean;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function request(url: URL, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; text: string; location: string | null }> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent, timeout: 60_000 }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), location: res.headers.location ?? null }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		if (init.body) req.write(init.body);
		req.end();
	});
}

/** A fresh SQLite file with the data set, one coordinator session, and the ids the reads pick from. */
async function prepareDatabase(): Promise<{ dir: string; database: string; token: string; ids: string[]; bodies: string[] }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-soak-'));
	const database = `file:${path.join(dir, 'soak.sqlite')}`;
	const h = openDatabase(database);
	await migrateToLatest(h.db);
	await applyDataSet(h.db, readDataSet(path.join(ROOT, 'data')));
	const userId = await createUser(h.db, { email: 'soak@kreis-unna.de', name: 'Soak', role: 'coordinator', bodyId: 'kreis-unna' });
	const token = await createSession(h.db, userId, { idleMinutes: 24 * 60, maxHours: 48 });
	const ids = (await h.db.selectFrom('cooperation').select('id').orderBy('id').execute()).map((r) => r.id);
	const bodies = (await h.db.selectFrom('body').select('id').orderBy('id').execute()).map((r) => r.id);
	await h.close();
	return { dir, database, token, ids, bodies };
}

/** Starts the built server on a free port and waits until it answers; `log()` is the tail of its output. */
async function startServer(database: string): Promise<{ server: ChildProcess; origin: string; log: () => string }> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.js')], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin, DATABASE_URL: database, SESSION_IDLE_MINUTES: '1440', SESSION_MAX_HOURS: '48' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	server.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
	server.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
	for (let i = 0; ; i++) {
		if (server.exitCode !== null) throw new Error(`Server beendet:\n${log}`);
		try {
			if ((await request(new URL(`${origin}/`))).status === 200) break;
		} catch {
			// not yet
		}
		if (i > 600) throw new Error(`Server antwortet nicht:\n${log}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return { server, origin, log: () => log };
}

async function main(): Promise<void> {
	if (!fs.existsSync(path.join(ROOT, 'build/index.js'))) throw new Error('build/index.js fehlt: zuerst `npm run build`');
	const { dir, database, token, ids, bodies } = await prepareDatabase();
	const { server, origin, log } = await startServer(database);

	const cookie = `__Host-ikz-sitzung=${token}`;
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
	const QUERIES = ['rettung', 'schule', 'abwasser', 'vergabe', 'musikschule', 'jugend', 'it', 'volkshochschule', 'bauhof', 'tierheim'];
	const reads: (() => string)[] = [
		() => '/',
		() => `/kooperationen?q=${encodeURIComponent(pick(QUERIES))}`,
		() => `/kooperationen?thema=verwaltung-it&seite=${1 + Math.floor(Math.random() * 3)}`,
		() => `/kooperationen/${pick(ids)}`,
		() => `/koerperschaften/${pick(bodies)}`,
		() => `/kooperationen.json?q=${encodeURIComponent(pick(QUERIES))}`,
		() => '/kooperationen.csv',
		() => '/analyse',
		() => '/analyse/netzwerk',
		() => `/kooperationen/${pick(ids)}/historie`
	];

	const samples: Sample[] = [];
	const failures: string[] = [];
	let writesChanged = 0;
	let writesUnchanged = 0;
	const endAt = Date.now() + MINUTES * 60_000;

	async function timed(write: boolean, run: () => Promise<number>): Promise<void> {
		const t0 = performance.now();
		let status = 0;
		try {
			status = await run();
		} catch (e) {
			failures.push(`${new Date().toISOString()} ${(e as Error).message}`);
		}
		samples.push({ ms: performance.now() - t0, status, write });
		if (status >= 500) failures.push(`${new Date().toISOString()} status ${status}`);
	}

	async function write(): Promise<number> {
		const id = pick(ids);
		const page = await request(new URL(`${origin}/kooperationen/${id}/bearbeiten`), { headers: { cookie } });
		if (page.status !== 200) return page.status;
		const change = Math.random() < 0.5;
		const entries = formEntries(page.text, '?/speichern').map(([k, v]): [string, string] => [k, change && k === 'notes' ? `Soak ${Date.now()} ${Math.random().toString(36).slice(2)}` : v]);
		const res = await request(new URL(`${origin}/kooperationen/${id}/bearbeiten?/speichern`), {
			method: 'POST', body: new URLSearchParams(entries).toString(),
			headers: { cookie, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }
		});
		if (res.status === 303 && res.location?.endsWith('unveraendert=1')) writesUnchanged++;
		else if (res.status === 303) writesChanged++;
		// 409: two loops edited the same record at once – the lock working, not an error.
		return res.status === 409 ? 303 : res.status;
	}

	async function loop(): Promise<void> {
		while (Date.now() < endAt && server.exitCode === null) {
			if (Math.random() < WRITE_SHARE) await timed(true, write);
			else await timed(false, async () => (await request(new URL(origin + pick(reads)()), { headers: Math.random() < 0.5 ? { cookie } : {} })).status);
		}
	}

	interface Minute { minute: number; rssMb: number | null; requests: number; p50: number; p95: number; p99: number; writeP95: number; errors: number }
	const minutes: Minute[] = [];
	let taken = 0;
	const report = (): void => {
		const window = samples.slice(taken);
		taken = samples.length;
		const ms = window.filter((s) => !s.write).map((s) => s.ms).sort((a, b) => a - b);
		const wms = window.filter((s) => s.write).map((s) => s.ms).sort((a, b) => a - b);
		const m: Minute = {
			minute: minutes.length + 1, rssMb: server.pid ? treeRssMb(server.pid) : null, requests: window.length,
			p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), writeP95: percentile(wms, 95),
			errors: window.filter((s) => s.status === 0 || s.status >= 500).length
		};
		minutes.push(m);
		console.log(`min ${String(m.minute).padStart(3)}  RSS ${m.rssMb ?? '?'} MB  ${m.requests} req  read p50 ${m.p50.toFixed(1)} p95 ${m.p95.toFixed(1)} p99 ${m.p99.toFixed(1)} ms  write p95 ${m.writeP95.toFixed(1)} ms  errors ${m.errors}`);
	};

	const rssStart = server.pid ? treeRssMb(server.pid) : null;
	console.log(`Soak: ${MINUTES} min, ${CONNECTIONS} connections, ${Math.round(WRITE_SHARE * 100)} % writes, ${ids.length} cooperations; RSS at start ${rssStart ?? '?'} MB (${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)})`);
	const ticker = setInterval(report, 60_000);
	await Promise.all(Array.from({ length: CONNECTIONS }, loop));
	clearInterval(ticker);
	if (samples.length > taken) report();
	const alive = server.exitCode === null;
	server.kill('SIGTERM');
	await new Promise((r) => setTimeout(r, 1000));
	if (server.exitCode === null) server.kill('SIGKILL');
	fs.rmSync(dir, { recursive: true, force: true });

	// The last report may cover only the few seconds after the last full minute: compare full minutes.
	const full = minutes.filter((m, i) => i < minutes.length - 1 || m.requests >= (minutes[0]?.requests ?? 0) / 4);
	const first = full[0];
	const last = full.at(-1);
	console.log('\nSummary');
	console.log(`  requests: ${samples.length} (${writesChanged} saves with a change, ${writesUnchanged} unchanged saves)`);
	console.log(`  RSS: start ${rssStart ?? '?'} MB, after minute 1 ${first?.rssMb ?? '?'} MB, at the end ${last?.rssMb ?? '?'} MB, highest ${Math.max(...minutes.map((m) => m.rssMb ?? 0))} MB`);
	console.log(`  read latency p50/p95/p99: first minute ${first?.p50.toFixed(1)}/${first?.p95.toFixed(1)}/${first?.p99.toFixed(1)} ms, last minute ${last?.p50.toFixed(1)}/${last?.p95.toFixed(1)}/${last?.p99.toFixed(1)} ms`);
	console.log(`  write p95: first minute ${first?.writeP95.toFixed(1)} ms, last minute ${last?.writeP95.toFixed(1)} ms`);
	console.log(`  failures: ${failures.length}${failures.length ? `\n    ${failures.slice(0, 10).join('\n    ')}` : ''}`);
	if (!alive) console.log(`  the server ended during the run:\n${log().slice(-3000)}`);
	process.exit(failures.length || !alive ? 1 : 0);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
