/**
 * "Who" in version histories (issue 18): the name and the function (role and body) of the person
 * who saved; the e-mail address only for those the policy allows ('staff.email': coordinators).
 * Versions store "Name <e-mail>"; the function is looked up from the account of that address.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { can, type Actor } from './policy';
import { ROLE_LABEL_USER } from '../../i18n/de';

export type WhoLabel = (stored: string | null | undefined) => string | null;

const STORED = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/;

export async function whoPresenter(db: Kysely<Database>, viewer: Actor): Promise<WhoLabel> {
	const users = await db.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['app_user.email', 'app_user.name', 'app_user.role', 'body.name as body_name']).execute();
	const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
	const withEmail = can(viewer, 'staff.email');
	return (stored) => {
		if (stored == null) return null;
		const m = STORED.exec(stored);
		if (!m) return stored;
		const email = m[2]!;
		const user = byEmail.get(email.toLowerCase());
		const name = user?.name || m[1] || 'Unbekannt';
		const role = user ? ROLE_LABEL_USER[user.role] ?? user.role : null;
		const func = [role, user?.body_name].filter(Boolean).join(', ');
		return `${name}${func ? ` (${func})` : ''}${withEmail ? ` <${email}>` : ''}`;
	};
}
