import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { regionName } from '#lib/server/steering/measures.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { logoUploadForm } from '#lib/server/forms/logo.ts';
import { LOGO_MAX_BYTES, logoDataUrl, readLogo, removeLogo, saveLogo } from '#lib/server/papers/logo.ts';
import { logoSize } from '#lib/server/papers/pptx.ts';

/**
 * The logo of the region's conference papers (issue 16): the steering office (policy action
 * `steering.edit`, checked for the region) uploads a PNG or JPEG, sees it, replaces or removes it.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const regionId = await regionFor(db(), locals.actor, null);
	const logo = await readLogo(db(), regionId);
	return {
		regionName: await regionName(db(), regionId),
		maxKb: LOGO_MAX_BYTES / 1024,
		logo: logo ? {
			fileName: logo.fileName, width: logo.width, height: logo.height, uploadedAt: logo.uploadedAt, uploadedBy: logo.uploadedBy,
			src: logoDataUrl(logo), slide: logoSize(logo)
		} : null
	};
};

export const actions: Actions = {
	hochladen: async (event) => {
		const regionId = await regionFor(db(), event.locals.actor, null);
		await requireCan(event, 'steering.edit', { regionId }, { entity: 'region', entityId: regionId });
		const post = await parseForm(event.request, logoUploadForm);
		if (!post.ok) return fail(400, { errors: post.errors });
		const file = post.data.datei;
		const saved = await saveLogo(db(), event.locals.actor, regionId, file.name, new Uint8Array(await file.arrayBuffer()));
		if (!saved.ok) return fail(400, { errors: [{ field: 'datei', message: saved.message }] });
		return { saved: `Das Logo „${saved.logo.fileName}“ ist gespeichert. Es steht ab sofort in den Sitzungsunterlagen, wenn „mit Logo“ gewählt ist.` };
	},
	entfernen: async (event) => {
		const regionId = await regionFor(db(), event.locals.actor, null);
		await requireCan(event, 'steering.edit', { regionId }, { entity: 'region', entityId: regionId });
		const removed = await removeLogo(db(), event.locals.actor, regionId);
		return { saved: removed ? 'Das Logo ist entfernt. Die Sitzungsunterlagen erscheinen ohne Logo.' : 'Es war kein Logo hinterlegt.' };
	}
};
