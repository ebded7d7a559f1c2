import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { bodyVersions, diffBodies, readBody, type BodyInput } from '#lib/server/registry/body-write.ts';
import { loadBodyResolver } from '#lib/server/registry/body-resolve.ts';
import { whoPresenter } from '#lib/server/auth/who.ts';

const EMPTY: BodyInput = { name: '', kind: 'sonstige', aliases: [] };

/** Every version of a body (names, spellings, parent …) with who, when (UTC) and what changed. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const body = await readBody(db(), params.id);
	if (!body) error(404, 'Diese Körperschaft gibt es nicht.');
	const resolver = await loadBodyResolver(db());
	const who = await whoPresenter(db(), locals.actor);
	const rows = await bodyVersions(db(), params.id);
	const records = rows.map((r) => r.record);
	return {
		id: params.id,
		name: body.record.name,
		version: body.version,
		entries: rows.map((r, i) => ({
			version: r.version, at: r.at, actor: who(r.actor_label), action: r.action, comment: r.comment,
			changes: records[i] ? diffBodies(records[i + 1] ?? EMPTY, records[i]!, (id) => resolver.bodyName(id)) : []
		}))
	};
};
