import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { regionsSteeredBy } from '#lib/server/registry/route-reads.ts';
import { openRoundForm } from './_schema.ts';
import { berlinToday, daysUntil, germanDate, listRounds, openRound } from '#lib/server/registry/survey.ts';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	const regions = await regionsSteeredBy(db(), actor);
	const rounds = await listRounds(db(), actor.role === 'administrator' ? null : regions.map((r) => r.id));
	const today = berlinToday();
	return {
		isAdmin: actor.role === 'administrator',
		regions,
		openRegions: rounds.filter((r) => !r.closedAt).map((r) => r.regionId),
		rounds: rounds.map((r) => ({
			id: r.id, title: r.title, regionName: r.regionName, openedAt: germanDate(r.openedAt), openedBy: r.openedByName ?? '–',
			deadline: germanDate(r.deadline), daysLeft: r.closedAt ? null : daysUntil(r.deadline), closedAt: r.closedAt ? germanDate(r.closedAt) : null
		})),
		defaults: { title: `Erhebung ${today.slice(0, 4)}`, deadline: '', region: regions.length === 1 ? regions[0]!.id : '' },
		today
	};
};

export const actions: Actions = {
	eroeffnen: async (event) => {
		const actor = event.locals.actor;
		const post = await parseForm(event.request, openRoundForm);
		const values = post.ok ? post.data : { title: '', deadline: '', region: '' };
		const regionId = actor.role === 'administrator' ? values.region : (actor.regionId ?? '');
		if (!regionId && actor.role !== 'administrator') {
			return fail(400, { values, errors: [{ field: 'title', message: 'Ihrem Konto ist keine Körperschaft und damit keine Region zugeordnet. Bitte wenden Sie sich an die Administration.' }] });
		}
		if (regionId) await requireCan(event, 'survey.manage', { regionId }, { entity: 'region', entityId: regionId });
		const result = await openRound(db(), actor, { regionId, title: values.title, deadline: values.deadline }, new Date(), mailSettings());
		if (!result.ok) {
			// Without a region select (coordinators), a region problem is shown at the title.
			const errors = actor.role === 'administrator' ? result.errors : result.errors.map((e) => (e.field === 'region' ? { ...e, field: 'title' } : e));
			return fail(400, { values, errors });
		}
		redirect(303, `/verwaltung/erhebungen/${result.id}?hinweis=eroeffnet`);
	}
};
