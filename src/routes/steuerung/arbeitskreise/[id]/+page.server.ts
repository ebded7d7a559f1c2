import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { workingGroupDetail } from '#lib/server/steering/groups.ts';
import { can } from '#lib/server/auth/policy.ts';

export const load: PageServerLoad = async ({ params, locals }) => {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diesen Arbeitskreis gibt es nicht.');
	const g = await workingGroupDetail(db(), params.id);
	if (!g) error(404, 'Diesen Arbeitskreis gibt es nicht.');
	const r = g.record;
	return {
		group: {
			id: r.id, name: r.name, hostsRotate: r.hosts_rotate, membersNote: r.members_note ?? null, note: r.note ?? null,
			lead: g.lead, members: g.members, measure: g.measure, sections: g.sections
		},
		// Contacts are personal data: only for signed-in members, never for visitors (issue 3, item 6).
		contacts: can(locals.actor, 'contacts.read')
			? r.contacts.map((c) => ({ name: c.name, function: c.function ?? null, body: c.body ? { id: c.body, name: g.bodyNames[c.body] ?? c.body } : null }))
			: null,
		hasContacts: r.contacts.length > 0
	};
};
