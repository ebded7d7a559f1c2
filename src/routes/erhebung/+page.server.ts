import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { atLeast, type Actor } from '#lib/server/auth/policy.ts';
import { answer, confirmAllUnanswered, daysUntil, germanDate, itemsForBody, openRoundOf, regionBodies, roundById, type SurveyAnswer } from '#lib/server/registry/survey.ts';
import { bodyBasics } from '#lib/server/registry/route-reads.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { surveyAnswerForm } from '#lib/server/forms/survey.ts';
import { STATUS_LABEL } from '#lib/i18n/de.ts';

const BODY_ID = /^[\p{L}\p{N}_.-]{1,80}$/u;

/** Coordinators may look at (and answer for) any body of their region; everyone else at their own. */
function chosenBody(actor: Actor, requested: string | null): string | null {
	if (atLeast(actor, 'coordinator') && requested && BODY_ID.test(requested)) return requested;
	return actor.bodyId;
}

/** The page's own address for a body (coordinators keep their choice in the URL). */
function pageUrl(actor: Actor, bodyId: string, extra: Record<string, string> = {}): string {
	const p = new URLSearchParams(extra);
	if (bodyId !== actor.bodyId) p.set('koerperschaft', bodyId);
	const s = p.toString();
	return s ? `/erhebung?${s}` : '/erhebung';
}

export const load: PageServerLoad = async (event) => {
	const actor = event.locals.actor;
	const bodyId = chosenBody(actor, event.url.searchParams.get('koerperschaft'));
	if (!bodyId) return { body: null, round: null, items: [], choices: [], notice: null };
	const body = await bodyBasics(db(), bodyId);
	if (!body) error(404, 'Diese Körperschaft gibt es nicht.');
	await requireCan(event, 'survey.respond', { bodyIds: [body.id], regionId: body.region_id }, { entity: 'body', entityId: body.id });

	const round = await openRoundOf(db(), body.region_id);
	const choices = atLeast(actor, 'coordinator') ? await regionBodies(db(), body.region_id) : [];
	const items = round ? await itemsForBody(db(), round.id, body.id) : [];
	const hinweis = event.url.searchParams.get('hinweis');
	const done = items.find((i) => i.id === event.url.searchParams.get('k'));
	const many = Number(event.url.searchParams.get('anzahl'));
	const notice = hinweis === 'alle' && Number.isInteger(many) && many >= 0
		? (many === 1 ? '1 unveränderte Kooperation ist als bestätigt vermerkt.' : `${many} unveränderte Kooperationen sind als bestätigt vermerkt.`)
		: done && hinweis === 'bestaetigt' ? `„${done.title}“ ist als bestätigt vermerkt.`
		: done && hinweis === 'beendet' ? `„${done.title}“ ist als beendet gemeldet. Die Koordination prüft die Meldung und trägt das Ende ein.`
			: null;
	return {
		body: { id: body.id, name: body.name, own: body.id === actor.bodyId },
		round: round ? { id: round.id, title: round.title, deadline: germanDate(round.deadline), daysLeft: daysUntil(round.deadline) } : null,
		items: items.map((i) => ({ ...i, statusLabel: STATUS_LABEL[i.status] ?? i.status, confirmedAt: i.confirmedAt ? germanDate(i.confirmedAt) : null })),
		choices: choices.map((c) => ({ id: c.id, label: c.name })),
		notice
	};
};

async function respond(event: RequestEvent, value: SurveyAnswer) {
	const actor = event.locals.actor;
	const { data: post } = await readForm(event.request, surveyAnswerForm);
	const { kooperation: cooperationId, erhebung: roundId } = post;
	const bodyId = chosenBody(actor, post.koerperschaft);
	if (!bodyId) return fail(400, { errors: [{ field: 'kooperationen', message: 'Ihrem Konto ist keine Körperschaft zugeordnet.' }] });
	const round = roundId !== null ? await roundById(db(), roundId) : null;
	if (!round) return fail(400, { errors: [{ field: 'kooperationen', message: 'Diese Erhebung gibt es nicht. Bitte laden Sie die Seite neu.' }] });
	await requireCan(event, 'survey.respond', { bodyIds: [bodyId], regionId: round.regionId }, { entity: 'cooperation', entityId: cooperationId });
	const result = await answer(db(), actor, round.id, cooperationId, bodyId, value);
	if (!result.ok) return fail(400, { errors: [{ field: 'kooperationen', message: result.message }] });
	redirect(303, `${pageUrl(actor, bodyId, { hinweis: value === 'ended' ? 'beendet' : 'bestaetigt', k: cooperationId })}#zeile-${encodeURIComponent(cooperationId)}`);
}

/** "Alle unveränderten bestätigen": every cooperation of the body without an answer yet, in one step. */
async function confirmAll(event: RequestEvent) {
	const actor = event.locals.actor;
	const { data: post } = await readForm(event.request, surveyAnswerForm);
	const bodyId = chosenBody(actor, post.koerperschaft);
	if (!bodyId) return fail(400, { errors: [{ field: 'kooperationen', message: 'Ihrem Konto ist keine Körperschaft zugeordnet.' }] });
	const round = post.erhebung !== null ? await roundById(db(), post.erhebung) : null;
	if (!round) return fail(400, { errors: [{ field: 'kooperationen', message: 'Diese Erhebung gibt es nicht. Bitte laden Sie die Seite neu.' }] });
	await requireCan(event, 'survey.respond', { bodyIds: [bodyId], regionId: round.regionId }, { entity: 'body', entityId: bodyId });
	const result = await confirmAllUnanswered(db(), actor, round.id, bodyId);
	if (!result.ok) return fail(400, { errors: [{ field: 'kooperationen', message: result.message }] });
	redirect(303, `${pageUrl(actor, bodyId, { hinweis: 'alle', anzahl: String(result.confirmed) })}#kooperationen`);
}

export const actions: Actions = {
	bestaetigen: (event) => respond(event, 'confirmed'),
	beenden: (event) => respond(event, 'ended'),
	alle_bestaetigen: (event) => confirmAll(event)
};
