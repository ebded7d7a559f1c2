import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { readCooperation, bodiesOf } from '#lib/server/registry/write.ts';
import { addContact, contactsOf, removeContact, validateContact } from '#lib/server/registry/contacts.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { bodyExists, contactBodyChoices } from '#lib/server/registry/route-reads.ts';
import { contactForm, removeContactForm } from './_schema.ts';

type Ev = Parameters<typeof requireCan>[0] & { params: { id: string } };

async function current(event: Ev) {
	const c = await readCooperation(db(), event.params.id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	await requireCan(event, 'contacts.edit', { bodyIds: bodiesOf(c.record), regionId: c.regionId }, { entity: 'cooperation', entityId: c.record.id });
	return c;
}

export const load: PageServerLoad = async (event) => {
	const c = await current(event);
	const bodies = await contactBodyChoices(db(), bodiesOf(c.record));
	return { id: c.record.id, title: c.record.title, contacts: await contactsOf(db(), c.record.id), bodies, involved: bodiesOf(c.record) };
};

export const actions: Actions = {
	hinzufuegen: async (event) => {
		const c = await current(event);
		const post = await parseForm(event.request, contactForm);
		if (!post.ok) return fail(400, { values: null, errors: post.errors });
		const input = post.data;
		const errs = validateContact(input);
		if (input.bodyId && !(await bodyExists(db(), input.bodyId))) errs.body = 'Unbekannte Körperschaft.';
		if (Object.keys(errs).length) return fail(400, { values: input, errors: Object.entries(errs).map(([field, message]) => ({ field, message })) });
		await addContact(db(), event.locals.actor, c.record.id, input);
		return { added: true };
	},
	entfernen: async (event) => {
		const c = await current(event);
		const post = await parseForm(event.request, removeContactForm);
		if (post.ok) await removeContact(db(), event.locals.actor, c.record.id, post.data.contact);
		return { removed: true };
	}
};
