/**
 * Knowledge-base articles (issue 7, item 4): list and filter them, search them together with the
 * register, read one, and save one through a single path like cooperations and steering records:
 * zod validation, optimistic lock, the file state kept as the first version, a version per save in
 * record_version (entity 'article'), the revision bumped, the audit log written, and the article
 * handed to the app so the data files no longer change it (decision 0004).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema';
import type { ArticleKind, KnowledgeArticleTable } from '../db/schema-knowledge';
import { bumpRevision, keepFileState } from '../db/versions';
import { containsText } from '../db/dialect';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { foldGerman, queryTerms } from '../../domain/text-fold';
import { markdownPlainText } from '../../domain/markdown';
import { KIND_LABEL, type ArticleKindId } from '../../domain/knowledge';
import { slugKey } from '../../domain/task-items';
import { articleRecord, type ArticleRecord, type RulingMeta } from './schema';
import { KNOWLEDGE_LEGAL_FORMS, KNOWLEDGE_META, readJson } from '../db/json-columns';
import { actorLabel } from '../auth/actor-label';

export interface StoredArticle {
	record: ArticleRecord;
	regionId: string | null;
	version: number;
	origin: string;
	updatedAt: string;
}

export interface ArticleSummary {
	id: string;
	kind: ArticleKindId;
	title: string;
	summary: string;
	legalForms: string[];
	meta: Record<string, unknown>;
	origin: string;
	updatedAt: string;
}

type LegalFormLabels = Map<string, { label: string; short: string }>;

/** The folded text the search reads: kind, title, summary, body without markup, meta words, legal forms. */
export function articleSearchText(r: ArticleRecord, legalForms: LegalFormLabels): string {
	const words: (string | null | undefined)[] = [KIND_LABEL[r.kind], r.title, r.summary, markdownPlainText(r.body)];
	if (r.kind === 'ruling') {
		const m = r.meta as RulingMeta;
		words.push(m.file_number, m.court, ...m.keywords);
	} else if (r.kind === 'source') {
		words.push((r.meta as { publisher?: string | null }).publisher);
	}
	for (const id of r.legal_forms) {
		const lf = legalForms.get(id);
		if (lf) words.push(lf.label, lf.short);
	}
	return foldGerman(words.filter(Boolean).join(' \n '));
}

/** The table columns an article record fills (all but region, origin, hash, version, time). */
export function articleColumns(r: ArticleRecord, legalForms: LegalFormLabels) {
	return {
		id: r.id, kind: r.kind as ArticleKind, title: r.title, summary: r.summary, body_md: r.body,
		meta_json: JSON.stringify(r.meta), legal_forms_json: JSON.stringify(r.legal_forms),
		search_text: articleSearchText(r, legalForms)
	};
}

/** The legal forms an article can concern (all but "unknown"), in taxonomy order, for forms and filters. */
export async function legalFormOptions(db: Kysely<Database>): Promise<{ id: string; label: string }[]> {
	return db.selectFrom('legal_form').select(['id', 'label']).where('id', '!=', 'unknown').orderBy('position').execute();
}

async function legalFormLabels(db: Kysely<Database>): Promise<LegalFormLabels> {
	return new Map((await db.selectFrom('legal_form').select(['id', 'label', 'short']).execute()).map((l) => [l.id, l]));
}

function recordOf(r: Pick<Selectable<KnowledgeArticleTable>, 'id' | 'kind' | 'title' | 'summary' | 'body_md' | 'meta_json' | 'legal_forms_json'>): ArticleRecord {
	return {
		id: r.id, kind: r.kind, title: r.title, summary: r.summary, body: r.body_md,
		meta: readJson(KNOWLEDGE_META, r.meta_json), legal_forms: readJson(KNOWLEDGE_LEGAL_FORMS, r.legal_forms_json)
	};
}

export interface ArticleFilter {
	/** Text: all terms must occur (folded, parts of words count). */
	q?: string | null;
	kind?: ArticleKindId | null;
	legalForm?: string | null;
}

/** Articles by kind and title, filtered. */
export async function listArticles(db: Kysely<Database>, f: ArticleFilter = {}): Promise<ArticleSummary[]> {
	let q = db.selectFrom('knowledge_article')
		.select(['id', 'kind', 'title', 'summary', 'meta_json', 'legal_forms_json', 'origin', 'updated_at']);
	if (f.kind) q = q.where('kind', '=', f.kind);
	for (const term of queryTerms(f.q ?? '').slice(0, 20)) {
		q = q.where(containsText(db, sql.ref('search_text'), term));
	}
	const rows = await q.orderBy('kind').orderBy('title').execute();
	return rows
		.map((r) => ({
			id: r.id, kind: r.kind, title: r.title, summary: r.summary, legalForms: readJson(KNOWLEDGE_LEGAL_FORMS, r.legal_forms_json),
			meta: readJson(KNOWLEDGE_META, r.meta_json), origin: r.origin, updatedAt: r.updated_at
		}))
		.filter((a) => !f.legalForm || a.legalForms.includes(f.legalForm));
}

export async function readArticle(db: Kysely<Database>, id: string): Promise<StoredArticle | null> {
	const r = await db.selectFrom('knowledge_article').selectAll().where('id', '=', id).executeTakeFirst();
	return r ? { record: recordOf(r), regionId: r.region_id, version: r.version, origin: r.origin, updatedAt: r.updated_at } : null;
}

export interface KnowledgeHit {
	id: string;
	kind: ArticleKindId;
	title: string;
	href: string;
}

/** Articles for the register's text search (the block "Im Wissensbereich"). */
export async function searchKnowledge(db: Kysely<Database>, q: string, limit = 10): Promise<KnowledgeHit[]> {
	const terms = queryTerms(q);
	if (!terms.length) return [];
	const found = await listArticles(db, { q });
	// Articles whose title or kind holds every term first ("Checkliste" → the checklists), then the rest.
	const inTitle = (a: ArticleSummary) => {
		const t = foldGerman(`${KIND_LABEL[a.kind]} ${a.title}`);
		return terms.every((term) => t.includes(term)) ? 0 : 1;
	};
	return found
		.map((a, i) => ({ a, i, rank: inTitle(a) }))
		.sort((x, y) => x.rank - y.rank || x.i - y.i)
		.slice(0, limit)
		.map(({ a }) => ({ id: a.id, kind: a.kind, title: a.title, href: `/wissen/${a.id}` }));
}

/** A free id for a new article, from its title. */
export async function freeArticleId(db: Kysely<Database>, title: string): Promise<string> {
	const slug = slugKey(title, 70);
	const base = slug === 'neu' ? 'neu-artikel' : slug;
	for (let n = 1; ; n++) {
		const id = n === 1 ? base : `${base}-${n}`;
		if (!(await db.selectFrom('knowledge_article').select('id').where('id', '=', id).executeTakeFirst())) return id;
	}
}

export type ArticleSave =
	| { ok: true; id: string; version: number }
	| { ok: false; reason: 'conflict'; current: StoredArticle }
	| { ok: false; reason: 'invalid'; problems: { path: string; message: string }[] };

/**
 * Save one article; `expectedVersion` null creates it (in `regionId`). References are checked here
 * too: legal forms must exist, practice examples must name cooperations of the register.
 */
export async function saveArticle(
	db: Kysely<Database>, actor: Actor, input: unknown, expectedVersion: number | null,
	options: { regionId?: string | null; comment?: string | null } = {}, now = new Date()
): Promise<ArticleSave> {
	const parsed = articleRecord.safeParse(input);
	if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
	const rec = parsed.data;
	const labels = await legalFormLabels(db);
	const problems: { path: string; message: string }[] = [];
	for (const lf of rec.legal_forms) if (!labels.has(lf)) problems.push({ path: 'legal_forms', message: `Rechtsform ${lf} unbekannt` });
	if (rec.kind === 'example') {
		const ids = (rec.meta as { cooperations: string[] }).cooperations;
		const known = new Set((await db.selectFrom('cooperation').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
		for (const c of ids) if (!known.has(c)) problems.push({ path: 'meta.cooperations', message: `Eine Kooperation mit der Kennung „${c}“ gibt es im Register nicht.` });
	}
	if (problems.length) return { ok: false, reason: 'invalid', problems };
	const stamp = now.toISOString();
	const label = actorLabel(actor);
	const cols = articleColumns(rec, labels);
	return db.transaction().execute(async (trx): Promise<ArticleSave> => {
		const before = await trx.selectFrom('knowledge_article').selectAll().where('id', '=', rec.id).executeTakeFirst();
		let version = 1;
		if (expectedVersion === null) {
			if (before) return { ok: false, reason: 'invalid', problems: [{ path: 'id', message: `Die Kennung ${rec.id} ist schon vergeben.` }] };
			await trx.insertInto('knowledge_article').values({
				...cols, region_id: options.regionId ?? null, origin: 'app', content_hash: '', version: 1, updated_at: stamp
			}).execute();
		} else {
			if (!before) return { ok: false, reason: 'invalid', problems: [{ path: 'id', message: 'Diesen Artikel gibt es nicht mehr.' }] };
			const current: StoredArticle = { record: recordOf(before), regionId: before.region_id, version: before.version, origin: before.origin, updatedAt: before.updated_at };
			if (before.version !== expectedVersion) return { ok: false, reason: 'conflict', current };
			await keepFileState(trx, {
				entity: 'article', id: rec.id, version: before.version, at: before.updated_at, origin: before.origin,
				snapshotJson: JSON.stringify(current.record)
			});
			version = before.version + 1;
			const upd = await trx.updateTable('knowledge_article')
				.set({ ...cols, origin: 'app', version, updated_at: stamp })
				.where('id', '=', rec.id).where('version', '=', expectedVersion).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', current };
		}
		await trx.insertInto('record_version').values({
			entity: 'article', entity_id: rec.id, version, at: stamp, actor_id: actor.userId, actor_label: label,
			action: expectedVersion === null ? 'angelegt' : 'bearbeitet', snapshot_json: JSON.stringify(rec),
			comment: options.comment?.slice(0, 2000) ?? null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: expectedVersion === null ? 'article.create' : 'article.edit', entity: 'article', entityId: rec.id, detail: { version } }, now);
		return { ok: true, id: rec.id, version };
	});
}

export interface ArticleVersion {
	version: number;
	at: string;
	actorLabel: string;
	action: string;
	comment: string | null;
}

export async function articleVersions(db: Kysely<Database>, id: string): Promise<ArticleVersion[]> {
	const rows = await db.selectFrom('record_version').select(['version', 'at', 'actor_label', 'action', 'comment'])
		.where('entity', '=', 'article').where('entity_id', '=', id).orderBy('version', 'desc').execute();
	return rows.map((r) => ({ version: r.version, at: r.at, actorLabel: r.actor_label, action: r.action, comment: r.comment }));
}
