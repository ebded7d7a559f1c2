/**
 * The parts of OParl 1.1 objects (https://oparl.org/spezifikation) the app reads, checked with zod.
 * Unknown properties are kept out; missing optional ones are fine, as systems differ.
 */
import { z } from 'zod';

const url = z.string().url().max(2000);
const text = z.string().max(100_000);

export const OparlSystem = z.object({
	id: url,
	type: z.string().regex(/\/System$/),
	oparlVersion: z.string().max(200).optional(),
	name: text.optional(),
	body: url
});

export const OparlBody = z.object({
	id: url,
	type: z.string().regex(/\/Body$/),
	name: text,
	shortName: text.optional(),
	paper: url.optional(),
	meeting: url.optional(),
	deleted: z.boolean().optional()
});
export type OparlBody = z.infer<typeof OparlBody>;

export const OparlFile = z.object({
	id: url.optional(),
	name: text.optional(),
	fileName: text.optional(),
	text: z.string().max(2_000_000).optional(),
	accessUrl: url.optional()
});

export const OparlConsultation = z.object({
	id: url.optional(),
	meeting: url.optional(),
	agendaItem: url.optional(),
	role: text.optional(),
	authoritative: z.boolean().optional()
});

export const OparlPaper = z.object({
	id: url,
	type: z.string().regex(/\/Paper$/),
	name: text.default(''),
	reference: text.optional(),
	paperType: text.optional(),
	date: z.string().max(40).optional(),
	web: url.optional(),
	modified: z.string().max(40).optional(),
	deleted: z.boolean().optional(),
	mainFile: OparlFile.optional(),
	auxiliaryFile: z.array(OparlFile).max(500).optional(),
	consultation: z.array(OparlConsultation).max(500).optional()
});
export type OparlPaper = z.infer<typeof OparlPaper>;

export const OparlAgendaItem = z.object({
	id: url,
	number: text.optional(),
	name: text.optional(),
	result: text.optional(),
	resolutionText: text.optional(),
	consultation: url.optional()
});

export const OparlMeeting = z.object({
	id: url,
	type: z.string().regex(/\/Meeting$/),
	name: text.optional(),
	start: z.string().max(40).optional(),
	deleted: z.boolean().optional(),
	agendaItem: z.array(OparlAgendaItem).max(2000).optional()
});
export type OparlMeeting = z.infer<typeof OparlMeeting>;

/** A page of an external object list (OParl 1.1, section "Paginierung"). */
export const OparlPage = z.object({
	data: z.array(z.unknown()).max(10_000),
	links: z.object({ next: url.optional() }).partial().optional()
});
