import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { listSteering, readSteering } from '#lib/server/steering/store.ts';
import { addComment, ideaDetail, promoteToMeasure, setIdeaStatus, COMMENT_MAX, TITLE_MAX } from '#lib/server/steering/ideas.ts';
import { IDEA_STATUSES } from '#lib/server/data/steering-schema.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { commentForm, promoteForm, statusForm } from './_schema.ts';

async function stored(id: string) {
	if (!/^[a-z0-9][a-z0-9-]{0,100}$/.test(id)) error(404, 'Diese Idee gibt es nicht.');
	const s = await readSteering(db(), 'idea', id);
	if (!s) error(404, 'Diese Idee gibt es nicht.');
	return s;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const s = await stored(params.id);
	const d = (await ideaDetail(db(), params.id))!;
	const a = locals.actor;
	const member = can(a, 'contacts.read');
	const steer = can(a, 'steering.edit', { regionId: d.regionId });
	const fields = steer ? (await listSteering(db(), 'field', d.regionId)).map((f) => ({ id: f.record.id, label: `${f.record.number} ${f.record.title}` })) : [];
	return {
		idea: {
			id: d.record.id, title: d.record.title, description: d.record.description ?? null, status: d.record.status, version: s.version,
			proposer: d.proposer, interested: d.interested, conference: d.conference, cooperations: d.cooperations, measure: d.measure
		},
		// Comments carry authors' names (personal data): members see them, visitors only how many there are.
		comments: member ? d.comments.map((c) => ({ id: c.id, at: c.at, text: c.text, author: c.authorName ?? 'unbekannt' })) : null,
		commentCount: d.comments.length,
		mayComment: can(a, 'idea.comment', { regionId: d.regionId }),
		maySteer: steer,
		fields,
		statuses: IDEA_STATUSES.map((id) => id),
		limits: { comment: COMMENT_MAX, title: TITLE_MAX },
		notice: url.searchParams.get('angelegt') === '1' ? 'Ihre Idee ist eingebracht.'
			: url.searchParams.get('kommentiert') === '1' ? 'Ihr Kommentar ist gespeichert.'
				: url.searchParams.get('gespeichert') === '1' ? 'Der Stand der Idee ist gespeichert.' : null
	};
};

async function steering(event: RequestEvent) {
	const s = await stored(event.params.id);
	await requireCan(event, 'steering.edit', { regionId: s.regionId }, { entity: 'idea', entityId: s.record.id });
	return s;
}

export const actions: Actions = {
	kommentieren: async (event) => {
		const post = await parseForm(event.request, commentForm);
		const s = await stored(event.params.id);
		await requireCan(event, 'idea.comment', { regionId: s.regionId }, { entity: 'idea', entityId: s.record.id });
		const text = post.ok ? post.data.text : '';
		const r = await addComment(db(), event.locals.actor, s.record.id, text);
		if (!r.ok) return fail(400, { form: 'kommentieren' as const, values: { text }, errors: r.errors });
		redirect(303, `/steuerung/ideen/${s.record.id}?kommentiert=1#kommentare`);
	},
	status: async (event) => {
		const post = await parseForm(event.request, statusForm);
		const s = await steering(event);
		const { version, ...values } = post.ok ? post.data : { status: '', kooperation: '', version: Number.NaN };
		const r = await setIdeaStatus(db(), event.locals.actor, s.record.id, values.status, version, { cooperation: values.kooperation || null });
		if (!r.ok) return fail(r.reason === 'conflict' ? 409 : 400, { form: 'status' as const, values, errors: r.errors });
		redirect(303, `/steuerung/ideen/${s.record.id}?gespeichert=1`);
	},
	massnahme: async (event) => {
		const post = await parseForm(event.request, promoteForm);
		const s = await steering(event);
		const { version, ...values } = post.ok ? post.data : { field: '', number: '', measure_title: '', version: Number.NaN };
		const r = await promoteToMeasure(db(), event.locals.actor, s.record.id, { field: values.field, number: values.number, title: values.measure_title }, version);
		if (!r.ok) return fail(r.reason === 'conflict' ? 409 : 400, { form: 'massnahme' as const, values, errors: r.errors });
		redirect(303, `/steuerung/massnahmen/${r.id}`);
	}
};
