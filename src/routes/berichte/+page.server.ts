import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { regionName } from '#lib/server/steering/measures.ts';
import { buildPaper, paperOptions, parsePaperScope, scopeParams, PAPER_MAX_ROWS, YEAR_MAX, YEAR_MIN } from '#lib/server/papers/model.ts';
import { outline } from '#lib/server/papers/slides.ts';

/**
 * "Sitzungsunterlage erstellen": a GET form (Körperschaft, Themenfeld, Zeitraum von/bis), the
 * outline of the paper for that scope, and download links (PPTX, PDF, DOCX) with the same query.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const p = url.searchParams;
	const requestedRegion = p.get('region')?.slice(0, 100) || null;
	const regionId = await regionFor(db(), locals.actor, requestedRegion);
	const { lookups, bodies, topics } = await paperOptions(db(), regionId);
	const { scope, errors } = parsePaperScope(p, lookups);
	const raw = (name: string) => (p.get(name) ?? '').trim().slice(0, 100);
	let preview = null;
	if (errors.length === 0) {
		const model = await buildPaper(db(), scope, new Date(), settings());
		const o = outline(model);
		preview = {
			title: model.title, scopeLine: model.scopeLine, date: model.date, office: model.office, agenda: model.agenda,
			notes: model.notes, rowCount: model.rowCount, tooLarge: model.tooLarge, sections: o.sections, slides: o.slides
		};
	}
	const query = scopeParams(scope);
	if (requestedRegion && requestedRegion === regionId) query.set('region', regionId);
	return {
		regionName: await regionName(db(), regionId),
		bodies,
		topics,
		values: { koerperschaft: raw('koerperschaft'), thema: raw('thema'), von: raw('von').slice(0, 12), bis: raw('bis').slice(0, 12) },
		errors,
		preview,
		query: query.toString(),
		yearMin: YEAR_MIN,
		yearMax: YEAR_MAX,
		maxRows: PAPER_MAX_ROWS
	};
};
