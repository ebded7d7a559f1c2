import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import {
	addMeeting, workingGroupDetail, MEETING_DATE_MAX, MEETING_NOTE_MAX, MEETING_PLACE_MAX, MEETING_TOPIC_MAX, MEETING_TOPICS_MAX
} from '#lib/server/steering/groups.ts';
import { readSteering } from '#lib/server/steering/store.ts';
import { can } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { bodiesOfRegion } from '#lib/server/registry/route-reads.ts';
import { meetingForm } from './_schema.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (!ID.test(params.id)) error(404, 'Diesen Arbeitskreis gibt es nicht.');
	const g = await workingGroupDetail(db(), params.id);
	if (!g) error(404, 'Diesen Arbeitskreis gibt es nicht.');
	const r = g.record;
	const maySteer = can(locals.actor, 'steering.edit', { regionId: g.regionId });
	// Hosts for the meeting form: the members first, then the region's other bodies (some groups name no members).
	const otherBodies = maySteer
		? (await bodiesOfRegion(db(), g.regionId)).filter((b) => !r.members.includes(b.id))
		: [];
	return {
		group: {
			id: r.id, name: r.name, hostsRotate: r.hosts_rotate, membersNote: r.members_note ?? null, note: r.note ?? null,
			lead: g.lead, members: g.members, measure: g.measure, sections: g.sections, version: g.version
		},
		meetings: g.meetings,
		nextHost: g.nextHost,
		// Contacts are personal data: only for signed-in members, never for visitors (issue 3, item 6).
		contacts: can(locals.actor, 'contacts.read')
			? r.contacts.map((c) => ({ name: c.name, function: c.function ?? null, body: c.body ? { id: c.body, name: g.bodyNames[c.body] ?? c.body } : null }))
			: null,
		hasContacts: r.contacts.length > 0,
		maySteer,
		otherBodies,
		limits: { date: MEETING_DATE_MAX, place: MEETING_PLACE_MAX, note: MEETING_NOTE_MAX, topics: MEETING_TOPICS_MAX, topic: MEETING_TOPIC_MAX },
		notice: url.searchParams.get('gespeichert') === '1' ? 'Die Sitzung ist gespeichert.' : null
	};
};

export const actions: Actions = {
	sitzung: async (event) => {
		if (!ID.test(event.params.id)) error(404, 'Diesen Arbeitskreis gibt es nicht.');
		const post = await parseForm(event.request, meetingForm);
		const s = await readSteering(db(), 'working_group', event.params.id);
		if (!s) error(404, 'Diesen Arbeitskreis gibt es nicht.');
		await requireCan(event, 'steering.edit', { regionId: s.regionId }, { entity: 'working_group', entityId: s.record.id });
		const { version, ...values } = post.ok ? post.data : { datum: '', gastgeber: '', ort: '', themen: '', hinweis: '', version: Number.NaN };
		const r = await addMeeting(db(), event.locals.actor, s.record.id, {
			date: values.datum, host: values.gastgeber, place: values.ort, topics: values.themen, note: values.hinweis
		}, version);
		if (!r.ok) return fail(r.reason === 'conflict' ? 409 : 400, { form: 'sitzung' as const, values, errors: r.errors });
		redirect(303, `/steuerung/arbeitskreise/${s.record.id}?gespeichert=1#sitzungen`);
	}
};
