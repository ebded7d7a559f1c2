import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { isPublicBodyKind, legalCooperation, legalVersions, readLifecycle, readVat, saveVat, vatContext } from '#lib/server/legal/store.ts';
import { needsVatAssessment, VAT_STATE_LABEL, vatState } from '#lib/server/legal/overview.ts';
import { berlinDay } from '#lib/server/steering/measures.ts';
import { SUB_TYPE_LABEL } from '#lib/domain/gkg-lifecycle.ts';
import {
	ABS4, ABS4_LABEL, ANNEX_I, ANSWER_LABEL, ANSWERS, emptyRelValues, longTermFromTerm, PAYMENT_LABEL, PAYMENTS, REL_QUESTIONS, relValuesOf,
	stepLine, VAT_DISCLAIMER, VAT_RESULT_LABEL, VAT_SCOPE_TEXT, type VatFormValues
} from '#lib/domain/vat-2b.ts';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { checkVatQuestionnaire, vatQuestionnaireForm } from '#lib/server/forms/vat-questionnaire.ts';

async function cooperationOf(event: Pick<RequestEvent, 'params' | 'locals' | 'url' | 'getClientAddress' | 'cookies'>) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(event.params.id)) error(404, 'Diese Kooperation gibt es nicht.');
	const c = await legalCooperation(db(), event.params.id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	// Members of the cooperation's region (administrators everywhere).
	await requireCan(event, 'vat.read', { regionId: c.regionId }, { entity: 'vat_assessment', entityId: c.id });
	return c;
}

/** The § 2b UStG assessment of one cooperation, per service relationship: the saved results for members, the form for editors of a taking-part body and coordinators. */
export const load: PageServerLoad = async (event) => {
	const c = await cooperationOf(event);
	const v = await readVat(db(), c.id);
	const lifecycle = (await readLifecycle(db(), c.id))?.record ?? null;
	const values: VatFormValues = { relationships: [...(v && !v.legacy ? v.relationships.map(relValuesOf) : []), emptyRelValues()], review_date: v?.reviewDate ?? '', note: v?.note ?? '' };
	const who = await whoPresenter(db(), event.locals.actor);
	const versions = (await legalVersions(db(), 'vat_assessment', c.id)).map((x) => {
		const snap = x.snapshot as { result?: keyof typeof VAT_RESULT_LABEL; schema?: number } | null;
		return { version: x.version, at: x.at, actor: who(x.actorLabel), result: snap?.result ? `${VAT_RESULT_LABEL[snap.result]}${snap.schema === 2 ? '' : ' (alter Fragebogen)'}` : '–' };
	});
	// What the register gives for every relationship (the sub-type and the term come from the legal lifecycle).
	const ctx = vatContext(c, lifecycle, { provider: '', recipients: [] }, isPublicBodyKind);
	const long = ctx.publicLawAgreement ? longTermFromTerm(ctx.term) : null;
	const name = (id: string) => c.bodies.find((b) => b.id === id)?.name ?? id;
	return {
		cooperation: { id: c.id, title: c.title, legalForm: c.legalForm.label, archived: c.archived },
		bodies: c.bodies.map((b) => ({ id: b.id, name: b.name, public: isPublicBodyKind(b.kind) })),
		needsAssessment: needsVatAssessment(c),
		register: {
			publicLawAgreement: ctx.publicLawAgreement,
			subType: ctx.subType, subTypeLabel: ctx.subType ? SUB_TYPE_LABEL[ctx.subType] : null,
			longTerm: long ? { value: long.value, why: long.why } : null,
			// A Zweckverband among the bodies of a Zweckverband cooperation: its services to its members get their own question.
			association: c.legalForm.id === 'zweckverband' ? (c.bodies.find((b) => b.kind === 'zweckverband')?.name ?? null) : null,
			zweckverbandForm: c.legalForm.id === 'zweckverband'
		},
		questions: REL_QUESTIONS,
		answers: ANSWERS.map((id) => ({ id, label: ANSWER_LABEL[id] })),
		payments: PAYMENTS.map((id) => ({ id, label: PAYMENT_LABEL[id] })),
		abs4: ABS4.map((id) => ({ id, label: ABS4_LABEL[id] })),
		annex: ANNEX_I.map((label, i) => ({ id: String(i + 1), label: `${i + 1}. ${label}` })),
		disclaimer: VAT_DISCLAIMER,
		scope: VAT_SCOPE_TEXT,
		assessment: v
			? {
				legacy: v.legacy, legacyAnswers: Object.entries(v.legacyAnswers).map(([k, a]) => ({ id: k, answer: ANSWER_LABEL[a as keyof typeof ANSWER_LABEL] ?? a })),
				state: vatState(v), stateLabel: VAT_STATE_LABEL[vatState(v)], reasoning: v.reasoning, note: v.note, assessedBy: v.assessedBy, assessedAt: v.assessedAt, reviewDate: v.reviewDate,
				relationships: v.relationships.map((r) => ({
					provider: name(r.provider), recipients: r.recipients.map(name).join(', '), service: r.service, consideration: r.consideration, amount: r.annual_amount,
					result: r.result, resultLabel: VAT_RESULT_LABEL[r.result], basis: r.basis, steps: r.steps.map(stepLine)
				}))
			}
			: null,
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
		const { data: posted } = await readForm(event.request, vatQuestionnaireForm);
		const { values } = posted;
		const { relationships, reviewDate, note, errors } = checkVatQuestionnaire(values, berlinDay(), c.bodies.map((b) => b.id));
		// Always offer one more empty block after a failed save.
		const again = (): VatFormValues => ({ ...values, relationships: [...values.relationships.filter((r) => !r.remove), ...(values.relationships.at(-1)?.service ? [emptyRelValues()] : [])] });
		// A post without the version the form was rendered with is not a form of this page.
		const version = posted.version ?? -1;
		if (version < 0) errors.push({ field: 'fragebogen', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
		if (!relationships || errors.length) return fail(400, { values: again(), errors, version: version >= 0 ? version : ((await readVat(db(), c.id))?.version ?? 0) });
		const r = await saveVat(db(), event.locals.actor, c.id, { relationships, note, reviewDate }, version);
		if (!r.ok) {
			if (r.reason === 'conflict') {
				return fail(409, {
					values: again(), version: r.currentVersion,
					errors: [{ field: 'fragebogen', message: 'Jemand anderes hat die Prüfung gespeichert, während Sie sie bearbeitet haben. Ihre Antworten sind nicht gespeichert. Bitte prüfen Sie das gespeicherte Ergebnis oben; wenn Sie erneut speichern, gelten Ihre Antworten.' }]
				});
			}
			return fail(400, { values: again(), version, errors: r.problems.map((p) => ({ field: 'fragebogen', message: p })) });
		}
		redirect(303, `/kooperationen/${c.id}/umsatzsteuer?gespeichert=1#ergebnis`);
	}
};
