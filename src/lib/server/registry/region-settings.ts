/**
 * Settings a region's coordinators choose in the app (table region_setting, one row per region and
 * key): whether changes by editors must be approved by the Steuerungsdienst before they are
 * published (review), and how often the region's council information systems are harvested
 * (issue 21). A missing row means the default.
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

const OPARL_HOURS = 'oparl_harvest_hours';

/** Hours between scheduled OParl harvests of a region's systems; null: the installation's OPARL_HARVEST_HOURS. */
export async function oparlHarvestHours(db: Kysely<Database>, regionId: string): Promise<number | null> {
	const row = await db.selectFrom('region_setting').select('value')
		.where('region_id', '=', regionId).where('key', '=', OPARL_HOURS).executeTakeFirst();
	const n = row ? Number(row.value) : NaN;
	return Number.isInteger(n) && n >= 0 ? n : null;
}

/** Every region's own harvest interval (regions without one are missing from the map). */
export async function oparlHarvestHoursByRegion(db: Kysely<Database>): Promise<Map<string, number>> {
	const rows = await db.selectFrom('region_setting').select(['region_id', 'value']).where('key', '=', OPARL_HOURS).execute();
	const out = new Map<string, number>();
	for (const r of rows) {
		const n = Number(r.value);
		if (Number.isInteger(n) && n >= 0) out.set(r.region_id, n);
	}
	return out;
}

/** Set (a number of hours, 0: only on demand) or clear (null: the installation's default) a region's harvest interval. */
export async function setOparlHarvestHours(db: Kysely<Database>, regionId: string, hours: number | null): Promise<void> {
	if (hours === null) {
		await db.deleteFrom('region_setting').where('region_id', '=', regionId).where('key', '=', OPARL_HOURS).execute();
		return;
	}
	const value = String(hours);
	await db.insertInto('region_setting').values({ region_id: regionId, key: OPARL_HOURS, value })
		.onConflict((oc) => oc.columns(['region_id', 'key']).doUpdateSet({ value }))
		.execute();
}
