/**
 * zod schemas of the region data files (docs/data-format.md). The loader validates every file
 * with them before anything is written.
 */
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: nur a-z, 0-9 und Bindestrich');
const fuzzy = z.union([z.string(), z.number()]).transform((v) => String(v));

export const topicFile = z.array(
	z.object({ id: slug, label: z.string().min(1), nkf: z.array(z.string()).default([]) }).strict()
);

export const legalFormFile = z.array(
	z
		.object({
			id: slug,
			label: z.string().min(1),
			short: z.string(),
			group: z.string(),
			spellings: z.array(z.string()).default([])
		})
		.strict()
);

export const taskFile = z.array(
	z
		.object({
			id: slug,
			label: z.string().min(1),
			topic: slug.optional().nullable(),
			match: z.array(z.string().min(2)).min(1)
		})
		.strict()
);

export const BODY_KINDS = [
	'kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt', 'landschaftsverband', 'regionalverband',
	'bezirksregierung', 'regierungsbezirk', 'landesbetrieb', 'zweckverband', 'aoer', 'unternehmen',
	'verein', 'kammer', 'einrichtung', 'sonstige',
	// Units of the national municipality directory (issue 13).
	'land', 'gemeindeverband', 'gemeindefreies-gebiet'
] as const;

export const bodyFile = z.array(
	z
		.object({
			id: slug,
			name: z.string().min(1),
			official_name: z.string().optional(),
			kind: z.enum(BODY_KINDS),
			ags: z.string().regex(/^\d{2,12}$/).optional().nullable(),
			aliases: z.array(z.string()).default([]),
			parent: slug.optional().nullable(),
			lat: z.number().min(-90).max(90).optional().nullable(),
			lon: z.number().min(-180).max(180).optional().nullable(),
			note: z.string().optional().nullable()
		})
		.strict()
);

export const regionFile = z
	.object({
		id: slug,
		name: z.string().min(1),
		kreis_body: slug,
		source: z.record(z.string(), z.string()).default({}),
		lists: z.array(z.object({ id: slug, label: z.string() })).default([])
	})
	.strict();

export const ROLES = ['lead', 'member', 'performer', 'client', 'contract', 'associated', 'owner'] as const;
export const STATUSES = ['active', 'planned', 'under_review', 'ended', 'temporary'] as const;
export const PERFORMER_KINDS = ['body', 'jointly', 'each', 'unknown'] as const;
export const EVENT_KINDS = [
	'founding', 'start', 'new_version', 'extension', 'continuation', 'conversion', 'termination',
	'partner_left', 'partner_joined', 'planned'
] as const;
export const DERIVABLE = [
	'title', 'legal_form', 'topics', 'status', 'performer', 'start', 'end', 'participants',
	'partner_groups', 'events', 'description'
] as const;

export const cooperationFile = z.array(
	z
		.object({
			id: slug,
			list: slug,
			number: z.number().int().optional().nullable(),
			slide: z.number().int().optional().nullable(),
			org_unit: fuzzy.optional().nullable(),
			title: z.string().min(1),
			title_source: z.string().optional().nullable(),
			partners_source: z.string().optional().nullable(),
			performer_source: z.string().optional().nullable(),
			performer: z
				.object({ kind: z.enum(PERFORMER_KINDS), body: slug.optional().nullable(), note: z.string().optional() })
				.strict(),
			legal_form: slug,
			legal_form_source: z.string().optional().nullable(),
			start_source: fuzzy.optional().nullable(),
			start: fuzzy.optional().nullable(),
			end: fuzzy.optional().nullable(),
			status: z.enum(STATUSES),
			topics: z.array(slug).min(1),
			description: z.string().optional().nullable(),
			notes: z.string().optional().nullable(),
			derived: z.array(z.enum(DERIVABLE)).default([]),
			participants: z
				.array(
					z
						.object({
							body: slug,
							role: z.enum(ROLES),
							joined: fuzzy.optional().nullable(),
							left: fuzzy.optional().nullable(),
							note: z.string().optional().nullable()
						})
						.strict()
				)
				.default([]),
			partner_groups: z
				.array(
					z
						.object({
							label: z.string().min(1),
							count: z.number().int().nonnegative().optional().nullable(),
							note: z.string().optional().nullable()
						})
						.strict()
				)
				.default([]),
			events: z
				.array(
					z
						.object({ kind: z.enum(EVENT_KINDS), date: fuzzy.optional().nullable(), text: z.string().optional().nullable() })
						.strict()
				)
				.default([])
		})
		.strict()
);

export type BodyRecord = z.infer<typeof bodyFile>[number];
export type CooperationRecord = z.infer<typeof cooperationFile>[number];
export type RegionRecord = z.infer<typeof regionFile>;
