/**
 * The audit log (issue 3, item 3): changes, logins, failed logins and refused actions. Lines name
 * the actor and the record, never a password, a token or a session id; `detail` is a short JSON
 * object built by the caller from an allow-list of harmless fields.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { likeOperator } from '../db/dialect';
import type { Actor } from './policy';
import { actorLabel } from './actor-label';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
	action: string;
	outcome?: AuditOutcome;
	entity?: string | null;
	entityId?: string | null;
	detail?: Record<string, string | number | boolean | null>;
	address?: string | null;
	/** For events before a user is known (a failed login names the login that was tried). */
	actorLabel?: string;
}

const SECRET_KEYS = /pass|token|secret|session|cookie|hash/i;

export async function audit(db: Kysely<Database>, actor: Actor | null, e: AuditEntry, now = new Date()): Promise<void> {
	const detail = e.detail
		? Object.fromEntries(Object.entries(e.detail).filter(([k]) => !SECRET_KEYS.test(k)))
		: null;
	await db.insertInto('audit_log').values({
		at: now.toISOString(),
		actor_id: actor?.userId ?? null,
		actor_label: e.actorLabel ?? actorLabel(actor),
		action: e.action,
		outcome: e.outcome ?? 'ok',
		entity: e.entity ?? null,
		entity_id: e.entityId ?? null,
		detail: detail && Object.keys(detail).length ? JSON.stringify(detail) : null,
		address: e.address ?? null
	}).execute();
}

export interface AuditFilter {
	action?: string;
	outcome?: string;
	actor?: string;
	entityId?: string;
	from?: string;
	to?: string;
	limit?: number;
	offset?: number;
}

export async function readAudit(db: Kysely<Database>, f: AuditFilter) {
	let q = db.selectFrom('audit_log').selectAll();
	if (f.action) q = q.where('action', '=', f.action);
	if (f.outcome) q = q.where('outcome', '=', f.outcome as AuditOutcome);
	if (f.actor) q = q.where('actor_label', likeOperator(db), `%${f.actor.replace(/[%_\\]/g, '')}%`);
	if (f.entityId) q = q.where('entity_id', '=', f.entityId);
	if (f.from) q = q.where('at', '>=', f.from);
	if (f.to) q = q.where('at', '<', f.to);
	const total = Number((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
	const rows = await q.orderBy('id', 'desc').limit(f.limit ?? 100).offset(f.offset ?? 0).execute();
	return { total, rows };
}

export async function auditActions(db: Kysely<Database>): Promise<string[]> {
	return (await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()).map((r) => r.action);
}
