/**
 * The law book of the Länder (data/law/laender.yaml) and the legal-form normaliser over it and the
 * taxonomy (data/taxonomies/legal-forms.yaml), read once from the data folder and validated with
 * zod (issue 13, part 4). The data folder is the setting DATA_DIR (environment, default `data`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { makeLegalFormNormaliser, parseLawBook, type LawBook, type NormalisedForm, type TaxonomyForm } from '../../domain/land-law';

/** The setting DATA_DIR (docs/settings.md) as the server reads it from the environment. */
const dataDir = (): string => process.env.DATA_DIR || 'data';

const cache = new Map<string, { book: LawBook; normalise: (text: string, land?: string | null) => NormalisedForm | null }>();

const taxonomyFile = z.array(z.object({ id: z.string(), label: z.string(), short: z.string(), spellings: z.array(z.string()).default([]) }).passthrough());

function loaded(dir = dataDir()) {
	let hit = cache.get(dir);
	if (!hit) {
		const book = parseLawBook(parseYaml(fs.readFileSync(path.join(dir, 'law/laender.yaml'), 'utf8')));
		const taxonomy: TaxonomyForm[] = taxonomyFile.parse(parseYaml(fs.readFileSync(path.join(dir, 'taxonomies/legal-forms.yaml'), 'utf8')));
		hit = { book, normalise: makeLegalFormNormaliser(book, taxonomy) };
		cache.set(dir, hit);
	}
	return hit;
}

/** The validated law book of the Länder. */
export function lawBook(dir?: string): LawBook {
	return loaded(dir).book;
}

/**
 * The stored legal-form key (and the Land's name for the form) of a written legal form: "ZV",
 * "Zweckvereinb.", "öff.-rechtl. Vereinbarung", "gKU", "KAG", "GmbH" … `land`: a Land key (05) or
 * any AGS/ARS of the Land, to prefer that Land's names. null when the text names no known form.
 * For the importer (issue 14).
 */
export function normaliseLegalForm(text: string, land?: string | null): NormalisedForm | null {
	return loaded().normalise(text, land);
}
