/**
 * The server's one database handle, created once by the init hook. Routes and services get it
 * from here; nothing else keeps state between requests (caches check the data generation,
 * src/lib/server/db/generation.ts).
 *
 * Issue 23: an instance started while the database is unreachable does not crash; it waits and
 * retries with back-off (0.5 s doubling to 30 s), one log line per attempt, and starts serving as
 * soon as the database answers. Other start errors (an invalid setting, a failed migration) still
 * stop the start at once.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { DatabaseHandle } from './db/connect';
import { bootstrap } from './bootstrap';
import { readSettings, type Settings } from './settings';
import { logLine } from './ops/log';
import { isDatabaseUnavailable, reason } from './ops/unavailable';
import { setPoolStats } from './ops/metrics';
import { mailConfig, type MailConfig } from './mail/config';
import { startMailWorker } from './mail/worker';

let current: { db: Kysely<Database>; settings: Settings; handle: DatabaseHandle; mail: MailConfig | null } | null = null;

export interface StartOptions {
	/** First wait in ms (doubles per attempt up to maxDelayMs). */
	firstDelayMs?: number;
	maxDelayMs?: number;
	sleep?: (ms: number) => Promise<void>;
}

/** Run `start` until it succeeds; retry only while the database is unreachable. */
export async function withStartRetry<T>(start: () => Promise<T>, options: StartOptions = {}): Promise<T> {
	const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
	let delay = options.firstDelayMs ?? 500;
	for (let attempt = 1; ; attempt++) {
		try {
			const result = await start();
			if (attempt > 1) logLine('info', 'Datenbank erreichbar, Start fortgesetzt', { attempt });
			return result;
		} catch (e) {
			if (!isDatabaseUnavailable(e)) throw e;
			logLine('warn', `Datenbank nicht erreichbar (Versuch ${attempt}), nächster Versuch in ${(delay / 1000).toFixed(1)} s`, { attempt, retryInMs: delay, error: reason(e) });
			await sleep(delay);
			delay = Math.min(delay * 2, options.maxDelayMs ?? 30_000);
		}
	}
}

export async function initServer(): Promise<void> {
	if (current) return;
	const settings = readSettings();
	// Incomplete e-mail settings stop the start (issue 19, part 3), before the database is touched.
	const mail = mailConfig(settings);
	const { handle } = await withStartRetry(async () => {
		let opened: DatabaseHandle | undefined;
		try {
			return await bootstrap(settings, console.log, (h) => (opened = h));
		} catch (e) {
			// A failed attempt leaves no pool behind.
			await opened?.close().catch(() => {});
			throw e;
		}
	});
	current = { db: handle.db, settings, handle, mail };
	setPoolStats(handle.poolStats ?? null);
	const mailWorker = mail ? startMailWorker(handle.db, mail, logLine) : null;
	// adapter-node emits this after a graceful stop (SIGTERM): running requests have finished.
	process.once('sveltekit:shutdown' as 'exit', () => {
		mailWorker?.stop();
		void handle.close().catch(() => {});
	});
}

export function db(): Kysely<Database> {
	if (!current) throw new Error('Server nicht initialisiert');
	return current.db;
}

export function settings(): Settings {
	if (!current) throw new Error('Server nicht initialisiert');
	return current.settings;
}

/** The open database handle (for readiness and pool figures); null before the start finished. */
export function databaseHandle(): DatabaseHandle | null {
	return current?.handle ?? null;
}

/** The e-mail settings; null when no SMTP server is configured (links are shown on screen). */
export function mailSettings(): MailConfig | null {
	if (!current) throw new Error('Server nicht initialisiert');
	return current.mail;
}
