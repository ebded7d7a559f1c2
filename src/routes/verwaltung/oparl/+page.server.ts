import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { connectSource, councilBodies, inspectSystem, listSources, sourceById } from '#lib/server/oparl/connect.ts';
import { bodyExists } from '#lib/server/registry/route-reads.ts';
import { harvestOptions, runUnderWay, startHarvest } from '#lib/server/oparl/service.ts';
import { oparlHarvestHours, setOparlHarvestHours } from '#lib/server/registry/region-settings.ts';
import { regionBodyIds, regionsOfBody, ownOrOnlyRegion } from '#lib/server/registry/regions.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { parseForm, readForm } from '#lib/server/forms/form-data.ts';
import { oparlAddressValues, oparlCheckForm, oparlConnectForm, oparlHarvestForm, oparlScheduleForm } from '#lib/server/forms/oparl.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await ownOrOnlyRegion(db(), locals.actor);
	const s = settings();
	// The region's bodies: its own and those it took in from the directory (decision 0008).
	const ids = regionId ? await regionBodyIds(db(), regionId) : [];
	const bodies = await councilBodies(db(), ids);
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

export const actions: Actions = {
	pruefen: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		await requireCan(event, 'oparl.manage', { regionId }, { entity: 'region', entityId: regionId ?? '' });
		const { data: values, form } = await readForm(event.request, oparlAddressValues);
		const parsed = await parseForm(form, oparlCheckForm);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		const r = await inspectSystem(parsed.data.adresse, harvestOptions(settings()).limits);
		if (!r.ok) return fail(400, { values, errors: [{ field: 'adresse', message: r.problem }] });
		return { values, found: r.found };
	},
	verbinden: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		await requireCan(event, 'oparl.manage', { regionId }, { entity: 'region', entityId: regionId ?? '' });
		const { data: { oparl_koerperschaft: oparlBody, ...values } } = await readForm(event.request, oparlConnectForm);
		const known = await bodyExists(db(), values.koerperschaft);
		if (!known || (regionId && !(await regionsOfBody(db(), values.koerperschaft)).includes(regionId))) return fail(400, { values, errors: [{ field: 'koerperschaft', message: 'Bitte wählen Sie eine Körperschaft Ihrer Region.' }] });
		if (!oparlBody) return fail(400, { values, errors: [{ field: 'adresse', message: 'Bitte prüfen Sie die Adresse und wählen Sie die Körperschaft im System.' }] });
		const r = await connectSource(db(), event.locals.actor, { bodyId: values.koerperschaft, systemUrl: values.adresse, oparlBodyId: oparlBody }, harvestOptions(settings()).limits);
		if (!r.ok) return fail(400, { values, errors: [{ field: 'adresse', message: r.problem }] });
		redirect(303, `/verwaltung/oparl?verbunden=${r.id}`);
	},
	zeitplan: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		if (!regionId) return fail(400, { errors: [{ field: 'stunden', message: 'Ihrem Konto ist keine Region zugeordnet.' }] });
		await requireCan(event, 'oparl.manage', { regionId }, { entity: 'region', entityId: regionId });
		const post = await parseForm(event.request, oparlScheduleForm);
		if (!post.ok) return fail(400, { errors: post.errors });
		const hours = post.data.stunden;
		await setOparlHarvestHours(db(), regionId, hours);
		await audit(db(), event.locals.actor, { action: 'oparl.zeitplan', entity: 'region', entityId: regionId, detail: { hours }, address: safeAddress(event) });
		redirect(303, '/verwaltung/oparl?zeitplan=gespeichert#zeitplan');
	},
	abrufen: async (event) => {
		const { quelle: id } = (await readForm(event.request, oparlHarvestForm)).data;
		const src = await sourceById(db(), id);
		if (!src) return fail(404, { errors: [{ field: 'quelle', message: 'Diese Verbindung gibt es nicht.' }] });
		await requireCan(event, 'oparl.manage', { regionId: src.region_id }, { entity: 'oparl_source', entityId: id });
		await startHarvest(db(), settings(), id);
		redirect(303, `/verwaltung/oparl?gestartet=${id}#quelle-${id}`);
	}
};
