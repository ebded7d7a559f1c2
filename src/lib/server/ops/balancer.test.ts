/**
 * The supervisor's connection balancer (scripts/balancer.js, issue 15): real worker processes,
 * real TCP connections on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBalancer, HANDOVER } from '../../../../scripts/balancer.js';

const balancerUrl = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../scripts/balancer.js')).href;

/** A worker: an HTTP server that answers with its pid and takes the connections it is handed. */
const WORKER = `
import http from 'node:http';
import { takeHandedConnections } from ${JSON.stringify(balancerUrl)};
const server = http.createServer((req, res) => res.end(String(process.pid)));
takeHandedConnections(server);
process.on('disconnect', () => process.exit(0));
process.send({ type: 'up' });
`;

type Balancer = ReturnType<typeof createBalancer>;

const children: ChildProcess[] = [];
const balancers: Balancer[] = [];
let dir = '';

afterEach(() => {
	for (const b of balancers.splice(0)) b.close();
	for (const c of children.splice(0)) c.kill('SIGKILL');
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
	dir = '';
});

function workerFile(): string {
	dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-balancer-'));
	const file = path.join(dir, 'worker.mjs');
	fs.writeFileSync(file, WORKER);
	return file;
}

/** A worker process wired to the balancer as serve.js wires a cluster worker; resolves once it is up. */
async function startWorker(balancer: Balancer) {
	const child = fork(workerFile(), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
	children.push(child);
	const worker = {
		isConnected: () => child.connected,
		send: (message: unknown, handle: import('node:net').Socket, options: { keepOpen: boolean }, callback: (e: Error | null) => void) =>
			child.send(message as object, handle, options, callback)
	};
	child.on('message', (m) => balancer.message(worker, m));
	await new Promise<void>((resolve) => child.once('message', () => resolve()));
	return { child, worker };
}

async function listening(balancer: Balancer): Promise<number> {
	await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
	return (balancer.server.address() as AddressInfo).port;
}

function get(port: number, agent: http.Agent | false): Promise<string> {
	return new Promise((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port, path: '/', agent, timeout: 10_000 }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (body += d));
			res.on('end', () => resolve(body));
		});
		req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
		req.on('error', reject);
	});
}

const tally = (pids: string[]) => pids.reduce<Record<string, number>>((t, p) => ({ ...t, [p]: (t[p] ?? 0) + 1 }), {});

function newBalancer(): Balancer {
	const b = createBalancer({ onError: (e) => { throw e; } });
	balancers.push(b);
	return b;
}

/** A listening balancer with two ready workers. */
async function twoWorkers() {
	const balancer = newBalancer();
	const a = await startWorker(balancer);
	const b = await startWorker(balancer);
	balancer.add(a.worker);
	balancer.add(b.worker);
	return { balancer, a, b, port: await listening(balancer) };
}

describe('the connection balancer of the supervisor', () => {
	it('hands ten connections that open at once to two workers five and five, and each keeps its worker', async () => {
		const { balancer, a, b, port } = await twoWorkers();
		const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
		try {
			const first = await Promise.all(Array.from({ length: 10 }, () => get(port, agent)));
			expect(tally(first)).toEqual({ [String(a.child.pid)]: 5, [String(b.child.pid)]: 5 });
			// The same ten connections again: no new connection, the same split.
			const again = await Promise.all(Array.from({ length: 10 }, () => get(port, agent)));
			expect(tally(again)).toEqual(tally(first));
			expect(balancer.handed().map((h) => h.connections)).toEqual([5, 5]);
		} finally {
			agent.destroy();
		}
	});

	it('keeps connections that arrive before any worker is ready and answers them once one is', async () => {
		const balancer = newBalancer();
		const port = await listening(balancer);
		const pending = Promise.all([get(port, false), get(port, false), get(port, false)]);
		await new Promise((r) => setTimeout(r, 200));
		const a = await startWorker(balancer);
		balancer.add(a.worker);
		expect(await pending).toEqual([String(a.child.pid), String(a.child.pid), String(a.child.pid)]);
	});

	it('gives a connection that a worker never confirmed to the next worker, with the request already sent', async () => {
		const balancer = newBalancer();
		const sent: unknown[] = [];
		// A worker that is sent the connection and dies before it takes it.
		const doomed = {
			isConnected: () => true,
			send: (message: unknown, _handle: unknown, _options: unknown, callback: (e: Error | null) => void) => {
				sent.push(message);
				callback(null);
				return true;
			}
		};
		balancer.add(doomed);
		const port = await listening(balancer);
		const answer = get(port, false);
		for (let i = 0; i < 100 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
		expect(sent).toEqual([{ type: HANDOVER, id: 1 }]);
		const a = await startWorker(balancer);
		balancer.add(a.worker);
		balancer.remove(doomed);
		expect(await answer).toBe(String(a.child.pid));
		expect(balancer.handed().map((h) => h.connections)).toEqual([1]);
	});

	it('sends new connections past a worker that has died to the live one', async () => {
		const { balancer, a, b, port } = await twoWorkers();
		const exited = new Promise((r) => a.child.once('exit', r));
		a.child.kill('SIGKILL');
		await exited;
		// Before and after the supervisor hears of the death (isConnected turns false first).
		const answers = await Promise.all(Array.from({ length: 4 }, () => get(port, false)));
		balancer.remove(a.worker);
		answers.push(await get(port, false));
		expect(answers).toEqual(Array(5).fill(String(b.child.pid)));
	});
});
