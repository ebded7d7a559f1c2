/**
 * Checklists ticked per cooperation (issue 7, item 4), and what the knowledge base has to say about
 * one cooperation (its profile's section "Wissen und Förderung"). A tick names the article, the
 * item's stable key (src/lib/domain/task-items.ts) and the cooperation; who may tick is decided by
 * the route (`checklist.tick` on the cooperation's bodies, like editing it).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { checklistItems } from '../../domain/markdown';
import type { ArticleKindId } from '../../domain/knowledge';
import { readArticle } from './articles';
import { KNOWLEDGE_EXAMPLE_META, KNOWLEDGE_LEGAL_FORMS, readJson } from '../db/json-columns';
import { actorLabel } from '../auth/actor-label';

export interface TickState {
	key: string;
	text: string;
	done: boolean;
	doneAt: string | null;
	/** Who ticked it; personal data, for members only (the route decides). */
	doneBy: string | null;
}

/** The items of a checklist with their state for one cooperation. */
export async function checklistState(db: Kysely<Database>, articleId: string, cooperationId: string): Promise<TickState[] | null> {
	const a = await readArticle(db, articleId);
	if (!a || a.record.kind !== 'checklist') return null;
	const ticks = new Map(
		(await db.selectFrom('checklist_tick').selectAll().where('article_id', '=', articleId).where('cooperation_id', '=', cooperationId).execute())
			.map((t) => [t.item_key, t])
	);
	return checklistItems(a.record.body).map((i) => {
		const t = ticks.get(i.key);
		return { key: i.key, text: i.text, done: !!t, doneAt: t?.done_at ?? null, doneBy: t?.done_by_label ?? null };
	});
}

export type TickWrite =
	| { ok: true; added: string[]; removed: string[] }
	| { ok: false; reason: 'not_found' | 'invalid'; message: string };

/**
 * Set which items of a checklist are done for a cooperation: `doneKeys` is the full set after the
 * change (the form posts every ticked box). New ticks are stamped now; kept ones keep their time.
 */
export async function setChecklistTicks(
	db: Kysely<Database>, actor: Actor, articleId: string, cooperationId: string, doneKeys: string[], now = new Date()
): Promise<TickWrite> {
	const a = await readArticle(db, articleId);
	if (!a || a.record.kind !== 'checklist') return { ok: false, reason: 'not_found', message: 'Diese Checkliste gibt es nicht.' };
	const coop = await db.selectFrom('cooperation').select('id').where('id', '=', cooperationId).executeTakeFirst();
	if (!coop) return { ok: false, reason: 'not_found', message: 'Diese Kooperation gibt es nicht.' };
	const keys = new Set(checklistItems(a.record.body).map((i) => i.key));
	const wanted = new Set(doneKeys);
	for (const k of wanted) if (!keys.has(k)) return { ok: false, reason: 'invalid', message: 'Die Checkliste wurde inzwischen geändert. Bitte laden Sie die Seite neu.' };
	const label = actorLabel(actor);
	return db.transaction().execute(async (trx): Promise<TickWrite> => {
		const have = new Set((await trx.selectFrom('checklist_tick').select('item_key')
			.where('article_id', '=', articleId).where('cooperation_id', '=', cooperationId).execute()).map((r) => r.item_key));
		const added = [...wanted].filter((k) => !have.has(k));
		// Ticks of items that are no longer in the text stay: an editor may bring the item back.
		const removed = [...have].filter((k) => !wanted.has(k) && keys.has(k));
		if (added.length) {
			await trx.insertInto('checklist_tick')
				.values(added.map((item_key) => ({ article_id: articleId, item_key, cooperation_id: cooperationId, done_at: now.toISOString(), done_by_label: label })))
				.execute();
		}
		if (removed.length) {
			await trx.deleteFrom('checklist_tick').where('article_id', '=', articleId).where('cooperation_id', '=', cooperationId)
				.where('item_key', 'in', removed).execute();
		}
		if (added.length || removed.length) {
			await audit(trx, actor, {
				action: 'checklist.tick', entity: 'cooperation', entityId: cooperationId,
				detail: { checkliste: articleId, erledigt: added.length, zurueckgenommen: removed.length }
			}, now);
		}
		return { ok: true, added, removed };
	});
}

export interface ChecklistProgress {
	articleId: string;
	title: string;
	done: number;
	total: number;
}

/** Every checklist that has at least one tick for the cooperation, with how far it is. */
export async function checklistProgress(db: Kysely<Database>, cooperationId: string): Promise<ChecklistProgress[]> {
	const ticks = await db.selectFrom('checklist_tick').select(['article_id', 'item_key']).where('cooperation_id', '=', cooperationId).execute();
	if (!ticks.length) return [];
	const byArticle = new Map<string, Set<string>>();
	for (const t of ticks) (byArticle.get(t.article_id) ?? byArticle.set(t.article_id, new Set()).get(t.article_id)!).add(t.item_key);
	const articles = await db.selectFrom('knowledge_article').select(['id', 'title', 'body_md'])
		.where('kind', '=', 'checklist').where('id', 'in', [...byArticle.keys()]).orderBy('title').execute();
	return articles.map((a) => {
		const items = checklistItems(a.body_md);
		const done = byArticle.get(a.id)!;
		return { articleId: a.id, title: a.title, done: items.filter((i) => done.has(i.key)).length, total: items.length };
	});
}

/** Cooperations the actor may tick checklists for: coordinators their region's, editors their body's. */
export async function tickableCooperations(db: Kysely<Database>, actor: Actor): Promise<{ id: string; title: string }[]> {
	if (actor.role === 'visitor' || actor.role === 'member') return [];
	let q = db.selectFrom('cooperation').select(['id', 'title', 'number', 'list']).where('archived_at', 'is', null);
	if (actor.role === 'coordinator') {
		if (actor.regionId) q = q.where('region_id', '=', actor.regionId);
	} else if (actor.role === 'editor') {
		if (!actor.bodyId) return [];
		const body = actor.bodyId;
		q = q.where((eb) => eb.or([
			eb('performer_body_id', '=', body),
			eb.exists(eb.selectFrom('participation').select('body_id').whereRef('participation.cooperation_seq', '=', 'cooperation.seq').where('participation.body_id', '=', body))
		]));
	}
	const rows = await q.orderBy('list').orderBy('number').orderBy('id').execute();
	return rows.map((r) => ({ id: r.id, title: r.title }));
}

export interface CooperationKnowledge {
	/** Guides, checklists, model texts, rulings and FAQ that concern the cooperation's legal form. */
	related: { id: string; kind: ArticleKindId; title: string }[];
	/** Practice examples that name this cooperation. */
	examples: { id: string; title: string }[];
	checklists: ChecklistProgress[];
}

export async function knowledgeForCooperation(db: Kysely<Database>, cooperationId: string, legalFormId: string): Promise<CooperationKnowledge> {
	const rows = await db.selectFrom('knowledge_article').select(['id', 'kind', 'title', 'meta_json', 'legal_forms_json']).orderBy('kind').orderBy('title').execute();
	const related: CooperationKnowledge['related'] = [];
	const examples: CooperationKnowledge['examples'] = [];
	for (const r of rows) {
		if (r.kind === 'example') {
			const coops = readJson(KNOWLEDGE_EXAMPLE_META, r.meta_json).cooperations ?? [];
			if (coops.includes(cooperationId)) examples.push({ id: r.id, title: r.title });
		} else if (legalFormId !== 'unknown' && readJson(KNOWLEDGE_LEGAL_FORMS, r.legal_forms_json).includes(legalFormId)) {
			related.push({ id: r.id, kind: r.kind, title: r.title });
		}
	}
	const order: ArticleKindId[] = ['guide', 'checklist', 'model', 'faq', 'ruling', 'source'];
	related.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.title.localeCompare(b.title, 'de'));
	return { related, examples, checklists: await checklistProgress(db, cooperationId) };
}
