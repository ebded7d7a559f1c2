import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { createRegionFromUnit, listRegions, regionCandidates } from '#lib/server/registry/regions.ts';

const Query = z.string().trim().max(100);
const Ars = z.string().trim().regex(/^\d{2,12}$/);

/** Regions by self-service (issue 13, part 3): search the directory (a GET form, works without JS), pick a unit, create. */
export const load: PageServerLoad = async ({ url }) => {
	const parsed = Query.safeParse(url.searchParams.get('q') ?? '');
	const q = parsed.success ? parsed.data : '';
	return {
		q,
		candidates: q ? await regionCandidates(db(), q) : [],
		regions: await listRegions(db()),
		created: url.searchParams.get('angelegt')
	};
};

export const actions: Actions = {
	anlegen: async (event) => {
		await requireCan(event, 'regions.manage', {}, { entity: 'region' });
		const form = await event.request.formData();
		const q = Query.safeParse(form.get('q') ?? '');
		const ars = Ars.safeParse(form.get('einheit') ?? '');
		if (!ars.success) return fail(400, { q: q.success ? q.data : '', errors: [{ field: 'einheit', message: 'Bitte eine Einheit aus der Trefferliste wählen.' }] });
		const result = await createRegionFromUnit(db(), ars.data);
		if (result.kind === 'error') return fail(400, { q: q.success ? q.data : '', errors: [{ field: 'einheit', message: result.message }] });
		await audit(db(), event.locals.actor, {
			action: 'region.angelegt', entity: 'region', entityId: result.id, detail: { ars: ars.data, members: result.members }, address: safeAddress(event)
		});
		redirect(303, `/verwaltung/regionen?angelegt=${encodeURIComponent(result.id)}`);
	}
};
