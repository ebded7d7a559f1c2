/**
 * Settings a region's coordinators choose in the app (table region_setting, one row per region and
 * key). For now one: whether changes by editors must be approved by the Steuerungsdienst before
 * they are published (review). A missing row means the default.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

const REVIEW_REQUIRED = 'review_required';

/** Do editors' changes in this region need a coordinator's approval? Default: no. */
export async function reviewRequired(db: Kysely<Database>, regionId: string): Promise<boolean> {
	const row = await db.selectFrom('region_setting').select('value')
		.where('region_id', '=', regionId).where('key', '=', REVIEW_REQUIRED).executeTakeFirst();
	return row?.value === 'true';
}

export async function setReviewRequired(db: Kysely<Database>, regionId: string, on: boolean): Promise<void> {
	const value = on ? 'true' : 'false';
	await db.insertInto('region_setting').values({ region_id: regionId, key: REVIEW_REQUIRED, value })
		.onConflict((oc) => oc.columns(['region_id', 'key']).doUpdateSet({ value }))
		.execute();
}
