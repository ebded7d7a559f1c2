import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { listProposals } from '#lib/server/registry/proposals.ts';
import { can } from '#lib/server/auth/policy.ts';
import { proposalSources } from '#lib/server/oparl/propose.ts';

/** Coordinators see the proposals of their region; editors see their own. */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const reviewer = can(a, 'review.decide');
	const filter = reviewer ? { regionId: a.role === 'administrator' ? null : a.regionId } : { proposerId: a.userId! };
	const open = await listProposals(db(), { ...filter, status: 'open' });
	const decided = await listProposals(db(), { ...filter, status: 'decided' });
	// Proposals from council information systems (issue 21) say what they are.
	const kindOf = await proposalSources(db(), [...open, ...decided].map((p) => p.id));
	const mark = <T extends { id: number }>(rows: T[]) => rows.map((r) => ({ ...r, oparl: kindOf.get(r.id) ?? null }));
	return { reviewer, open: mark(open), decided: mark(decided) };
};
