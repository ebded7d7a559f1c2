import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { bodyFormOptions, saveBody } from '#lib/server/registry/body-write.ts';
import { bodyForm, EMPTY_BODY_FORM } from '#lib/server/forms/body.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { workRegion, type Actor } from '#lib/server/auth/policy.ts';
import { regionIdsInOrder } from '#lib/server/registry/regions.ts';
import { regionOfBody } from '#lib/server/registry/route-reads.ts';

/** The region a new body belongs to: the coordinator's own; for an administrator without one,
 * the parent's region, else the first region. */
async function regionFor(actor: Actor, parent: string | null): Promise<string | null> {
	const parentRegion = parent ? await regionOfBody(db(), parent) : null;
	return workRegion(actor, await regionIdsInOrder(db()), actor.regionId ? null : parentRegion);
}

export const load: PageServerLoad = async (event) => {
	await requireCan(event, 'body.create', { regionId: event.locals.actor.regionId }, { entity: 'body' });
	return { values: { ...EMPTY_BODY_FORM }, options: await bodyFormOptions(db()) };
};

export const actions: Actions = {
	speichern: async (event) => {
		const actor = event.locals.actor;
		await requireCan(event, 'body.create', { regionId: actor.regionId }, { entity: 'body' });
		const { data: { values, record, errors } } = await readForm(event.request, bodyForm);
		if (!record) return fail(400, { values, errors });
		const regionId = await regionFor(actor, record.parent ?? null);
		if (!regionId) return fail(400, { values, errors: [{ field: 'name', message: 'Es ist noch keine Region eingerichtet; bitte zuerst die Daten laden.' }] });
		const result = await saveBody(db(), actor, { record, regionId, expectedVersion: null });
		if (result.ok) redirect(303, `/koerperschaften/${result.id}?gespeichert=1`);
		if (result.reason === 'invalid') {
			return fail(400, { values, errors: result.problems.map((p) => ({ field: p.field === 'id' ? 'name' : p.field, message: p.message })) });
		}
		return fail(409, { values, errors: [{ field: 'name', message: 'Die Körperschaft konnte nicht angelegt werden. Bitte versuchen Sie es erneut.' }] });
	}
};
