/**
 * Issue 14, part 5, as a coordinator would try it in Chromium: a 100-row list whose partners are
 * municipalities, Kreise and Verbände of three other Länder (names typed as offices write them,
 * taken from the team's test lists in tests/fixtures/import/) plus one Zweckverband the app does
 * not know, imported in at most five actions: choose the file, upload, choose the topic for rows
 * without one, "create all remaining as new bodies", run. The preview is grouped by decision and
 * axe-clean; the unknown name is asked once (with all its rows), never per row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, type SeededBrowser } from './seeded-browser';

let app: RunningApp;
let t: SeededBrowser;
let work: string;

const TASKS = ['Standesamt', 'Bauhof', 'Rechnungsprüfung', 'Gemeinsame Vergabestelle', 'Winterdienst', 'Kassenverwaltung', 'Archiv', 'Personalabrechnung'];

/** Names of one list's own municipalities (the typed forms of its expectation file that lie in the
 * list's Kreis), one list per Kreis. */
function namesOf(file: string): string[] {
	const pairs = fs.readFileSync(`tests/fixtures/import/${file}`, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]);
	const count = new Map<string, number>();
	for (const [, ars] of pairs) count.set(ars.slice(0, 5), (count.get(ars.slice(0, 5)) ?? 0) + 1);
	const kreis = [...count].sort((a, b) => b[1] - a[1])[0]![0];
	return pairs.filter(([, ars]) => ars.length === 12 && ars.startsWith(kreis)).map(([typed]) => typed);
}

/** 100 rows: each row two or three partners of one Kreis; every fifth row also the unknown Zweckverband. */
function hundredRows(dir: string): string {
	const lists = ['by-lra-zweckvereinbarungen.expected.tsv', 'he-kreis-ikz-foerderung.expected.tsv', 'sn-verwaltungsverband.expected.tsv'].map(namesOf);
	const rows = ['Übersicht Interkommunale Zusammenarbeit (Testliste);;;', ';;;', 'Nr.;Aufgabe;Beteiligte;seit'];
	const seen = new Set<string>();
	let k = 0;
	while (seen.size < 100) {
		const names = lists[k % 3]!;
		const a = names[k % names.length]!;
		const b = names[(k * 7 + 3) % names.length]!;
		k++;
		if (a === b) continue;
		const partners = [a, b, ...(seen.size % 5 === 0 ? ['Zweckverband Testwasser Ostmark'] : [])];
		const title = TASKS[seen.size % TASKS.length]!;
		const key = `${title}|${[a, b].sort().join(',')}`;
		if (seen.has(key)) continue;
		seen.add(key);
		rows.push(`${seen.size};${title};${partners.join(', ')};${['seit 01.01.2013', 'lfd.', '2019', 'mit Wirkung vom 01.07.2018'][seen.size % 4]}`);
	}
	rows.push('Quelle: Testliste des IKZ-Atlas-Teams;;;', 'Stand: 01.12.2026;;;');
	const file = path.join(dir, 'Liste 100 Zeilen.csv');
	fs.writeFileSync(file, rows.join('\r\n'), 'utf-8');
	return file;
}

describe.skipIf(!chromiumAvailable)('a 100-row list from other Länder, in the browser', () => {
	let page: Page;

	beforeAll(async () => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-import-national-'));
		t = await startSeededBrowser();
		({ app } = t);
		page = await t.signIn('steuerung@kreis-unna.de');
	}, 300_000);

	afterAll(async () => {
		await t?.stop();
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	it('imports in at most five actions, the unknown name asked once', async () => {
		const file = hundredRows(work);
		let actions = 0;
		const act = async (f: () => Promise<unknown>) => { actions++; await f(); };

		await page.goto(`${app.url}/verwaltung/import`, HYDRATED);
		await act(() => page.setInputFiles('#datei', file));
		await act(() => page.getByRole('button', { name: 'Hochladen und prüfen' }).click());
		await page.waitForURL(/\/verwaltung\/import\/[0-9a-f]{16}/, { timeout: 120_000 });
		const main = page.locator('main');
		await expect.poll(() => main.textContent(), { timeout: 60_000 }).toMatch(/Vorschau/);
		const text = (await main.textContent()) ?? '';
		// One unknown name, listed once with its 20 rows; every directory name resolved.
		expect(text.match(/Unbekannte Namen \(\d+\)[^]{0,1500}/)?.[0]?.replace(/\s+/g, " ").slice(0, 1500)).toMatch(/Unbekannte Namen \(1\)/);
		expect(await page.locator('[id^="name-suche-"]').count()).toBe(1);
		// Grouped by decision: the rows to decide (the unknown name) are open, the others folded (rows without a derivable topic are created without one unless a topic is chosen).
		expect(await page.locator('details[open] > summary').first().textContent()).toMatch(/^Zu entscheiden \(\d+\)$/);
		await t.axe(page);

		await act(() => page.locator('#thema').selectOption('verwaltung-it'));
		await act(() => page.getByLabel('Alle Namen ohne Zuordnung als neue Körperschaften anlegen').check());
		await act(() => page.getByRole('button', { name: /Import ausführen/ }).click());
		await page.waitForURL(/hinweis=ausgefuehrt/, { timeout: 120_000 });
		const done = (await main.textContent()) ?? '';
		expect(done).toMatch(/100 Kooperation\(en\) neu angelegt/);
		expect(done).toMatch(/1 Körperschaft\(en\) neu angelegt/);
		expect(actions).toBeLessThanOrEqual(5);
		await t.axe(page);
	}, 300_000);
});
