import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { cooperationSteckbrief, steckbriefPdfResponse } from '#lib/server/papers/steckbrief.ts';

/** The one-page profile as PDF (A4 portrait, one page; public data only). */
export const GET: RequestHandler = async ({ params }) => {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Kooperation gibt es nicht.');
	const sheet = await cooperationSteckbrief(db(), params.id);
	if (!sheet) error(404, 'Diese Kooperation gibt es nicht.');
	return steckbriefPdfResponse(sheet, params.id);
};
