import { error, fail } from '@sveltejs/kit';
import { DIRECTORY_REGION } from '#lib/server/directory/apply.ts';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { readCooperation, bodiesOf } from '#lib/server/registry/write.ts';
import { addContact, contactsOf, removeContact, validateContact } from '#lib/server/registry/contacts.ts';
import { requireCan } from '#lib/server/auth/guard.ts';

type Ev = Parameters<typeof requireCan>[0] & { params: { id: string } };

async function current(event: Ev) {
	const c = await readCooperation(db(), event.params.id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	await requireCan(event, 'contacts.edit', { bodyIds: bodiesOf(c.record), regionId: c.regionId }, { entity: 'cooperation', entityId: c.record.id });
	return c;
}

export const load: PageServerLoad = async (event) => {
	const c = await current(event);
	// Not the 12,000 bodies of the national directory: the register's own and those of this cooperation.
	const involved = bodiesOf(c.record);
	const bodies = await db().selectFrom('body').select(['id', 'name'])
		.where((eb) => eb.or([eb('region_id', '!=', DIRECTORY_REGION), ...(involved.length ? [eb('id', 'in', involved)] : [])]))
		.orderBy('name').execute();
	return { id: c.record.id, title: c.record.title, contacts: await contactsOf(db(), c.record.id), bodies, involved: bodiesOf(c.record) };
};

export const actions: Actions = {
	hinzufuegen: async (event) => {
		const c = await current(event);
		const f = await event.request.formData();
		const input = {
			name: String(f.get('name') ?? '').trim().slice(0, 300), function: String(f.get('function') ?? '').trim().slice(0, 300) || null,
			bodyId: String(f.get('body') ?? '') || null, phone: String(f.get('phone') ?? '').trim().slice(0, 60) || null,
			email: String(f.get('email') ?? '').trim().slice(0, 320) || null
		};
		const errs = validateContact(input);
		if (input.bodyId && !(await db().selectFrom('body').select('id').where('id', '=', input.bodyId).executeTakeFirst())) errs.body = 'Unbekannte Körperschaft.';
		if (Object.keys(errs).length) return fail(400, { values: input, errors: Object.entries(errs).map(([field, message]) => ({ field, message })) });
		await addContact(db(), event.locals.actor, c.record.id, input);
		return { added: true };
	},
	entfernen: async (event) => {
		const c = await current(event);
		const f = await event.request.formData();
		await removeContact(db(), event.locals.actor, c.record.id, String(f.get('contact') ?? ''));
		return { removed: true };
	}
};
