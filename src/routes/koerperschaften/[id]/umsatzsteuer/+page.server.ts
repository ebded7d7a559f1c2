import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { bodyResource } from '#lib/server/registry/regions.ts';
import { bodyBasics } from '#lib/server/registry/route-reads.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { readVatOption, saveVatOption } from '#lib/server/legal/store.ts';
import { OPTION_FILED, OPTION_FILED_LABEL, vat2bAppliesFrom, VAT_SCOPE_TEXT } from '#lib/domain/vat-2b.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { checkVatOption, vatOptionForm, type VatOptionValues } from '#lib/server/forms/vat.ts';

async function bodyOf(event: Pick<RequestEvent, 'params' | 'locals' | 'url' | 'getClientAddress' | 'cookies'>) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(event.params.id)) error(404, 'Diese Körperschaft gibt es nicht.');
	const b = await bodyBasics(db(), event.params.id);
	if (!b) error(404, 'Diese Körperschaft gibt es nicht.');
	const resource = await bodyResource(db(), b.id);
	await requireCan(event, 'vat.read', { regionIds: resource.regionIds }, { entity: 'body', entityId: b.id });
	return { ...b, resource };
}

/** The Optionserklärung of one body (§ 27 Abs. 22/22a UStG) and the day § 2b UStG applies to it from. */
export const load: PageServerLoad = async (event) => {
	const b = await bodyOf(event);
	const o = await readVatOption(db(), b.id);
	const when = vat2bAppliesFrom(o);
	const values: VatOptionValues = { filed: o?.filed ?? '', revoked_on: o?.revokedOn ?? '', revoked_from_year: o?.revokedFromYear ? String(o.revokedFromYear) : '', note: o?.note ?? '' };
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
		const { data: post } = await readForm(event.request, vatOptionForm);
		const { filed, revoked_on, revoked_from_year, note } = post;
		const values: VatOptionValues = { filed, revoked_on, revoked_from_year, note };
		const checked = checkVatOption(post);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, version: post.version ?? 0 });
		const version = checked.version;
		const r = await saveVatOption(db(), event.locals.actor, b.id, checked.option, version);
		if (!r.ok) {
			const message = r.reason === 'conflict' ? 'Jemand anderes hat die Angaben inzwischen gespeichert. Bitte laden Sie die Seite neu und prüfen Sie sie.' : r.problems.join(' ');
			return fail(r.reason === 'conflict' ? 409 : 400, { values, errors: [{ field: 'filed-yes', message }], version: r.reason === 'conflict' ? r.currentVersion : version });
		}
		redirect(303, `/koerperschaften/${b.id}/umsatzsteuer?gespeichert=1`);
	}
};
