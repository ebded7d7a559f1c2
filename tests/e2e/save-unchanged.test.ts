/**
 * A save changes exactly what the user changed (issue 18), over HTTP through the real edit form:
 * every cooperation of the shipped deck is loaded into its edit form, the form is posted back as a
 * browser would post it (every input, the checked checkboxes in page order, the selected options,
 * the textareas), and nothing may change – not the record, not the versions, not the start page's
 * figures. Then one real change (Kamen's join date in towns' no. 9) changes that and only that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startApp, type RunningApp } from './app-server';
import { seedDatabase, type Seeded } from './seed-users';
import { openDatabase } from '../../src/lib/server/db/connect';
import { readCooperation, type StoredCooperation } from '../../src/lib/server/registry/write';
import { formEntries } from '../support/form-entries';
import { decodeNumericReferences } from '../support/html-text';

/** The start page's visible text (figures by topic, legal form, status …), without markup, references decoded. */
const mainText = (html: string): string =>
	decodeNumericReferences(html.slice(html.indexOf('<main'), html.indexOf('</main>'))).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

describe('saving every cooperation of the deck unchanged through the edit form', () => {
	let seeded: Seeded;
	let app: RunningApp | null = null;
	let before: StoredCooperation[] = [];
	let versionsBefore = 0;
	const cookie = (s: Seeded) => `__Host-ikz-sitzung=${s.users.coordinator.token}`;

	async function snapshot(): Promise<{ records: StoredCooperation[]; versions: number }> {
		const h = openDatabase(seeded.database);
		try {
			const ids = (await h.db.selectFrom('cooperation').select('id').orderBy('id').execute()).map((r) => r.id);
			const records = (await Promise.all(ids.map((id) => readCooperation(h.db, id)))).filter((r): r is StoredCooperation => r !== null);
			const versions = Number((await h.db.selectFrom('record_version').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
			return { records, versions };
		} finally {
			await h.close();
		}
	}

	beforeAll(async () => {
		seeded = await seedDatabase();
		({ records: before, versions: versionsBefore } = await snapshot());
		app = await startApp({}, seeded.database);
	}, 180_000);
	afterAll(async () => {
		await app?.stop();
		if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
	});

	async function post(path: string, entries: [string, string][]): Promise<Response> {
		return fetch(`${app!.url}${path}`, {
			method: 'POST', redirect: 'manual', body: new URLSearchParams(entries),
			headers: { cookie: cookie(seeded), origin: app!.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }
		});
	}

	it('the form of every cooperation, posted back unchanged, changes nothing and says so', async () => {
		expect(before.length).toBeGreaterThan(100);
		const startPage = mainText(await (await fetch(`${app!.url}/`)).text());
		const problems: string[] = [];
		for (const c of before) {
			const page = await fetch(`${app!.url}/kooperationen/${c.record.id}/bearbeiten`, { headers: { cookie: cookie(seeded) } });
			expect(page.status, c.record.id).toBe(200);
			const res = await post(`/kooperationen/${c.record.id}/bearbeiten?/speichern`, formEntries(await page.text(), '?/speichern'));
			const location = res.headers.get('location') ?? '';
			if (res.status !== 303 || !location.endsWith('?unveraendert=1')) problems.push(`${c.record.id}: ${res.status} ${location}`);
		}
		expect(problems).toEqual([]);
		// The profile says so, in German.
		const profile = await (await fetch(`${app!.url}/kooperationen/${before[0]!.record.id}?unveraendert=1`, { headers: { cookie: cookie(seeded) } })).text();
		expect(profile).toContain('Keine Änderungen: Es wurde nichts gespeichert');
		expect(mainText(await (await fetch(`${app!.url}/`)).text())).toBe(startPage);
		await app!.stop();
		app = null;
		const after = await snapshot();
		expect(after.versions).toBe(versionsBefore);
		expect(after.records.map((r) => [r.record, r.version, r.origin, r.updatedAt])).toEqual(before.map((r) => [r.record, r.version, r.origin, r.updatedAt]));
		app = await startApp({}, seeded.database);
	}, 600_000);

	it("typing only Kamen's join date into towns' no. 9 changes that date and nothing else; the main topic and the start page's topic figures stay", async () => {
		const startPage = mainText(await (await fetch(`${app!.url}/`)).text());
		const page = await (await fetch(`${app!.url}/kooperationen/kommunen-9/bearbeiten`, { headers: { cookie: cookie(seeded) } })).text();
		const entries = formEntries(page, '?/speichern');
		const bodyField = entries.find(([k, v]) => /^participants\.\d+\.body$/.test(k) && v === 'Kamen');
		expect(bodyField, 'Kamen row').toBeDefined();
		const joined = bodyField![0].replace(/body$/, 'joined');
		const changed = entries.map(([k, v]): [string, string] => [k, k === joined ? '01.03.2019' : v]);
		const res = await post('/kooperationen/kommunen-9/bearbeiten?/speichern', changed);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/gespeichert=1$/);
		const history = await (await fetch(`${app!.url}/kooperationen/kommunen-9/historie`, { headers: { cookie: cookie(seeded) } })).text();
		const all = mainText(history);
		const text = all.slice(all.indexOf('Änderungen gegenüber Version 1'), all.indexOf('Version 1:')).trim();
		// Exactly one changed line: Kamen's join date.
		expect(text).toBe('Änderungen gegenüber Version 1 Feld vorher nachher Partner Kamen: Beitritt – 01.03.2019');
		expect(mainText(await (await fetch(`${app!.url}/`)).text())).toBe(startPage);
		const h = openDatabase(seeded.database);
		try {
			const now = (await readCooperation(h.db, 'kommunen-9'))!;
			const was = before.find((r) => r.record.id === 'kommunen-9')!;
			expect(now.record.topics).toEqual(was.record.topics);
			expect(now.record.participants.find((p) => p.body === 'kamen')?.joined).toBe('01.03.2019');
			expect({ ...now.record, participants: now.record.participants.map((p) => ({ ...p, joined: p.body === 'kamen' ? null : p.joined })) }).toEqual(was.record);
		} finally {
			await h.close();
		}
	}, 120_000);
});
