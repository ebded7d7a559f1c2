import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { listProposals } from '#lib/server/registry/proposals.ts';
import { can } from '#lib/server/auth/policy.ts';
import { HIT_KIND_LABEL } from '#lib/server/oparl/propose.ts';

/** Coordinators see the proposals of their region; editors see their own. */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const reviewer = can(a, 'review.decide');
	const filter = reviewer ? { regionId: a.role === 'administrator' ? null : a.regionId } : { proposerId: a.userId! };
	const open = await listProposals(db(), { ...filter, status: 'open' });
	const decided = await listProposals(db(), { ...filter, status: 'decided' });
	// Proposals from council information systems (issue 21) say what they are.
	const ids = [...open, ...decided].map((p) => p.id);
	const hits = ids.length ? await db().selectFrom('oparl_hit').select(['proposal_id', 'kind', 'title', 'body_id']).where('proposal_id', 'in', ids).execute() : [];
	const kindOf = new Map(hits.map((h) => [h.proposal_id, { kind: HIT_KIND_LABEL[h.kind] ?? h.kind, paper: h.title }]));
	const mark = <T extends { id: number }>(rows: T[]) => rows.map((r) => ({ ...r, oparl: kindOf.get(r.id) ?? null }));
	return { reviewer, open: mark(open), decided: mark(decided) };
};
