import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { bodyRegion } from '#lib/server/steering/deadlines.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { deadlineFeed } from '#lib/server/steering/ical.ts';

/**
 * The public deadline feed (iCalendar) of one body (`koerperschaft`) or of the whole region
 * (`region`, default: the first region). Calendar programs subscribe to it; no personal data.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const bodyId = url.searchParams.get('koerperschaft')?.slice(0, 100) || null;
	let regionId: string;
	if (bodyId) {
		const r = await bodyRegion(db(), bodyId);
		if (!r) error(404, 'Diese Körperschaft gibt es nicht.');
		regionId = r;
	} else {
		regionId = await regionFor(db(), locals.actor, url.searchParams.get('region')?.slice(0, 100) || null);
	}
	const { text, filename } = await deadlineFeed(db(), { regionId, bodyId, origin: url.origin });
	return new Response(text, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `inline; filename="${filename}"`,
			'Cache-Control': 'public, max-age=900'
		}
	});
};
