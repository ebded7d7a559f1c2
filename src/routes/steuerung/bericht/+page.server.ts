import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { parseForm, problems } from '#lib/server/forms/form-data.ts';
import { reportForm, reportRules } from './_schema.ts';
import { berlinDay, defaultReportStart, germanDay, isDay, lastReport, markReported, regionName, reportSince } from '#lib/server/steering/measures.ts';

/** The report to the Bürgermeisterkonferenz: what changed since the last report (or `?seit=YYYY-MM-DD`). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	const today = berlinDay();
	const raw = url.searchParams.get('seit') ?? '';
	const chosen = isDay(raw) && raw <= today ? raw : null;
	const fallback = await defaultReportStart(db(), regionId);
	const since = chosen ?? fallback?.since ?? '2000-01-01';
	const report = await reportSince(db(), regionId, since);
	const last = await lastReport(db(), regionId);
	return {
		regionName: await regionName(db(), regionId),
		period: {
			chosen,
			basis: chosen ? 'chosen' : (fallback?.basis ?? 'all'),
			label: fallback?.label ?? null,
			from: report.from,
			fromDay: report.fromDay
		},
		invalidDate: raw !== '' && !chosen,
		report,
		lastReport: last ? { date: last.record.date, title: last.record.title, at: last.updatedAt } : null,
		canMark: can(locals.actor, 'steering.edit', { regionId }),
		today,
		defaultTitle: `Bericht an die Bürgermeisterkonferenz ${germanDay(today)}`,
		marked: url.searchParams.get('erstattet') === '1'
	};
};

export const actions: Actions = {
	erstattet: async (event) => {
		const post = await parseForm(event.request, reportForm);
		const regionId = await regionFor(db(), event.locals.actor, event.url.searchParams.get('region'));
		await requireCan(event, 'steering.edit', { regionId }, { entity: 'report' });
		const values = post.ok ? post.data : { title: '' };
		const errors = problems(reportRules, values);
		if (errors.length) return fail(400, { values, errors });
		const { title } = values;
		const r = await markReported(db(), event.locals.actor, regionId, title);
		if (!r.ok) {
			const message = r.reason === 'invalid' ? r.problems.join(' ') : 'Der Bericht konnte nicht vermerkt werden. Bitte versuchen Sie es erneut.';
			return fail(400, { values, errors: [{ field: 'title', message }] });
		}
		redirect(303, '/steuerung/bericht?erstattet=1');
	}
};
