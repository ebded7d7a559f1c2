import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { bodyProfile } from '#lib/server/registry/profiles.ts';
import { egoNetwork } from '#lib/server/analysis/network.ts';
import { tasksAlone } from '#lib/server/analysis/coverage.ts';
import { seatOfBody } from '#lib/server/analysis/seat.ts';
import { seatPositionText } from '#lib/i18n/de.ts';
import { can } from '#lib/server/auth/policy.ts';
import { bodyResource } from '#lib/server/registry/regions.ts';
import { serverRenderedOnly } from '#lib/site/server-rendered.ts';

/**
 * The profile is plain HTML (its cooperations, partners, topics and the network drawing, links and forms that post without
 * JavaScript): without client-side rendering it does not carry its data a second time as JSON
 * for hydration (issue 15: serialising it took about a sixth of a body profile request).
 */
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { params, locals, url } = event;
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Körperschaft gibt es nicht.');
	const profile = await bodyProfile(db(), params.id);
	if (!profile) error(404, 'Diese Körperschaft gibt es nicht.');
	const resource = await bodyResource(db(), params.id);
	// A position taken from the seat (issue 17) is said to be the seat's, naming the Gemeinde.
	const seat = await seatOfBody(db(), profile);
	return serverRenderedOnly(event, {
		seatText: seat ? seatPositionText(seat) : null,
		profile, network: await egoNetwork(db(), params.id), alone: await tasksAlone(db(), params.id),
		mayEdit: can(locals.actor, 'body.edit', resource),
		mayHistory: can(locals.actor, 'history.read'),
		mayVat: can(locals.actor, 'vat.read', { regionIds: resource.regionIds }),
		saved: url.searchParams.get('gespeichert') === '1'
	});
};
