/**
 * The knowledge base's forms: the article editor (/wissen/neu, /wissen/[id]/bearbeiten; the edit
 * form adds the version it started from) and a checklist's ticks (/wissen/[id], "abhaken"). The
 * article's rules are `formToRecord` (knowledge/article-form.ts); here each field is read, its line
 * ends made Unix and cut to a size no input sends.
 */
import { z } from 'zod';
import { text } from './form-data';
import type { ArticleFormValues } from '../knowledge/article-form';
import { SUMMARY_MAX, TITLE_MAX } from '../knowledge/schema';
import { BODY_MAX } from '../../domain/markdown';

/** A text field: CRLF → LF, cut to `max`, trimmed unless `keepSpace`; anything but text → ''. */
const field = (max: number, keepSpace = false) => text().catch('').transform((s) => {
	const cut = s.replace(/\r\n/g, '\n').slice(0, max);
	return keepSpace ? cut : cut.trim();
});

export const articleForm = z.object({
	title: field(TITLE_MAX + 50),
	summary: field(SUMMARY_MAX + 100),
	kind: field(20),
	/** The legal forms the article is about: at most 30, each cut to 60 characters. */
	legal_forms: z.array(z.unknown()).catch([]).default([]).transform((v) => v.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 60)).slice(0, 30)),
	body: field(BODY_MAX + 1000, true),
	file_number: field(150),
	ruling_date: field(20),
	court: field(250),
	link: field(600),
	keywords: field(2000),
	url: field(600),
	publisher: field(250),
	cooperations: field(2000),
	comment: field(2000)
}).strip() satisfies z.ZodType<ArticleFormValues>;

/** Cooperation and article ids: lowercase letters, digits and hyphens. */
export const ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,100}$/;

export const checklistTickForm = z.object({
	kooperation: text().catch('').transform((s) => s.trim().slice(0, 120))
		.pipe(z.string().regex(ENTRY_ID, 'Bitte wählen Sie die Kooperation, für die Sie abhaken.')),
	/** The ticked items: at most 500, each cut to 80 characters. */
	punkt: z.array(z.unknown()).default([]).transform((v) => v.filter((x): x is string => typeof x === 'string').slice(0, 500).map((k) => k.slice(0, 80)))
});

/** The version an article's editor started from: a whole number of at least 1, or null. */
export const articleVersionForm = z.object({
	version: text().catch('').transform((s) => {
		const n = Number.parseInt(s, 10);
		return Number.isInteger(n) && n >= 1 ? n : null;
	})
});
