import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { createRegionForm, regionQuery } from './_schema.ts';
import { createRegionFromUnit, listRegions, regionCandidates } from '#lib/server/registry/regions.ts';


/** Regions by self-service (issue 13, part 3): search the directory (a GET form, works without JS), pick a unit, create. */
export const load: PageServerLoad = async ({ url }) => {
	const q = regionQuery.parse(url.searchParams.get('q') ?? '');
	return {
		q,
		candidates: q ? await regionCandidates(db(), q) : [],
		regions: await listRegions(db()),
		created: url.searchParams.get('angelegt')
	};
};

export const actions: Actions = {
	anlegen: async (event) => {
		const post = await parseForm(event.request, createRegionForm);
		await requireCan(event, 'regions.manage', {}, { entity: 'region' });
		// The search text is shown again whatever else is wrong.
		const q = regionQuery.parse(post.form.get('q') ?? '');
		if (!post.ok) return fail(400, { q, errors: post.errors });
		const ars = post.data.einheit;
		const result = await createRegionFromUnit(db(), ars);
		if (result.kind === 'error') return fail(400, { q, errors: [{ field: 'einheit', message: result.message }] });
		await audit(db(), event.locals.actor, {
			action: 'region.angelegt', entity: 'region', entityId: result.id, detail: { ars, members: result.members }, address: safeAddress(event)
		});
		redirect(303, `/verwaltung/regionen?angelegt=${encodeURIComponent(result.id)}`);
	}
};
