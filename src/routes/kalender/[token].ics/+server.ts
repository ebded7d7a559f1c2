import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { calendarTokenUser } from '#lib/server/steering/deadlines.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { deadlineFeed } from '#lib/server/steering/ical.ts';
import { VISITOR } from '#lib/server/auth/policy.ts';

/**
 * A user's personal deadline feed: the secret token in the address (made on /konto, only its hash
 * is stored) names the user; the feed holds the deadlines of the user's body (the whole region
 * for accounts without a body). Unknown token or disabled account → 404.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = await calendarTokenUser(db(), params.token);
	if (!user) error(404, 'Diesen Kalender gibt es nicht (mehr).');
	const regionId = user.regionId ?? (await regionFor(db(), VISITOR, null));
	const { text, filename } = await deadlineFeed(db(), { regionId, bodyId: user.bodyId, origin: url.origin });
	return new Response(text, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `inline; filename="${filename}"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
