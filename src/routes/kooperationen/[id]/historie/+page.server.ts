import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { formSetup, readCooperation, submitCooperation } from '#lib/server/registry/cooperation-edit.ts';
import { bodiesOf, cooperationVersions } from '#lib/server/registry/write.ts';
import { diffCooperations } from '#lib/domain/record-diff.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { can } from '#lib/server/auth/policy.ts';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { contactEventsOf } from '#lib/server/registry/route-reads.ts';
import { restoreForm } from './_schema.ts';

/** Every version with who, when (UTC) and a readable diff to the one before; contact changes from the audit log. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await readCooperation(db(), params.id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	const { names } = await formSetup(db());
	const versions = await cooperationVersions(db(), params.id);
	const who = await whoPresenter(db(), locals.actor);
	const entries = versions.map((v, i) => {
		const prev = versions[i + 1]?.record ?? null;
		return {
			version: v.version, at: v.at, actor: who(v.actorLabel), action: v.action, comment: v.comment,
			changes: v.record && (prev || i === versions.length - 1) ? diffCooperations(prev, v.record, names) : [],
			first: i === versions.length - 1, restorable: !!v.record && v.version !== c.version
		};
	});
	const contactEvents = await contactEventsOf(db(), params.id);
	return {
		id: c.record.id, title: c.record.title, version: c.version, entries,
		contactEvents: contactEvents.map((e) => ({ at: e.at, actor: who(e.actor_label), text: e.action === 'ansprechpartner.entfernt' ? 'Ansprechpartner entfernt' : 'Ansprechpartner hinzugefügt' })),
		canRestore: can(locals.actor, 'cooperation.edit', { bodyIds: bodiesOf(c.record), regionId: c.regionId })
	};
};

export const actions: Actions = {
	wiederherstellen: async (event) => {
		const post = await parseForm(event.request, restoreForm);
		const c = await readCooperation(db(), event.params.id);
		if (!c) error(404, 'Diese Kooperation gibt es nicht.');
		await requireCan(event, 'cooperation.edit', { bodyIds: bodiesOf(c.record), regionId: c.regionId }, { entity: 'cooperation', entityId: c.record.id });
		if (!post.ok) return fail(400, { message: 'Diese Version gibt es nicht.' });
		const { wiederherstellen: wanted, version: base } = post.data;
		const snapshot = (await cooperationVersions(db(), c.record.id)).find((v) => v.version === wanted)?.record;
		if (!snapshot) return fail(400, { message: 'Diese Version gibt es nicht.' });
		const { names } = await formSetup(db());
		const result = await submitCooperation(db(), {
			actor: event.locals.actor, current: c, draft: snapshot, baseVersion: base, regionId: c.regionId,
			action: 'wiederhergestellt', comment: `Version ${wanted} wiederhergestellt`, names
		});
		if (result.kind === 'conflict') return fail(409, { message: 'Die Kooperation wurde inzwischen geändert. Bitte prüfen Sie die Historie erneut.' });
		if (result.kind === 'errors') return fail(400, { message: result.errors.map((e) => e.message).join(' ') });
		if (result.kind === 'proposed') redirect(303, `/vorschlaege/${result.proposalId}?eingereicht=1`);
		if (result.kind === 'unchanged') return fail(400, { message: `Version ${wanted} stimmt mit dem aktuellen Stand überein: Es wurde nichts gespeichert.` });
		redirect(303, `/kooperationen/${c.record.id}/historie?wiederhergestellt=${wanted}`);
	}
};
