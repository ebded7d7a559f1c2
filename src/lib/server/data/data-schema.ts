/**
 * zod schemas of the region data files (docs/data-format.md). The loader validates every file
 * with them before anything is written.
 */
import { z } from 'zod';
import { cooperationRecord, slug } from '../../domain/cooperation';

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
			/**
			 * Official municipality key (AGS, 8 digits) of the body's seat, for a body without a place of
			 * its own (a Landschaftsverband, an agency): without lat/lon it is drawn at the seat's
			 * position from the national directory (read-data.ts), marked as the seat's.
			 */
			seat: z.string().regex(/^\d{8}$/).optional().nullable(),
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

// The cooperation record is defined once, in the domain (its enums and schema); a data file holds a list.
export { DERIVABLE, EVENT_KINDS, PERFORMER_KINDS, ROLES, STATUSES, type CooperationRecord } from '../../domain/cooperation';

export const cooperationFile = z.array(cooperationRecord);

export type BodyRecord = z.infer<typeof bodyFile>[number];
export type RegionRecord = z.infer<typeof regionFile>;
