/**
 * The one definition of a cooperation record (the shape of the data files, docs/data-format.md):
 * its coded values and its zod schema. The data-file loader, the API, the edit form and the saves
 * all validate against `cooperationRecord`; the form parser reads its enums from here.
 *
 * Pure: zod only, no I/O.
 */
import { z } from 'zod';

export const ROLES = ['lead', 'member', 'performer', 'client', 'contract', 'associated', 'owner'] as const;
export const STATUSES = ['active', 'planned', 'under_review', 'ended', 'temporary'] as const;
export const PERFORMER_KINDS = ['body', 'jointly', 'each', 'unknown'] as const;
export const EVENT_KINDS = [
	'founding', 'start', 'new_version', 'extension', 'continuation', 'conversion', 'termination',
	'partner_left', 'partner_joined', 'planned'
] as const;
/** Fields a data file may mark as derived (worked out, not read from the source deck). */
export const DERIVABLE = [
	'title', 'legal_form', 'topics', 'status', 'performer', 'start', 'end', 'participants',
	'partner_groups', 'events', 'description'
] as const;

export type Role = (typeof ROLES)[number];
export type Status = (typeof STATUSES)[number];
export type PerformerKind = (typeof PERFORMER_KINDS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];

/** Coded values as the schemas check them (the form parser uses the same ones). */
export const roleSchema = z.enum(ROLES);
export const statusSchema = z.enum(STATUSES);
export const performerKindSchema = z.enum(PERFORMER_KINDS);
export const eventKindSchema = z.enum(EVENT_KINDS);

/** Identifiers of records, lists, topics, legal forms and bodies. */
export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: nur a-z, 0-9 und Bindestrich');
/** A fuzzy date as text ("2016", "Okt. 2008"); YAML may give a bare year as a number. */
export const fuzzyText = z.union([z.string(), z.number()]).transform((v) => String(v));

export const participantRecord = z
	.object({
		body: slug,
		role: roleSchema,
		joined: fuzzyText.optional().nullable(),
		left: fuzzyText.optional().nullable(),
		note: z.string().optional().nullable()
	})
	.strict();

export const partnerGroupRecord = z
	.object({
		label: z.string().min(1),
		count: z.number().int().nonnegative().optional().nullable(),
		note: z.string().optional().nullable()
	})
	.strict();

export const eventRecord = z
	.object({ kind: eventKindSchema, date: fuzzyText.optional().nullable(), text: z.string().optional().nullable() })
	.strict();

export const cooperationRecord = z
	.object({
		id: slug,
		list: slug,
		number: z.number().int().optional().nullable(),
		slide: z.number().int().optional().nullable(),
		org_unit: fuzzyText.optional().nullable(),
		title: z.string().min(1),
		title_source: z.string().optional().nullable(),
		partners_source: z.string().optional().nullable(),
		performer_source: z.string().optional().nullable(),
		performer: z
			.object({ kind: performerKindSchema, body: slug.optional().nullable(), note: z.string().optional() })
			.strict(),
		legal_form: slug,
		legal_form_source: z.string().optional().nullable(),
		start_source: fuzzyText.optional().nullable(),
		start: fuzzyText.optional().nullable(),
		end: fuzzyText.optional().nullable(),
		status: statusSchema,
		/** Topic fields, the main one first; empty when the source names none (issue 14). */
		topics: z.array(slug).default([]),
		description: z.string().optional().nullable(),
		notes: z.string().optional().nullable(),
		/** Where the facts come from: a citation or an http(s) link (issue 14). */
		source: z.string().max(2000).optional().nullable(),
		derived: z.array(z.enum(DERIVABLE)).default([]),
		participants: z.array(participantRecord).default([]),
		partner_groups: z.array(partnerGroupRecord).default([]),
		events: z.array(eventRecord).default([])
	})
	.strict();

export type CooperationRecord = z.infer<typeof cooperationRecord>;
