/**
 * The national directory over HTTP (issue 13): the built app loads it at the first start, the
 * bodies list, its JSON and the API take any name form or an AGS (`?q=`) and return the AGS,
 * the pages name the source, a directory body has a profile, and the lists stay paged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './app-server';

let app: RunningApp;
beforeAll(async () => { app = await startApp(); }, 180_000);
afterAll(async () => app?.stop());

const get = (p: string) => fetch(`${app.url}${p}`);
const SOURCE = 'Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, dl-de/by-2-0';

describe('directory over HTTP', () => {
	it('is loaded at the first start, after the region files', () => {
		expect(app.log()).toContain('Gemeindeverzeichnis: 12660 neu');
		expect(app.log()).toContain('Einheiten mit vorhandenen Körperschaften verknüpft');
	});

	it('/koerperschaften?q= takes a name form and shows the AGS and the source', async () => {
		const res = await get('/koerperschaften?q=Stadt+Coesfeld');
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toMatch(/<a class="kern-link" href="\/koerperschaften\/coesfeld-05558012">Coesfeld<\/a>/);
		expect(html).toContain('05558012');
		expect(html).toContain(SOURCE);
		// Paged: the whole directory is never one page.
		const all = await (await get('/koerperschaften')).text();
		expect(all).toContain('Seite 1 von');
		expect((all.match(/<tr class="kern-table__row">/g) ?? []).length).toBeLessThanOrEqual(101);
	});

	it('/koerperschaften.json?q= and /api/v1/bodies?q= return the AGS', async () => {
		const j = await (await get('/koerperschaften.json?q=Lkr.+Cham')).json();
		expect(j.items[0]).toMatchObject({ name: 'Landkreis Cham', ags: '09372', kind: 'kreis' });
		expect(j.source).toBe(SOURCE);
		const byAgs = await (await get('/koerperschaften.json?q=05978024')).json();
		expect(byAgs.items[0]).toMatchObject({ id: 'luenen', ags: '05978024' });
		expect(byAgs.items.filter((b: { name: string }) => b.name === 'Lünen')).toHaveLength(1);
		const api = await (await get('/api/v1/bodies?q=VG+Kaisersesch')).json();
		expect(api.items[0]).toMatchObject({ name: 'Verbandsgemeinde Kaisersesch' });
		const api2 = await (await get('/api/v1/bodies?q=Markt+Garmisch-Partenkirchen&limit=3')).json();
		expect(api2.items[0]).toMatchObject({ ags: '09180117' });
	});

	it('a body only the directory holds has a profile', async () => {
		const res = await get('/koerperschaften/coesfeld-05558012');
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Coesfeld');
		expect(html).toContain('Kreis Coesfeld');
	});
});
