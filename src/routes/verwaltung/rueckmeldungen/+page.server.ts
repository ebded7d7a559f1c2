import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { messageIdForm } from '#lib/server/forms/ids.ts';
import { deleteFeedback, FEEDBACK_KIND_LABEL, listFeedback, markFeedbackDone } from '#lib/server/site/feedback.ts';

const at = (iso: string) =>
	new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Feedback from the accessibility statement's form: open messages first, then the last handled ones. */
export const load: PageServerLoad = async ({ url }) => {
	const [open, done] = await Promise.all([listFeedback(db(), { done: false }), listFeedback(db(), { done: true, limit: 50 })]);
	const show = (f: Awaited<ReturnType<typeof listFeedback>>[number]) => ({
		...f, kindLabel: FEEDBACK_KIND_LABEL[f.kind], createdAtText: at(f.createdAt), doneAtText: f.doneAt ? at(f.doneAt) : null
	});
	const hinweis = url.searchParams.get('hinweis');
	return {
		open: open.map(show),
		done: done.map(show),
		notice: hinweis === 'erledigt' ? 'Die Rückmeldung ist als erledigt markiert.' : hinweis === 'geloescht' ? 'Die Rückmeldung ist gelöscht.' : null
	};
};

async function idOf(request: Request): Promise<string | null> {
	const post = await parseForm(request, messageIdForm);
	return post.ok ? post.data.id : null;
}

export const actions: Actions = {
	erledigt: async ({ request, locals }) => {
		const id = await idOf(request);
		if (!id || !(await markFeedbackDone(db(), locals.actor, id))) return fail(400, { message: 'Diese Rückmeldung gibt es nicht oder sie ist schon erledigt.' });
		redirect(303, '/verwaltung/rueckmeldungen?hinweis=erledigt');
	},
	loeschen: async ({ request, locals }) => {
		const id = await idOf(request);
		if (!id || !(await deleteFeedback(db(), locals.actor, id))) return fail(400, { message: 'Diese Rückmeldung gibt es nicht.' });
		redirect(303, '/verwaltung/rueckmeldungen?hinweis=geloescht');
	}
};
