/**
 * Applies the shipped articles (data/knowledge/*.md) to the database, inside applyDataSet's
 * transaction, the way steering records are applied: matched by id, compared by a content hash,
 * app-owned articles (created or edited in the app) left alone, and only articles that came from a
 * data file removed when their file is gone.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ChangeCounts } from '../data/load-data';
import type { ShippedArticle } from './read';
import { articleColumns } from './articles';

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

export async function applyKnowledge(
	db: Kysely<Database>, articles: ShippedArticle[], legalForms: { id: string; label: string; short: string }[],
	stamp: string, counts: ChangeCounts
): Promise<void> {
	const labels = new Map(legalForms.map((l) => [l.id, l]));
	const existing = new Map(
		(await db.selectFrom('knowledge_article').select(['id', 'origin', 'content_hash']).execute()).map((r) => [r.id, r])
	);
	for (const { file, record } of articles) {
		const old = existing.get(record.id);
		existing.delete(record.id);
		if (old?.origin === 'app') { counts.keptApp++; continue; }
		const origin = `data:${file}`;
		const cols = articleColumns(record, labels);
		const h = hash([record, cols.search_text, origin]);
		if (old?.content_hash === h) { counts.unchanged++; continue; }
		const row = { ...cols, region_id: null, origin, content_hash: h, updated_at: stamp };
		if (old) {
			await db.updateTable('knowledge_article').set(row).where('id', '=', record.id).execute();
			counts.changed.push(record.id);
		} else {
			await db.insertInto('knowledge_article').values(row).execute();
			counts.added.push(record.id);
		}
	}
	for (const [id, old] of existing) {
		if (!old.origin.startsWith('data:')) continue;
		await db.deleteFrom('knowledge_article').where('id', '=', id).execute();
		counts.removed.push(id);
	}
}
