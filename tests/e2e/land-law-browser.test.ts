/**
 * The law of each Land in Chromium (issue 13, part 4): an administrator records the procedure of
 * a Saxon Zweckverband (Görlitz and Zittau) on its legal page – decisions, approval by the
 * Rechtsaufsichtsbehörde, publication in the Sächsisches Amtsblatt, the day it came into being –
 * first with a day too early (the SächsKomZG rule finds it), then corrected; the profile then says
 * that every step under the SächsKomZG is recorded. A Brandenburg cooperation shows the "no rules"
 * sentence. axe checks every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/connect';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import type { Actor } from '../../src/lib/server/auth/policy';

const GR = 'landkreis-goerlitz';
const ACTOR: Actor = { role: 'administrator', userId: null, name: 'Test Landesrecht', email: null, bodyId: null, regionId: null };

let app: RunningApp;
let t: SeededBrowser;
let handle: DatabaseHandle;
const ids: Record<string, string> = {};

describe.skipIf(!chromiumAvailable || process.env.TEST_DATABASE === 'pglite')('the law of each Land, in the browser', () => {
	let admin: Page;

	beforeAll(async () => {
		t = await startSeededBrowser();
		app = t.app;
		handle = openDatabase(t.seeded.database);
		const db = handle.db;
		for (const [k, ags] of Object.entries({ lk: '14626', goerlitz: '14626110', zittau: '14626610', cottbus: '12052000', spremberg: '12071372' })) {
			ids[k] = (await db.selectFrom('body').select('id').where('ags', '=', ags).executeTakeFirstOrThrow()).id;
		}
		await db.insertInto('region').values({ id: GR, name: 'Landkreis Görlitz', kreis_body_id: ids.lk!, source_json: '{}', lists_json: JSON.stringify([{ id: 'kommunen', label: 'Kooperationen' }]) }).execute();
		const base = (await readCooperation(db, 'kommunen-47'))!.record;
		const coop = (id: string, title: string, legal_form: string, bodies: string[]) => ({
			...base, id, list: 'kommunen', number: null, slide: null, title, title_source: null, partners_source: null, performer_source: null,
			legal_form, legal_form_source: null, notes: null, derived: [], events: [], partner_groups: [], performer: { kind: 'jointly' as const },
			participants: bodies.map((b, i) => ({ body: b, role: i === 0 ? 'lead' as const : 'member' as const, joined: null, left: null, note: null }))
		});
		for (const record of [coop('zv-neisse', 'Abwasserzweckverband Neiße', 'zweckverband', [ids.goerlitz!, ids.zittau!]), coop('bb-vergabe', 'Gemeinsame Vergabestelle', 'oerv', [ids.cottbus!, ids.spremberg!])]) {
			expect(await saveCooperation(db, ACTOR, { regionId: GR, record, expectedVersion: null, action: 'angelegt' })).toMatchObject({ ok: true });
		}
		admin = await t.signIn('admin@kreis-unna.de');
	}, 180_000);

	afterAll(async () => {
		await handle?.close();
		await t?.stop();
	});

	it('records the Saxon procedure; the SächsKomZG rule finds a day too early; corrected, every step is recorded', async () => {
		await admin.goto(`${app.url}/kooperationen/zv-neisse`, HYDRATED);
		expect(await admin.locator('main').textContent()).toContain('Es gilt das Recht des Landes Sachsen');
		await t.axe(admin);
		await admin.getByRole('link', { name: 'Rechtlichen Stand ansehen und bearbeiten' }).click();
		await admin.waitForURL(/\/kooperationen\/zv-neisse\/recht$/);
		await admin.waitForLoadState('networkidle');
		await t.axe(admin);
		expect(await admin.locator('#sub_type').count()).toBe(0);

		await admin.fill(`[id="council-${ids.goerlitz}-date"]`, '2026-01-15');
		await admin.fill(`[id="council-${ids.zittau}-date"]`, '2026-01-20');
		await admin.fill('#authority', 'Landratsamt Görlitz');
		await admin.fill('#approval_date', '2026-03-02');
		await admin.fill('#gazette', 'Sächsisches Amtsblatt');
		await admin.fill('#issue', 'Nr. 12/2026');
		await admin.fill('#publication_date', '2026-03-19');
		await admin.fill('#effective_date', '2026-03-19');
		await submitTo(admin, 'Rechtlichen Stand speichern', /\/recht\?gespeichert=1$/);
		const table = (await admin.locator('table').first().textContent()) ?? '';
		expect(table).toContain('vor dem Tag nach der Bekanntmachung (20.03.2026)');
		expect(table).toContain('§§ 44 ff. SächsKomZG');
		expect(table).not.toContain('GkG');
		await t.axe(admin);

		await admin.fill('#effective_date', '2026-03-20');
		await submitTo(admin, 'Rechtlichen Stand speichern', /\/recht\?gespeichert=1$/);
		await admin.goto(`${app.url}/kooperationen/zv-neisse`, HYDRATED);
		expect(await admin.locator('main').textContent()).toContain('Alle Schritte des Verfahrens nach SächsKomZG sind erfasst.');
	});

	it('Brandenburg: the profile and the legal page say that no rules are held, without a form', async () => {
		await admin.goto(`${app.url}/kooperationen/bb-vergabe`, HYDRATED);
		expect(await admin.locator('main').textContent()).toContain('Für Brandenburg hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt.');
		await t.axe(admin);
		await admin.goto(`${app.url}/kooperationen/bb-vergabe/recht`, HYDRATED);
		expect(await admin.locator('main').textContent()).toContain('Für Brandenburg hält IKZ-Atlas keine Prüfregeln');
		expect(await admin.locator('#rechtsstand').count()).toBe(0);
		await t.axe(admin);
		expect(t.violations).toEqual([]);
	});
});
