import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { legalFormOptions, readArticle, saveArticle } from '#lib/server/knowledge/articles.ts';
import { formToRecord, problemsToErrors, valuesOf } from '#lib/server/knowledge/article-form.ts';
import { renderMarkdown } from '#lib/domain/markdown.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { articleForm, articleVersionForm } from '#lib/server/forms/knowledge.ts';

async function articleOf(id: string) {
	if (!/^[a-z0-9][a-z0-9-]{0,100}$/.test(id)) error(404, 'Diesen Artikel gibt es nicht.');
	const a = await readArticle(db(), id);
	if (!a) error(404, 'Diesen Artikel gibt es nicht.');
	return a;
}

export const load: PageServerLoad = async (event) => {
	const a = await articleOf(event.params.id);
	await requireCan(event, 'knowledge.edit', { regionId: a.regionId }, { entity: 'article', entityId: a.record.id });
	return {
		article: { id: a.record.id, title: a.record.title, version: a.version, origin: a.origin },
		values: valuesOf(a.record),
		legalForms: await legalFormOptions(db()),
		// The preview shows the saved state: what visitors see now.
		preview: renderMarkdown(a.record.body),
		saved: event.url.searchParams.get('gespeichert') === '1'
	};
};

export const actions: Actions = {
	speichern: async (event) => {
		const a = await articleOf(event.params.id);
		await requireCan(event, 'knowledge.edit', { regionId: a.regionId }, { entity: 'article', entityId: a.record.id });
		const { data: { version }, form } = await readForm(event.request, articleVersionForm);
		const { data: values } = await readForm(form, articleForm);
		const { record, errors } = formToRecord(a.record.id, values);
		if (version === null) errors.push({ field: 'title', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
		if (errors.length) return fail(400, { values, errors, version: a.version, conflict: null });
		const saved = await saveArticle(db(), event.locals.actor, record, version, { comment: values.comment || null });
		if (!saved.ok) {
			if (saved.reason === 'conflict') {
				return fail(409, {
					values, version: saved.current.version, conflict: { version: saved.current.version },
					errors: [{ field: 'title', message: `Der Artikel wurde inzwischen geändert (jetzt Version ${saved.current.version}). Ihre Eingaben sind erhalten; wenn Sie erneut speichern, gilt Ihre Fassung.` }]
				});
			}
			return fail(400, { values, errors: problemsToErrors(saved.problems), version: a.version, conflict: null });
		}
		redirect(303, `/wissen/${a.record.id}/bearbeiten?gespeichert=1`);
	}
};
