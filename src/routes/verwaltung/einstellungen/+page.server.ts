import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { existingRegionIds, regionsSteeredBy } from '#lib/server/registry/route-reads.ts';
import { settingsForm } from './_schema.ts';
import { reviewRequired, setReviewRequired } from '#lib/server/registry/region-settings.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const regions = await regionsSteeredBy(db(), locals.actor);
	return {
		regions: await Promise.all(regions.map(async (r) => ({ id: r.id, name: r.name, review: await reviewRequired(db(), r.id) }))),
		saved: url.searchParams.get('hinweis') === 'gespeichert'
	};
};

export const actions: Actions = {
	speichern: async (event) => {
		const post = await parseForm(event.request, settingsForm);
		const known = post.ok ? await existingRegionIds(db(), post.data.region) : [];
		if (!post.ok || !known.length) return fail(400, { errors: [{ field: 'einstellungen', message: 'Bitte wählen Sie eine Region.' }] });
		for (const id of known) {
			await requireCan(event, 'settings.manage', { regionId: id }, { entity: 'region', entityId: id });
		}
		const on = post.data.pruefung;
		for (const id of known) {
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
