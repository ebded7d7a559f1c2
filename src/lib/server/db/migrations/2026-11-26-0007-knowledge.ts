/**
 * Knowledge base articles and checklist ticks (issue 7, item 4). An article is one row, read and
 * written whole (a knowledge base holds dozens, not thousands); its versions go to record_version
 * with entity 'article'. A tick says that one item of a checklist is done for one cooperation.
 * Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('knowledge_article')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('region_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('meta_json', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('legal_forms_json', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('origin', 'text', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('knowledge_article_kind').on('knowledge_article').columns(['kind', 'title']).execute();

	await db.schema
		.createTable('checklist_tick')
		.addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_article.id').onDelete('cascade'))
		.addColumn('item_key', 'text', (c) => c.notNull())
		.addColumn('cooperation_id', 'text', (c) => c.notNull())
		.addColumn('done_at', 'text', (c) => c.notNull())
		.addColumn('done_by_label', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('checklist_tick_pk', ['article_id', 'item_key', 'cooperation_id'])
		.execute();
	await db.schema.createIndex('checklist_tick_cooperation').on('checklist_tick').columns(['cooperation_id', 'article_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['checklist_tick', 'knowledge_article']) await db.schema.dropTable(t).execute();
}
