/**
 * Contacts (Ansprechpartner) of a cooperation: personal data, so only members see them, they are
 * never part of public pages, exports or record versions, and removing one deletes it for good —
 * the audit log only keeps that a contact was added or removed, by whom and when.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { newId } from '../auth/tokens';

export interface ContactInput {
	name: string;
	function: string | null;
	bodyId: string | null;
	phone: string | null;
	email: string | null;
}

export async function contactsOf(db: Kysely<Database>, cooperationId: string) {
	return db.selectFrom('contact').leftJoin('body', 'body.id', 'contact.body_id')
		.select(['contact.id', 'contact.name', 'contact.function', 'contact.body_id', 'body.name as body_name', 'contact.phone', 'contact.email'])
		.where('cooperation_id', '=', cooperationId).orderBy('contact.created_at').execute();
}

export function validateContact(c: ContactInput): Record<string, string> {
	const e: Record<string, string> = {};
	if (!c.name.trim()) e.name = 'Bitte den Namen angeben.';
	if (c.name.length > 200) e.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
	if (c.function && c.function.length > 200) e.function = 'Höchstens 200 Zeichen.';
	if (c.phone && !/^[0-9+()/\s.-]{3,40}$/.test(c.phone)) e.phone = 'Bitte eine Telefonnummer aus Ziffern angeben, z. B. 02303 27-1234.';
	if (c.email && !/^[^\s@<>]{1,64}@[^\s@<>]{1,255}\.[a-z]{2,}$/i.test(c.email)) e.email = 'Bitte eine gültige E-Mail-Adresse angeben.';
	if (!c.phone && !c.email) e.phone = 'Bitte Telefon oder E-Mail angeben, damit die Person erreichbar ist.';
	return e;
}

export async function addContact(db: Kysely<Database>, actor: Actor, cooperationId: string, c: ContactInput, now = new Date()): Promise<void> {
	await db.insertInto('contact').values({
		id: newId(), cooperation_id: cooperationId, name: c.name.trim(), function: c.function?.trim() || null, body_id: c.bodyId,
		phone: c.phone?.trim() || null, email: c.email?.trim() || null, created_at: now.toISOString()
	}).execute();
	await audit(db, actor, { action: 'ansprechpartner.hinzugefuegt', entity: 'cooperation', entityId: cooperationId }, now);
}

export async function removeContact(db: Kysely<Database>, actor: Actor, cooperationId: string, contactId: string, now = new Date()): Promise<boolean> {
	const r = await db.deleteFrom('contact').where('id', '=', contactId).where('cooperation_id', '=', cooperationId).executeTakeFirst();
	const done = Number(r.numDeletedRows) === 1;
	if (done) await audit(db, actor, { action: 'ansprechpartner.entfernt', entity: 'cooperation', entityId: cooperationId }, now);
	return done;
}
