import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { timeline } from '#lib/server/analysis/timeline.ts';

/** GET parameters: region (default: all), thema, rechtsform. Unknown values are dropped. */
export const load: PageServerLoad = async ({ url }) => {
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	return { timeline: await timeline(db(), { regionId: param('region'), topic: param('thema'), legalForm: param('rechtsform') }) };
};
