/**
 * Cursor paging of API v1 (issue 8, item 4): all pages of a query together are exactly the
 * register search's result for the same URL parameters, in the same order, without duplicates;
 * a cursor only works with its own query; when the register changes between two pages, paging
 * continues after the last item seen.
 */
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { readSettings } from '../../src/lib/server/settings';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { searchBodies } from '../../src/lib/server/registry/profiles';
import { listBodies, listCooperations } from '../../src/lib/server/api/service';
import { setArchived, readCooperation } from '../../src/lib/server/registry/write';
import type { Actor } from '../../src/lib/server/auth/policy';

const settings = readSettings({});

async function allPages(db: Parameters<typeof listCooperations>[0], query: string, limit: number) {
	const ids: string[] = [];
	let cursor: string | null = null;
	let pages = 0;
	let total: number;
	do {
		const p = new URLSearchParams(query);
		p.set('limit', String(limit));
		if (cursor) p.set('cursor', cursor);
		const r = await listCooperations(db, settings, p);
		if (!r.ok) throw new Error(r.detail);
		expect(r.data.items.length).toBeLessThanOrEqual(limit);
		ids.push(...r.data.items.map((i) => i.id));
		total = r.data.total;
		cursor = r.data.next_cursor;
		pages++;
	} while (cursor && pages < 1000);
	return { ids, total, pages };
}

describe('cooperations by cursor', () => {
	for (const [query, limit] of [['partner=luenen', 7], ['', 50], ['q=schule&sort=titel', 3], ['thema=verkehr&thema=verwaltung-it&liste=kommunen', 4], ['jahr=2010&sort=-beginn', 200]] as const) {
		it(`all pages of "${query}" (limit ${limit}) = the register search`, async () => {
			const { db, close } = await loadedDatabase();
			const expected = (await searchPage(db, new URLSearchParams(query), settings, 'export')).rows.map((r) => r.id);
			expect(expected.length).toBeGreaterThan(0);
			const { ids, total, pages } = await allPages(db, query, limit);
			expect(ids).toEqual(expected);
			expect(new Set(ids).size).toBe(ids.length);
			expect(total).toBe(expected.length);
			expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
			await close();
		});
	}

	it('Lünen takes part in every result, and the facets are those of the page', async () => {
		const { db, close } = await loadedDatabase();
		const r = await listCooperations(db, settings, new URLSearchParams('partner=luenen&limit=5'));
		if (!r.ok) throw new Error(r.detail);
		for (const item of r.data.items) expect(item.partners.map((p) => p.id)).toContain('luenen');
		const page = await searchPage(db, new URLSearchParams('partner=luenen'), settings);
		expect(r.data.facets.map((f) => [f.param, f.options])).toEqual(page.facets.map((f) => [({ partner: 'partner', topic: 'thema', legalForm: 'rechtsform', performer: 'durch', orgUnit: 'org', status: 'status', list: 'liste', region: 'region' } as const)[f.key], f.options]));
		expect(r.data.facets.find((f) => f.param === 'partner')?.options.find((o) => o.value === 'luenen')).toMatchObject({ selected: true, label: 'Lünen' });
		await close();
	});

	it('a cursor only works with its own query, and bad parameters are problems', async () => {
		const { db, close } = await loadedDatabase();
		const first = await listCooperations(db, settings, new URLSearchParams('partner=luenen&limit=2'));
		if (!first.ok || !first.data.next_cursor) throw new Error('no second page');
		const wrong = await listCooperations(db, settings, new URLSearchParams({ partner: 'kamen', limit: '2', cursor: first.data.next_cursor }));
		expect(wrong).toMatchObject({ ok: false, status: 400, code: 'invalid-cursor' });
		const garbage = await listCooperations(db, settings, new URLSearchParams({ partner: 'luenen', limit: '2', cursor: 'eyJvIjoxfQ' }));
		expect(garbage).toMatchObject({ ok: false, status: 400, code: 'invalid-cursor' });
		// The limit may change between pages: the cursor names a position, not a page number.
		const other = await listCooperations(db, settings, new URLSearchParams({ partner: 'luenen', limit: '3', cursor: first.data.next_cursor }));
		expect(other.ok).toBe(true);
		for (const bad of ['limit=0', 'limit=201', 'limit=abc', 'jahr=1700', 'sort=zufall', 'verknuepfung=oder', `partner=${'x'.repeat(81)}`, 'cursor=%3Cscript%3E']) {
			const r = await listCooperations(db, settings, new URLSearchParams(bad));
			expect(r, bad).toMatchObject({ ok: false, status: 400 });
			if (!r.ok) expect(r.errors?.length, bad).toBeGreaterThan(0);
		}
		await close();
	});

	it('when an item already seen leaves the register, the next page neither repeats nor skips', async () => {
		const { db, close } = await loadedDatabase();
		const query = 'partner=luenen';
		const expected = (await searchPage(db, new URLSearchParams(query), settings, 'export')).rows.map((r) => r.id);
		const first = await listCooperations(db, settings, new URLSearchParams(`${query}&limit=4`));
		if (!first.ok || !first.data.next_cursor) throw new Error('no second page');
		const seen = first.data.items.map((i) => i.id);
		const gone = seen[1]!;
		const c = (await readCooperation(db, gone))!;
		const admin: Actor = { role: 'administrator', userId: null, name: 'Test', email: null, bodyId: null, regionId: null };
		expect((await setArchived(db, admin, gone, true, c.version)).ok).toBe(true);
		const second = await listCooperations(db, settings, new URLSearchParams({ partner: 'luenen', limit: '4', cursor: first.data.next_cursor }));
		if (!second.ok) throw new Error(second.detail);
		expect(second.data.items.map((i) => i.id)).toEqual(expected.slice(4, 8));
		await close();
	});
});

describe('bodies by cursor', () => {
	it('all pages together = the body list of the page, filters included', async () => {
		const { db, close } = await loadedDatabase();
		for (const query of ['', 'art=stadt', 'q=unna']) {
			const expected = (await searchBodies(db, new URLSearchParams(query))).bodies.map((b) => b.id);
			const ids: string[] = [];
			let cursor: string | null = null;
			do {
				const p = new URLSearchParams(query);
				p.set('limit', '6');
				if (cursor) p.set('cursor', cursor);
				const r = await listBodies(db, p);
				if (!r.ok) throw new Error(r.detail);
				const data = r.data as { items: { id: string }[]; next_cursor: string | null; total: number };
				ids.push(...data.items.map((i) => i.id));
				expect(data.total).toBe(expected.length);
				cursor = data.next_cursor;
			} while (cursor);
			expect(ids, query).toEqual(expected);
		}
		expect(await listBodies(db, new URLSearchParams('art=planet'))).toMatchObject({ ok: false, status: 400 });
		await close();
	});
});
