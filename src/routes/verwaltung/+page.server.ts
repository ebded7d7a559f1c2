import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { countOpenFeedback } from '#lib/server/site/feedback.ts';
import { administrationCounts } from '#lib/server/registry/route-reads.ts';
import { can, canAtAll } from '#lib/server/auth/policy.ts';

/** The date (YYYY-MM-DD) of an instant in Berlin: the protocol filter counts days in local time. */
const berlinDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

/**
 * The coordinators' start page: what waits for them, with links to every administration page.
 * Coordinators see the numbers of their own region, administrators those of all regions.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const region = a.role === 'administrator' ? null : a.regionId;
	// The last seven days; the link to the protocol filters from the start of that day (Berlin).
	const since = new Date(Date.now() - 7 * 86_400_000);
	const { regionName, ...counts } = await administrationCounts(db(), region, since);
	return {
		regionName,
		mayRegions: can(a, 'regions.manage'),
		counts: {
			...counts,
			feedback: await countOpenFeedback(db())
		},
		since: berlinDay(since),
		mailQueue: canAtAll(a, 'mail.queue')
	};
};
