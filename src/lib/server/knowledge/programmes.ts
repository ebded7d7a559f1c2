/**
 * Funding programmes as data (issue 7, item 3).
 *
 * The programmes stay in `data/funding/programmes.yaml` and are not copied into the database: they
 * are shipped, read-only rules that nobody edits in the app, so a table would only add a second
 * copy to keep in step. readDataSet validates the file at start-up with the other data files (a
 * broken file stops the start); the page then reads it once per process through
 * `readFundingProgrammes` (cached by folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { FundingProgramme } from '../../domain/funding';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const money = z.number().int().nonnegative().max(1_000_000_000);
const share = z.number().min(0).max(1);

export const fundingProgramme = z.object({
	id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/),
	land: z.string().min(1).max(100),
	name: z.string().min(1).max(200),
	richtlinie: z.string().min(1).max(300).nullable().default(null),
	source_note: z.string().min(1).max(1000),
	// null: the start of this version is not verified (see the data file's comments).
	valid_from: isoDay.nullable(),
	valid_to: isoDay.nullable().default(null),
	// Every figure may be null: not verified against the Richtlinie; the check then leaves the condition open.
	min_partners: z.number().int().min(1).max(100).nullable().default(2),
	base_amount: money.nullable(),
	per_further_partner: money.nullable(),
	max_share: share.nullable(),
	min_years: z.number().min(0).max(100).nullable(),
	min_years_exceptions: z.boolean().default(false),
	min_savings: share.nullable(),
	improvement_alternative: z.boolean().nullable(),
	min_income_increase: share.nullable().optional(),
	min_costs: money.nullable().optional(),
	raised_cap: z.object({ amount: money, condition: z.string().min(1).max(300) }).strict().nullable().optional(),
	further_conditions: z.array(z.string().min(1).max(400)).max(20).optional(),
	extension_unchecked: z.boolean().default(false),
	new_projects_only: z.boolean().default(false),
	count_only_land_partners: z.boolean().default(false),
	cross_border_single_partner_cap: money.nullable().default(null),
	unverified: z.array(z.string().min(1).max(60)).max(30).default([])
}).strict()
	.refine((p) => p.valid_to === null || p.valid_from === null || p.valid_from <= p.valid_to, { message: 'valid_to liegt vor valid_from', path: ['valid_to'] });

export const fundingFile = z.array(fundingProgramme).superRefine((list, ctx) => {
	const ids = new Set<string>();
	for (const [i, p] of list.entries()) {
		if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Programm ${p.id} doppelt` });
		ids.add(p.id);
	}
});

const cache = new Map<string, FundingProgramme[]>();

/** The programmes of a data folder, validated; read once per process. */
export function readFundingProgrammes(dataDir: string): FundingProgramme[] {
	const key = path.resolve(dataDir);
	const hit = cache.get(key);
	if (hit) return hit;
	const file = path.join(key, 'funding', 'programmes.yaml');
	const list = fs.existsSync(file) ? fundingFile.parse(parseYaml(fs.readFileSync(file, 'utf8'))) : [];
	cache.set(key, list);
	return list;
}
