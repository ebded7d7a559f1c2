/**
 * The outgoing mail queue (issue 19, part 3). `enqueueMail` is called with the transaction of the
 * event that causes the mail, so a mail exists exactly when its event was committed. Workers
 * (`mail/worker.ts`, one per app process and instance) call `sendDue`: claim due rows one by one
 * with a conditional UPDATE – on SQLite writes are serialised, on PostgreSQL the second UPDATE of
 * a row waits and then finds the claim taken – so no two workers send one message. A failure
 * releases the row with a later `next_attempt_at` (back-off doubling from `retrySeconds`, at most
 * six hours); after `maxAttempts` the row is `failed`. A claim runs out after `CLAIM_MS`, so the
 * messages of a crashed worker are sent by another.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { MailStatus } from '../db/schema-mail';
import { newId } from '../auth/tokens';
import { SECRET_KINDS, type MailKind } from './kinds';
import { wantsMail } from './preferences';

export interface OutgoingMail {
	kind: MailKind;
	/** The account the mail is for (its preferences apply); null for an address without account. */
	userId: string | null;
	to: string;
	subject: string;
	text: string;
	/** Set for mails that must go out once per event and person (scheduler); a second enqueue is ignored. */
	dedupeKey?: string;
}

/** One message as a transport gets it. */
export interface MailMessage {
	id: string;
	to: string;
	subject: string;
	text: string;
	messageId: string;
}

/** Sends one message; throws on any failure (refusal, timeout, connection lost). */
export type SendMail = (m: MailMessage) => Promise<void>;

export const CLAIM_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

/** Queue one mail (unless the person turned this kind off, or the dedupe key was queued before). Returns whether it was queued. */
export async function enqueueMail(db: Kysely<Database>, m: OutgoingMail, now = new Date()): Promise<boolean> {
	if (m.userId && !(await wantsMail(db, m.userId, m.kind))) return false;
	const r = await db.insertInto('mail_queue').values({
		id: newId(), kind: m.kind, user_id: m.userId, recipient: m.to, subject: m.subject.slice(0, 300), body_text: m.text,
		dedupe_key: m.dedupeKey ?? null, status: 'pending', attempts: 0, next_attempt_at: now.toISOString(),
		claimed_by: null, claimed_until: null, last_error: null, message_id: null, created_at: now.toISOString(), sent_at: null
	}).onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 1n) === 1;
}

/** Wait before attempt `attempts + 1` after `attempts` failures. */
export function backoffMs(attempts: number, retrySeconds: number): number {
	return Math.min(retrySeconds * 1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** Claim up to `limit` due messages for this worker. */
export async function claimDue(db: Kysely<Database>, worker: string, now: Date, limit = 20) {
	const at = now.toISOString();
	const until = new Date(now.getTime() + CLAIM_MS).toISOString();
	const candidates = await db.selectFrom('mail_queue').select('id')
		.where('status', '=', 'pending').where('next_attempt_at', '<=', at)
		.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
		.orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
	const mine: string[] = [];
	for (const c of candidates) {
		const r = await db.updateTable('mail_queue').set({ claimed_by: worker, claimed_until: until })
			.where('id', '=', c.id).where('status', '=', 'pending')
			.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', at)]))
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) === 1) mine.push(c.id);
	}
	if (!mine.length) return [];
	return db.selectFrom('mail_queue').select(['id', 'kind', 'recipient', 'subject', 'body_text', 'attempts'])
		.where('id', 'in', mine).where('claimed_by', '=', worker).orderBy('next_attempt_at').orderBy('id').execute();
}

export interface SendOptions {
	worker: string;
	send: SendMail;
	/** Domain of the Message-ID (the sender's domain). */
	domain: string;
	maxAttempts: number;
	retrySeconds: number;
	now?: () => Date;
}

export interface SendReport {
	sent: number;
	retried: number;
	failed: number;
}

/** Send what is due now; returns what happened. */
export async function sendDue(db: Kysely<Database>, o: SendOptions): Promise<SendReport> {
	const clock = o.now ?? (() => new Date());
	const report: SendReport = { sent: 0, retried: 0, failed: 0 };
	for (const row of await claimDue(db, o.worker, clock())) {
		const messageId = `<${row.id}@${o.domain}>`;
		const attempts = row.attempts + 1;
		try {
			await o.send({ id: row.id, to: row.recipient, subject: row.subject, text: row.body_text, messageId });
			await db.updateTable('mail_queue').set({
				status: 'sent', attempts, sent_at: clock().toISOString(), message_id: messageId, claimed_by: null, claimed_until: null, last_error: null,
				// A one-time link is not kept once it has gone out.
				...((SECRET_KINDS as readonly string[]).includes(row.kind) ? { body_text: '' } : {})
			}).where('id', '=', row.id).where('claimed_by', '=', o.worker).execute();
			report.sent++;
		} catch (e) {
			const final = attempts >= o.maxAttempts;
			const error = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 500);
			await db.updateTable('mail_queue').set({
				status: final ? 'failed' : 'pending', attempts, last_error: error, claimed_by: null, claimed_until: null,
				next_attempt_at: new Date(clock().getTime() + (final ? 0 : backoffMs(attempts, o.retrySeconds))).toISOString()
			}).where('id', '=', row.id).where('claimed_by', '=', o.worker).execute();
			if (final) report.failed++;
			else report.retried++;
		}
	}
	return report;
}

/** Counts per state and the newest rows, for /verwaltung/e-mail (no message texts). */
export async function queueOverview(db: Kysely<Database>, limit = 100) {
	const counts = await db.selectFrom('mail_queue').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
	const byStatus: Record<MailStatus, number> = { pending: 0, sent: 0, failed: 0 };
	for (const c of counts) byStatus[c.status] = Number(c.n);
	const rows = await db.selectFrom('mail_queue')
		.select(['id', 'kind', 'recipient', 'subject', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'sent_at'])
		.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
	return { byStatus, rows };
}

/** Give a failed message a new round of attempts (the administrator fixed the cause). */
export async function retryFailed(db: Kysely<Database>, id: string, now = new Date()): Promise<boolean> {
	const r = await db.updateTable('mail_queue').set({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), last_error: null })
		.where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}
