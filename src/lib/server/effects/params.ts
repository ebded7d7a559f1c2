/** The query of the effect roll-ups (page, CSV, API): region and year, validated with zod. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';

export const EffectQuery = z.object({
	region: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/).optional().describe('Region id (default: all regions)'),
	jahr: z.coerce.number().int().min(1950).max(2100).optional().describe('Year of the roll-ups per measure, topic, body and region (default: the latest year with savings)')
});

/** The regions to choose from on the effects page, by name. */
export async function effectRegions(db: Kysely<Database>): Promise<{ id: string; name: string }[]> {
	return db.selectFrom('region').select(['id', 'name']).orderBy('name').execute();
}

/** Lenient for pages (an unknown region or year falls back to the default), strict for the API (see api/service.ts). */
export async function effectParams(db: Kysely<Database>, p: URLSearchParams): Promise<{ regionId: string | null; year: number | null }> {
	const parsed = EffectQuery.safeParse({ region: p.get('region') || undefined, jahr: p.get('jahr') || undefined });
	const region = parsed.success ? parsed.data.region : undefined;
	const known = region ? await db.selectFrom('region').select('id').where('id', '=', region).executeTakeFirst() : undefined;
	return { regionId: known?.id ?? null, year: parsed.success ? (parsed.data.jahr ?? null) : null };
}
