/**
 * The production start (issue 23, item 3): scripts/serve.js runs WORKERS app processes under a
 * supervisor. A worker that dies is replaced at once and the next request still answers; health,
 * readiness, request ids and JSON log lines are there; /metrics is only on METRICS_ADDRESS (never
 * on the app's port) and counts requests, latencies and restarts; SIGTERM stops everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort, startApp, type RunningApp } from './app-server';

const workerPids = (log: string): number[] => log.split('\n').filter((l) => l.includes('"Worker bereit"'))
	.map((l) => (JSON.parse(l) as { workerPid: number }).workerPid);

/**
 * GET on a new connection. A keep-alive connection that the killed worker held dies with it (a
 * client sees a reset on it); a new connection, as a balancer or browser opens one, reaches a
 * live worker.
 */
const freshGet = (url: string): Promise<number> => new Promise((resolve, reject) => {
	const req = http.get(url, { agent: false, timeout: 20_000 }, (res) => {
		res.resume();
		res.on('end', () => resolve(res.statusCode ?? 0));
	});
	req.on('timeout', () => req.destroy(new Error(`keine Antwort von ${url} in 20 s`)));
	req.on('error', reject);
});

const alive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe('the supervisor of scripts/serve.js (WORKERS=2, METRICS_ADDRESS set)', () => {
	let app: RunningApp;
	let metricsUrl: string;
	let compileCache = '';

	beforeAll(async () => {
		const metricsPort = await freePort();
		metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
		compileCache = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-compile-cache-'));
		// Started from another directory, as a service manager may: the shipped data are still found.
		app = await startApp({ WORKERS: '2', METRICS_ADDRESS: `127.0.0.1:${metricsPort}`, NODE_COMPILE_CACHE: compileCache }, undefined, { cwd: os.tmpdir() });
		const deadline = Date.now() + 30_000;
		while (workerPids(app.log()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
	}, 90_000);
	afterAll(async () => {
		await app?.stop();
		if (compileCache) fs.rmSync(compileCache, { recursive: true, force: true });
	});

	it('keeps the compiled code of the app on disk while it runs, for the next start (cold start, issue 15)', () => {
		// Written once the worker has loaded the app, not only when the process ends.
		const files = fs.readdirSync(compileCache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
		expect(files.length).toBeGreaterThan(10);
	});

	it('answers /healthz and /readyz, sends a request id back and logs one JSON line per request', async () => {
		const health = await fetch(`${app.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok' });
		const ready = await fetch(`${app.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', searchIndex: 'ok' } });
		const mine = await fetch(`${app.url}/kooperationen?status=planned`, { headers: { 'x-request-id': 'lb-7f3a.42' } });
		expect(mine.headers.get('x-request-id')).toBe('lb-7f3a.42');
		// A header that is no id (spaces, too long) is replaced by a new one.
		const odd = await fetch(`${app.url}/ueber`, { headers: { 'x-request-id': 'nicht gültig <script>' } });
		expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		await new Promise((r) => setTimeout(r, 200));
		const line = app.log().split('\n').find((l) => l.includes('"requestId":"lb-7f3a.42"'));
		expect(line).toBeDefined();
		expect(JSON.parse(line!)).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/kooperationen', status: 200 });
		expect(line).not.toContain('status=planned');
	});

	it('finds the shipped data although it was started from another directory', async () => {
		const list = await (await fetch(`${app.url}/kooperationen.json?perPage=1`)).json() as { items: { id: string }[] };
		const id = list.items[0]?.id;
		expect(id).toBeTruthy();
		// The profile reads the law book of the Länder (data/law/laender.yaml).
		const profile = await fetch(`${app.url}/kooperationen/${id}`);
		expect(profile.status).toBe(200);
		expect(await profile.text()).toContain('2b UStG');
	});

	it('serves /metrics only on METRICS_ADDRESS, with requests, latencies and both workers', async () => {
		expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
		const text = await (await fetch(metricsUrl)).text();
		expect(text).toMatch(/^ikz_workers 2$/m);
		expect(text).toMatch(/^# TYPE ikz_http_request_duration_seconds histogram$/m);
		const ok = [...text.matchAll(/^ikz_http_requests_total\{worker="\d+",status="200"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
		expect(ok).toBeGreaterThanOrEqual(4);
		expect(text).toMatch(/^ikz_http_request_duration_seconds_bucket\{worker="\d+",le="\+Inf"\} \d+$/m);
		expect(text).toMatch(/^ikz_search_index_build_seconds\{worker="\d+"\} [\d.e-]+$/m);
	});

	it('shares ten connections that open at once five and five between the two workers (issue 15)', async () => {
		const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
		const get = (i: number) => new Promise<number>((resolve, reject) => {
			const req = http.get(`${app.url}/ueber`, { agent, headers: { 'x-request-id': `split-${i}` }, timeout: 20_000 }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			});
			req.on('timeout', () => req.destroy(new Error('keine Antwort in 20 s')));
			req.on('error', reject);
		});
		try {
			expect(await Promise.all(Array.from({ length: 10 }, (_, i) => get(i)))).toEqual(Array(10).fill(200));
		} finally {
			agent.destroy();
		}
		await new Promise((r) => setTimeout(r, 200));
		const byWorker: Record<number, number> = {};
		for (const line of app.log().split('\n').filter((l) => l.includes('"requestId":"split-'))) {
			const { pid } = JSON.parse(line) as { pid: number };
			byWorker[pid] = (byWorker[pid] ?? 0) + 1;
		}
		expect(Object.keys(byWorker).map(Number).sort()).toEqual(workerPids(app.log()).sort());
		expect(Object.values(byWorker)).toEqual([5, 5]);
		// The supervisor counts what it handed to each worker.
		const text = await (await fetch(metricsUrl)).text();
		const handed = [...text.matchAll(/^ikz_connections_handed_total\{worker="\d+"\} (\d+)$/gm)].map((m) => Number(m[1]));
		expect(handed).toHaveLength(2);
		expect(Math.min(...handed)).toBeGreaterThanOrEqual(5);
	});

	it('a worker that is killed is replaced at once; the next request still answers', async () => {
		const before = workerPids(app.log());
		expect(before.length).toBe(2);
		const victim = before[0]!;
		process.kill(victim, 'SIGKILL');
		// The other worker takes the very next request.
		expect(await freshGet(`${app.url}/kooperationen`)).toBe(200);
		const deadline = Date.now() + 30_000;
		while (workerPids(app.log()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
		const after = workerPids(app.log());
		expect(after.length).toBe(3);
		expect(alive(victim)).toBe(false);
		expect(alive(after[2]!)).toBe(true);
		expect(app.log()).toMatch(/"msg":"Worker beendet \(SIGKILL\), wird ersetzt"/);
		const text = await (await fetch(metricsUrl)).text();
		expect(text).toMatch(/^ikz_worker_restarts_total 1$/m);
		expect(text).toMatch(/^ikz_workers 2$/m);
		for (let i = 0; i < 6; i++) expect(await freshGet(`${app.url}/kooperationen.json?q=Abfall`)).toBe(200);
	}, 60_000);

	it('SIGTERM stops the supervisor and all workers', async () => {
		const pids = workerPids(app.log()).filter(alive);
		expect(pids.length).toBe(2);
		await app.stop();
		await new Promise((r) => setTimeout(r, 500));
		expect(pids.filter(alive)).toEqual([]);
		expect(app.log()).toContain('"msg":"Alle Worker beendet"');
	});
});
