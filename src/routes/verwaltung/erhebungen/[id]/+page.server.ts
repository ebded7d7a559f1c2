import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { closeRound, daysUntil, germanDate, roundById, roundProgress } from '#lib/server/registry/survey.ts';
import { STATUS_LABEL } from '#lib/i18n/de.ts';

function roundId(raw: string): number {
	if (!/^\d{1,9}$/.test(raw)) error(404, 'Diese Erhebung gibt es nicht.');
	return Number(raw);
}

const NOTICES: Record<string, string> = {
	eroeffnet: 'Die Erhebung ist eröffnet. Die Redakteurinnen und Redakteure der Region sehen sie jetzt unter „Erhebung“.',
	geschlossen: 'Die Erhebung ist geschlossen. Bestätigte und korrigierte Kooperationen tragen jetzt das heutige Datum als „zuletzt bestätigt“.'
};

export const load: PageServerLoad = async (event) => {
	const id = roundId(event.params.id);
	const progress = await roundProgress(db(), id);
	if (!progress) error(404, 'Diese Erhebung gibt es nicht.');
	const { round } = progress;
	await requireCan(event, 'survey.manage', { regionId: round.regionId }, { entity: 'survey_round', entityId: String(id) });
	return {
		round: {
			id: round.id, title: round.title, regionName: round.regionName, openedAt: germanDate(round.openedAt), openedBy: round.openedByName ?? '–',
			deadline: germanDate(round.deadline), daysLeft: daysUntil(round.deadline), open: !round.closedAt,
			closedAt: round.closedAt ? germanDate(round.closedAt) : null, closedBy: round.closedByName ?? '–'
		},
		bodies: progress.bodies,
		totals: progress.totals,
		endedReports: progress.endedReports.map((e) => ({ ...e, statusLabel: STATUS_LABEL[e.status] ?? e.status, at: germanDate(e.at) })),
		toConfirm: progress.toConfirm,
		notice: NOTICES[event.url.searchParams.get('hinweis') ?? ''] ?? null
	};
};

export const actions: Actions = {
	schliessen: async (event) => {
		const id = roundId(event.params.id);
		const round = await roundById(db(), id);
		if (!round) error(404, 'Diese Erhebung gibt es nicht.');
		await requireCan(event, 'survey.manage', { regionId: round.regionId }, { entity: 'survey_round', entityId: String(id) });
		const result = await closeRound(db(), event.locals.actor, id);
		if (!result.ok) return fail(400, { errors: [{ field: 'schliessen', message: result.message }] });
		redirect(303, `/verwaltung/erhebungen/${id}?hinweis=geschlossen`);
	}
};
