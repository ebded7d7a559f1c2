import type { LayoutServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { dataDate } from '#lib/server/site/data-date.ts';
import { germanDate } from '#lib/server/registry/survey.ts';

/** What the page frame shows of the signed-in user (never the session itself). */
export const load: LayoutServerLoad = async ({ locals }) => {
	const a = locals.actor;
	// The data date in the footer of every page (issue 17, item 5).
	const d = await dataDate(db());
	return {
		user: a.userId ? { name: a.name, role: a.role, bodyId: a.bodyId } : null,
		dataDate: {
			source: d.sourceDate ? germanDate(d.sourceDate) : null,
			// Older than a year and not confirmed since: say that the figures show that past state.
			stale: !!d.sourceDate && !d.lastConfirmed && Date.now() - Date.parse(d.sourceDate) > 365 * 86_400_000,
			regions: d.sourceRegions,
			lastChange: d.lastChange ? germanDate(d.lastChange) : null,
			lastConfirmed: d.lastConfirmed ? germanDate(d.lastConfirmed) : null
		}
	};
};
