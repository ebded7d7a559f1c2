/**
 * The data of the search page (/kooperationen): the search with its facets, and for a search text
 * also the measures, working groups and ideas (issue 6, item 6) and the knowledge-base articles
 * (issue 7, item 4: "Amtsblatt" finds the checklist) it finds. Plain JSON only: the page sends it
 * to the browser as one JSON text (src/lib/site/json-data.ts), and a test holds it to that.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Settings } from '../settings';
import { searchPage } from './search-service';
import { searchSteering } from '../steering/search';
import { searchKnowledge } from '../knowledge/articles';

export async function searchPageData(db: Kysely<Database>, params: URLSearchParams, settings: Settings) {
	const page = await searchPage(db, params, settings);
	const steering = page.query.q ? await searchSteering(db, page.query.q) : [];
	const knowledge = page.query.q ? await searchKnowledge(db, page.query.q) : [];
	return { ...page, steering, knowledge, pageSizeDefault: settings.PAGE_SIZE_DEFAULT };
}
