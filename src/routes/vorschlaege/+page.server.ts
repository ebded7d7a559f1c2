import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { listProposals } from '#lib/server/registry/proposals.ts';
import { can } from '#lib/server/auth/policy.ts';

/** Coordinators see the proposals of their region; editors see their own. */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const reviewer = can(a, 'review.decide');
	const filter = reviewer ? { regionId: a.role === 'administrator' ? null : a.regionId } : { proposerId: a.userId! };
	return {
		reviewer,
		open: await listProposals(db(), { ...filter, status: 'open' }),
		decided: await listProposals(db(), { ...filter, status: 'decided' })
	};
};
