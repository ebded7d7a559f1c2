import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { effectReport } from '#lib/server/effects/report.ts';
import { effectParams, effectRegions } from '#lib/server/effects/params.ts';

export const load: PageServerLoad = async ({ url }) => {
	const p = await effectParams(db(), url.searchParams);
	const report = await effectReport(db(), p);
	const regions = await effectRegions(db());
	return { report, regions, regionId: p.regionId };
};
