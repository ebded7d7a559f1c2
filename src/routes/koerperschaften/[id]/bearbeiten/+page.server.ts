import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { bodyResource } from '#lib/server/registry/regions.ts';
import {
	bodyFieldText, bodyFormOptions, type BodyConflict, bodyFormValues, CONFLICT_MESSAGE, diffBodies, readBody, readBodyVersion, saveBody
} from '#lib/server/registry/body-write.ts';
import { readForm, versionForm } from '#lib/server/forms/form-data.ts';
import { bodyForm } from '#lib/server/forms/body.ts';

/** The stored body, after the check that the actor may edit it (coordinator, or an editor of this body). */
async function current(event: Pick<RequestEvent, 'params' | 'locals' | 'url' | 'getClientAddress' | 'cookies'>) {
	const id = event.params.id;
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) error(404, 'Diese Körperschaft gibt es nicht.');
	const b = await readBody(db(), id);
	if (!b) error(404, 'Diese Körperschaft gibt es nicht.');
	await requireCan(event, 'body.edit', await bodyResource(db(), id), { entity: 'body', entityId: id });
	return b;
}

export const load: PageServerLoad = async (event) => {
	const b = await current(event);
	return { id: b.record.id, name: b.record.name, version: b.version, values: bodyFormValues(b.record), options: await bodyFormOptions(db(), b.record.id) };
};

export const actions: Actions = {
	speichern: async (event) => {
		const b = await current(event);
		const { data: posted, form } = await readForm(event.request, versionForm);
		const { data: { values, record, errors } } = await readForm(form, bodyForm);
		const version = posted.version ?? b.version;
		if (!record) return fail(400, { values, errors, version });
		const result = await saveBody(db(), event.locals.actor, { record: { ...record, id: b.record.id }, regionId: b.regionId, expectedVersion: version });
		if (result.ok) redirect(303, `/koerperschaften/${result.id}?gespeichert=1`);
		if (result.reason === 'invalid') {
			return fail(400, { values, errors: result.problems.map((p) => ({ field: p.field === 'id' ? 'name' : p.field, message: p.message })), version });
		}
		// Someone else saved in between: show what changed since the user's start, keep the input;
		// the next save is based on the current version, after the user has seen the differences.
		const options = await bodyFormOptions(db());
		const nameOf = (id: string) => options.parents.find((p) => p.id === id)?.name ?? id;
		const started = await readBodyVersion(db(), b.record.id, version);
		const mine = { ...record, id: b.record.id };
		const lines = diffBodies(started ?? mine, result.current.record, nameOf).map((l) => ({ ...l, mine: bodyFieldText(mine, l.field, nameOf) }));
		const conflict: BodyConflict = { lines, startedVersion: started ? version : null, currentVersion: result.current.version };
		return fail(409, {
			values, version: result.current.version, conflict,
			errors: [{ field: 'konflikt', message: CONFLICT_MESSAGE }]
		});
	}
};
