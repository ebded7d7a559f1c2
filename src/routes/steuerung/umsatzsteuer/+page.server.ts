import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { berlinDay, regionName } from '#lib/server/steering/measures.ts';
import { vatDashboard, VAT_STATE_LABEL } from '#lib/server/legal/overview.ts';
import { VAT_SCOPE_TEXT } from '#lib/domain/vat-2b.ts';

/** The § 2b UStG dashboard of the actor's region: figures, per body, open and overdue assessments, days until 1 January 2027. */
export const load: PageServerLoad = async (event) => {
	const regionId = await regionFor(db(), event.locals.actor, event.url.searchParams.get('region'));
	await requireCan(event, 'vat.read', { regionId }, { entity: 'region', entityId: regionId });
	// "Today" is the day in Berlin, so the countdown changes at midnight there, not in UTC.
	const dashboard = await vatDashboard(db(), regionId, berlinDay());
	return { regionId, regionName: await regionName(db(), regionId), dashboard, stateLabel: VAT_STATE_LABEL, scope: VAT_SCOPE_TEXT };
};
