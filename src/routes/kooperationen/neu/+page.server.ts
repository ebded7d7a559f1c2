import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { formSetup, submitCooperation } from '#lib/server/registry/cooperation-edit.ts';
import { emptyValues, keepPostedRows, parseCooperationForm, withExtraRows } from '#lib/domain/cooperation-form.ts';
import { readCooperationPost as readPost } from '#lib/server/forms/cooperation.ts';
import { recordCorrection } from '#lib/server/registry/survey.ts';
import { recordingRegion } from '#lib/server/auth/policy.ts';
import { regionIdsInOrder } from '#lib/server/registry/regions.ts';

async function regionOf(actor: App.Locals['actor']): Promise<string> {
	const id = recordingRegion(actor, await regionIdsInOrder(db()));
	if (!id) throw new Error('no region');
	return id;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { options, ctx } = await formSetup(db());
	const values = withExtraRows(withExtraRows(withExtraRows(emptyValues(), 'participants', 4), 'partner_groups', 1), 'events', 2);
	values.performer_kind = 'unknown';
	values.list = ctx.lists.includes('kommunen') && locals.actor.role === 'editor' ? 'kommunen' : (ctx.lists[0] ?? '');
	if (locals.actor.bodyId) values.participants[0]!.body = ctx.bodyName(locals.actor.bodyId);
	return { values, options, survey: url.searchParams.get('erhebung') };
};

export const actions: Actions = {
	zeilen: async ({ request }) => {
		const { form, extras } = await readPost(request);
		const { ctx } = await formSetup(db());
		const { values } = parseCooperationForm(form, ctx);
		return { values: withExtraRows(values, extras.gruppe, 3), errors: [] };
	},
	speichern: async (event) => {
		const { form, extras } = await readPost(event.request);
		const { ctx, names } = await formSetup(db());
		const { values, draft, errors } = parseCooperationForm(form, ctx);
		if (!draft || errors.length) return fail(400, { values: keepPostedRows(values, form), errors });
		const actor = event.locals.actor;
		const result = await submitCooperation(db(), {
			actor, current: null, draft, baseVersion: null, regionId: await regionOf(actor), action: 'angelegt',
			comment: extras.comment, names
		});
		if (result.kind === 'errors') return fail(400, { values: keepPostedRows(values, form), errors: result.errors });
		if (result.kind === 'proposed') redirect(303, `/vorschlaege/${result.proposalId}?eingereicht=1`);
		if (result.kind === 'saved') {
			const survey = extras.erhebung;
			if (survey) await recordCorrection(db(), actor, survey, result.id);
			redirect(303, `/kooperationen/${result.id}?gespeichert=1`);
		}
		return fail(500, { values, errors: [{ field: 'title', message: 'Unerwarteter Zustand beim Speichern.' }] });
	}
};
