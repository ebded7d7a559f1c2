/**
 * The servers under test run as child processes, so the bench's own event loop (the client) never
 * competes with the server it measures, and the baseline runs in the same topology as the app.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';

export interface ChildServer {
	name: string;
	origin: string;
	proc: ChildProcess;
	/** The last lines the child wrote, for error messages. */
	output(): string;
}

const OUTPUT_KEEP = 8_000;

/** A port that is free right now (the OS picks it); the child binds it a moment later. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

/** Start `node <script>` with the given environment; output is kept, not printed. */
export async function startNodeServer(name: string, script: string, env: Record<string, string>, cwd: string): Promise<ChildServer> {
	const port = await freePort();
	const proc = spawn(process.execPath, [script], {
		cwd,
		env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	const keep = (chunk: Buffer) => {
		log = (log + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
	};
	proc.stdout?.on('data', keep);
	proc.stderr?.on('data', keep);
	return { name, origin: `http://127.0.0.1:${port}`, proc, output: () => log };
}

function answers(url: string): Promise<boolean> {
	return new Promise((resolve) => {
		const req = http.get(url, { agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve(true));
		});
		req.setTimeout(2_000, () => req.destroy());
		req.on('error', () => resolve(false));
	});
}

/** Poll until the server gives any HTTP answer; fail if the child dies or the deadline passes. */
export async function waitUntilAnswering(server: ChildServer, path: string, timeoutMs: number): Promise<number> {
	const started = performance.now();
	while (performance.now() - started < timeoutMs) {
		if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
			throw new Error(`${server.name} exited (${server.proc.exitCode ?? server.proc.signalCode}) before answering:\n${server.output()}`);
		}
		if (await answers(server.origin + path)) return performance.now() - started;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${server.name} did not answer within ${timeoutMs} ms:\n${server.output()}`);
}

/**
 * Run a command to its end with inherited output; `track` receives the child so that cleanup can
 * stop it on Ctrl-C or watchdog (a blocking spawnSync would hold signals until it returns).
 */
export function runToEnd(command: string, args: string[], cwd: string, timeoutMs: number, track: (p: ChildProcess) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const proc = spawn(command, args, { cwd, stdio: 'inherit' });
		track(proc);
		const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
		proc.once('error', reject);
		proc.once('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal})`));
		});
	});
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export function stopChild(proc: ChildProcess, graceMs = 3_000): Promise<void> {
	if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
		proc.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		proc.kill('SIGTERM');
	});
}

/** Resident memory of a process in MB (Linux only; null elsewhere). */
/** The child processes of a process (Linux; empty elsewhere), e.g. a supervisor's workers. */
export async function childPids(pid: number | undefined): Promise<number[]> {
	if (pid === undefined || process.platform !== 'linux') return [];
	try {
		const { readFile } = await import('node:fs/promises');
		return (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

export async function residentMb(pid: number | undefined): Promise<number | null> {
	if (pid === undefined || process.platform !== 'linux') return null;
	try {
		const { readFile } = await import('node:fs/promises');
		const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : null;
	} catch {
		return null;
	}
}
