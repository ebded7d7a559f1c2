import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { freeArticleId, legalFormOptions, saveArticle } from '#lib/server/knowledge/articles.ts';
import { emptyArticleForm, formToRecord, problemsToErrors } from '#lib/server/knowledge/article-form.ts';
import { isArticleKind } from '#lib/domain/knowledge.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { articleForm } from '#lib/server/forms/knowledge.ts';

export const load: PageServerLoad = async ({ url }) => {
	const kind = url.searchParams.get('art') ?? '';
	return { values: emptyArticleForm(isArticleKind(kind) ? kind : 'guide'), legalForms: await legalFormOptions(db()) };
};

export const actions: Actions = {
	speichern: async (event) => {
		const actor = event.locals.actor;
		await requireCan(event, 'knowledge.edit', { regionId: actor.regionId }, { entity: 'article' });
		const { data: values } = await readForm(event.request, articleForm);
		const id = values.title ? await freeArticleId(db(), values.title) : 'ohne-titel';
		const { record, errors } = formToRecord(id, values);
		if (errors.length) return fail(400, { values, errors });
		// Articles written in the app belong to the region of the coordination that wrote them.
		const saved = await saveArticle(db(), actor, record, null, { regionId: actor.regionId });
		if (!saved.ok) return fail(400, { values, errors: saved.reason === 'invalid' ? problemsToErrors(saved.problems) : [{ field: 'title', message: 'Bitte versuchen Sie es erneut.' }] });
		redirect(303, `/wissen/${saved.id}/bearbeiten?gespeichert=1`);
	}
};
