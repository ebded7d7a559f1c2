import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { completeSetup, userOfSetupToken } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress, startSession } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { userById } from '#lib/server/registry/route-reads.ts';
import { setupForm } from './_schema.ts';

/** The one-time link of a new account: set a password, then you are signed in. */
export const load: PageServerLoad = async ({ params }) => {
	const user = await userOfSetupToken(db(), params.token);
	return { user: user ? { name: user.name, email: user.email } : null, minLength: settings().PASSWORD_MIN_LENGTH };
};

export const actions: Actions = {
	default: async (event) => {
		const post = await parseForm(event.request, setupForm);
		if (!post.ok) return fail(400, { errors: post.errors });
		const result = await completeSetup(db(), event.params.token, post.data.password, settings().PASSWORD_MIN_LENGTH);
		if (!result.userId) return fail(400, { errors: result.problems.map((message) => ({ field: 'password', message })) });
		const user = await userById(db(), result.userId);
		if (!user) return fail(400, { errors: [{ field: 'password', message: 'Dieses Konto gibt es nicht mehr.' }] });
		await audit(db(), { role: user.role, userId: user.id, name: user.name, email: user.email, bodyId: null, regionId: null }, { action: 'passwort.festgelegt', entity: 'user', entityId: user.id, address: safeAddress(event) });
		await startSession(event, user.id);
		redirect(303, '/konto?hinweis=eingerichtet');
	}
};
