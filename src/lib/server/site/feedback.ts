/**
 * Feedback through the accessibility statement (issue 17, item 5): a visitor reports a barrier or
 * another problem; the message is stored for the operator's coordinators and administrators
 * (`/verwaltung/rueckmeldungen`), never shown publicly. Validated with zod at the boundary.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { newId } from '../auth/tokens';
import { audit } from '../auth/audit';
import type { Actor } from '../auth/policy';

export const FEEDBACK_KINDS = ['barriere', 'inhalt', 'sonstiges'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_KIND_LABEL: Record<FeedbackKind, string> = {
	barriere: 'Barriere: etwas ist für mich nicht zugänglich',
	inhalt: 'Fehler in den Daten oder Texten',
	sonstiges: 'Sonstiges'
};
export const MESSAGE_MAX = 4000;

const optionalText = (max: number) => z.string().trim().max(max).transform((s) => (s === '' ? null : s));

const input = z.object({
	kind: z.enum(FEEDBACK_KINDS, { error: 'Bitte wählen Sie, worum es geht.' }),
	message: z.string().trim()
		.min(10, { error: 'Bitte beschreiben Sie in mindestens 10 Zeichen, was nicht funktioniert.' })
		.max(MESSAGE_MAX, { error: `Die Nachricht darf höchstens ${MESSAGE_MAX} Zeichen lang sein.` }),
	page: z.string().trim().max(300, { error: 'Die Seitenangabe ist zu lang (höchstens 300 Zeichen).' }).transform((s) => (s === '' ? null : s)),
	name: optionalText(200),
	email: z.string().trim().max(254).transform((s) => (s === '' ? null : s))
		.refine((s) => s === null || z.email().safeParse(s).success, { error: 'Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de, oder das Feld leer lassen.' })
});

export type FeedbackInput = z.input<typeof input>;

export interface FieldError {
	field: string;
	message: string;
}

const FIELD_OF: Record<string, string> = { kind: 'kind', message: 'message', page: 'page', name: 'name', email: 'email' };

/** Validate and store one message. Returns the field errors instead when the input is not valid. */
export async function submitFeedback(
	db: Kysely<Database>,
	raw: Record<string, string>,
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldError[] }> {
	const parsed = input.safeParse({
		kind: raw.kind ?? '', message: raw.message ?? '', page: raw.page ?? '', name: raw.name ?? '', email: raw.email ?? ''
	});
	if (!parsed.success) {
		const seen = new Set<string>();
		const errors: FieldError[] = [];
		for (const issue of parsed.error.issues) {
			const field = FIELD_OF[String(issue.path[0])] ?? 'message';
			if (seen.has(field)) continue;
			seen.add(field);
			errors.push({ field, message: issue.message });
		}
		return { ok: false, errors };
	}
	const v = parsed.data;
	const id = newId();
	await db.insertInto('feedback').values({
		id, created_at: now.toISOString(), kind: v.kind, page: v.page, message: v.message, name: v.name, email: v.email, done_at: null, done_by: null
	}).execute();
	return { ok: true, id };
}

export interface FeedbackRow {
	id: string;
	createdAt: string;
	kind: FeedbackKind;
	page: string | null;
	message: string;
	name: string | null;
	email: string | null;
	doneAt: string | null;
	doneByName: string | null;
}

/** Open messages first (oldest first: they have waited longest), then the handled ones, newest first. */
export async function listFeedback(db: Kysely<Database>, opts: { done: boolean; limit?: number }): Promise<FeedbackRow[]> {
	let q = db.selectFrom('feedback as f').leftJoin('app_user as u', 'u.id', 'f.done_by')
		.select(['f.id', 'f.created_at', 'f.kind', 'f.page', 'f.message', 'f.name', 'f.email', 'f.done_at', 'u.name as done_by_name']);
	q = opts.done ? q.where('f.done_at', 'is not', null).orderBy('f.done_at', 'desc') : q.where('f.done_at', 'is', null).orderBy('f.created_at', 'asc');
	const rows = await q.orderBy('f.id').limit(opts.limit ?? 200).execute();
	return rows.map((r) => ({
		id: r.id, createdAt: r.created_at, kind: (FEEDBACK_KINDS as readonly string[]).includes(r.kind) ? (r.kind as FeedbackKind) : 'sonstiges',
		page: r.page, message: r.message, name: r.name, email: r.email, doneAt: r.done_at, doneByName: r.done_by_name ?? null
	}));
}

export async function countOpenFeedback(db: Kysely<Database>): Promise<number> {
	const r = await db.selectFrom('feedback').select((eb) => eb.fn.countAll<number | string>().as('n')).where('done_at', 'is', null).executeTakeFirst();
	return Number(r?.n ?? 0);
}

/** Mark a message as dealt with. */
export async function markFeedbackDone(db: Kysely<Database>, actor: Actor, id: string, now = new Date()): Promise<boolean> {
	const res = await db.updateTable('feedback').set({ done_at: now.toISOString(), done_by: actor.userId }).where('id', '=', id).where('done_at', 'is', null).executeTakeFirst();
	const ok = Number(res.numUpdatedRows) === 1;
	if (ok) await audit(db, actor, { action: 'rueckmeldung.erledigt', entity: 'feedback', entityId: id }, now);
	return ok;
}

/** Delete a message (with its e-mail address) for good. */
export async function deleteFeedback(db: Kysely<Database>, actor: Actor, id: string, now = new Date()): Promise<boolean> {
	const res = await db.deleteFrom('feedback').where('id', '=', id).executeTakeFirst();
	const ok = Number(res.numDeletedRows) === 1;
	if (ok) await audit(db, actor, { action: 'rueckmeldung.geloescht', entity: 'feedback', entityId: id }, now);
	return ok;
}
