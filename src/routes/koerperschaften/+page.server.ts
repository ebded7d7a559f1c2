import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { bodyList } from '#lib/server/registry/profiles.ts';
import { foldGerman } from '#lib/domain/text-fold.ts';

export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const kind = url.searchParams.get('art') ?? '';
	const all = await bodyList(db());
	const needle = foldGerman(q);
	const bodies = all.filter((b) => (!needle || foldGerman(`${b.name} ${b.parentName ?? ''} ${b.ags ?? ''}`).includes(needle)) && (!kind || b.kind === kind));
	const kinds = [...new Set(all.map((b) => b.kind))].sort();
	return { bodies, q, kind, kinds, total: all.length };
};
