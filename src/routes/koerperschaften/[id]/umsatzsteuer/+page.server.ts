import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { bodyResource } from '#lib/server/registry/regions.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { readVatOption, saveVatOption } from '#lib/server/legal/store.ts';
import { germanDay, isRealDay, OPTION_FILED, OPTION_FILED_LABEL, vat2bAppliesFrom, VAT_SCOPE_TEXT, type OptionFiled } from '#lib/domain/vat-2b.ts';

async function bodyOf(event: Pick<RequestEvent, 'params' | 'locals' | 'url' | 'getClientAddress' | 'cookies'>) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(event.params.id)) error(404, 'Diese Körperschaft gibt es nicht.');
	const b = await db().selectFrom('body').select(['id', 'name', 'kind', 'region_id']).where('id', '=', event.params.id).executeTakeFirst();
	if (!b) error(404, 'Diese Körperschaft gibt es nicht.');
	const resource = await bodyResource(db(), b.id);
	await requireCan(event, 'vat.read', { regionIds: resource.regionIds }, { entity: 'body', entityId: b.id });
	return { ...b, resource };
}

interface Values { filed: string; revoked_on: string; revoked_from_year: string; note: string }

/** The Optionserklärung of one body (§ 27 Abs. 22/22a UStG) and the day § 2b UStG applies to it from. */
export const load: PageServerLoad = async (event) => {
	const b = await bodyOf(event);
	const o = await readVatOption(db(), b.id);
	const when = vat2bAppliesFrom(o);
	const values: Values = { filed: o?.filed ?? '', revoked_on: o?.revokedOn ?? '', revoked_from_year: o?.revokedFromYear ? String(o.revokedFromYear) : '', note: o?.note ?? '' };
	return {
		body: { id: b.id, name: b.name },
		option: o ? { ...o, filedLabel: OPTION_FILED_LABEL[o.filed] } : null,
		appliesFrom: when.date, reason: when.reason, scope: VAT_SCOPE_TEXT,
		choices: OPTION_FILED.map((id) => ({ id, label: OPTION_FILED_LABEL[id] })),
		values, version: o?.version ?? 0,
		canEdit: can(event.locals.actor, 'vat.option.edit', b.resource),
		saved: event.url.searchParams.get('gespeichert') === '1'
	};
};

export const actions: Actions = {
	speichern: async (event) => {
		const b = await bodyOf(event);
		await requireCan(event, 'vat.option.edit', b.resource, { entity: 'body', entityId: b.id });
		const form = await event.request.formData();
		const get = (name: string) => { const x = form.get(name); return typeof x === 'string' ? x.trim().slice(0, 2001) : ''; };
		const values: Values = { filed: get('filed').slice(0, 20), revoked_on: get('revoked_on').slice(0, 20), revoked_from_year: get('revoked_from_year').slice(0, 10), note: get('note').replace(/\r\n/g, '\n') };
		const errors: { field: string; message: string }[] = [];
		const version = /^\d{1,9}$/.test(get('version')) ? Number(get('version')) : -1;
		if (version < 0) errors.push({ field: 'filed-yes', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
		if (!(OPTION_FILED as readonly string[]).includes(values.filed)) errors.push({ field: 'filed-yes', message: 'Bitte angeben, ob die Optionserklärung abgegeben wurde (oder „unbekannt“).' });
		let revokedOn: string | null = null;
		if (values.revoked_on) {
			const iso = /^\d{4}-\d{2}-\d{2}$/.test(values.revoked_on) ? values.revoked_on : germanDay(values.revoked_on);
			if (!iso || !isRealDay(iso)) errors.push({ field: 'revoked_on', message: 'Widerrufen am: bitte ein Datum wie 15.03.2022 angeben.' });
			else if (iso < '2016-01-01') errors.push({ field: 'revoked_on', message: 'Widerrufen am: Die Optionserklärung gibt es erst seit 2016.' });
			else revokedOn = iso;
			if (values.filed !== 'yes') errors.push({ field: 'revoked_on', message: 'Widerrufen am: Ein Widerruf setzt eine abgegebene Optionserklärung voraus.' });
		}
		let revokedFromYear: number | null = null;
		if (values.revoked_from_year) {
			const y = /^\d{4}$/.test(values.revoked_from_year) ? Number(values.revoked_from_year) : NaN;
			if (!revokedOn) errors.push({ field: 'revoked_from_year', message: 'Wirksam ab Jahr: nur zusammen mit dem Tag des Widerrufs.' });
			else if (Number.isNaN(y) || y <= Number(revokedOn.slice(0, 4)) || y > 2100) errors.push({ field: 'revoked_from_year', message: 'Wirksam ab Jahr: ein Kalenderjahr nach dem Jahr des Widerrufs, zum Beispiel 2024.' });
			else revokedFromYear = y;
		}
		if (values.note.length > 2000) errors.push({ field: 'note', message: 'Anmerkungen: höchstens 2.000 Zeichen.' });
		if (errors.length) return fail(400, { values, errors, version: Math.max(version, 0) });
		const r = await saveVatOption(db(), event.locals.actor, b.id, { filed: values.filed as OptionFiled, revokedOn, revokedFromYear, note: values.note || null }, version);
		if (!r.ok) {
			const message = r.reason === 'conflict' ? 'Jemand anderes hat die Angaben inzwischen gespeichert. Bitte laden Sie die Seite neu und prüfen Sie sie.' : r.problems.join(' ');
			return fail(r.reason === 'conflict' ? 409 : 400, { values, errors: [{ field: 'filed-yes', message }], version: r.reason === 'conflict' ? r.currentVersion : version });
		}
		redirect(303, `/koerperschaften/${b.id}/umsatzsteuer?gespeichert=1`);
	}
};
