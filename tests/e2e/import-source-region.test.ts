/**
 * Issue 14, the importer's remaining gaps, in Chromium:
 * - a cooperation's source is a link on the profile only when it is an http(s) URL (with
 *   rel="noopener noreferrer nofollow"); a citation or a `javascript:` text stays text; a
 *   cooperation without a topic field says "nicht angegeben";
 * - a coordinator of Kreis Unna uploads a file whose region column spans Kreis Unna and Landkreis
 *   Görlitz (Saxony): the preview marks the Görlitz row as not allowed, and running the import is
 *   refused until that row is left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, type SeededBrowser } from './seeded-browser';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/connect';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import type { Actor } from '../../src/lib/server/auth/policy';

const ADMIN: Actor = { role: 'administrator', userId: null, name: 'Test Quelle', email: null, bodyId: null, regionId: null };
const GR = 'landkreis-goerlitz';

let app: RunningApp;
let t: SeededBrowser;
let handle: DatabaseHandle;
let work: string;

describe.skipIf(!chromiumAvailable || process.env.TEST_DATABASE === 'pglite')('sources, rows without topics and region permission, in the browser', () => {
	let page: Page;

	beforeAll(async () => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-import-source-'));
		t = await startSeededBrowser();
		app = t.app;
		handle = openDatabase(t.seeded.database);
		const db = handle.db;
		const lk = (await db.selectFrom('body').select('id').where('ags', '=', '14626').executeTakeFirstOrThrow()).id;
		await db.insertInto('region').values({ id: GR, name: 'Landkreis Görlitz', kreis_body_id: lk, source_json: '{}', lists_json: JSON.stringify([{ id: 'kommunen', label: 'Kooperationen' }]) }).execute();
		const base = (await readCooperation(db, 'kommunen-47'))!.record;
		const coop = (id: string, title: string, source: string, topics: string[]) => ({ ...base, id, number: null, slide: null, title, title_source: null, derived: [], events: [], source, topics });
		for (const record of [
			coop('quelle-link', 'Gemeinsame Obstwiesenpflege', 'https://www.example.org/ratsinfo/vorlage-117.pdf', []),
			coop('quelle-skript', 'Gemeinsame Wahlhelferschulung', 'javascript:alert(document.cookie)', ['verwaltung-it'])
		]) {
			expect(await saveCooperation(db, ADMIN, { regionId: 'kreis-unna', record, expectedVersion: null, action: 'angelegt' })).toMatchObject({ ok: true });
		}
		page = await t.signIn('steuerung@kreis-unna.de');
	}, 300_000);

	afterAll(async () => {
		await handle?.close();
		await t?.stop();
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	it('links a source only when it is an http(s) URL; no topic reads "nicht angegeben"', async () => {
		await page.goto(`${app.url}/kooperationen/quelle-link`, HYDRATED);
		const link = page.locator('main a[href="https://www.example.org/ratsinfo/vorlage-117.pdf"]');
		expect(await link.count()).toBe(1);
		expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
		const topic = page.locator('main dt', { hasText: /^Themenfeld$/ }).locator('xpath=following-sibling::dd[1]');
		expect((await topic.textContent())?.trim()).toBe('nicht angegeben');
		await t.axe(page);

		await page.goto(`${app.url}/kooperationen/quelle-skript`, HYDRATED);
		expect(await page.locator('main').textContent()).toContain('javascript:alert(document.cookie)');
		expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
	}, 120_000);

	it('marks a row into a region the coordinator may not import into and refuses to run until it is left out', async () => {
		const file = path.join(work, 'zwei Kreise.csv');
		fs.writeFileSync(file, [
			'Region;Aufgabe;Beteiligte;seit;Link',
			'Kreis Unna;Gemeinsame Archivpflege Ostflügel;Unna, Kamen;2019;Kreistagsvorlage 12/2019',
			'Landkreis Görlitz;Gemeinsamer Bauhof Neißeaue;Görlitz, Zittau;2020;https://www.example.org/goerlitz/bauhof'
		].join('\r\n'), 'utf-8');
		await page.goto(`${app.url}/verwaltung/import`, HYDRATED);
		await page.setInputFiles('#datei', file);
		await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
		await page.waitForURL(/\/verwaltung\/import\/[0-9a-f]{16}/, { timeout: 120_000 });
		const main = page.locator('main');
		await expect.poll(() => main.textContent(), { timeout: 60_000 }).toMatch(/Vorschau/);
		expect(await main.textContent()).toMatch(/Keine Berechtigung für die Region „Landkreis Görlitz“/);
		await t.axe(page);

		await page.getByRole('button', { name: /Import ausführen/ }).click();
		await page.waitForLoadState('networkidle');
		expect(page.url()).not.toMatch(/hinweis=ausgefuehrt/);
		expect(await handle.db.selectFrom('cooperation').select('id').where('title', 'in', ['Gemeinsame Archivpflege Ostflügel', 'Gemeinsamer Bauhof Neißeaue']).execute()).toEqual([]);

		// Leave the Görlitz row out: the Unna row imports, with its source.
		await page.locator('#zeile-2').selectOption('skip');
		await page.getByRole('button', { name: /Import ausführen/ }).click();
		await page.waitForURL(/hinweis=ausgefuehrt/, { timeout: 120_000 });
		expect(await handle.db.selectFrom('cooperation').select(['region_id', 'source']).where('title', '=', 'Gemeinsame Archivpflege Ostflügel').execute())
			.toEqual([{ region_id: 'kreis-unna', source: 'Kreistagsvorlage 12/2019' }]);
		expect(await handle.db.selectFrom('cooperation').select('id').where('title', '=', 'Gemeinsamer Bauhof Neißeaue').execute()).toEqual([]);
	}, 300_000);
});
