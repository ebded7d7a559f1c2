import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { connectSource, inspectSystem, listSources } from '#lib/server/oparl/connect.ts';
import { harvestOptions, runUnderWay, startHarvest } from '#lib/server/oparl/service.ts';
import { oparlHarvestHours, setOparlHarvestHours } from '#lib/server/registry/region-settings.ts';
import { regionBodyIds, regionsOfBody, ownOrOnlyRegion } from '#lib/server/registry/regions.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await ownOrOnlyRegion(db(), locals.actor);
	const s = settings();
	// The region's bodies: its own and those it took in from the directory (decision 0008).
	const ids = regionId ? await regionBodyIds(db(), regionId) : [];
	const bodies = ids.length
		? await db().selectFrom('body').select(['id', 'name']).where('id', 'in', ids).where('kind', 'in', ['kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt']).orderBy('name').execute()
		: [];
	const regionHours = regionId ? await oparlHarvestHours(db(), regionId) : null;
	const sources = await listSources(db(), locals.actor.role === 'administrator' ? null : regionId);
	const running: Record<string, boolean> = {};
	for (const src of sources) running[src.id] = await runUnderWay(db(), src.id);
	return {
		bodies,
		sources: sources.map((src) => ({ ...src, running: running[src.id], run: src.run ? { ...src.run, log: src.run.log.slice(-12) } : null })),
		schedule: regionHours ?? s.OPARL_HARVEST_HOURS,
		scheduleDefault: s.OPARL_HARVEST_HOURS,
		regionHours,
		regionId,
		restricted: !!s.OPARL_ALLOWED_HOSTS.trim(),
		started: url.searchParams.get('gestartet'),
		scheduleSaved: url.searchParams.get('zeitplan') === 'gespeichert'
	};
};

const CheckInput = z.object({ koerperschaft: z.string().min(1, 'Bitte wählen Sie die Körperschaft.'), adresse: z.string().trim().min(1, 'Bitte geben Sie die Adresse des OParl-Systems an.').max(2000) });

export const actions: Actions = {
	pruefen: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		await requireCan(event, 'oparl.manage', { regionId }, { entity: 'region', entityId: regionId ?? '' });
		const form = Object.fromEntries(await event.request.formData());
		const parsed = CheckInput.safeParse(form);
		const values = { koerperschaft: String(form.koerperschaft ?? ''), adresse: String(form.adresse ?? '') };
		if (!parsed.success) return fail(400, { values, errors: parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })) });
		const r = await inspectSystem(parsed.data.adresse, harvestOptions(settings()).limits);
		if (!r.ok) return fail(400, { values, errors: [{ field: 'adresse', message: r.problem }] });
		return { values, found: r.found };
	},
	verbinden: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		await requireCan(event, 'oparl.manage', { regionId }, { entity: 'region', entityId: regionId ?? '' });
		const form = await event.request.formData();
		const values = { koerperschaft: String(form.get('koerperschaft') ?? ''), adresse: String(form.get('adresse') ?? '') };
		const oparlBody = String(form.get('oparl_koerperschaft') ?? '');
		const body = await db().selectFrom('body').select(['id', 'region_id']).where('id', '=', values.koerperschaft).executeTakeFirst();
		if (!body || (regionId && !(await regionsOfBody(db(), body.id)).includes(regionId))) return fail(400, { values, errors: [{ field: 'koerperschaft', message: 'Bitte wählen Sie eine Körperschaft Ihrer Region.' }] });
		if (!oparlBody) return fail(400, { values, errors: [{ field: 'adresse', message: 'Bitte prüfen Sie die Adresse und wählen Sie die Körperschaft im System.' }] });
		const r = await connectSource(db(), event.locals.actor, { bodyId: body.id, systemUrl: values.adresse, oparlBodyId: oparlBody }, harvestOptions(settings()).limits);
		if (!r.ok) return fail(400, { values, errors: [{ field: 'adresse', message: r.problem }] });
		redirect(303, `/verwaltung/oparl?verbunden=${r.id}`);
	},
	zeitplan: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		if (!regionId) return fail(400, { errors: [{ field: 'stunden', message: 'Ihrem Konto ist keine Region zugeordnet.' }] });
		await requireCan(event, 'oparl.manage', { regionId }, { entity: 'region', entityId: regionId });
		const raw = String((await event.request.formData()).get('stunden') ?? '').trim();
		const hours = raw === '' ? null : /^\d{1,3}$/.test(raw) && Number(raw) <= 720 ? Number(raw) : NaN;
		if (Number.isNaN(hours)) return fail(400, { errors: [{ field: 'stunden', message: 'Bitte geben Sie eine ganze Zahl von 0 bis 720 an, oder lassen Sie das Feld leer.' }] });
		await setOparlHarvestHours(db(), regionId, hours);
		await audit(db(), event.locals.actor, { action: 'oparl.zeitplan', entity: 'region', entityId: regionId, detail: { hours }, address: safeAddress(event) });
		redirect(303, '/verwaltung/oparl?zeitplan=gespeichert#zeitplan');
	},
	abrufen: async (event) => {
		const id = String((await event.request.formData()).get('quelle') ?? '');
		const src = await db().selectFrom('oparl_source').select(['id', 'region_id']).where('id', '=', id).executeTakeFirst();
		if (!src) return fail(404, { errors: [{ field: 'quelle', message: 'Diese Verbindung gibt es nicht.' }] });
		await requireCan(event, 'oparl.manage', { regionId: src.region_id }, { entity: 'oparl_source', entityId: id });
		await startHarvest(db(), settings(), id);
		redirect(303, `/verwaltung/oparl?gestartet=${id}#quelle-${id}`);
	}
};
