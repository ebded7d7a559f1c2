/**
 * The kinds of knowledge-base articles (issue 7, item 4) and their German names, shared by the
 * server and the pages.
 */
export const ARTICLE_KINDS = ['guide', 'checklist', 'model', 'ruling', 'faq', 'source', 'example'] as const;
export type ArticleKindId = (typeof ARTICLE_KINDS)[number];

export const KIND_LABEL: Record<ArticleKindId, string> = {
	guide: 'Leitfaden',
	checklist: 'Checkliste',
	model: 'Mustertext',
	ruling: 'Rechtsprechung',
	faq: 'Häufige Fragen',
	source: 'Quelle',
	example: 'Praxisbeispiel'
};

/** Headings of the overview's sections, in this order. */
export const KIND_SECTION: Record<ArticleKindId, string> = {
	guide: 'Leitfäden nach Rechtsform',
	checklist: 'Checklisten',
	model: 'Mustertexte',
	ruling: 'Rechtsprechung',
	faq: 'Häufige Fragen',
	source: 'Externe Quellen',
	example: 'Praxisbeispiele aus dem Register'
};

export const isArticleKind = (v: string): v is ArticleKindId => (ARTICLE_KINDS as readonly string[]).includes(v);

/** "Checkliste: Zweckverband gründen", but not "Leitfaden: Leitfaden: …" when the title already says it. */
export function kindPrefixedTitle(kind: ArticleKindId, title: string): string {
	const label = KIND_LABEL[kind];
	return title.toLowerCase().startsWith(label.toLowerCase().slice(0, 6)) ? title : `${label}: ${title}`;
}
