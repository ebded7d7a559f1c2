import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { berlinDay, regionName } from '#lib/server/steering/measures.ts';
import { LIST_FINDING_CODES, lifecycleFindings, type ListFindingCode } from '#lib/server/legal/overview.ts';

/** Public list of gaps in the legal procedure (GkG NRW) per cooperation, filterable by finding. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	const today = berlinDay();
	const list = await lifecycleFindings(db(), regionId, today);
	const raw = url.searchParams.get('befund') ?? '';
	const finding = (LIST_FINDING_CODES as readonly string[]).includes(raw) ? (raw as ListFindingCode) : null;
	const rows = list.rows.filter((r) => (finding ? r.findings.some((f) => f.code === finding) : r.findings.length > 0));
	return {
		regionName: await regionName(db(), regionId),
		finding,
		rows,
		counts: list.counts,
		total: list.total,
		recorded: list.recorded,
		complete: list.rows.filter((r) => r.findings.length === 0).length,
		today
	};
};
