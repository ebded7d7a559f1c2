import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { deadlines, isoDay, addMonths, DEADLINE_KIND_LABEL } from '#lib/server/steering/deadlines.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { regionName } from '#lib/server/steering/measures.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { regionScope } from '#lib/server/analysis/scope.ts';

const PERIODS = [
	{ id: 'kommend', label: 'nächste 12 Monate und Überfälliges' },
	{ id: 'alle', label: 'alle' },
	{ id: 'vergangen', label: 'vergangene' }
] as const;
type Period = (typeof PERIODS)[number]['id'];

/**
 * The deadline board. GET parameters: koerperschaft (body id; empty = whole region; absent = the
 * signed-in user's own body), zeitraum (kommend | alle | vergangen; default kommend), region.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const p = url.searchParams;
	const actor = locals.actor;
	const regionId = await regionFor(db(), actor, p.get('region')?.slice(0, 100) || null);
	const index = await facetIndex(db());
	const own = regionScope(index, regionId).bodies;
	const all = await deadlines(db(), { regionId });
	const name = (id: string) => index.lookups.bodies.get(id)?.name ?? id;

	// Bodies to choose from: the region's own (Kreis, then towns), then the other bodies named in its deadlines.
	const others = [...new Set(all.flatMap((d) => d.bodies))].filter((id) => !own.includes(id)).sort((a, b) => name(a).localeCompare(name(b), 'de'));
	const bodyOptions = [...own, ...others].map((id) => ({ id, label: own.includes(id) ? name(id) : `${name(id)} (außerhalb der Region)` }));

	const requested = p.get('koerperschaft');
	let bodyId: string | null = requested === null ? actor.bodyId : requested.slice(0, 100) || null;
	const unknownBody = bodyId !== null && !bodyOptions.some((o) => o.id === bodyId);
	if (unknownBody && requested === null) bodyId = null; // the user's body has no deadlines here: show the region
	const shownBody = unknownBody ? null : bodyId;

	const rawPeriod = p.get('zeitraum');
	const period: Period = PERIODS.some((x) => x.id === rawPeriod) ? (rawPeriod as Period) : 'kommend';
	const now = new Date();
	const today = isoDay(now);
	const range = period === 'kommend'
		? { from: now, to: new Date(`${addMonths(today, 12)}T00:00:00Z`), keepOverdue: true }
		: period === 'vergangen' ? { to: new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000) } : {};
	const items = await deadlines(db(), { regionId, bodyId: shownBody, now, ...range });

	const row = (d: (typeof items)[number]) => ({
		key: `${d.kind}|${d.id}|${d.date ?? ''}`,
		date: d.date, dateLabel: d.dateLabel, kind: d.kind, kindLabel: DEADLINE_KIND_LABEL[d.kind], title: d.title, link: d.link,
		bodies: d.what === 'report' ? 'alle Mitglieder der Bürgermeisterkonferenz' : d.bodies.map(name).join(', '),
		note: d.note, derived: d.derived, overdue: d.overdue, past: d.date !== null && (d.latest ?? d.date) < today
	});
	const feedPath = `/steuerung/fristen.ics${shownBody ? `?koerperschaft=${encodeURIComponent(shownBody)}` : ''}`;
	const feedUrl = `${url.origin}${feedPath}`;
	return {
		regionName: await regionName(db(), regionId),
		bodyOptions,
		periods: PERIODS.map((x) => ({ id: x.id, label: x.label })),
		filter: { bodyId: shownBody, bodyName: shownBody ? name(shownBody) : null, period, unknownBody: unknownBody && requested !== null },
		dated: items.filter((d) => d.date !== null).map(row),
		undated: items.filter((d) => d.date === null).map(row),
		feed: { path: feedPath, url: feedUrl, webcal: feedUrl.replace(/^https?:/, 'webcal:') },
		signedIn: actor.userId !== null,
		today
	};
};
