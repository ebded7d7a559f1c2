import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { cooperationProfile } from '#lib/server/registry/profiles.ts';
import { bodiesOf, readCooperation } from '#lib/server/registry/write.ts';
import { contactsOf } from '#lib/server/registry/contacts.ts';
import { knowledgeForCooperation } from '#lib/server/knowledge/checklists.ts';
import { can } from '#lib/server/auth/policy.ts';
import { berlinDay, measuresForCooperation } from '#lib/server/steering/measures.ts';
import { legalCooperation } from '#lib/server/legal/store.ts';
import { legalProfile } from '#lib/server/legal/overview.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { serverRenderedOnly } from '#lib/site/server-rendered.ts';

/**
 * The profile is plain HTML (its facts, partners, legal section and history, links and forms that post without
 * JavaScript): without client-side rendering it does not carry its data a second time as JSON
 * for hydration (issue 15: serialising it took about a sixth of a body profile request).
 */
export const csr = false;

/** Issue 7: the legal lifecycle summary for everyone, the § 2b UStG result for those who may read assessments. */
async function legalSection(id: string, actor: Actor) {
	const c = await legalCooperation(db(), id);
	if (!c) return null;
	const vat = can(actor, 'vat.read', { regionId: c.regionId });
	return { ...(await legalProfile(db(), c, berlinDay(), vat)), mayReadVat: vat, mayEdit: can(actor, 'legal.edit', { bodyIds: c.bodyIds, regionId: c.regionId }) };
}

export const load: PageServerLoad = async (event) => {
	const { params, locals, url } = event;
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Kooperation gibt es nicht.');
	const profile = await cooperationProfile(db(), params.id);
	const stored = await readCooperation(db(), params.id);
	if (!profile || !stored) error(404, 'Diese Kooperation gibt es nicht.');
	const a = locals.actor;
	const resource = { bodyIds: bodiesOf(stored.record), regionId: stored.regionId };
	return serverRenderedOnly(event, {
		profile,
		upkeep: {
			version: stored.version, confirmedAt: stored.confirmedAt, archivedAt: stored.archivedAt,
			editedInApp: stored.origin === 'app', updatedAt: stored.updatedAt
		},
		// Contacts are personal data: only for signed-in members, never for visitors (issue 3, item 6).
		contacts: can(a, 'contacts.read') ? await contactsOf(db(), params.id) : null,
		may: {
			edit: can(a, 'cooperation.edit', resource),
			contacts: can(a, 'contacts.edit', resource),
			history: can(a, 'history.read')
		},
		saved: url.searchParams.get('gespeichert') === '1',
		unchanged: url.searchParams.get('unveraendert') === '1',
		measures: await measuresForCooperation(db(), params.id),
		// -- issue 7: legal --
		legal: await legalSection(params.id, a),
		// -- issue 7: knowledge --
		knowledge: await knowledgeForCooperation(db(), params.id, stored.record.legal_form),
	});
};
