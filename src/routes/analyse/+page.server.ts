import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { overview } from '#lib/server/registry/profiles.ts';
import { changesSince } from '#lib/server/analysis/changes.ts';

/** A date typed as people write it (TT.MM.JJJJ) or ISO; default: the deck's date. */
function sinceParam(value: string | null): string {
	const v = (value ?? '').trim();
	const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
	const iso = de ? `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}` : v;
	return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) ? iso : '2010-09-20';
}

export const load: PageServerLoad = async ({ url }) => {
	const since = sinceParam(url.searchParams.get('seit'));
	// ?region=<id>: one region's figures and changes (issue 13, part 3); unknown ids show all.
	const region = url.searchParams.get('region')?.slice(0, 100) || null;
	const o = await overview(db(), region);
	return { overview: o, changes: await changesSince(db(), since, region), region: region && o.regions.some((r) => r.id === region) ? region : null };
};
