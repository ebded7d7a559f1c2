// Issue 15: how the supervisor of scripts/serve.js shares connections between several workers.
//
// With one shared listening socket each worker accepts for itself, and whichever worker the kernel
// wakes first takes a whole burst of new connections: the ten keep-alive connections of a load test
// (or of a load balancer's pool) landed 10:0, 9:1 or 8:2 on two workers in most runs, so one worker
// queued every request while the other idled. Node's round-robin scheduling skips a worker that is
// busy at the moment a connection arrives (1:9 seen).
//
// Here the supervisor accepts each connection itself (paused: nothing is read) and hands the ready
// workers one connection each in turn, whatever they are doing at that moment. (Handing each to the
// worker with the fewest open connections was tried: a busy worker reports closed connections late,
// and when a load test's next ten connections arrived as its last ten closed, they landed 8:2 and
// 7:3.) The supervisor keeps its copy of a connection until the worker confirms it has taken it: a
// connection handed to a worker that dies before it took it goes to the next worker, with the
// request the client has already sent still unread. While no worker is ready (start, all
// restarting) connections wait, up to a limit, and are handed over when one is.
import net from 'node:net';

/** Connections that may wait for a ready worker; beyond that new ones are closed. */
export const MAX_WAITING = 1024;

/** The message that carries a connection to a worker, and the worker's answer once it has it. */
export const HANDOVER = 'ikz:connection';
export const TAKEN = 'ikz:connection-taken';

/**
 * What the balancer needs of a worker (node:cluster's Worker has it).
 * @typedef {{ id?: number; isConnected(): boolean; send(message: unknown, handle: net.Socket, options: { keepOpen: boolean }, callback: (error: Error | null) => void): boolean }} WorkerLike
 */

/**
 * The supervisor's side: a TCP server whose connections go to the ready workers in turn.
 * @param {{ onError: (error: Error) => void }} options
 */
export function createBalancer({ onError }) {
	/** Ready workers, in the order they take connections. @type {WorkerLike[]} */
	const ready = [];
	/** Connections handed to each ready worker so far. @type {Map<WorkerLike, number>} */
	const handed = new Map();
	/** Connections sent to a worker that has not confirmed them yet, by number. @type {Map<number, { socket: net.Socket; worker: WorkerLike }>} */
	const unconfirmed = new Map();
	/** @type {net.Socket[]} */
	const waiting = [];
	let turn = 0;
	let serial = 0;
	const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (socket) => {
		// A client that resets before the handover must not stop the supervisor.
		socket.on('error', () => socket.destroy());
		handOver(socket);
	});
	server.on('error', onError);

	/** @returns {WorkerLike | null} */
	function next() {
		for (let tried = 0; tried < ready.length; tried++) {
			const worker = ready[turn++ % ready.length];
			if (worker?.isConnected()) return worker;
		}
		return null;
	}

	/** @param {net.Socket} socket */
	function handOver(socket) {
		if (socket.destroyed) return;
		const worker = next();
		if (!worker) {
			if (waiting.length >= MAX_WAITING) socket.destroy();
			else waiting.push(socket);
			return;
		}
		const id = ++serial;
		unconfirmed.set(id, { socket, worker });
		handed.set(worker, (handed.get(worker) ?? 0) + 1);
		const retry = () => {
			if (unconfirmed.get(id)?.worker !== worker) return;
			unconfirmed.delete(id);
			handOver(socket);
		};
		try {
			// keepOpen: the supervisor closes its copy itself once the worker confirms (message()).
			worker.send({ type: HANDOVER, id }, socket, { keepOpen: true }, (error) => {
				if (error) retry();
			});
		} catch {
			retry();
		}
	}

	return {
		server,
		/**
		 * Listen on the app's address.
		 * @param {number} port @param {string} host @param {() => void} [listening]
		 */
		listen(port, host, listening) {
			server.listen({ port, host, backlog: 511 }, listening);
		},
		/** A worker is ready: it takes connections from now on, first those waiting. @param {WorkerLike} worker */
		add(worker) {
			if (!ready.includes(worker)) ready.push(worker);
			if (!handed.has(worker)) handed.set(worker, 0);
			while (waiting.length > 0 && worker.isConnected()) handOver(/** @type {net.Socket} */ (waiting.shift()));
		},
		/**
		 * A worker is gone: the connections it had taken went with it; those it had not confirmed go
		 * to the next worker. @param {WorkerLike} worker
		 */
		remove(worker) {
			const at = ready.indexOf(worker);
			if (at >= 0) ready.splice(at, 1);
			handed.delete(worker);
			for (const [id, entry] of [...unconfirmed]) {
				if (entry.worker !== worker) continue;
				unconfirmed.delete(id);
				handOver(entry.socket);
			}
		},
		/**
		 * A message from a worker: it has taken a connection, so the supervisor's copy is closed.
		 * @param {WorkerLike} worker @param {unknown} message
		 */
		message(worker, message) {
			if (!message || typeof message !== 'object') return;
			const { type, id } = /** @type {{ type?: unknown; id?: unknown }} */ (message);
			if (type !== TAKEN || typeof id !== 'number') return;
			const entry = unconfirmed.get(id);
			if (entry?.worker !== worker) return;
			unconfirmed.delete(id);
			// Closes only this process's descriptor: the connection lives on in the worker.
			entry.socket.destroy();
		},
		/**
		 * Connections handed to each ready worker so far, in the order the workers became ready, with
		 * each worker's id (node:cluster's, as the metrics label workers).
		 */
		handed() {
			return ready.map((w) => ({ worker: w.id ?? 0, connections: handed.get(w) ?? 0 }));
		},
		/** Stop accepting; connections still waiting are closed. */
		close() {
			server.close();
			for (const socket of waiting.splice(0)) socket.destroy();
		}
	};
}

/**
 * The worker's side: connections handed over by the supervisor go to the app's HTTP server, and
 * the supervisor hears that each has arrived.
 * @param {import('node:net').Server} server
 */
export function takeHandedConnections(server) {
	process.on('message', (/** @type {{ type?: string; id?: number } | null} */ message, /** @type {net.Socket | undefined} */ socket) => {
		if (message?.type !== HANDOVER || !socket) return;
		server.emit('connection', socket);
		socket.resume();
		if (process.connected) process.send?.({ type: TAKEN, id: message.id });
	});
}
