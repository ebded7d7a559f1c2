/**
 * Regions by self-service in the browser (issue 13, part 3): the administrator creates "Kreis
 * Coesfeld" and "Landkreis Görlitz" from the national directory (searching by the forms people
 * write) and invites a coordinator for each; they set their passwords through the one-time links
 * and record a cooperation of their own region (Dülmen and Nottuln, öffentlich-rechtliche
 * Vereinbarung; a Zweckverband in the Landkreis Görlitz). Neither coordinator can change the
 * other's entry; Kreis Unna's open data stay as they were. Every page axe-checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdfText } from '../support/office';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';

let s: SeededBrowser;
beforeAll(async () => { s = await startSeededBrowser(); }, 300_000);
afterAll(async () => { await s?.stop(); });

/** Kreis Unna's open dataset without its timestamps (the cooperations and bodies it publishes). */
async function unnaOpenData(): Promise<string> {
	const json = (await (await fetch(`${s.app.url}/offene-daten/kooperationen.json`)).json()) as Record<string, unknown>;
	return JSON.stringify(json, (k, v: unknown) => (k === 'modified' || k === 'issued' || k === 'generated' ? undefined : v));
}

async function createRegion(admin: Page, query: string, label: RegExp): Promise<string> {
	await admin.goto(`${s.app.url}/verwaltung/regionen`, HYDRATED);
	await admin.fill('#q', query);
	await submitTo(admin, 'Im Gemeindeverzeichnis suchen', /\/verwaltung\/regionen\?q=/);
	await s.axe(admin);
	await admin.getByLabel(label).check();
	await submitTo(admin, 'Region anlegen', /\/verwaltung\/regionen\?angelegt=/);
	await s.axe(admin);
	return new URL(admin.url()).searchParams.get('angelegt')!;
}

async function invite(admin: Page, regionId: string, regionName: string, email: string, bodyLabel: string): Promise<string> {
	await admin.getByRole('link', { name: `Koordination oder Redaktion für ${regionName} einladen` }).click();
	await admin.waitForURL(/\/verwaltung\/benutzer\?region=/);
	await admin.waitForLoadState('networkidle');
	expect(await admin.inputValue('#region')).toBe(regionId);
	await admin.fill('#email', email);
	await admin.fill('#name', `Koordination ${regionName}`);
	await admin.selectOption('#role', 'coordinator');
	await admin.selectOption('#body', { label: bodyLabel });
	await admin.getByRole('button', { name: 'Person einladen' }).click();
	const link = (await admin.locator('.setup-link code').textContent())?.trim() ?? '';
	expect(link).toMatch(/\/einrichtung\/[A-Za-z0-9_-]{20,}$/);
	await s.axe(admin);
	return link;
}

async function setupAndSignIn(link: string, email: string, password: string): Promise<Page> {
	const page = await (await s.browser.newContext({ locale: 'de-DE' })).newPage();
	await page.goto(`${s.app.url}${new URL(link).pathname}`, HYDRATED);
	await page.fill('#password', password);
	await page.fill('#repeat', password);
	await page.getByRole('button', { name: 'Passwort festlegen' }).click();
	await page.waitForLoadState('networkidle');
	await page.goto(`${s.app.url}/anmelden`, HYDRATED);
	if (!page.url().includes('/konto')) {
		await page.fill('#email', email);
		await page.fill('#password', password);
		await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
		await page.waitForURL(/\/konto/);
	}
	return page;
}

async function record(page: Page, title: string, legalForm: string, bodies: string[]): Promise<string> {
	await page.goto(`${s.app.url}/kooperationen/neu`, HYDRATED);
	await s.axe(page);
	await page.fill('#title', title);
	await page.selectOption('#legal_form', legalForm);
	await page.check('#topic-verwaltung-it');
	for (const [i, b] of bodies.entries()) await page.fill(`#participants\\.${i}\\.body`, b);
	await page.fill('#start', '2026');
	await submitTo(page, 'Kooperation speichern', /\/kooperationen\/[a-z0-9-]+\?gespeichert=1/);
	return new URL(page.url()).pathname.split('/')[2]!;
}

const post = (page: Page, path: string, form: Record<string, string>) => page.request.post(`${s.app.url}${path}`, {
	form, headers: { origin: s.app.url, accept: 'text/html' }, maxRedirects: 0, failOnStatusCode: false
});

describe.skipIf(!chromiumAvailable)('regions by self-service', () => {
	let unnaBefore = '';
	let coesfeld: Page;
	let goerlitz: Page;
	let coesfeldCoop = '';
	let goerlitzCoop = '';

	it('the administrator creates Kreis Coesfeld from the directory and invites its coordinator, who records Dülmen and Nottuln', async () => {
		unnaBefore = await unnaOpenData();
		const admin = await s.signIn('admin@kreis-unna.de');
		expect(await createRegion(admin, 'Coesfeld', /^Kreis Coesfeld \(Kreis, 05558\)/)).toBe('kreis-coesfeld');
		expect(await admin.locator('main').textContent()).toMatch(/Die Region Kreis Coesfeld ist angelegt/);
		const link = await invite(admin, 'kreis-coesfeld', 'Kreis Coesfeld', 'koordination@kreis-coesfeld.test', 'Kreis Coesfeld');
		coesfeld = await setupAndSignIn(link, 'koordination@kreis-coesfeld.test', 'Baumberge im Münsterland 2026');
		coesfeldCoop = await record(coesfeld, 'Gemeinsamer Standesamtsbezirk Dülmen–Nottuln', 'oerv', ['Dülmen', 'Gemeinde Nottuln']);
		const profile = await coesfeld.locator('main').textContent();
		expect(profile).toContain('Dülmen');
		expect(profile).toContain('Nottuln');
		expect(profile).toMatch(/öffentlich-rechtliche Vereinbarung/i);
	});

	it('a second region, Landkreis Görlitz (searched as "LK Görlitz"), records a Zweckverband', async () => {
		const admin = await s.signIn('admin@kreis-unna.de');
		expect(await createRegion(admin, 'LK Görlitz', /^Landkreis Görlitz \(Landkreis, 14626\)/)).toBe('landkreis-goerlitz');
		const link = await invite(admin, 'landkreis-goerlitz', 'Landkreis Görlitz', 'koordination@lkgr.test', 'Landkreis Görlitz');
		goerlitz = await setupAndSignIn(link, 'koordination@lkgr.test', 'Neisse fliesst durch die Oberlausitz');
		goerlitzCoop = await record(goerlitz, 'Zweckverband Abwasser Oberlausitz (Test)', 'zweckverband', ['Stadt Görlitz', 'Herrnhut']);
		expect(await goerlitz.locator('main').textContent()).toMatch(/Zweckverband/);
	});

	it('neither coordinator can change the other\'s entries', async () => {
		expect((await coesfeld.goto(`${s.app.url}/kooperationen/${goerlitzCoop}/bearbeiten`))?.status()).toBe(403);
		expect((await goerlitz.goto(`${s.app.url}/kooperationen/${coesfeldCoop}/bearbeiten`))?.status()).toBe(403);
		expect((await post(coesfeld, `/kooperationen/${goerlitzCoop}/bearbeiten?/archivieren`, { version: '1' })).status()).toBe(403);
		expect((await post(goerlitz, `/kooperationen/${coesfeldCoop}/bearbeiten?/speichern`, { title: 'Übernommen', version: '1' })).status()).toBe(403);
		// Nor Kreis Unna's.
		expect((await coesfeld.goto(`${s.app.url}/kooperationen/kommunen-12/bearbeiten`))?.status()).toBe(403);
		// Each edits its own.
		expect((await coesfeld.goto(`${s.app.url}/kooperationen/${coesfeldCoop}/bearbeiten`))?.status()).toBe(200);
		expect((await goerlitz.goto(`${s.app.url}/kooperationen/${goerlitzCoop}/bearbeiten`))?.status()).toBe(200);
		await s.axe(goerlitz);
		const title = await (await fetch(`${s.app.url}/kooperationen/${coesfeldCoop}`)).text();
		expect(title).toContain('Gemeinsamer Standesamtsbezirk');
		expect(title).not.toContain('Übernommen');
		// Coordinators do not create regions.
		expect((await coesfeld.goto(`${s.app.url}/verwaltung/regionen`))?.status()).toBe(403);
	});

	it('Kreis Unna is unchanged; register and start page are scoped to one region, several or all', async () => {
		expect(await unnaOpenData()).toBe(unnaBefore);
		const titles = async (qs: string) => ((await (await fetch(`${s.app.url}/kooperationen.json?${qs}`)).json()) as { items: { title: string }[] }).items.map((r) => r.title);
		expect(await titles('region=kreis-coesfeld&q=Standesamtsbezirk')).toEqual(['Gemeinsamer Standesamtsbezirk Dülmen–Nottuln']);
		expect(await titles('region=landkreis-goerlitz&q=Standesamtsbezirk')).toEqual([]);
		expect(await titles('region=kreis-unna&q=Standesamtsbezirk')).toEqual([]);
		expect(await titles('region=kreis-coesfeld&region=landkreis-goerlitz&q=Oberlausitz')).toEqual(['Zweckverband Abwasser Oberlausitz (Test)']);
		const visitor = await (await s.browser.newContext({ locale: 'de-DE' })).newPage();
		await visitor.goto(`${s.app.url}/kooperationen?region=landkreis-goerlitz`, HYDRATED);
		expect(await visitor.locator('main').textContent()).toContain('Zweckverband Abwasser Oberlausitz (Test)');
		await s.axe(visitor);
		await visitor.goto(`${s.app.url}/?region=landkreis-goerlitz`, HYDRATED);
		expect(await visitor.locator('h1').textContent()).toContain('Landkreis Görlitz');
		expect(await visitor.locator('main').textContent()).toMatch(/1\s*Kooperationen in der Region/);
		await s.axe(visitor);
		await visitor.goto(`${s.app.url}/`, HYDRATED);
		expect(await visitor.locator('h2').first().textContent()).toBe('Kreis Unna');
	});

	it('analysis, deadlines, conference papers and open data answer for a created region', async () => {
		const text = async (path: string) => {
			const res = await fetch(`${s.app.url}${path}`);
			expect(res.status, path).toBe(200);
			return res.text();
		};
		// The analysis of Kreis Coesfeld counts its one cooperation and names its partners, none of Kreis Unna's.
		for (const path of ['/analyse?region=kreis-coesfeld', '/analyse/netzwerk?region=kreis-coesfeld']) {
			const html = await text(path);
			expect(html, path).toContain('Dülmen');
			expect(html, path).toContain('Nottuln');
			expect(html, path).not.toContain('Bergkamen');
		}
		expect(await text('/analyse/netzwerk.csv?region=kreis-coesfeld')).toMatch(/Dülmen/);
		// Deadlines of the region (none recorded yet) and its feed.
		expect(await text('/steuerung/fristen?region=kreis-coesfeld')).not.toContain('Bergkamen');
		// The open dataset of the region: its cooperation, titled after the region.
		const data = JSON.parse(await text('/offene-daten/kooperationen.json?region=kreis-coesfeld')) as { title?: string; cooperations: { title: string }[] };
		expect(data.cooperations.map((c) => c.title)).toEqual(['Gemeinsamer Standesamtsbezirk Dülmen–Nottuln']);
		expect(JSON.stringify(data)).toContain('Kreis Coesfeld');
		expect(await text('/offene-daten/dcat.rdf?region=kreis-coesfeld')).toContain('Kreis Coesfeld');
		// The conference paper of the region: its title, its cooperation, no row of Kreis Unna.
		const pdf = await fetch(`${s.app.url}/berichte/sitzungsunterlage.pdf?region=kreis-coesfeld`);
		expect(pdf.status).toBe(200);
		const file = path.join(os.tmpdir(), `ikz-region-paper-${process.pid}.pdf`);
		fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
		const paper = pdfText(file).replace(/\s+/g, ' ');
		fs.rmSync(file, { force: true });
		expect(paper).toContain('Kreis Coesfeld');
		expect(paper).toContain('Standesamtsbezirk');
		expect(paper).not.toContain('Bergkamen');
	});

	it('every page passes axe (WCAG 2.1 AA)', () => {
		expect(s.violations).toEqual([]);
	});
});
