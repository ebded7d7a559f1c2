import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { analysisParams } from '#lib/server/analysis/params.ts';
import { findPartners, ideaPartners } from '#lib/server/analysis/partner-finder.ts';
import { loadTasks, regionScope } from '#lib/server/analysis/scope.ts';

export const load: PageServerLoad = async ({ url }) => {
	const index = await facetIndex(db());
	const p = analysisParams(index, url.searchParams);
	const idea = (url.searchParams.get('idee') ?? '').trim().slice(0, 200);
	const tasks = await loadTasks(db());
	const own = p.region ? regionScope(index, p.region).bodies : [];
	const bodies = own.map((id) => ({ id, name: index.lookups.bodies.get(id)?.name ?? id }));
	const task = tasks.find((t) => t.id === p.task) ?? null;
	return {
		body: p.body,
		task: task?.id ?? null,
		idea,
		bodies,
		tasks: tasks.map((t) => ({ id: t.id, label: t.label })),
		finder: p.body && task ? await findPartners(db(), p.body, task.id) : null,
		ideaResult: idea ? await ideaPartners(db(), idea, p.body) : null
	};
};
