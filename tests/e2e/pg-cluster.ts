/**
 * A throwaway PostgreSQL cluster of one test (issue 23): initdb into a temp folder, the server on a
 * free port of 127.0.0.1, owned by the `postgres` user when the tests run as root (the server
 * refuses to run as root; the same way as .ci/run). The test can stop, start and restart it under
 * load. Without PostgreSQL binaries the caller skips loudly (and fails in CI).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './app-server';

/** The newest /usr/lib/postgresql/<n>/bin with initdb and pg_ctl, or null. */
export function postgresBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const bins = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
		.map((v) => path.join(root, v, 'bin')).filter((b) => fs.existsSync(path.join(b, 'initdb')) && fs.existsSync(path.join(b, 'pg_ctl')));
	return bins[0] ?? null;
}

export interface PgCluster {
	bin: string;
	port: number;
	dir: string;
	/** postgres://postgres@127.0.0.1:<port>/postgres */
	url: string;
	/** Asynchronous, so the load of the test goes on meanwhile; each resolves once pg_ctl is done (-w). */
	start(): Promise<void>;
	stop(): Promise<void>;
	restart(): Promise<void>;
	remove(): void;
}

const asRoot = process.getuid?.() === 0;

function asPg(bin: string, args: string[]): string {
	const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** initdb a new cluster (not started yet). */
export async function createCluster(bin: string): Promise<PgCluster> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-pg-'));
	if (asRoot) execFileSync('chown', ['postgres:', dir]);
	const data = path.join(dir, 'data');
	asPg(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8']);
	const port = await freePort();
	const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c max_connections=60`;
	const run = promisify(execFile);
	const ctl = async (args: string[]) => {
		const full = [path.join(bin, 'pg_ctl'), '-D', data, ...args];
		await (asRoot ? run('runuser', ['-u', 'postgres', '--', ...full]) : run(full[0]!, full.slice(1)));
	};
	return {
		bin, port, dir, url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		start: () => ctl(['-l', path.join(dir, 'server.log'), '-w', '-o', options, 'start']),
		stop: () => ctl(['-m', 'fast', '-w', 'stop']),
		restart: () => ctl(['-l', path.join(dir, 'server.log'), '-m', 'fast', '-w', '-o', options, 'restart']),
		remove: () => {
			spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'] : ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
