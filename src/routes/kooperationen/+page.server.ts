import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { searchPage } from '#lib/server/registry/search-service.ts';
import { searchSteering } from '#lib/server/steering/search.ts';
import { searchKnowledge } from '#lib/server/knowledge/articles.ts';

export const load: PageServerLoad = async ({ url }) => {
	const s = settings();
	const page = await searchPage(db(), url.searchParams, s);
	// Measures, working groups and ideas take part in the text search (issue 6, item 6).
	const steering = page.query.q ? await searchSteering(db(), page.query.q) : [];
	// Knowledge-base articles too (issue 7, item 4): "Amtsblatt" finds the checklist.
	const knowledge = page.query.q ? await searchKnowledge(db(), page.query.q) : [];
	return { ...page, steering, knowledge, pageSizeDefault: s.PAGE_SIZE_DEFAULT };
};
