import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { regionName } from '#lib/server/steering/measures.ts';
import {
	agendaText, buildPaper, choiceParams, defaultChoices, listConferences, paperOptions, parsePaperChoices, parsePaperScope, scopeParams,
	AGENDA_MAX_CHARS, MEETING_DATE_MAX, MEETING_MAX, PAPER_MAX_ROWS, PLACE_MAX, TITLE_MAX, YEAR_MAX, YEAR_MIN
} from '#lib/server/papers/model.ts';
import { germanDay } from '#lib/server/steering/measures.ts';
import { outline } from '#lib/server/papers/slides.ts';
import { readLogo } from '#lib/server/papers/logo.ts';
import { can } from '#lib/server/auth/policy.ts';

/**
 * "Sitzungsunterlage erstellen": a GET form (Körperschaft, Themenfeld, Zeitraum von/bis), the
 * outline of the paper for that scope, and download links (PPTX, PDF, DOCX) with the same query.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const p = url.searchParams;
	const requestedRegion = p.get('region')?.slice(0, 100) || null;
	const regionId = await regionFor(db(), locals.actor, requestedRegion);
	const { lookups, bodies, topics } = await paperOptions(db(), regionId);
	const { scope, errors: scopeErrors } = parsePaperScope(p, lookups);
	// Which conference record fills meeting, date, place and agenda (the latest unless chosen).
	const conferences = await listConferences(db(), regionId);
	const asked = p.get('konferenz')?.slice(0, 100) ?? '';
	const conferenceId = conferences.some((c) => c.id === asked) ? asked : null;
	const defaults = await defaultChoices(db(), regionId, new Date(), conferenceId);
	const { choices, errors: choiceErrors } = parsePaperChoices(p, defaults);
	const errors = [...scopeErrors, ...choiceErrors];
	const raw = (name: string) => (p.get(name) ?? '').trim().slice(0, 100);
	let preview = null;
	if (errors.length === 0) {
		const model = await buildPaper(db(), scope, new Date(), settings(), choices);
		const o = outline(model);
		preview = {
			title: model.title, meetingLine: model.meetingLine, scopeLine: model.scopeLine, date: model.date, office: model.office,
			notes: model.notes, rowCount: model.rowCount, emptyNote: model.emptyNote, tooLarge: model.tooLarge, sections: o.sections, slides: o.slides, pptxSlides: o.pptxSlides
		};
	}
	const query = scopeParams(scope);
	for (const [k, v] of choiceParams(choices)) query.set(k, v);
	if (requestedRegion && requestedRegion === regionId) query.set('region', regionId);
	if (conferenceId) query.set('konferenz', conferenceId);
	const logo = await readLogo(db(), regionId);
	// With a logo uploaded, the form offers it, ticked on the first visit; the form sends a hidden
	// logo=0 before the checkbox's logo=1, so an unticked box still says "without".
	const withLogo = !!logo && (!p.has('logo') || p.getAll('logo').includes('1'));
	if (logo) query.set('logo', withLogo ? '1' : '0');
	return {
		regionName: await regionName(db(), regionId),
		bodies,
		topics,
		values: {
			koerperschaft: raw('koerperschaft'), thema: raw('thema'), von: raw('von').slice(0, 12), bis: raw('bis').slice(0, 12), laufend: !!scope.onlyRunning,
			titel: choices.title, sitzung: choices.meeting, datum: choices.meetingDate, ort: choices.place,
			stand: p.has('stand') && choiceErrors.some((e) => e.field === 'stand') ? raw('stand').slice(0, 20) : germanDay(choices.standDay),
			agenda: p.has('agenda') ? (p.get('agenda') ?? '').slice(0, AGENDA_MAX_CHARS) : agendaText(choices.agenda)
		},
		limits: { title: TITLE_MAX, meeting: MEETING_MAX, meetingDate: MEETING_DATE_MAX, place: PLACE_MAX, agenda: AGENDA_MAX_CHARS },
		errors,
		preview,
		query: query.toString(),
		yearMin: YEAR_MIN,
		yearMax: YEAR_MAX,
		maxRows: PAPER_MAX_ROWS,
		logo: logo ? { fileName: logo.fileName, width: logo.width, height: logo.height, used: withLogo } : null,
		mayEditLogo: can(locals.actor, 'steering.edit', { regionId }),
		conferences: conferences.map((c) => ({ id: c.id, label: [c.title, c.date, c.place].filter(Boolean).join(', ') })).reverse(),
		conferenceId: conferenceId ?? conferences.at(-1)?.id ?? null
	};
};
