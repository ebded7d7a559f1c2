import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { steeringVersions } from '#lib/server/steering/store.ts';
import { berlinDay, checkStatusInput, measureDetail, STATUS_ORDER, updateMeasureStatus } from '#lib/server/steering/measures.ts';
import { MEASURE_STATUS_LABEL } from '#lib/i18n/de.ts';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { parseEuro, statusForm } from './_schema.ts';

const VERSION_ACTION: Record<string, string> = { status: 'Status geändert', 'aus Datendatei': 'Stand der Datendatei' };

async function measureOf(id: string) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) error(404, 'Diese Maßnahme gibt es nicht.');
	const m = await measureDetail(db(), id);
	if (!m) error(404, 'Diese Maßnahme gibt es nicht.');
	return m;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const m = await measureOf(params.id);
	const showWho = can(locals.actor, 'history.read');
	const who = await whoPresenter(db(), locals.actor);
	const versions = (await steeringVersions(db(), 'measure', m.record.id)).map((v) => ({
		version: v.version, at: v.at, action: VERSION_ACTION[v.action] ?? v.action, comment: v.comment,
		// Who changed what is for signed-in members (names and e-mail addresses of staff).
		actor: showWho ? who(v.actorLabel) : null
	}));
	return {
		measure: m,
		versions,
		showWho,
		canEdit: can(locals.actor, 'steering.edit', { regionId: m.regionId }),
		statuses: STATUS_ORDER,
		today: berlinDay(),
		saved: url.searchParams.get('gespeichert') === '1'
	};
};

export const actions: Actions = {
	status: async (event) => {
		const post = await parseForm(event.request, statusForm);
		const m = await measureOf(event.params.id);
		await requireCan(event, 'steering.edit', { regionId: m.regionId }, { entity: 'measure', entityId: m.record.id });
		const { version, ...values } = post.ok ? post.data : { status: '', date: '', note: '', savings: '', version: Number.NaN };
		const savingsRealised = parseEuro(values.savings);
		const input = { status: values.status, note: values.note, date: values.date || null, savingsRealised };
		const errors = checkStatusInput(input);
		if (!Number.isInteger(version) || version < 1) errors.push({ field: 'status', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
		if (errors.length) return fail(400, { values, errors, version: m.version, conflict: null });
		const r = await updateMeasureStatus(db(), event.locals.actor, m.record.id, input, version);
		if (!r.ok) {
			if (r.reason === 'not_found') error(404, 'Diese Maßnahme gibt es nicht.');
			if (r.reason === 'conflict') {
				const label = MEASURE_STATUS_LABEL[r.currentStatus] ?? r.currentStatus;
				return fail(409, {
					values, version: r.currentVersion, conflict: { status: label, version: r.currentVersion },
					errors: [{ field: 'status', message: `Die Maßnahme wurde inzwischen geändert: Ihr aktueller Status ist „${label}“. Bitte prüfen Sie Ihre Angaben; wenn Sie erneut speichern, gilt Ihre Änderung.` }]
				});
			}
			return fail(400, { values, errors: r.errors, version: m.version, conflict: null });
		}
		redirect(303, `/steuerung/massnahmen/${m.record.id}?gespeichert=1`);
	}
};
