import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { bodySteckbrief } from '#lib/server/papers/steckbrief.ts';

/** The print-friendly one-page profile (issue 16): public data only, as the profile page shows it to visitors. */
export const load: PageServerLoad = async ({ params }) => {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Körperschaft gibt es nicht.');
	const sheet = await bodySteckbrief(db(), params.id);
	if (!sheet) error(404, 'Diese Körperschaft gibt es nicht.');
	return { sheet };
};
