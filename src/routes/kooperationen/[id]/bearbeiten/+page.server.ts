import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { formSetup, readCooperation, submitCooperation } from '#lib/server/registry/cooperation-edit.ts';
import { bodiesOf, setArchived } from '#lib/server/registry/write.ts';
import { keepPostedRows, parseCooperationForm, valuesFromRecord, withExtraRows } from '#lib/domain/cooperation-form.ts';
import { readCooperationPost as readPost } from '#lib/server/forms/cooperation.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { can } from '#lib/server/auth/policy.ts';
import { recordCorrection } from '#lib/server/registry/survey.ts';
import { reviewRequired } from '#lib/server/registry/region-settings.ts';

async function current(event: Pick<RequestEvent, 'params' | 'locals' | 'url' | 'getClientAddress' | 'cookies'>) {
	const c = await readCooperation(db(), event.params.id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	await requireCan(event, 'cooperation.edit', { bodyIds: bodiesOf(c.record), regionId: c.regionId }, { entity: 'cooperation', entityId: c.record.id });
	return c;
}

export const load: PageServerLoad = async (event) => {
	const c = await current(event);
	const { options, ctx } = await formSetup(db());
	let values = valuesFromRecord(c.record, ctx);
	values = withExtraRows(withExtraRows(withExtraRows(values, 'participants', 2), 'partner_groups', 1), 'events', 1);
	const ending = event.url.searchParams.get('beenden') === '1';
	if (ending) values.status = 'ended';
	const actor = event.locals.actor;
	return {
		id: c.record.id, title: c.record.title, version: c.version, archivedAt: c.archivedAt, values, options, ending,
		survey: event.url.searchParams.get('erhebung'),
		canArchive: can(actor, 'cooperation.archive', { regionId: c.regionId }),
		viaProposal: actor.role === 'editor' && (await reviewRequired(db(), c.regionId))
	};
};

export const actions: Actions = {
	zeilen: async (event) => {
		await current(event);
		const { form, extras } = await readPost(event.request);
		const { ctx } = await formSetup(db());
		const { values } = parseCooperationForm(form, ctx);
		return { values: withExtraRows(values, extras.gruppe, 3), errors: [], version: extras.version };
	},
	speichern: async (event) => {
		const c = await current(event);
		const { form, extras } = await readPost(event.request);
		const { ctx, names } = await formSetup(db());
		const { values, draft, errors } = parseCooperationForm(form, ctx);
		const baseVersion = extras.version;
		if (!draft || errors.length) return fail(400, { values: keepPostedRows(values, form), errors, version: baseVersion });
		const ended = draft.status === 'ended' && c.record.status !== 'ended';
		const result = await submitCooperation(db(), {
			actor: event.locals.actor, current: c, draft, baseVersion, regionId: c.regionId, action: ended ? 'beendet' : 'bearbeitet',
			comment: extras.comment, names
		});
		if (result.kind === 'errors') return fail(400, { values: keepPostedRows(values, form), errors: result.errors, version: baseVersion });
		if (result.kind === 'conflict') {
			// Keep the user's input; the next save is based on the current version, after they have seen what changed.
			return fail(409, {
				values, version: result.current.version, conflict: result.changes,
				errors: [{ field: 'konflikt', message: 'Jemand anderes hat diese Kooperation gespeichert, während Sie sie bearbeitet haben. Ihre Eingaben sind nicht gespeichert. Bitte prüfen Sie die Änderungen unten und speichern Sie dann erneut.' }]
			});
		}
		const survey = extras.erhebung;
		if (survey) await recordCorrection(db(), event.locals.actor, survey, c.record.id);
		if (result.kind === 'proposed') redirect(303, `/vorschlaege/${result.proposalId}?eingereicht=1`);
		if (result.kind === 'unchanged') redirect(303, `/kooperationen/${c.record.id}?unveraendert=1`);
		redirect(303, `/kooperationen/${c.record.id}?gespeichert=1`);
	},
	archivieren: async (event) => archive(event, true),
	reaktivieren: async (event) => archive(event, false)
};

async function archive(event: RequestEvent, on: boolean) {
	const c = await current(event);
	await requireCan(event, 'cooperation.archive', { regionId: c.regionId }, { entity: 'cooperation', entityId: c.record.id });
	const { extras } = await readPost(event.request);
	const r = await setArchived(db(), event.locals.actor, c.record.id, on, extras.version);
	if (!r.ok) return fail(409, { errors: [{ field: 'konflikt', message: 'Die Kooperation wurde inzwischen geändert. Bitte laden Sie die Seite neu.' }] });
	redirect(303, `/kooperationen/${c.record.id}?gespeichert=1`);
}
