/**
 * Accounts: creation by an administrator or coordinator (or `npm run user:create`), one-time setup
 * links instead of default passwords, password login with throttling, OIDC sign-in for accounts
 * that exist, disabling (which ends all sessions) and changes of role and body.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';
import { hashPassword, passwordProblems, verifyPassword } from './password';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure, type ThrottleLimits } from './throttle';
import { newId, newToken, tokenHash } from './tokens';

const personalWords = (u: { name: string; email: string }): string[] => [u.name, ...u.name.split(/\s+/), u.email, u.email.split('@')[0] ?? ''];

export const USER_ROLES: readonly Role[] = ['member', 'editor', 'coordinator', 'administrator'];
const EMAIL = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]{1,255}\.[a-z]{2,}$/i;

export interface NewUser {
	email: string;
	name: string;
	bodyId: string | null;
	role: Role;
	/** The region the person is invited for (issue 13, part 3); null: the region of the body. */
	regionId?: string | null;
}

export type FieldErrors = Record<string, string>;

export async function validateNewUser(db: Kysely<Database>, u: NewUser, existingId?: string): Promise<FieldErrors> {
	const errors: FieldErrors = {};
	const email = u.email.trim().toLowerCase();
	if (!existingId) {
		if (!EMAIL.test(email)) errors.email = 'Bitte eine gültige E-Mail-Adresse angeben, z. B. name@kamen.de.';
		else if (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()) {
			errors.email = 'Für diese E-Mail-Adresse gibt es schon ein Konto.';
		}
	}
	if (!u.name.trim()) errors.name = 'Bitte den Namen angeben.';
	else if (u.name.length > 200) errors.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
	if (!USER_ROLES.includes(u.role)) errors.role = 'Bitte eine Rolle wählen.';
	if (!u.bodyId) errors.body = 'Bitte die Körperschaft wählen, zu der die Person gehört.';
	else if (!(await db.selectFrom('body').select('id').where('id', '=', u.bodyId).executeTakeFirst())) {
		errors.body = 'Diese Körperschaft gibt es nicht.';
	}
	return errors;
}

export async function createUser(db: Kysely<Database>, u: NewUser, now = new Date()): Promise<string> {
	const id = newId();
	await db.insertInto('app_user').values({
		id, email: u.email.trim().toLowerCase(), name: u.name.trim(), body_id: u.bodyId, role: u.role, password_hash: null,
		oidc_issuer: null, oidc_subject: null, disabled_at: null, created_at: now.toISOString(), updated_at: now.toISOString(),
		last_login_at: null, region_id: u.regionId ?? null
	}).execute();
	return id;
}

/** A one-time link token for setting the password; earlier unused tokens of the user stop working. */
export async function createSetupToken(db: Kysely<Database>, userId: string, hours: number, now = new Date()): Promise<string> {
	const token = newToken();
	await db.deleteFrom('one_time_token').where('user_id', '=', userId).execute();
	await db.insertInto('one_time_token').values({
		token_hash: tokenHash(token), user_id: userId, purpose: 'setup', created_at: now.toISOString(),
		expires_at: new Date(now.getTime() + hours * 3_600_000).toISOString(), used_at: null
	}).execute();
	return token;
}

export async function userOfSetupToken(db: Kysely<Database>, token: string, now = new Date()) {
	if (!token || token.length > 100) return null;
	const row = await db.selectFrom('one_time_token').innerJoin('app_user', 'app_user.id', 'one_time_token.user_id')
		.select(['app_user.id', 'app_user.name', 'app_user.email', 'app_user.disabled_at', 'one_time_token.expires_at', 'one_time_token.used_at'])
		.where('token_hash', '=', tokenHash(token)).executeTakeFirst();
	if (!row || row.used_at || row.disabled_at || Date.parse(row.expires_at) < now.getTime()) return null;
	return row;
}

/** Set the password through a setup link. Returns problems (German) or the user id. */
export async function completeSetup(db: Kysely<Database>, token: string, password: string, minLength: number, now = new Date()): Promise<{ problems: string[]; userId?: string }> {
	const user = await userOfSetupToken(db, token, now);
	if (!user) return { problems: ['Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.'] };
	const problems = passwordProblems(password, { minLength, personalWords: personalWords(user) });
	if (problems.length) return { problems };
	const hash = await hashPassword(password);
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('app_user').set({ password_hash: hash, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
		await trx.updateTable('one_time_token').set({ used_at: now.toISOString() }).where('token_hash', '=', tokenHash(token)).execute();
		await trx.deleteFrom('session').where('user_id', '=', user.id).execute();
	});
	return { problems: [], userId: user.id };
}

export type LoginResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' | 'locked'; until?: Date };

export async function passwordLogin(db: Kysely<Database>, email: string, password: string, address: string, limits: ThrottleLimits, now = new Date()): Promise<LoginResult> {
	const login = email.trim().toLowerCase().slice(0, 320);
	const [accountK, addressK] = [accountKey(login), addressKey(address)];
	const keys = [accountK, addressK];
	const until = await lockedUntil(db, keys, now);
	if (until) return { ok: false, reason: 'locked', until };
	const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'disabled_at']).where('email', '=', login).executeTakeFirst();
	const good = await verifyPassword(password.slice(0, 1024), user?.password_hash ?? null);
	if (!user || !good || user.disabled_at) {
		const lockedA = await recordFailure(db, accountK, limits.maxAccount, limits.lockMinutes, now);
		const lockedB = await recordFailure(db, addressK, limits.maxAddress, limits.lockMinutes, now);
		return { ok: false, reason: lockedA || lockedB ? 'locked' : 'invalid', until: lockedA || lockedB ? new Date(now.getTime() + limits.lockMinutes * 60_000) : undefined };
	}
	await clearFailures(db, accountK);
	await db.updateTable('app_user').set({ last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
	return { ok: true, userId: user.id };
}

export async function changePassword(db: Kysely<Database>, userId: string, current: string, next: string, minLength: number, now = new Date()): Promise<string[]> {
	const user = await db.selectFrom('app_user').select(['password_hash', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
	if (!(await verifyPassword(current, user.password_hash))) return ['Das bisherige Passwort stimmt nicht.'];
	const problems = passwordProblems(next, { minLength, personalWords: personalWords(user) });
	if (problems.length) return problems;
	await db.updateTable('app_user').set({ password_hash: await hashPassword(next), updated_at: now.toISOString() }).where('id', '=', userId).execute();
	return [];
}

/** Disable or enable an account; disabling ends all its sessions at once. */
export async function setDisabled(db: Kysely<Database>, userId: string, disabled: boolean, now = new Date()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('app_user').set({ disabled_at: disabled ? now.toISOString() : null, updated_at: now.toISOString() }).where('id', '=', userId).execute();
		if (disabled) {
			await trx.deleteFrom('session').where('user_id', '=', userId).execute();
			await trx.deleteFrom('one_time_token').where('user_id', '=', userId).execute();
		}
	});
}

export async function updateUser(db: Kysely<Database>, userId: string, change: { role: Role; bodyId: string | null; name: string }, now = new Date()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('app_user').select(['role', 'body_id']).where('id', '=', userId).executeTakeFirstOrThrow();
		await trx.updateTable('app_user').set({ role: change.role, body_id: change.bodyId, name: change.name.trim(), updated_at: now.toISOString() }).where('id', '=', userId).execute();
		// New rights take effect with a new login (ASVS V7.4.x: sessions end when privileges change).
		if (before.role !== change.role || before.body_id !== change.bodyId) await trx.deleteFrom('session').where('user_id', '=', userId).execute();
	});
}

export async function listUsers(db: Kysely<Database>) {
	return db.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['app_user.id', 'app_user.email', 'app_user.name', 'app_user.role', 'app_user.body_id', 'body.name as body_name',
			'app_user.disabled_at', 'app_user.last_login_at', 'app_user.password_hash', 'app_user.oidc_subject', 'app_user.created_at', 'app_user.region_id'])
		.orderBy('app_user.name').execute();
}

/** One account with its body's name and region, as the account and user administration pages show it. */
export async function accountOf(db: Kysely<Database>, userId: string) {
	return db.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['app_user.id', 'app_user.email', 'app_user.name', 'app_user.role', 'app_user.body_id', 'body.name as body_name', 'body.region_id',
			'app_user.disabled_at', 'app_user.password_hash', 'app_user.oidc_subject', 'app_user.created_at', 'app_user.last_login_at'])
		.where('app_user.id', '=', userId).executeTakeFirst();
}

/** Find the account for an OIDC identity: by issuer+subject, else by a verified e-mail (then linked). */
export async function userForOidc(db: Kysely<Database>, id: { issuer: string; subject: string; email: string | null; emailVerified: boolean }): Promise<{ userId: string } | { error: string }> {
	const bySub = await db.selectFrom('app_user').select(['id', 'disabled_at']).where('oidc_issuer', '=', id.issuer).where('oidc_subject', '=', id.subject).executeTakeFirst();
	const user = bySub ?? (id.email && id.emailVerified
		? await db.selectFrom('app_user').select(['id', 'disabled_at']).where('email', '=', id.email.toLowerCase()).where('oidc_subject', 'is', null).executeTakeFirst()
		: undefined);
	if (!user) return { error: 'Für dieses Konto des Rechenzentrums gibt es im IKZ-Atlas kein Benutzerkonto. Bitte wenden Sie sich an den Steuerungsdienst des Kreises.' };
	if (user.disabled_at) return { error: 'Dieses Benutzerkonto ist gesperrt.' };
	if (!bySub) await db.updateTable('app_user').set({ oidc_issuer: id.issuer, oidc_subject: id.subject }).where('id', '=', user.id).execute();
	await db.updateTable('app_user').set({ last_login_at: new Date().toISOString() }).where('id', '=', user.id).execute();
	return { userId: user.id };
}
