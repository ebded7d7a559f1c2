/**
 * zod schema of `data/<region>/steering.yaml` (docs/data-format.md, "Steering"): conferences,
 * fields, measures with their status history, working groups with results and proposals, ideas.
 */
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: nur a-z, 0-9 und Bindestrich');
const fuzzy = z.union([z.string(), z.number()]).transform((v) => String(v));
const text = z.string().optional().nullable();

export const MEASURE_STATUSES = ['open', 'in_progress', 'realised', 'partly_realised', 'not_realised', 'no_need'] as const;
export const WG_ITEM_KINDS = ['success', 'result', 'proposal', 'problem'] as const;
export const IDEA_STATUSES = ['idea', 'discussion', 'examination', 'decided', 'rejected'] as const;

export const conferenceRecord = z.object({
	id: slug,
	title: z.string().min(1),
	date: fuzzy,
	place: text,
	participants: z.array(slug).default([]),
	participants_note: text,
	agenda: z.array(z.string()).default([]),
	decisions: z.array(z.string()).default([]),
	slide: z.number().int().optional().nullable()
}).strict();

export const fieldRecord = z.object({ id: slug, number: z.number().int(), title: z.string().min(1) }).strict();

export const measureRecord = z.object({
	id: slug,
	field: slug,
	number: z.string().regex(/^\d+(\.\d+)?$/),
	title: z.string().min(1),
	list_title: text,
	decided_at: slug.optional().nullable(),
	mandate: text,
	lead: z.array(slug).default([]),
	lead_note: text,
	participants: z.array(slug).default([]),
	participants_note: text,
	status: z.enum(MEASURE_STATUSES),
	status_history: z.array(z.object({ date: fuzzy, status: z.enum(MEASURE_STATUSES), note: text }).strict()).default([]),
	result: text,
	cooperations: z.array(slug).default([]),
	savings_expected_eur: z.number().nonnegative().optional().nullable(),
	savings_realised_eur: z.number().nonnegative().optional().nullable(),
	due: fuzzy.optional().nullable(),
	slide: z.number().int().optional().nullable(),
	derived: z.array(z.string()).default([])
}).strict();

export const workingGroupRecord = z.object({
	id: slug,
	name: z.string().min(1),
	lead: slug.optional().nullable(),
	hosts_rotate: z.boolean().default(false),
	members: z.array(slug).default([]),
	members_note: text,
	measure: slug.optional().nullable(),
	contacts: z.array(z.object({ name: z.string().min(1), function: text, body: slug.optional().nullable() }).strict()).default([]),
	note: text,
	items: z.array(z.object({
		kind: z.enum(WG_ITEM_KINDS),
		title: z.string().min(1),
		text: text,
		bodies: z.array(slug).default([]),
		cooperations: z.array(slug).default([]),
		slide: z.number().int().optional().nullable()
	}).strict()).default([]),
	/** Meetings, most of them entered in the app (the deck names no dates); sorted by date. */
	meetings: z.array(z.object({
		date: fuzzy,
		host: slug.optional().nullable(),
		place: text,
		topics: z.array(z.string()).default([]),
		note: text
	}).strict()).default([])
}).strict();

export const ideaRecord = z.object({
	id: slug,
	title: z.string().min(1),
	description: text,
	proposed_at: slug.optional().nullable(),
	proposed_by: slug.optional().nullable(),
	interested: z.array(slug).default([]),
	status: z.enum(IDEA_STATUSES),
	cooperations: z.array(slug).default([]),
	/** The measure the idea became (set by the app when a coordinator promotes it). */
	measure: slug.optional().nullable(),
	slide: z.number().int().optional().nullable()
}).strict();

export const steeringFile = z.object({
	conferences: z.array(conferenceRecord).default([]),
	fields: z.array(fieldRecord).default([]),
	measures: z.array(measureRecord).default([]),
	working_groups: z.array(workingGroupRecord).default([]),
	ideas: z.array(ideaRecord).default([])
}).strict();

export type SteeringData = z.infer<typeof steeringFile>;
export type MeasureRecord = z.infer<typeof measureRecord>;
export type IdeaRecord = z.infer<typeof ideaRecord>;
export type WorkingGroupRecord = z.infer<typeof workingGroupRecord>;
export type ConferenceRecord = z.infer<typeof conferenceRecord>;
export type WorkingGroupMeeting = WorkingGroupRecord['meetings'][number];
