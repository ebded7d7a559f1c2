import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { can } from '#lib/server/auth/policy.ts';
import { legalFormOptions, listArticles } from '#lib/server/knowledge/articles.ts';
import { ARTICLE_KINDS, isArticleKind } from '#lib/domain/knowledge.ts';

export const load: PageServerLoad = async ({ url, locals }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const kindRaw = (url.searchParams.get('art') ?? '').trim();
	const kind = isArticleKind(kindRaw) ? kindRaw : null;
	const legalForms = await legalFormOptions(db());
	const lfRaw = (url.searchParams.get('rechtsform') ?? '').trim();
	const legalForm = legalForms.some((l) => l.id === lfRaw) ? lfRaw : null;
	const articles = await listArticles(db(), { q, kind, legalForm });
	const sections = ARTICLE_KINDS
		.map((k) => ({ kind: k, articles: articles.filter((a) => a.kind === k) }))
		// Rulings newest first, as a table of decisions is read.
		.map((s) => (s.kind === 'ruling' ? { ...s, articles: [...s.articles].sort((x, y) => String(y.meta.date).localeCompare(String(x.meta.date))) } : s))
		.filter((s) => s.articles.length > 0);
	return {
		query: { q, kind, legalForm },
		filtered: !!(q || kind || legalForm),
		total: articles.length,
		sections,
		legalForms,
		legalFormLabel: Object.fromEntries(legalForms.map((l) => [l.id, l.label])),
		mayCreate: can(locals.actor, 'knowledge.edit', { regionId: locals.actor.regionId })
	};
};
