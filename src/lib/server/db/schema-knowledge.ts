/** Kysely table types for knowledge base articles, checklist ticks (issue 7); migration 2026-11-26-*-knowledge. */
import type { Generated } from 'kysely';

export type ArticleKind = 'guide' | 'checklist' | 'model' | 'ruling' | 'faq' | 'source' | 'example';

export interface KnowledgeArticleTable {
	/** A slug; the article's address is /wissen/<id>. */
	id: string;
	/** null: for every region (the shipped articles); otherwise the region whose coordination wrote it. */
	region_id: string | null;
	kind: ArticleKind;
	title: string;
	summary: string;
	body_md: string;
	/** Kind-specific data: ruling (file_number, date, court, link, keywords), source (url, publisher), example (cooperations). */
	meta_json: string;
	/** Ids of the legal forms (taxonomies/legal-forms.yaml) the article concerns, as a JSON array. */
	legal_forms_json: string;
	/** Folded (foldGerman) title, summary, plain body, keywords and kind label, for the text search. */
	search_text: string;
	/** 'data:<file>' while the data file owns it; 'app' once created or edited in the app. */
	origin: string;
	content_hash: string;
	/** Optimistic lock, incremented by every save in the app. */
	version: Generated<number>;
	updated_at: string;
}

export interface ChecklistTickTable {
	article_id: string;
	item_key: string;
	cooperation_id: string;
	done_at: string;
	/** Who ticked it ("Name <e-mail>"): shown to signed-in members only. */
	done_by_label: string;
}

export interface KnowledgeTables {
	knowledge_article: KnowledgeArticleTable;
	checklist_tick: ChecklistTickTable;
}
