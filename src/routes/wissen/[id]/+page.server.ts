import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { db } from '#lib/server/context.ts';
import { can, canAtAll } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { articleVersions, legalFormOptions, readArticle } from '#lib/server/knowledge/articles.ts';
import { checklistState, setChecklistTicks, tickableCooperations } from '#lib/server/knowledge/checklists.ts';
import { bodiesOf, readCooperation } from '#lib/server/registry/write.ts';
import { cooperationTitles } from '#lib/server/steering/groups.ts';
import { renderMarkdown } from '#lib/domain/markdown.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { checklistTickForm } from '#lib/server/forms/knowledge.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,100}$/;

async function articleOf(id: string) {
	if (!ID.test(id)) error(404, 'Diesen Artikel gibt es nicht.');
	const a = await readArticle(db(), id);
	if (!a) error(404, 'Diesen Artikel gibt es nicht.');
	return a;
}

const VERSION_ACTION: Record<string, string> = { angelegt: 'angelegt', bearbeitet: 'bearbeitet', 'aus Datendatei': 'Stand der Datendatei' };

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const a = await articleOf(params.id);
	const actor = locals.actor;
	const r = a.record;
	const showWho = can(actor, 'history.read');
	const who = await whoPresenter(db(), actor);
	const lfLabels = new Map((await legalFormOptions(db())).map((l) => [l.id, l.label]));

	// Checklists: the state for one cooperation, chosen with ?kooperation=…
	let checklist = null;
	if (r.kind === 'checklist') {
		const choices = canAtAll(actor, 'checklist.tick') ? await tickableCooperations(db(), actor) : [];
		const wanted = (url.searchParams.get('kooperation') ?? '').trim();
		const stored = wanted && ID.test(wanted) ? await readCooperation(db(), wanted) : null;
		const state = stored ? await checklistState(db(), r.id, stored.record.id) : null;
		checklist = {
			choices,
			choicesNote: actor.role === 'editor' ? 'an denen Ihre Körperschaft beteiligt ist' : 'Ihrer Region',
			selected: stored ? { id: stored.record.id, title: stored.record.title } : null,
			unknown: !!wanted && !stored,
			mayTick: !!stored && can(actor, 'checklist.tick', { bodyIds: bodiesOf(stored.record), regionId: stored.regionId }),
			// Who ticked an item is personal data: members only.
			items: state?.map((s) => ({ ...s, doneBy: showWho ? who(s.doneBy) : null })) ?? null,
			saved: url.searchParams.get('gespeichert') === '1'
		};
	}
	const examples = r.kind === 'example'
		? await (async () => {
			const ids = (r.meta as { cooperations: string[] }).cooperations;
			const titles = await cooperationTitles(db(), ids);
			return ids.filter((c) => titles.has(c)).map((c) => ({ id: c, title: titles.get(c)! }));
		})()
		: [];
	return {
		article: { id: r.id, kind: r.kind, title: r.title, summary: r.summary, meta: r.meta, version: a.version, origin: a.origin, updatedAt: a.updatedAt },
		html: renderMarkdown(r.body),
		legalForms: r.legal_forms.map((id) => ({ id, label: lfLabels.get(id) ?? id })),
		examples,
		checklist,
		versions: (await articleVersions(db(), r.id)).map((v) => ({
			version: v.version, at: v.at, action: VERSION_ACTION[v.action] ?? v.action, comment: v.comment, actor: showWho ? who(v.actorLabel) : null
		})),
		showWho,
		mayEdit: can(actor, 'knowledge.edit', { regionId: a.regionId })
	};
};

export const actions: Actions = {
	/** Set the done items of a checklist for one cooperation (the form posts every ticked box). */
	abhaken: async (event) => {
		const a = await articleOf(event.params.id);
		if (a.record.kind !== 'checklist') error(404, 'Dieser Artikel ist keine Checkliste.');
		const post = await parseForm(event.request, checklistTickForm);
		if (!post.ok) return fail(400, { errors: post.errors.map((e) => ({ ...e, field: e.field === 'kooperation' ? 'kooperation-wahl' : 'punkte' })) });
		const { kooperation: coopId, punkt: keys } = post.data;
		const stored = await readCooperation(db(), coopId);
		if (!stored) return fail(400, { errors: [{ field: 'kooperation-wahl', message: 'Diese Kooperation gibt es im Register nicht.' }] });
		await requireCan(event, 'checklist.tick', { bodyIds: bodiesOf(stored.record), regionId: stored.regionId }, { entity: 'cooperation', entityId: coopId });
		const r = await setChecklistTicks(db(), event.locals.actor, a.record.id, coopId, keys);
		if (!r.ok) {
			if (r.reason === 'not_found') error(404, r.message);
			return fail(400, { errors: [{ field: 'punkte', message: r.message }] });
		}
		redirect(303, `/wissen/${a.record.id}?kooperation=${encodeURIComponent(coopId)}&gespeichert=1#abhaken`);
	}
};
