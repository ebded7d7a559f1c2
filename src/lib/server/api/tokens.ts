/**
 * Personal API tokens (issue 8, item 4). A token is 32 random bytes shown once as
 * `ikz_<base64url>`; only its SHA-256 is stored. It acts for its user with the user's current role
 * and body, limited by its scopes: `lesen` (read what a member may read) and `schreiben` (write
 * cooperations and OParl links under the user's own role rules). Expired, revoked tokens and
 * tokens of disabled accounts resolve to nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ApiScope } from '../db/schema-api';
import { tokenHash } from '../auth/tokens';
import type { Actor } from '../auth/policy';
import { ACTOR_COLUMNS, actorOfRow } from '../auth/actor-row';
import { API_TOKEN_SCOPES, readJson } from '../db/json-columns';

export const API_SCOPES: readonly ApiScope[] = ['lesen', 'schreiben'];
export const SCOPE_LABEL: Record<ApiScope, string> = {
	lesen: 'lesen (Register, Körperschaften, Maßnahmen, Auswertungen)',
	schreiben: 'schreiben (Kooperationen und OParl-Verweise, mit den Rechten Ihrer Rolle)'
};
/** Longest lifetime a token may have (days). A constant for now; could become a setting. */
export const TOKEN_MAX_DAYS = 365;
/** Lifetime offered by default (days). */
export const TOKEN_DEFAULT_DAYS = 90;
/** Most tokens (not revoked, not expired) one account may hold at once. */
export const TOKENS_PER_USER = 20;
export const TOKEN_NAME_MAX = 80;
const TOKEN_PATTERN = /^ikz_[A-Za-z0-9_-]{43}$/;
// Writing last_used_at on every request would turn each API read into a write.
const TOUCH_AFTER_MS = 60_000;

export interface TokenInput {
	name: string;
	scopes: string[];
	days: number | null;
}

export interface TokenProblem {
	field: 'name' | 'scopes' | 'days';
	message: string;
}

export interface ApiTokenInfo {
	id: string;
	name: string;
	scopes: ApiScope[];
	createdAt: string;
	expiresAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
	expired: boolean;
}

export interface ResolvedToken {
	tokenId: string;
	actor: Actor;
	scopes: ApiScope[];
}

const parseScopes = (json: string): ApiScope[] => readJson(API_TOKEN_SCOPES, json).filter((s): s is ApiScope => (API_SCOPES as string[]).includes(s));

export function checkTokenInput(input: TokenInput): TokenProblem[] {
	const problems: TokenProblem[] = [];
	const name = input.name.trim();
	if (/\p{Cc}/u.test(name)) problems.push({ field: 'name', message: 'Der Name darf keine Steuerzeichen enthalten.' });
	if (!name) problems.push({ field: 'name', message: 'Bitte geben Sie dem Schlüssel einen Namen, an dem Sie ihn wiedererkennen.' });
	else if (name.length > TOKEN_NAME_MAX) problems.push({ field: 'name', message: `Der Name darf höchstens ${TOKEN_NAME_MAX} Zeichen lang sein.` });
	if (input.scopes.length === 0 || input.scopes.some((s) => !(API_SCOPES as string[]).includes(s))) {
		problems.push({ field: 'scopes', message: 'Bitte wählen Sie mindestens eine Berechtigung (lesen, schreiben).' });
	}
	if (input.days === null || !Number.isInteger(input.days) || input.days < 1 || input.days > TOKEN_MAX_DAYS) {
		problems.push({ field: 'days', message: `Die Gültigkeit muss eine ganze Zahl von 1 bis ${TOKEN_MAX_DAYS} Tagen sein.` });
	}
	return problems;
}

/** Create a token; the returned `token` is the only time it exists in clear. */
export async function createApiToken(db: Kysely<Database>, userId: string, input: TokenInput, now = new Date()):
	Promise<{ ok: true; id: string; token: string; expiresAt: string } | { ok: false; problems: TokenProblem[] }> {
	const problems = checkTokenInput(input);
	if (problems.length) return { ok: false, problems };
	const active = (await listApiTokens(db, userId, now)).filter((t) => !t.revokedAt && !t.expired).length;
	if (active >= TOKENS_PER_USER) {
		return { ok: false, problems: [{ field: 'name', message: `Sie haben schon ${TOKENS_PER_USER} gültige Schlüssel. Bitte widerrufen Sie zuerst einen, den Sie nicht mehr brauchen.` }] };
	}
	const token = `ikz_${randomBytes(32).toString('base64url')}`;
	const id = randomBytes(8).toString('hex');
	const expiresAt = new Date(now.getTime() + input.days! * 86_400_000).toISOString();
	const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
	await db.insertInto('api_token').values({
		id, user_id: userId, name: input.name.trim(), token_hash: tokenHash(token), scopes_json: JSON.stringify(scopes),
		created_at: now.toISOString(), expires_at: expiresAt, last_used_at: null, revoked_at: null
	}).execute();
	return { ok: true, id, token, expiresAt };
}

/** The user's tokens, newest first (never the hash). */
export async function listApiTokens(db: Kysely<Database>, userId: string, now = new Date()): Promise<ApiTokenInfo[]> {
	const rows = await db.selectFrom('api_token')
		.select(['id', 'name', 'scopes_json', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
		.where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
	const t = now.toISOString();
	return rows.map((r) => ({
		id: r.id, name: r.name, scopes: parseScopes(r.scopes_json), createdAt: r.created_at, expiresAt: r.expires_at,
		lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, expired: r.expires_at <= t
	}));
}

/** Revoke one of the user's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: Kysely<Database>, userId: string, id: string, now = new Date()): Promise<boolean> {
	if (!/^[0-9a-f]{16}$/.test(id)) return false;
	const r = await db.updateTable('api_token').set({ revoked_at: now.toISOString() })
		.where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** The actor and scopes of a presented token, or null (unknown, malformed, expired, revoked, account disabled). */
export async function resolveApiToken(db: Kysely<Database>, presented: string, now = new Date()): Promise<ResolvedToken | null> {
	if (!TOKEN_PATTERN.test(presented)) return null;
	const row = await db.selectFrom('api_token')
		.innerJoin('app_user', 'app_user.id', 'api_token.user_id')
		.leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['api_token.id as token_id', 'api_token.scopes_json', 'api_token.expires_at', 'api_token.revoked_at', 'api_token.last_used_at', ...ACTOR_COLUMNS])
		.where('api_token.token_hash', '=', tokenHash(presented))
		.executeTakeFirst();
	if (!row || row.revoked_at || row.disabled_at || row.expires_at <= now.toISOString()) return null;
	if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_AFTER_MS) {
		await db.updateTable('api_token').set({ last_used_at: now.toISOString() }).where('id', '=', row.token_id).execute();
	}
	return {
		tokenId: row.token_id,
		scopes: parseScopes(row.scopes_json),
		actor: actorOfRow(row)
	};
}
