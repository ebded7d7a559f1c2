import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { createIdea, ideas, DESCRIPTION_MAX, TITLE_MAX } from '#lib/server/steering/ideas.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { regionName } from '#lib/server/steering/measures.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { newIdeaForm } from './_schema.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	return {
		regionName: await regionName(db(), regionId),
		ideas: await ideas(db(), regionId),
		mayCreate: can(locals.actor, 'idea.create', { regionId }),
		limits: { title: TITLE_MAX, description: DESCRIPTION_MAX }
	};
};

export const actions: Actions = {
	anlegen: async (event) => {
		const post = await parseForm(event.request, newIdeaForm);
		const regionId = await regionFor(db(), event.locals.actor, null);
		await requireCan(event, 'idea.create', { regionId }, { entity: 'idea' });
		if (!post.ok) return fail(400, { values: { title: '', description: '' }, errors: post.errors });
		const values = post.data;
		const r = await createIdea(db(), event.locals.actor, regionId, values);
		if (!r.ok) return fail(400, { values, errors: r.errors });
		redirect(303, `/steuerung/ideen/${r.id}?angelegt=1`);
	}
};
