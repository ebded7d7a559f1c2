import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { legalCooperation, legalVersions, readLifecycle, saveLifecycle } from '#lib/server/legal/store.ts';
import { cooperationScope, stepsFor } from '#lib/server/legal/overview.ts';
import { noRulesText } from '#lib/domain/land-law.ts';
import { berlinDay } from '#lib/server/steering/measures.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { checkLifecycle, lifecycleForm } from '#lib/server/forms/lifecycle.ts';
import {
	councilBodies, findingsOf, lifecycleValues, OBJECTION_KIND_LABEL, OBJECTION_KINDS, SUB_TYPE_LABEL, SUB_TYPES, type LifecycleRecord
} from '#lib/domain/gkg-lifecycle.ts';

async function cooperationOf(id: string) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) error(404, 'Diese Kooperation gibt es nicht.');
	const c = await legalCooperation(db(), id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	return c;
}

/** The legal lifecycle of one cooperation: steps with their state for everyone, the form for editors of a taking-part body and coordinators. */
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await cooperationOf(params.id);
	const stored = await readLifecycle(db(), c.id);
	const today = berlinDay();
	const steps = stepsFor(c, stored, today);
	const a = locals.actor;
	const showWho = can(a, 'history.read');
	const who = await whoPresenter(db(), a);
	const versions = showWho ? (await legalVersions(db(), 'cooperation_legal', c.id)).map((v) => ({ version: v.version, at: v.at, actor: who(v.actorLabel), action: v.action, comment: v.comment })) : [];
	const councils = councilBodies(c.bodies);
	return {
		cooperation: { id: c.id, title: c.title, legalForm: c.legalForm.label, archived: c.archived },
		scope: cooperationScope(c),
		// Issue 13: the Land law that applies; the GkG NRW fields (sub-type, § 24 GkG periods and notices) only where it is NRW's.
		law: c.law,
		nrw: c.law.rules === 'nrw',
		noRules: c.law.rules ? null : noRulesText(c.law.land?.name ?? null),
		isOerv: c.legalForm.id === 'oerv' && c.law.rules === 'nrw',
		steps,
		findings: findingsOf(steps),
		councils,
		values: lifecycleValues(stored?.record ?? null, councils),
		version: stored?.version ?? 0,
		updatedAt: stored?.updatedAt ?? null,
		// Names and e-mail addresses of staff are for signed-in members.
		updatedBy: showWho ? who(stored?.updatedBy ?? null) : null,
		versions,
		subTypes: SUB_TYPES.map((id) => ({ id, label: SUB_TYPE_LABEL[id] })),
		objectionKinds: OBJECTION_KINDS.map((id) => ({ id, label: OBJECTION_KIND_LABEL[id] })),
		canEdit: can(a, 'legal.edit', { bodyIds: c.bodyIds, regionId: c.regionId }),
		today,
		saved: url.searchParams.get('gespeichert') === '1'
	};
};

async function guarded(event: RequestEvent) {
	const c = await cooperationOf(event.params.id);
	await requireCan(event, 'legal.edit', { bodyIds: c.bodyIds, regionId: c.regionId }, { entity: 'cooperation_legal', entityId: c.id });
	return c;
}

export const actions: Actions = {
	speichern: async (event) => {
		const c = await guarded(event);
		const councils = councilBodies(c.bodies);
		const { data: posted } = await readForm(event.request, lifecycleForm(councils));
		if (cooperationScope(c) !== 'lifecycle') {
			return fail(400, { values: null, version: 0, errors: [{ field: 'rechtsstand', message: `Für diese Rechtsform hält IKZ-Atlas keine Verfahrensschritte nach dem ${c.law.law?.short ?? 'Landesrecht'}. Ändern Sie bei Bedarf zuerst die Rechtsform der Kooperation.` }] });
		}
		const { values } = posted;
		const { record, errors } = checkLifecycle(values, councils, berlinDay());
		// A post without the version the form was rendered with is not a form of this page.
		const version = posted.version ?? -1;
		if (version < 0) errors.push({ field: 'rechtsstand', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
		if (!record || errors.length) return fail(400, { values, errors, version: version >= 0 ? version : ((await readLifecycle(db(), c.id))?.version ?? 0) });
		const current = await readLifecycle(db(), c.id);
		// Decisions of bodies that no longer take part stay recorded.
		const kept = (current?.record.council_decisions ?? []).filter((d) => !councils.some((b) => b.id === d.body));
		const keptNotices = (current?.record.partner_notices ?? []).filter((d) => !councils.some((b) => b.id === d.body));
		const full: LifecycleRecord = { ...record, council_decisions: [...record.council_decisions, ...kept], partner_notices: [...(record.partner_notices ?? []), ...keptNotices] };
		const r = await saveLifecycle(db(), event.locals.actor, c.id, full, version);
		if (!r.ok) {
			if (r.reason === 'conflict') {
				return fail(409, {
					values, version: r.currentVersion,
					errors: [{ field: 'rechtsstand', message: 'Jemand anderes hat den rechtlichen Stand gespeichert, während Sie ihn bearbeitet haben. Ihre Eingaben sind nicht gespeichert. Bitte prüfen Sie den aktuellen Stand oben; wenn Sie erneut speichern, gelten Ihre Eingaben.' }]
				});
			}
			return fail(400, { values, version, errors: r.problems.map((p) => ({ field: 'rechtsstand', message: p })) });
		}
		redirect(303, `/kooperationen/${c.id}/recht?gespeichert=1`);
	}
};
