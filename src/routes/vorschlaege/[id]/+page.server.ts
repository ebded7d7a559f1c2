import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings } from '#lib/server/context.ts';
import { acceptProposal, readProposal, rejectProposal } from '#lib/server/registry/proposals.ts';
import { formSetup, readCooperation } from '#lib/server/registry/cooperation-edit.ts';
import { cooperationVersions } from '#lib/server/registry/write.ts';
import { diffCooperations } from '#lib/domain/record-diff.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { HIT_KIND_LABEL, hitOfProposal } from '#lib/server/oparl/propose.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { bodyNameOf } from '#lib/server/registry/route-reads.ts';
import { acceptForm, rejectForm } from './_schema.ts';

async function visible(event: Parameters<typeof requireCan>[0] & { params: { id: string } }) {
	// Proposal ids are integers: anything else is not found (PostgreSQL refuses NaN for an integer column).
	const p = /^[1-9]\d{0,9}$/.test(event.params.id) && Number(event.params.id) <= 2_147_483_647 ? await readProposal(db(), Number(event.params.id)) : null;
	if (!p) error(404, 'Diesen Vorschlag gibt es nicht.');
	const a = event.locals.actor;
	if (p.proposer_id !== a.userId) await requireCan(event, 'review.decide', { regionId: p.region_id }, { entity: 'proposal', entityId: String(p.id) });
	return p;
}

/** What a proposal from a council information system (issue 21) was found in. */
async function oparlOf(id: number) {
	const h = await hitOfProposal(db(), id);
	if (!h) return null;
	return { kind: HIT_KIND_LABEL[h.kind] ?? h.kind, title: h.title, reference: h.reference, date: h.decision_date, body: await bodyNameOf(db(), h.body_id), link: h.web_url ?? h.paper_id, passage: h.passage };
}

export const load: PageServerLoad = async (event) => {
	const p = await visible(event);
	const { names } = await formSetup(db());
	const current = p.cooperation_id ? await readCooperation(db(), p.cooperation_id) : null;
	// The proposal's base version shows exactly what the editor changed; the current state shows what accepting would change now.
	const base = p.kind === 'update' && p.base_version ? (await cooperationVersions(db(), p.record.id)).find((v) => v.version === p.base_version)?.record ?? current?.record ?? null : null;
	return {
		proposal: {
			id: p.id, kind: p.kind, status: p.status, createdAt: p.created_at, proposer: p.proposer_name, comment: p.comment,
			decider: p.decider_name, decidedAt: p.decided_at, decisionComment: p.decision_comment, title: p.record.title, cooperationId: p.cooperation_id
		},
		changes: diffCooperations(p.kind === 'create' ? null : (p.status === 'open' ? base : base), p.record, names),
		stale: p.status === 'open' && p.kind === 'update' && !!current && current.version !== p.base_version,
		oparl: await oparlOf(p.id),
		canDecide: p.status === 'open' && can(event.locals.actor, 'review.decide', { regionId: p.region_id }),
		submitted: event.url.searchParams.get('eingereicht') === '1'
	};
};

export const actions: Actions = {
	annehmen: async (event) => {
		const post = await parseForm(event.request, acceptForm);
		const p = await visible(event);
		await requireCan(event, 'review.decide', { regionId: p.region_id }, { entity: 'proposal', entityId: String(p.id) });
		if (!post.ok) return fail(400, { errors: post.errors });
		// A proposal from a council information system: the coordinator may correct the decision's date.
		const { decision_comment: comment, beschlussdatum: date } = post.data;
		const r = await acceptProposal(db(), event.locals.actor, p.id, comment, new Date(), { date }, mailSettings());
		if (!r.ok) {
			const message = r.reason === 'conflict'
				? 'Die Kooperation wurde geändert, nachdem der Vorschlag eingereicht wurde. Bitte lehnen Sie ihn mit Hinweis ab oder übernehmen Sie die Änderung von Hand.'
				: r.reason === 'decided' ? 'Über diesen Vorschlag ist schon entschieden.' : r.problems.join(' ');
			return fail(409, { errors: [{ field: 'decision_comment', message }] });
		}
		redirect(303, `/vorschlaege/${p.id}`);
	},
	ablehnen: async (event) => {
		const post = await parseForm(event.request, rejectForm);
		const p = await visible(event);
		await requireCan(event, 'review.decide', { regionId: p.region_id }, { entity: 'proposal', entityId: String(p.id) });
		if (!post.ok) return fail(400, { errors: post.errors });
		await rejectProposal(db(), event.locals.actor, p.id, post.data.decision_comment, new Date(), mailSettings());
		redirect(303, `/vorschlaege/${p.id}`);
	}
};
