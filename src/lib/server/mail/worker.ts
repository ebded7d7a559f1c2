/**
 * The mail worker of one app process (issue 19, part 3): every `pollSeconds` it sends what is due
 * (`sendDue`), and once an hour it queues the day's reminders (`scheduleReminders`, idempotent by
 * dedupe keys, so the hourly run and several instances queue each reminder once). Timers are
 * unref'd: they never keep a stopping process alive. A database or SMTP error is logged and the
 * next tick tries again.
 */
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/schema';
import type { MailConfig } from './config';
import { sendDue } from './queue';
import { scheduleReminders } from './scheduler';
import { smtpTransport } from './transport';

export interface MailWorker {
	/** Run one sending pass now (also what the timer does). */
	tick: () => Promise<void>;
	stop: () => void;
}

const HOUR_MS = 3_600_000;

export function startMailWorker(db: Kysely<Database>, c: MailConfig, log: (level: 'info' | 'warn', msg: string, extra?: Record<string, unknown>) => void): MailWorker {
	const transport = smtpTransport(c);
	const worker = `${process.pid}-${randomBytes(4).toString('hex')}`;
	let running = false;
	let stopped = false;
	const tick = async () => {
		if (running || stopped) return;
		running = true;
		try {
			const r = await sendDue(db, { worker, send: transport.send, domain: transport.domain, maxAttempts: c.maxAttempts, retrySeconds: c.retrySeconds });
			if (r.sent || r.retried || r.failed) log(r.retried || r.failed ? 'warn' : 'info', `E-Mail: ${r.sent} gesendet, ${r.retried} später erneut, ${r.failed} endgültig fehlgeschlagen`, { ...r });
		} catch (e) {
			log('warn', 'E-Mail: Warteschlange nicht bearbeitet', { error: e instanceof Error ? e.message : String(e) });
		} finally {
			running = false;
		}
	};
	const schedule = async () => {
		if (stopped) return;
		try {
			const n = await scheduleReminders(db, c);
			if (n) log('info', `E-Mail: ${n} Erinnerungen eingereiht`, { queued: n });
		} catch (e) {
			log('warn', 'E-Mail: Erinnerungen nicht geplant', { error: e instanceof Error ? e.message : String(e) });
		}
	};
	const poll = setInterval(() => void tick(), c.pollSeconds * 1000);
	const daily = setInterval(() => void schedule(), HOUR_MS);
	const first = setTimeout(() => void schedule().then(tick), 5_000);
	for (const t of [poll, daily, first]) t.unref();
	return {
		tick,
		stop: () => {
			stopped = true;
			clearInterval(poll);
			clearInterval(daily);
			clearTimeout(first);
			transport.close();
		}
	};
}
