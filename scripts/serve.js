// Starts the built app (build/) with defaults for a local start: http://localhost:3000.
// Every default can be overridden by the environment (see docs/settings.md).
//
// The public origin (ORIGIN, default http://localhost:<PORT>) is set here at run time: every
// request gets the origin's protocol and host in two private headers that adapter-node reads
// (PROTOCOL_HEADER / HOST_HEADER). A client cannot forge them, because they are overwritten on
// every request. See docs/decisions/0002-origin-at-run-time.md.
//
// Production start (issue 23): this process is a small supervisor (node:cluster primary) that runs
// WORKERS app processes on the one port (with several, it accepts the connections and hands them
// to the workers in turn: scripts/balancer.js) and replaces a worker that dies at once; SIGTERM stops
// them gracefully (running requests finish, then the database pool is closed). With
// METRICS_ADDRESS set it serves Prometheus-style figures of all workers on that separate address.
// WORKERS=0 runs the app in this process without a supervisor.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBalancer, takeHandedConnections } from './balancer.js';
import { requireSupportedNode } from './node-version.js';

requireSupportedNode('IKZ-Atlas');
process.env.PORT ??= '3000';
// The shipped data live beside this script: started from another directory (a service manager's
// default), a relative `data` would miss them.
process.env.DATA_DIR ||= fileURLToPath(new URL('../data', import.meta.url));
process.env.HOST ??= '127.0.0.1';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
const origin = new URL(process.env.ORIGIN);
if (origin.origin !== process.env.ORIGIN.replace(/\/$/, '')) {
	console.error(`ORIGIN muss ein Ursprung ohne Pfad sein, z. B. https://ikz.kreis-unna.de (ist: ${process.env.ORIGIN})`);
	process.exit(1);
}
process.env.PROTOCOL_HEADER = 'x-ikz-origin-proto';
process.env.HOST_HEADER = 'x-ikz-origin-host';
process.env.PORT_HEADER = '';
const proto = origin.protocol.replace(':', '');
// Uploads (imports) up to IMPORT_MAX_BYTES plus the form around the file; beyond that adapter-node
// answers 413 itself. The app checks IMPORT_MAX_BYTES with its own message.
const importMax = Number(process.env.IMPORT_MAX_BYTES ?? 10 * 1024 * 1024);
process.env.BODY_SIZE_LIMIT ??= String(Math.ceil((Number.isFinite(importMax) ? importMax : 10 * 1024 * 1024) * 1.05) + 256 * 1024);

/**
 * One JSON log line, as the app writes them (src/lib/server/ops/log.ts).
 * @param {'info' | 'warn' | 'error'} level
 * @param {string} msg
 * @param {Record<string, unknown>} [fields]
 */
function log(level, msg, fields = {}) {
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, pid: process.pid, ...fields });
	(level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** @param {string} message @returns {never} */
function fail(message) {
	console.error(message);
	process.exit(1);
}

const workersSetting = process.env.WORKERS ?? '1';
if (!/^\d{1,3}$/.test(workersSetting) || Number(workersSetting) > 64) fail(`WORKERS muss eine Zahl von 0 bis 64 sein (ist: ${workersSetting})`);
const workerCount = Number(workersSetting);
// adapter-node removes an empty file at SOCKET_PATH before it listens: a second worker would delete
// the first one's socket.
if (process.env.SOCKET_PATH && workerCount > 1) fail(`SOCKET_PATH geht nur mit WORKERS=0 oder WORKERS=1 (ist: ${workerCount})`);
const heapSetting = process.env.WORKER_HEAP_MB ?? '0';
if (!/^\d{1,6}$/.test(heapSetting) || (Number(heapSetting) !== 0 && (Number(heapSetting) < 64 || Number(heapSetting) > 65536))) {
	fail(`WORKER_HEAP_MB muss 0 oder eine Zahl von 64 bis 65536 sein (ist: ${heapSetting})`);
}
const workerHeapMb = Number(heapSetting);
const semiSetting = process.env.WORKER_SEMI_SPACE_MB ?? '16';
if (!/^\d{1,4}$/.test(semiSetting) || Number(semiSetting) > 1024) fail(`WORKER_SEMI_SPACE_MB muss eine Zahl von 0 bis 1024 sein (ist: ${semiSetting})`);
const workerSemiSpaceMb = Number(semiSetting);

if (cluster.isPrimary && workerCount > 0) {
	await supervise(workerCount);
} else {
	await runApp();
}

/** The app itself: one HTTP server on PORT (shared by all workers through the cluster). */
async function runApp() {
	// Several workers: the supervisor accepts the connections and hands them over (scripts/balancer.js);
	// the worker's own server listens only on a private socket in the supervisor's folder.
	const handover = cluster.isWorker ? process.env.IKZ_HANDOVER_SOCKET : undefined;
	if (handover) process.env.SOCKET_PATH = handover;
	// adapter-node listens on PORT whenever it is set, even beside SOCKET_PATH.
	if (process.env.SOCKET_PATH) delete process.env.PORT;
	// Issue 15 (cold start): V8 keeps the compiled code of the app's modules on disk and the next
	// start (a restart, another worker) reads it instead of compiling again. The cache lives in the
	// build folder, beside the code it was made from (NODE_COMPILE_CACHE chooses another folder,
	// NODE_DISABLE_COMPILE_CACHE=1 switches it off); a read-only build folder just means no cache.
	const cache = module.enableCompileCache(process.env.NODE_COMPILE_CACHE || fileURLToPath(new URL('../build/.compile-cache', import.meta.url)));
	// A computed specifier: the build output does not exist before `npm run build`.
	const { server } = await import(new URL('../build/index.js', import.meta.url).href);
	// Written now, not only when the process ends (a worker stopped with SIGKILL writes nothing).
	const { ENABLED, ALREADY_ENABLED } = module.constants.compileCacheStatus;
	if (cache.status === ENABLED || cache.status === ALREADY_ENABLED) module.flushCompileCache();
	server.prependListener('request', (/** @type {import('node:http').IncomingMessage} */ req) => {
		req.headers['x-ikz-origin-proto'] = proto;
		req.headers['x-ikz-origin-host'] = origin.host;
	});
	// After a graceful stop (SIGTERM) the app closes its database pool; if anything still holds the
	// event loop, leave anyway.
	process.once('sveltekit:shutdown', () => {
		// A worker's channel to the supervisor would keep it alive: let go of it, so the process ends
		// as soon as the pool is closed.
		if (cluster.isWorker) process.disconnect?.();
		setTimeout(() => process.exit(0), 5000).unref();
	});
	if (handover) takeHandedConnections(server);
	if (cluster.isWorker) {
		const ready = () => process.send?.({ type: 'ikz:listening' });
		if (server.listening) ready();
		else server.once('listening', ready);
	} else {
		console.log(`IKZ-Atlas läuft auf ${origin.origin}`);
	}
}

/**
 * The supervisor: forks the workers, replaces any that dies, stops them on SIGTERM/SIGINT.
 * @param {number} count
 */
async function supervise(count) {
	const metricsAddress = parseMetricsAddress(process.env.METRICS_ADDRESS);
	// One worker accepts its connections itself from the shared socket (cluster's own round-robin
	// would leave a connection it had just handed to a worker that then died hanging); several get
	// them from the balancer below.
	cluster.schedulingPolicy = cluster.SCHED_NONE;
	// Issue 15: with a limit, V8 collects before a worker's heap grows far past what it holds (under
	// load it otherwise grew to three times the live data). The young generation: V8 lets it grow to
	// 128 MB on a machine with much memory, all of it resident once a busy worker has used it; 16 MB
	// half-spaces kept the resident memory of a loaded worker 80-110 MB lower at no measurable cost
	// in CPU per request (docs/benchmarks.md).
	const execArgv = [...process.execArgv];
	if (workerHeapMb > 0) execArgv.push(`--max-old-space-size=${workerHeapMb}`);
	if (workerSemiSpaceMb > 0) execArgv.push(`--max-semi-space-size=${workerSemiSpaceMb}`);
	cluster.setupPrimary({ exec: fileURLToPath(import.meta.url), args: [], execArgv });
	// With several workers the supervisor balances the connections itself (scripts/balancer.js).
	const balanced = count > 1;
	const socketDir = balanced ? fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-workers-')) : null;
	if (socketDir) process.on('exit', () => fs.rmSync(socketDir, { recursive: true, force: true }));
	const balancer = balanced ? createBalancer({ onError: (e) => {
		log('error', `Adresse ${process.env.HOST}:${process.env.PORT} nicht nutzbar: ${e.message}`);
		for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
		process.exit(1);
	} }) : null;
	let stopping = false;
	let everListened = false;
	let restarts = 0;
	let nextSlot = 0;
	/** Back-off for workers that die before they listen (a broken start must not spin). */
	let startDelay = 1000;

	function fork() {
		const slot = ++nextSlot;
		const worker = cluster.fork(socketDir ? { IKZ_HANDOVER_SOCKET: path.join(socketDir, `${slot}.sock`) } : {});
		const started = Date.now();
		let listened = false;
		worker.on('message', (/** @type {{ type?: string } | null} */ m) => {
			balancer?.message(worker, m);
			if (m?.type !== 'ikz:listening' || listened) return;
			listened = true;
			startDelay = 1000;
			log('info', 'Worker bereit', { worker: slot, workerPid: worker.process.pid, ms: Date.now() - started });
			balancer?.add(worker);
			if (!everListened) {
				everListened = true;
				const running = () => console.log(`IKZ-Atlas läuft auf ${origin.origin} (${count} Worker)`);
				if (balancer) balancer.listen(Number(process.env.PORT), process.env.HOST || '0.0.0.0', running);
				else running();
				// The first worker has migrated the database and applied the data files; the others
				// start on the prepared database.
				for (let i = 1; i < count; i++) fork();
			}
		});
		worker.on('exit', (code, signal) => {
			balancer?.remove(worker);
			if (stopping) {
				if (Object.keys(cluster.workers ?? {}).length === 0) {
					log('info', 'Alle Worker beendet');
					process.exit(0);
				}
				return;
			}
			if (!listened && !everListened) {
				// The very first start failed (a setting, a migration): stop like a single process would.
				log('error', 'Start fehlgeschlagen', { worker: slot, code, signal });
				process.exit(typeof code === 'number' && code !== 0 ? code : 1);
			}
			restarts++;
			const delay = listened ? 0 : startDelay;
			if (!listened) startDelay = Math.min(startDelay * 2, 30_000);
			log('error', `Worker beendet (${signal ?? `Code ${code}`}), wird ${delay ? `in ${delay / 1000} s ` : ''}ersetzt`, { worker: slot, workerPid: worker.process.pid, code, signal });
			setTimeout(() => {
				if (!stopping) fork();
			}, delay);
		});
	}

	/** @param {string} signal */
	function stop(signal) {
		if (stopping) return;
		stopping = true;
		log('info', `${signal}: Worker werden beendet`);
		balancer?.close();
		const workers = Object.values(cluster.workers ?? {});
		if (workers.length === 0) process.exit(0);
		for (const w of workers) w?.process.kill('SIGTERM');
		// adapter-node lets running requests finish for up to SHUTDOWN_TIMEOUT seconds.
		const grace = (Number(process.env.SHUTDOWN_TIMEOUT ?? 30) + 5) * 1000;
		setTimeout(() => {
			for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
			process.exit(0);
		}, grace).unref();
	}
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));

	if (metricsAddress) serveMetrics(metricsAddress, () => ({ restarts, handed: balancer?.handed() ?? null }));
	fork();
}

/**
 * METRICS_ADDRESS: `host:port` (or just a port, on 127.0.0.1); empty = no metrics.
 * @param {string | undefined} value
 * @returns {{ host: string; port: number } | null}
 */
function parseMetricsAddress(value) {
	if (!value) return null;
	const m = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(value);
	if (!m || Number(m[2]) > 65535) return fail(`METRICS_ADDRESS muss host:port oder ein Port sein (ist: ${value})`);
	return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

/**
 * @typedef {{ requests: Record<string, number>; latencyBounds: number[]; latencyBuckets: number[]; latencySum: number; latencyCount: number;
 *   databaseUnavailable: number; pool: { total: number; idle: number; waiting: number } | null; indexBuilds: number; indexBuildSeconds: number | null }} Snapshot
 * @typedef {{ worker: number; snapshot: Snapshot }} WorkerFigures
 * @typedef {{ restarts: number; handed: { worker: number; connections: number }[] | null }} Supervisor
 */

/**
 * Ask every worker for its figures (src/lib/server/ops/metrics.ts); a worker that does not answer within a second is left out.
 * @returns {Promise<WorkerFigures[]>}
 */
function collect() {
	const workers = /** @type {import('node:cluster').Worker[]} */ (Object.values(cluster.workers ?? {}).filter(Boolean));
	return Promise.all(workers.map((w, i) => new Promise(/** @param {(v: WorkerFigures | null) => void} resolve */ (resolve) => {
		const id = Date.now() * 100 + i;
		const timer = setTimeout(() => {
			w.off('message', onMessage);
			resolve(null);
		}, 1000);
		/** @param {{ type?: string; id?: number; snapshot: Snapshot } | null} m */
		function onMessage(m) {
			if (!m || m.type !== 'ikz:metrics' || m.id !== id) return;
			clearTimeout(timer);
			w.off('message', onMessage);
			resolve({ worker: w.id, snapshot: m.snapshot });
		}
		w.on('message', onMessage);
		try {
			w.send({ type: 'ikz:metrics?', id });
		} catch {
			clearTimeout(timer);
			resolve(null);
		}
	}))).then((all) => /** @type {WorkerFigures[]} */ (all.filter(Boolean)));
}

/**
 * Prometheus text format (version 0.0.4) of the workers' figures, each sample labelled with its worker.
 * @param {WorkerFigures[]} results
 * @param {Supervisor} supervisor
 */
function renderMetrics(results, supervisor) {
	/** @type {string[]} */
	const out = [];
	/** @typedef {[Record<string, string | number>, number]} Sample */
	/** @param {string} name @param {string} type @param {string} help @param {Sample[]} samples */
	const family = (name, type, help, samples) => {
		out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
		for (const [labels, value] of samples) {
			const l = Object.entries(labels).map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, '_')}"`).join(',');
			out.push(`${name}${l ? `{${l}}` : ''} ${value}`);
		}
	};
	family('ikz_workers', 'gauge', 'Worker processes answering.', [[{}, results.length]]);
	family('ikz_worker_restarts_total', 'counter', 'Workers that died and were replaced since the supervisor started.', [[{}, supervisor.restarts]]);
	if (supervisor.handed) {
		family('ikz_connections_handed_total', 'counter', 'Connections the supervisor handed to each ready worker.',
			supervisor.handed.map(({ worker, connections }) => /** @type {Sample} */ ([{ worker }, connections])));
	}
	family('ikz_http_requests_total', 'counter', 'HTTP requests answered, by status code.',
		results.flatMap(({ worker, snapshot }) => Object.entries(snapshot.requests).map(([status, n]) => /** @type {Sample} */ ([{ worker, status }, n]))));
	/** @type {[{ worker: number; le: number | string }, number][]} */
	const hist = [];
	for (const { worker, snapshot } of results) {
		let cumulative = 0;
		snapshot.latencyBounds.forEach((le, i) => {
			cumulative += snapshot.latencyBuckets[i] ?? 0;
			hist.push([{ worker, le }, cumulative]);
		});
		hist.push([{ worker, le: '+Inf' }, snapshot.latencyCount]);
	}
	out.push('# HELP ikz_http_request_duration_seconds Time from request to answer.', '# TYPE ikz_http_request_duration_seconds histogram');
	for (const [labels, v] of hist) out.push(`ikz_http_request_duration_seconds_bucket{worker="${labels.worker}",le="${labels.le}"} ${v}`);
	for (const { worker, snapshot } of results) {
		out.push(`ikz_http_request_duration_seconds_sum{worker="${worker}"} ${snapshot.latencySum}`);
		out.push(`ikz_http_request_duration_seconds_count{worker="${worker}"} ${snapshot.latencyCount}`);
	}
	family('ikz_database_unavailable_total', 'counter', 'Requests answered 503 because the database could not be reached.',
		results.map(({ worker, snapshot }) => /** @type {Sample} */ ([{ worker }, snapshot.databaseUnavailable])));
	family('ikz_db_pool_connections', 'gauge', 'PostgreSQL pool connections (total open, idle).',
		results.flatMap(({ worker, snapshot }) => snapshot.pool ? /** @type {Sample[]} */ ([[{ worker, state: 'total' }, snapshot.pool.total], [{ worker, state: 'idle' }, snapshot.pool.idle]]) : []));
	family('ikz_db_pool_waiting', 'gauge', 'Queries waiting for a PostgreSQL pool connection.',
		results.flatMap(({ worker, snapshot }) => snapshot.pool ? /** @type {Sample[]} */ ([[{ worker }, snapshot.pool.waiting]]) : []));
	family('ikz_search_index_build_seconds', 'gauge', 'Time the last readiness check waited for a newly built search index.',
		results.flatMap(({ worker, snapshot }) => snapshot.indexBuildSeconds === null ? [] : /** @type {Sample[]} */ ([[{ worker }, snapshot.indexBuildSeconds]])));
	return `${out.join('\n')}\n`;
}

/**
 * @param {{ host: string; port: number }} address
 * @param {() => Supervisor} supervisor
 */
function serveMetrics({ host, port }, supervisor) {
	const server = http.createServer(async (req, res) => {
		if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('nicht gefunden\n');
			return;
		}
		const text = renderMetrics(await collect(), supervisor());
		res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }).end(text);
	});
	server.on('error', (e) => fail(`METRICS_ADDRESS ${host}:${port}: ${e.message}`));
	server.listen(port, host, () => log('info', 'Kennzahlen unter /metrics', { address: `${host}:${port}` }));
}
