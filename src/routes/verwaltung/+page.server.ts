import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { countOpenFeedback } from '#lib/server/site/feedback.ts';
import { can, canAtAll } from '#lib/server/auth/policy.ts';

/** The date (YYYY-MM-DD) of an instant in Berlin: the protocol filter counts days in local time. */
const berlinDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

/**
 * The coordinators' start page: what waits for them, with links to every administration page.
 * Coordinators see the numbers of their own region, administrators those of all regions.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const region = a.role === 'administrator' ? null : a.regionId;
	const d = db();
	const count = (row: { n: number | string | bigint } | undefined) => Number(row?.n ?? 0);

	let users = d.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id').select((eb) => eb.fn.countAll().as('n'));
	// The accounts of the region: invited for it, or (invited for no region) with a body of it.
	if (region) users = users.where((eb) => eb.or([eb('app_user.region_id', '=', region), eb.and([eb('app_user.region_id', 'is', null), eb('body.region_id', '=', region)])]));
	let proposals = d.selectFrom('proposal').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'open');
	if (region) proposals = proposals.where('region_id', '=', region);
	let rounds = d.selectFrom('survey_round').select((eb) => eb.fn.countAll().as('n')).where('closed_at', 'is', null);
	if (region) rounds = rounds.where('region_id', '=', region);
	let archived = d.selectFrom('cooperation').select((eb) => eb.fn.countAll().as('n')).where('archived_at', 'is not', null);
	if (region) archived = archived.where('region_id', '=', region);
	// The last seven days; the link to the protocol filters from the start of that day (Berlin).
	const since = new Date(Date.now() - 7 * 86_400_000);
	const outcomes = await d.selectFrom('audit_log').select(['outcome', (eb) => eb.fn.countAll().as('n')])
		.where('at', '>=', since.toISOString()).where('outcome', 'in', ['refused', 'failed']).groupBy('outcome').execute();

	const regionName = region ? (await d.selectFrom('region').select('name').where('id', '=', region).executeTakeFirst())?.name ?? null : null;
	return {
		regionName,
		mayRegions: can(a, 'regions.manage'),
		counts: {
			users: count(await users.executeTakeFirst()),
			proposals: count(await proposals.executeTakeFirst()),
			rounds: count(await rounds.executeTakeFirst()),
			archived: count(await archived.executeTakeFirst()),
			refused: count(outcomes.find((o) => o.outcome === 'refused')),
			failed: count(outcomes.find((o) => o.outcome === 'failed')),
			feedback: await countOpenFeedback(d)
		},
		since: berlinDay(since),
		mailQueue: canAtAll(a, 'mail.queue')
	};
};
