/**
 * Resource checks inside routes: `requireCan` asks the policy and, when it says no, writes the
 * refusal to the audit log and answers 403. Also the session cookie handling at login.
 */
import { error, type Cookies } from '@sveltejs/kit';
import { db, settings } from '../context';
import { audit } from './audit';
import { can, type Action, type Actor, type Resource } from './policy';
import { COOKIE_OPTIONS, createSession, endSession, SESSION_COOKIE } from './session';

interface Ev {
	locals: { actor: Actor; sessionToken: string | null };
	getClientAddress(): string;
	url: URL;
	cookies: Cookies;
}

export async function requireCan(event: Ev, action: Action, resource: Resource, what: { entity?: string; entityId?: string; message?: string } = {}): Promise<void> {
	if (can(event.locals.actor, action, resource)) return;
	await audit(db(), event.locals.actor, {
		action, outcome: 'refused', entity: what.entity ?? null, entityId: what.entityId ?? null,
		detail: { path: event.url.pathname }, address: safeAddress(event)
	});
	error(403, what.message ?? (resource.bodyIds || resource.bodyId
		? 'Dafür fehlt Ihnen die Berechtigung: Sie können nur Einträge bearbeiten, an denen Ihre Körperschaft beteiligt ist.'
		: 'Dafür fehlt Ihrer Rolle die Berechtigung.'));
}

export function safeAddress(event: { getClientAddress(): string }): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/** Start a fresh session (a new token at every login, ASVS V7.2.4) and set the cookie. */
export async function startSession(event: Ev, userId: string): Promise<void> {
	await endSession(db(), event.locals.sessionToken ?? undefined);
	const s = settings();
	const token = await createSession(db(), userId, { idleMinutes: s.SESSION_IDLE_MINUTES, maxHours: s.SESSION_MAX_HOURS });
	event.cookies.set(SESSION_COOKIE, token, COOKIE_OPTIONS);
}

/** Only local paths are followed after login (no open redirect). Printable ASCII only: a path the
 * app itself put in `ziel` is percent-encoded; control characters (CR/LF, TAB — browsers drop a
 * tab, so "/<TAB>/host" would become "//host") or other characters cannot go into a Location header. */
export function safeTarget(raw: string | null): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.length > 500) return '/konto';
	if (!/^[\x21-\x7e]+$/.test(raw)) return '/konto';
	return raw;
}
