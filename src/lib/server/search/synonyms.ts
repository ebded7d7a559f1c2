/**
 * The search vocabulary (data/taxonomies/synonyms.yaml): groups of words that mean the same
 * thing to the people who search the register, and a short description of each topic field.
 * Bundled with the app at build time and validated with zod when the module loads, so a broken
 * file fails the build's tests, not a search.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import raw from '../../../../data/taxonomies/synonyms.yaml?raw';
import { foldGerman } from '../../domain/text-fold';

const word = z.string().trim().min(2).max(60).refine((w) => /^[\p{L}\p{N}]+$/u.test(foldGerman(w)), {
	message: 'one word per entry (no spaces, no punctuation)'
});

export const synonymFile = z.object({
	groups: z.array(z.array(word).min(2)).min(1),
	topics: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().trim().min(3).max(1000))
}).strict();

export type SynonymFile = z.infer<typeof synonymFile>;

export interface Vocabulary {
	/** Folded word -> the folded words of every group it belongs to (without itself). */
	synonyms: Map<string, string[]>;
	/** Topic id -> description. */
	topicDescriptions: Map<string, string>;
	groupCount: number;
}

/** The vocabulary of a parsed file; throws on an invalid one. */
export function vocabulary(file: unknown): Vocabulary {
	const parsed = synonymFile.parse(file);
	const synonyms = new Map<string, Set<string>>();
	for (const group of parsed.groups) {
		const folded = [...new Set(group.map((w) => foldGerman(w)))];
		for (const w of folded) {
			let set = synonyms.get(w);
			if (!set) synonyms.set(w, (set = new Set()));
			for (const other of folded) if (other !== w) set.add(other);
		}
	}
	return {
		synonyms: new Map([...synonyms].map(([w, s]) => [w, [...s]])),
		topicDescriptions: new Map(Object.entries(parsed.topics)),
		groupCount: parsed.groups.length
	};
}

let shipped: Vocabulary | null = null;

/** The vocabulary shipped in data/taxonomies/synonyms.yaml. */
export function shippedVocabulary(): Vocabulary {
	shipped ??= vocabulary(parseYaml(raw));
	return shipped;
}
