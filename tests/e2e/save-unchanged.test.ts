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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s: string): string =>
	s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m));

function attrs(tag: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of tag.matchAll(/\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decode(m[2] ?? '');
	return out;
}

/**
 * The fields a browser submits for the form whose action is `action` (HTML "constructing the entry
 * list"): in document order; unchecked checkboxes and buttons left out; a select sends its selected
 * option or else its first; a textarea drops one newline right after its start tag.
 */
export function formEntries(html: string, action: string): [string, string][] {
	const start = html.indexOf(`action="${action}"`);
	if (start < 0) throw new Error(`form ${action} not found`);
	const form = html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start));
	const entries: [string, string][] = [];
	const re = /<input\b[^>]*>|<select\b[^>]*>([\s\S]*?)<\/select>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>/g;
	for (const m of form.matchAll(re)) {
		const tag = m[0].slice(0, m[0].indexOf('>') + 1);
		const a = attrs(tag);
		if (!a.name || 'disabled' in a) continue;
		if (tag.startsWith('<input')) {
			const type = (a.type ?? 'text').toLowerCase();
			if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
			if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
			entries.push([a.name, a.value ?? (type === 'checkbox' ? 'on' : '')]);
		} else if (tag.startsWith('<select')) {
			const options = [...(m[1] ?? '').matchAll(/<option\b[^>]*>/g)].map((o) => attrs(o[0]));
			const chosen = options.find((o) => 'selected' in o) ?? options[0];
			if (chosen) entries.push([a.name, chosen.value ?? '']);
		} else {
			entries.push([a.name, decode((m[2] ?? '').replace(/^\r?\n/, '')).replace(/\r?\n/g, '\r\n')]);
		}
	}
	return entries;
}

/** The start page's visible text (figures by topic, legal form, status …), without markup. */
const mainText = (html: string): string =>
	html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

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
