/**
 * `npm run user:create -- --email a@kreis-unna.de --name "Anna Beispiel" [--role administrator]
 * [--body kreis-unna] [--new-link]`: creates an account (no password is ever set or printed here)
 * and prints a one-time link with which the person sets their own password. With --new-link it
 * prints a fresh link for an existing account (e.g. after a lost password).
 */
import { parseArgs } from 'node:util';
import { bootstrap } from '../src/lib/server/bootstrap';
import { readSettings } from '../src/lib/server/settings';
import { createSetupToken, createUser, USER_ROLES, validateNewUser } from '../src/lib/server/auth/users';
import { audit } from '../src/lib/server/auth/audit';
import type { Role } from '../src/lib/server/db/schema';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'administrator' },
		body: { type: 'string' },
		'new-link': { type: 'boolean', default: false }
	}
});

const settings = readSettings();
const { handle } = await bootstrap(settings, () => {});
const db = handle.db;
const origin = (settings.ORIGIN ?? `http://localhost:${process.env.PORT ?? '3000'}`).replace(/\/$/, '');
const actor = { role: 'administrator' as const, userId: null, name: 'Kommandozeile', email: null, bodyId: null, regionId: null };
try {
	const email = (values.email ?? '').trim().toLowerCase();
	if (!email) throw new Error('Bitte --email angeben.');
	let userId: string;
	if (values['new-link']) {
		const user = await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
		if (!user) throw new Error(`Kein Konto für ${email}.`);
		userId = user.id;
	} else {
		const region = await db.selectFrom('region').select('kreis_body_id').orderBy('id').executeTakeFirst();
		const input = { email, name: values.name ?? '', role: values.role as Role, bodyId: values.body ?? region?.kreis_body_id ?? null };
		const errors = await validateNewUser(db, input);
		if (!USER_ROLES.includes(input.role)) errors.role = `Rolle muss eine von ${USER_ROLES.join(', ')} sein.`;
		if (Object.keys(errors).length) throw new Error(Object.entries(errors).map(([k, v]) => `--${k === 'body' ? 'body' : k}: ${v}`).join('\n'));
		userId = await createUser(db, input);
		await audit(db, { ...actor }, { action: 'benutzer.angelegt', entity: 'user', entityId: userId, detail: { role: input.role, body: input.bodyId } });
		console.log(`Konto angelegt: ${input.name} <${email}>, Rolle ${input.role}, Körperschaft ${input.bodyId}`);
	}
	const token = await createSetupToken(db, userId, settings.SETUP_LINK_HOURS);
	await audit(db, { ...actor }, { action: 'benutzer.link', entity: 'user', entityId: userId });
	console.log(`Einmal-Link zum Festlegen des Passworts (gültig ${settings.SETUP_LINK_HOURS} Stunden):\n${origin}/einrichtung/${token}`);
} catch (e) {
	console.error(e instanceof Error ? e.message : String(e));
	process.exitCode = 1;
} finally {
	await handle.close();
}
