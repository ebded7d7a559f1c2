/**
 * Starts the built app (scripts/serve.js → build/) on a free port of 127.0.0.1 with a fresh SQLite
 * database in a temp folder, the way `npm start` runs it, and stops it again. The process also stops
 * itself if the test runner dies (it exits when its parent's stdin closes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface RunningApp {
	url: string;
	log: () => string;
	stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * The database the HTTP tests run on: SQLite by default; `TEST_DATABASE=pglite` (a PGlite folder,
 * opened by one process at a time) or `TEST_DATABASE=postgres` (a new database on the server at
 * TEST_POSTGRES_URL) run the same tests on PostgreSQL (issue 8, `npm run test:e2e:dialects`).
 */
export type E2eDialect = 'sqlite' | 'pglite' | 'postgres';
export function e2eDialect(): E2eDialect {
	const d = process.env.TEST_DATABASE;
	return d === 'pglite' || d === 'postgres' ? d : 'sqlite';
}

/** A path or URL as DATABASE_URL: URLs stay, a path is a SQLite file. */
export const databaseUrl = (x: string): string => (/^(postgres(ql)?|pglite|file):/.test(x) ? x : `file:${x}`);

/** A new, empty database of the test dialect for one app (SQLite file or PGlite folder in `dir`). */
export async function newDatabaseUrl(dir: string): Promise<string> {
	const dialect = e2eDialect();
	if (dialect === 'sqlite') return `file:${path.join(dir, 'e2e.sqlite')}`;
	if (dialect === 'pglite') return `pglite:${path.join(dir, 'pglite')}`;
	const server = process.env.TEST_POSTGRES_URL;
	if (!server) throw new Error('TEST_DATABASE=postgres braucht TEST_POSTGRES_URL');
	// A throwaway cluster of the tests: the databases are dropped with it (.ci/run) or by hand.
	const name = `ikz_e2e_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: server });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(server);
	url.pathname = `/${name}`;
	return url.href;
}

/** Start the app; with `database` (a SQLite path or a database URL) it reuses that database and leaves it in place. */
export async function startApp(env: Record<string, string> = {}, database?: string, options: { onOutput?: (all: string) => void; cwd?: string } = {}): Promise<RunningApp> {
	if (!fs.existsSync(path.resolve('build/index.js'))) throw new Error('build/index.js fehlt: zuerst `npm run build` ausführen');
	const entry = path.resolve('scripts/serve.js');
	const dir = database ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-e2e-'));
	const dbUrl = database ? databaseUrl(database) : await newDatabaseUrl(dir!);
	const port = env.PORT ? Number(env.PORT) : await freePort();
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e',
		// Exit when the test runner goes away, so no server outlives the tests.
		`process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); await import(${JSON.stringify(new URL(`file://${entry}`).href)});`], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, DATABASE_URL: dbUrl, ...env },
		stdio: ['pipe', 'pipe', 'pipe'],
		cwd: options.cwd
	});
	child.stdout?.on('data', (d: Buffer) => {
		output += d.toString();
		options.onOutput?.(output);
	});
	child.stderr?.on('data', (d: Buffer) => {
		output += d.toString();
		options.onOutput?.(output);
	});
	const url = `http://127.0.0.1:${port}`;
	// The first start also loads the national municipality directory (12,660 units, issue 13): on a
	// busy shared machine that alone can take tens of seconds.
	const deadline = Date.now() + 90_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`Server beendet (${child.exitCode}):\n${output}`);
		try {
			const res = await fetch(`${url}/`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`Server nicht erreichbar:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		log: () => output,
		stop: async () => {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
				if (child.exitCode === null) child.kill('SIGKILL');
			}
			if (dir) fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
