import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { bodyList } from '#lib/server/registry/profiles.ts';

/** All bodies with kind, AGS, parent and number of cooperations. */
export const GET: RequestHandler = async () => {
	const bodies = await bodyList(db());
	return json({ total: bodies.length, items: bodies.map((b) => ({ id: b.id, name: b.name, kind: b.kind, ags: b.ags, parent: b.parentName, cooperations: b.cooperations })) });
};
