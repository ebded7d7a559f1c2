/**
 * The data date ("Datenstand") every page shows (issue 17, item 5): the date of the source the
 * register's data files come from (Kreis Unna: the deck of 12 January 2016), and – once the
 * register is kept in the app – the latest change made in the app and the latest confirmation in
 * a survey round. Computed from the database and cached until its revision changes.
 */
import { dataGeneration } from '../db/generation';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { readJson, REGION_SOURCE } from '../db/json-columns';

export interface DataDate {
	/** Newest source date of the regions' data files (YYYY-MM-DD), or null when none names one. */
	sourceDate: string | null;
	/** The regions whose source carries that date (e.g. "Kreis Unna"). */
	sourceRegions: string[];
	/** Latest change of a cooperation made in the app (ISO instant), or null. */
	lastChange: string | null;
	/** Latest confirmation of a cooperation in a closed survey round (ISO instant), or null. */
	lastConfirmed: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function computeDataDate(db: Kysely<Database>): Promise<DataDate> {
	const regions = await db.selectFrom('region').select(['name', 'source_json']).execute();
	let sourceDate: string | null = null;
	let sourceRegions: string[] = [];
	for (const r of regions) {
		let date: unknown;
		try {
			date = readJson(REGION_SOURCE, r.source_json).date;
		} catch {
			date = undefined;
		}
		if (typeof date !== 'string' || !DAY.test(date)) continue;
		if (!sourceDate || date > sourceDate) {
			sourceDate = date;
			sourceRegions = [r.name];
		} else if (date === sourceDate) sourceRegions.push(r.name);
	}
	const agg = await db.selectFrom('cooperation')
		.select((eb) => [eb.fn.max('confirmed_at').as('confirmed')])
		.executeTakeFirst();
	const changed = await db.selectFrom('cooperation')
		.select((eb) => [eb.fn.max('updated_at').as('changed')])
		.where('origin', '=', 'app')
		.executeTakeFirst();
	return {
		sourceDate, sourceRegions: sourceRegions.sort((a, b) => a.localeCompare(b, 'de')),
		lastChange: (changed?.changed as string | null | undefined) ?? null,
		lastConfirmed: (agg?.confirmed as string | null | undefined) ?? null
	};
}

let cache: { revision: string; value: DataDate } | null = null;

/** The data date, recomputed only when the data generation (written with every change) has changed. */
export async function dataDate(db: Kysely<Database>): Promise<DataDate> {
	const revision = await dataGeneration(db);
	if (cache && cache.revision === revision) return cache.value;
	const value = await computeDataDate(db);
	cache = { revision, value };
	return value;
}
