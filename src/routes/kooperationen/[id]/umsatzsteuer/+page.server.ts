import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { legalCooperation, legalVersions, readVat, saveVat } from '#lib/server/legal/store.ts';
import { isPublicBody, needsVatAssessment } from '#lib/server/legal/overview.ts';
import { berlinDay } from '#lib/server/steering/measures.ts';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { ANSWER_LABEL, ANSWERS, notRequired, parseVatForm, VAT_2B_APPLIES_FROM, VAT_DISCLAIMER, VAT_QUESTIONS, VAT_RESULT_LABEL, type VatFormValues } from '#lib/domain/vat-2b.ts';

async function cooperationOf(event: Pick<RequestEvent, 'params' | 'locals' | 'url' | 'getClientAddress' | 'cookies'>) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(event.params.id)) error(404, 'Diese Kooperation gibt es nicht.');
	const c = await legalCooperation(db(), event.params.id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	// Members of the cooperation's region (administrators everywhere).
	await requireCan(event, 'vat.read', { regionId: c.regionId }, { entity: 'vat_assessment', entityId: c.id });
	return c;
}

const emptyValues = (): VatFormValues => ({
	answers: Object.fromEntries(VAT_QUESTIONS.map((q) => [q.id, ''])) as VatFormValues['answers'], review_date: '', note: ''
});

/** The § 2b UStG questionnaire of one cooperation: the saved assessment for members, the form for editors of a taking-part body and coordinators. */
export const load: PageServerLoad = async (event) => {
	const c = await cooperationOf(event);
	const v = await readVat(db(), c.id);
	const values = emptyValues();
	if (v) {
		for (const q of VAT_QUESTIONS) values.answers[q.id] = v.answers[q.id] ?? '';
		values.review_date = v.reviewDate ?? '';
		values.note = v.note ?? '';
	}
	const who = await whoPresenter(db(), event.locals.actor);
	const versions = (await legalVersions(db(), 'vat_assessment', c.id)).map((x) => ({
		version: x.version, at: x.at, actor: who(x.actorLabel), result: (x.snapshot as { result?: keyof typeof VAT_RESULT_LABEL } | null)?.result ?? null
	}));
	return {
		cooperation: { id: c.id, title: c.title, legalForm: c.legalForm.label, archived: c.archived },
		bodies: c.bodies.map((b) => ({ ...b, public: isPublicBody(b.kind) })),
		needsAssessment: needsVatAssessment(c),
		questions: VAT_QUESTIONS,
		answers: ANSWERS.map((id) => ({ id, label: ANSWER_LABEL[id] })),
		disclaimer: VAT_DISCLAIMER,
		appliesFrom: VAT_2B_APPLIES_FROM,
		assessment: v ? { ...v, resultLabel: VAT_RESULT_LABEL[v.result], notRequired: notRequired(v.answers) } : null,
		values,
		version: v?.version ?? 0,
		versions,
		canEdit: can(event.locals.actor, 'vat.edit', { bodyIds: c.bodyIds, regionId: c.regionId }),
		today: berlinDay(),
		saved: event.url.searchParams.get('gespeichert') === '1'
	};
};

export const actions: Actions = {
	speichern: async (event) => {
		const c = await cooperationOf(event);
		await requireCan(event, 'vat.edit', { bodyIds: c.bodyIds, regionId: c.regionId }, { entity: 'vat_assessment', entityId: c.id });
		const form = await event.request.formData();
		const get = (name: string) => {
			const x = form.get(name);
			return typeof x === 'string' ? x : '';
		};
		const { values, answers, reviewDate, note, errors } = parseVatForm(get, berlinDay());
		// A post without the version the form was rendered with is not a form of this page.
		const version = /^\d{1,9}$/.test(get('version')) ? Number(get('version')) : -1;
		if (version < 0) errors.push({ field: 'fragebogen', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
		if (!answers || errors.length) return fail(400, { values, errors, version: version >= 0 ? version : ((await readVat(db(), c.id))?.version ?? 0) });
		const r = await saveVat(db(), event.locals.actor, c.id, { answers, note, reviewDate }, version);
		if (!r.ok) {
			if (r.reason === 'conflict') {
				return fail(409, {
					values, version: r.currentVersion,
					errors: [{ field: 'fragebogen', message: 'Jemand anderes hat die Prüfung gespeichert, während Sie sie bearbeitet haben. Ihre Antworten sind nicht gespeichert. Bitte prüfen Sie das gespeicherte Ergebnis oben; wenn Sie erneut speichern, gelten Ihre Antworten.' }]
				});
			}
			return fail(400, { values, version, errors: r.problems.map((p) => ({ field: 'fragebogen', message: p })) });
		}
		redirect(303, `/kooperationen/${c.id}/umsatzsteuer?gespeichert=1#ergebnis`);
	}
};
