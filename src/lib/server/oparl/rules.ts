/** The IKZ recognition rules (data/oparl/rules.yaml), checked with zod when read. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const words = z.array(z.string().min(2).max(200)).min(1);

export const rulesSchema = z.object({
	threshold: z.number().positive(),
	legal_forms: z.array(z.object({ form: z.string().min(1), laws: z.array(z.string()).default([]), words, weight: z.number().positive() }).strict()).min(1),
	signals: z.array(z.object({ words, weight: z.number().positive() }).strict()),
	partner_weight: z.number().min(0),
	partner_max: z.number().int().min(0),
	events: z.array(z.object({
		kind: z.enum(['termination', 'new_member', 'council_decision']),
		event: z.enum(['termination', 'partner_joined', 'extension', 'new_version', 'founding', 'continuation']),
		words
	}).strict()),
	match: z.object({
		title_weight: z.number().min(0),
		partner_weight: z.number().min(0),
		topic_weight: z.number().min(0),
		legal_form_weight: z.number().min(0),
		threshold: z.number().positive(),
		stop_words: z.array(z.string())
	}).strict()
}).strict();

export type Rules = z.infer<typeof rulesSchema>;

export function parseRules(yamlText: string): Rules {
	return rulesSchema.parse(parse(yamlText));
}

const cache = new Map<string, Rules>();
export function readRules(dataDir: string): Rules {
	const file = path.join(dataDir, 'oparl', 'rules.yaml');
	let r = cache.get(file);
	if (!r) {
		r = parseRules(fs.readFileSync(file, 'utf8'));
		cache.set(file, r);
	}
	return r;
}
