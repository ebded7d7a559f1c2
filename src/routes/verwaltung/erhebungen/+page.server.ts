import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { berlinToday, daysUntil, germanDate, listRounds, openRound } from '#lib/server/registry/survey.ts';

/** Administrators steer every region; coordinators their own. */
async function regionsOf(actor: Actor) {
	const q = db().selectFrom('region').select(['id', 'name']).orderBy('name');
	if (actor.role === 'administrator') return q.execute();
	return actor.regionId ? q.where('id', '=', actor.regionId).execute() : [];
}

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	const regions = await regionsOf(actor);
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
		const form = await event.request.formData();
		const values = {
			title: String(form.get('title') ?? '').slice(0, 500),
			deadline: String(form.get('deadline') ?? '').slice(0, 20),
			region: String(form.get('region') ?? '').slice(0, 100)
		};
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
