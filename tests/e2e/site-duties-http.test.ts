/**
 * The duties of a public website over HTTP (issue 17, item 5): every page (public and signed-in,
 * also error pages) links the legal pages, open data and the API, carries a meta description and
 * shows the data date; the legal pages say which operator details are missing and show them once
 * set; the feedback form stores a message only through a same-origin post, validates, is
 * rate-limited and is read only by coordinators and administrators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startApp, type RunningApp } from './app-server';
import { seedDatabase, type Seeded } from './seed-users';
import { decodeNumericReferences } from '../support/html-text';

let app: RunningApp;
let seeded: Seeded;
beforeAll(async () => {
	seeded = await seedDatabase();
	app = await startApp({ FEEDBACK_MAX_PER_MINUTE: '2' }, seeded.database);
}, 120_000);
afterAll(async () => {
	await app?.stop();
	if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
});

type Who = 'visitor' | 'editorKamen' | 'coordinator';
const cookie = (who: Who): Record<string, string> => (who === 'visitor' ? {} : { cookie: `__Host-ikz-sitzung=${seeded.users[who].token}` });
const html = async (path: string, who: Who = 'visitor') => {
	const res = await fetch(`${app.url}${path}`, { headers: cookie(who), redirect: 'manual' });
	// As the browser reads it: characters above U+00FF arrive as numeric references (issue 15).
	return { status: res.status, text: decodeNumericReferences(await res.text()) };
};
const FOOTER_LINKS = ['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache', '/offene-daten', '/api/v1/docs'];

describe('every page', () => {
	const pages: [string, Who][] = [
		['/', 'visitor'], ['/kooperationen', 'visitor'], ['/kooperationen?q=m%C3%BCll', 'visitor'], ['/kooperationen/kreis-14', 'visitor'],
		['/koerperschaften', 'visitor'], ['/koerperschaften/kamen', 'visitor'], ['/analyse', 'visitor'], ['/analyse/netzwerk', 'visitor'],
		['/analyse/karte', 'visitor'], ['/steuerung', 'visitor'], ['/berichte', 'visitor'], ['/wissen', 'visitor'], ['/offene-daten', 'visitor'],
		['/ueber', 'visitor'], ['/anmelden', 'visitor'], ['/api/v1/docs', 'visitor'], ['/impressum', 'visitor'], ['/datenschutz', 'visitor'],
		['/barrierefreiheit', 'visitor'], ['/leichte-sprache', 'visitor'], ['/gibt-es-nicht', 'visitor'], ['/kooperationen/gibt-es-nicht', 'visitor'],
		['/erhebung', 'editorKamen'], ['/konto', 'editorKamen'], ['/verwaltung', 'coordinator'], ['/verwaltung/rueckmeldungen', 'coordinator']
	];
	it.each(pages)('%s (%s) links the legal pages, has a meta description and shows the data date', async (path, who) => {
		const { status, text } = await html(path, who);
		expect(status, path).toBeLessThan(500);
		expect([200, 404]).toContain(status);
		const footer = text.slice(text.indexOf('<footer')).replace(/<!--.*?-->/g, '');
		for (const href of FOOTER_LINKS) expect(footer, `${path} → ${href}`).toContain(`href="${href}"`);
		const meta = /<meta name="description" content="([^"]{50,})"/.exec(text);
		expect(meta, path).not.toBeNull();
		expect(footer).toMatch(/Datenstand:<\/strong>\s*Quelle vom 12\.01\.2016 \(Kreis Unna\)/);
		expect(footer).toContain('nicht den heutigen');
	});
	it('pages have their own descriptions, not one for all', async () => {
		const desc = async (p: string) => /<meta name="description" content="([^"]+)"/.exec((await html(p)).text)?.[1];
		const all = await Promise.all(['/', '/kooperationen', '/barrierefreiheit', '/leichte-sprache', '/analyse/netzwerk'].map(desc));
		expect(new Set(all).size).toBe(all.length);
		expect(all[2]).toContain('Barrierefreiheit');
	});
});

describe('legal pages without operator settings', () => {
	it('say plainly which details the operator has not configured, and invent none', async () => {
		for (const p of ['/impressum', '/datenschutz', '/barrierefreiheit']) {
			const { status, text } = await html(p);
			expect(status).toBe(200);
			expect(text).toContain('Angaben der Betreiberin fehlen noch');
			expect(text).toContain('noch nicht eingetragen');
			expect(text).not.toMatch(/\d{5} [A-ZÄÖÜ][a-zäöü]+/); // no postcode and town anywhere
		}
		const a11y = (await html('/barrierefreiheit')).text;
		expect(a11y).toContain('Was noch nicht barrierefrei ist');
		expect(a11y).toContain('Schlichtungsverfahren');
		expect(a11y).toContain('die für sie zuständige Schlichtungs- bzw. Ombudsstelle noch nicht eingetragen');
		expect(a11y).toContain('action="?/rueckmeldung"');
	});
});

describe('legal pages with operator settings', () => {
	let configured: RunningApp;
	beforeAll(async () => {
		configured = await startApp({
			OPERATOR_NAME: 'Landkreis Musterland – Der Landrat',
			OPERATOR_ADDRESS: 'Am Markt 1 | 99999 Musterstadt',
			OPERATOR_REPRESENTATIVE: 'Landrätin Erika Muster',
			OPERATOR_EMAIL: 'ikz@musterland.example',
			OPERATOR_PHONE: '0000 123-0',
			OPERATOR_CONTENT_RESPONSIBLE: 'Steuerungsdienst, Am Markt 1, 99999 Musterstadt',
			OPERATOR_SUPERVISORY_AUTHORITY: 'Bezirksregierung Muster',
			PRIVACY_OFFICER: 'Datenschutzbeauftragte des Landkreises, datenschutz@musterland.example',
			PRIVACY_AUTHORITY: 'Landesbeauftragte für Datenschutz Musterland',
			ACCESSIBILITY_ENFORCEMENT: 'Ombudsstelle Muster, ombud@muster.example',
			ACCESSIBILITY_REVIEWED: '2026-11-30'
		});
	}, 60_000);
	afterAll(async () => configured?.stop());
	it('show every detail as set and no notice of missing ones', async () => {
		const get = async (p: string) => decodeNumericReferences(await (await fetch(`${configured.url}${p}`)).text());
		const imp = await get('/impressum');
		for (const t of ['Landkreis Musterland – Der Landrat', 'Am Markt 1<br', '99999 Musterstadt', 'Landrätin Erika Muster', 'mailto:ikz@musterland.example', '0000 123-0', 'Bezirksregierung Muster']) expect(imp).toContain(t);
		expect(imp).not.toContain('Angaben der Betreiberin fehlen noch');
		const ds = await get('/datenschutz');
		expect(ds).toContain('Datenschutzbeauftragte des Landkreises');
		expect(ds).toContain('Landesbeauftragte für Datenschutz Musterland');
		const bf = await get('/barrierefreiheit');
		expect(bf).toContain('Ombudsstelle Muster, ombud@muster.example');
		expect(bf).toContain('30.11.2026');
		expect(bf).not.toContain('Angaben der Betreiberin fehlen noch');
	});
});

describe('the feedback form', () => {
	const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
		fetch(`${app.url}/barrierefreiheit?/rueckmeldung`, {
			method: 'POST', redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: app.url, ...headers },
			body: new URLSearchParams(body).toString()
		});
	const secret = 'Die Tabelle der Partnersuche liest mein Screenreader nicht – Vorgang 4711';

	it('refuses a post from a foreign origin and stores nothing', async () => {
		const res = await post({ kind: 'barriere', message: `${secret} (fremd)` }, { origin: 'https://angreifer.example' });
		expect(res.status).toBe(403);
		const list = (await html('/verwaltung/rueckmeldungen', 'coordinator')).text;
		expect(list).not.toContain('(fremd)');
	});
	it('stores a valid message, shows it only to coordinators, never publicly', async () => {
		const bad = await post({ kind: '', message: 'kurz', email: 'nicht@', page: '/analyse/partnersuche' });
		expect(bad.status).toBe(400);
		const badHtml = await bad.text();
		expect(badHtml).toContain('Bitte wählen Sie, worum es geht.');
		expect(badHtml).toContain('gültige E-Mail-Adresse');
		expect(badHtml).toContain('value="/analyse/partnersuche"'); // what was typed stays

		const ok = await post({ kind: 'barriere', message: secret, page: '/analyse/partnersuche', name: 'Anna Probe', email: 'anna.probe@beispiel.example' });
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe('/barrierefreiheit?gesendet=1#rueckmeldung');
		expect((await html('/barrierefreiheit?gesendet=1')).text).toContain('Ihre Nachricht ist angekommen');

		for (const p of ['/barrierefreiheit', '/', '/offene-daten/kooperationen.json']) expect((await html(p)).text).not.toContain('Vorgang 4711');
		const asCoordinator = await html('/verwaltung/rueckmeldungen', 'coordinator');
		expect(asCoordinator.status).toBe(200);
		expect(asCoordinator.text).toContain(secret);
		expect(asCoordinator.text).toContain('anna.probe@beispiel.example');
		expect(asCoordinator.text).toContain('/analyse/partnersuche');
		expect((await html('/verwaltung', 'coordinator')).text).toMatch(/1 offene Nachricht/);
		expect((await html('/verwaltung/rueckmeldungen', 'editorKamen')).status).toBe(403);
		expect((await html('/verwaltung/rueckmeldungen')).status).toBe(303);
	});
	it('is rate-limited per address (FEEDBACK_MAX_PER_MINUTE=2): five quick posts get at least one 429', async () => {
		// Five posts span at most two one-minute windows, so one window sees at least three.
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await post({ kind: 'sonstiges', message: `Test der Begrenzung Nummer ${i}` })).status);
		expect(statuses).toContain(429);
		expect(statuses.every((s) => s === 303 || s === 429)).toBe(true);
	});
});
