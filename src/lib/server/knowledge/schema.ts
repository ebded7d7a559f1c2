/**
 * The shape of a knowledge-base article (issue 7, item 4): the front matter of a shipped
 * `data/knowledge/<id>.md` plus its Markdown body, and the same record when it is edited in the app
 * and kept as a version. The meta data depend on the kind and are checked per kind.
 */
import { z } from 'zod';
import { ARTICLE_KINDS, type ArticleKindId } from '../../domain/knowledge';
import { BODY_MAX } from '../../domain/markdown';

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 1000;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'nur a-z, 0-9 und Bindestrich');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum als JJJJ-MM-TT');
const httpUrl = z.string().max(500).regex(/^https?:\/\/[^\s<>"]+$/, 'eine Adresse mit http:// oder https://');
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const rulingMeta = z.object({
	file_number: shortText(100),
	date: isoDay,
	court: shortText(200),
	link: httpUrl.nullable().optional(),
	keywords: z.array(shortText(60)).max(30).default([])
}).strict();

export const sourceMeta = z.object({
	url: httpUrl.nullable().optional(),
	publisher: z.string().trim().max(200).nullable().optional()
}).strict();

export const exampleMeta = z.object({
	cooperations: z.array(slug).min(1).max(50)
}).strict();

const noMeta = z.object({}).strict();

export const META_SCHEMA: Record<ArticleKindId, z.ZodType> = {
	guide: noMeta, checklist: noMeta, model: noMeta, faq: noMeta,
	ruling: rulingMeta, source: sourceMeta, example: exampleMeta
};

export type RulingMeta = z.infer<typeof rulingMeta>;
export type SourceMeta = z.infer<typeof sourceMeta>;
export type ExampleMeta = z.infer<typeof exampleMeta>;

const baseArticle = z.object({
	// "neu" is the address of the editor for new articles (/wissen/neu).
	id: slug.refine((id) => id !== 'neu', 'id „neu“ ist vergeben (/wissen/neu)'),
	kind: z.enum(ARTICLE_KINDS),
	title: shortText(TITLE_MAX),
	summary: z.string().trim().max(SUMMARY_MAX).default(''),
	legal_forms: z.array(slug).max(20).default([]),
	meta: z.record(z.string(), z.unknown()).default({}),
	body: z.string().max(BODY_MAX).default('')
}).strict();

/** One article, with the meta data checked for its kind. */
export const articleRecord = baseArticle.transform((a, ctx) => {
	const meta = META_SCHEMA[a.kind].safeParse(a.meta);
	if (!meta.success) {
		for (const issue of meta.error.issues) ctx.addIssue({ code: 'custom', path: ['meta', ...issue.path.map(String)], message: issue.message });
		return z.NEVER;
	}
	return { ...a, meta: meta.data as Record<string, unknown> };
});

export type ArticleRecord = z.output<typeof articleRecord>;

/** The front matter of a data file: everything but the body. */
export const frontMatter = baseArticle.omit({ body: true });
