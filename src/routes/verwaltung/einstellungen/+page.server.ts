import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { reviewRequired, setReviewRequired } from '#lib/server/registry/region-settings.ts';

/** The regions whose settings the actor steers: all for administrators, the own one for coordinators. */
async function regionsOf(actor: Actor) {
	let q = db().selectFrom('region').select(['id', 'name']).orderBy('name');
	if (actor.role !== 'administrator') q = q.where('id', '=', actor.regionId ?? '');
	return q.execute();
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const regions = await regionsOf(locals.actor);
	return {
		regions: await Promise.all(regions.map(async (r) => ({ id: r.id, name: r.name, review: await reviewRequired(db(), r.id) }))),
		saved: url.searchParams.get('hinweis') === 'gespeichert'
	};
};

export const actions: Actions = {
	speichern: async (event) => {
		const form = await event.request.formData();
		// The form names the regions it shows, so an unticked box (which sends nothing) means "off".
		const shown = form.getAll('region').map(String).slice(0, 100);
		const on = new Set(form.getAll('pruefung').map(String));
		const known = await db().selectFrom('region').select('id').where('id', 'in', shown.length ? shown : ['']).execute();
		if (!known.length) return fail(400, { errors: [{ field: 'einstellungen', message: 'Bitte wählen Sie eine Region.' }] });
		for (const { id } of known) {
			await requireCan(event, 'settings.manage', { regionId: id }, { entity: 'region', entityId: id });
		}
		for (const { id } of known) {
			const before = await reviewRequired(db(), id);
			const after = on.has(id);
			if (before === after) continue;
			await setReviewRequired(db(), id, after);
			await audit(db(), event.locals.actor, {
				action: 'einstellung.geaendert', entity: 'region', entityId: id, detail: { review_required: after }, address: safeAddress(event)
			});
		}
		redirect(303, '/verwaltung/einstellungen?hinweis=gespeichert');
	}
};
