/**
 * The search page's data crosses to the browser as one JSON text (src/lib/site/json-data.ts), so it
 * must survive JSON unchanged: no undefined fields, Dates, Maps or NaN in any state of the page –
 * text with hits, steering records and articles found, no hit with suggestions, filters, a year,
 * a second page. `toStrictEqual` fails on a field that JSON would drop or change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { readSettings } from '../../src/lib/server/settings';
import { searchPageData } from '../../src/lib/server/registry/search-page-data';

const settings = readSettings({});
let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

describe('search page data is plain JSON', () => {
	const cases = [
		'',
		'q=Volkshochschule',
		'q=Amtsblatt',
		'q=Förderschul',
		'q=Datenschutz&thema=verwaltung-it',
		'q=volkshochschle',
		'partner=kamen&partner=boenen&verknuepfung=eine&jahr=2015',
		'status=ended&sort=nr&pro_seite=10',
		'liste=kommunen&sort=nr&pro_seite=10&seite=2'
	];
	for (const qs of cases) {
		it(`/kooperationen?${qs}`, async () => {
			const data = await searchPageData(h.db, new URLSearchParams(qs), settings);
			expect(JSON.parse(JSON.stringify(data))).toStrictEqual(data);
		});
	}

	it('the cases cover hits, steering records, articles, suggestions and an empty list', async () => {
		const of = (qs: string) => searchPageData(h.db, new URLSearchParams(qs), settings);
		expect((await of('q=Volkshochschule')).rows.length).toBeGreaterThan(0);
		expect((await of('q=Amtsblatt')).knowledge.length).toBeGreaterThan(0);
		expect((await of('q=Förderschul')).steering.length).toBeGreaterThan(0);
		expect((await of('q=volkshochschle')).empty?.spellings.length).toBeGreaterThan(0);
		expect((await of('status=ended&sort=nr&pro_seite=10')).rows.length).toBeGreaterThan(0);
		expect((await of('liste=kommunen&sort=nr&pro_seite=10&seite=2')).result.page).toBe(2);
	});
});
