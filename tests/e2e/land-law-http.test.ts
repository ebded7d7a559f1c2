/**
 * The law of each Land over HTTP (issue 13, part 4): on the built app with the national directory
 * loaded, a Zweckverband of Görlitz and Zittau (Sachsen) is recorded in a region "Landkreis
 * Görlitz"; its profile and its legal page name the SächsKomZG and never the GkG NRW; a
 * cooperation of Cottbus and Spremberg (Brandenburg) says that the app holds no rules; the
 * knowledge text on Saxon law is there; Kreis Unna's profile still names the GkG NRW.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eDialect, newDatabaseUrl, startApp, type RunningApp } from './app-server';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/connect';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import type { Actor } from '../../src/lib/server/auth/policy';

const GR = 'landkreis-goerlitz';
const ACTOR: Actor = { role: 'administrator', userId: null, name: 'Test Landesrecht', email: null, bodyId: null, regionId: null };

let app: RunningApp;
let dir: string;
let handle: DatabaseHandle;

/** Text of the page's main content, tags removed. */
async function page(p: string): Promise<{ status: number; text: string }> {
	const res = await fetch(`${app.url}${p}`);
	const html = await res.text();
	const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
	return { status: res.status, text: main.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ') };
}

// Two processes cannot open one PGlite folder; SQLite and PostgreSQL are shared with the app.
describe.skipIf(e2eDialect() === 'pglite')('the law of each Land, over HTTP', () => {
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-land-law-'));
		const url = await newDatabaseUrl(dir);
		app = await startApp({}, url);
		handle = openDatabase(url);
		const db = handle.db;
		const idOf = async (ags: string) => (await db.selectFrom('body').select('id').where('ags', '=', ags).executeTakeFirstOrThrow()).id;
		const [lk, goerlitz, zittau, cottbus, spremberg] = (await Promise.all(['14626', '14626110', '14626610', '12052000', '12071372'].map(idOf))) as [string, string, string, string, string];
		await db.insertInto('region').values({ id: GR, name: 'Landkreis Görlitz', kreis_body_id: lk, source_json: '{}', lists_json: JSON.stringify([{ id: 'kommunen', label: 'Kooperationen' }]) }).execute();
		const base = (await readCooperation(db, 'kommunen-47'))!.record;
		const coop = (id: string, title: string, legal_form: string, bodies: string[]) => ({
			...base, id, list: 'kommunen', number: null, slide: null, title, title_source: null, partners_source: null, performer_source: null,
			legal_form, legal_form_source: null, notes: null, derived: [], events: [], partner_groups: [], performer: { kind: 'jointly' as const },
			participants: bodies.map((b, i) => ({ body: b, role: i === 0 ? 'lead' as const : 'member' as const, joined: null, left: null, note: null }))
		});
		for (const record of [coop('zv-neisse', 'Abwasserzweckverband Neiße', 'zweckverband', [goerlitz, zittau]), coop('bb-vergabe', 'Gemeinsame Vergabestelle', 'oerv', [cottbus, spremberg])]) {
			const r = await saveCooperation(db, ACTOR, { regionId: GR, record, expectedVersion: null, action: 'angelegt' });
			expect(r).toMatchObject({ ok: true });
		}
	}, 180_000);

	afterAll(async () => {
		await handle?.close();
		await app?.stop();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('the Saxon Zweckverband\'s profile and legal page name the SächsKomZG, not the GkG NRW', async () => {
		const profile = await page('/kooperationen/zv-neisse');
		expect(profile.status).toBe(200);
		expect(profile.text).toContain('Es gilt das Recht des Landes Sachsen: Sächsisches Gesetz über kommunale Zusammenarbeit (SächsKomZG)');
		expect(profile.text).toContain('Das Verfahren nach SächsKomZG (Beschlüsse, Genehmigung, Bekanntmachung) ist noch nicht erfasst.');
		expect(profile.text).toContain('Landesrecht Sachsen im Wissensbereich');
		expect(profile.text).not.toContain('GkG');
		const legal = await page('/kooperationen/zv-neisse/recht');
		expect(legal.status).toBe(200);
		expect(legal.text).toContain('Schritte des Verfahrens nach SächsKomZG');
		expect(legal.text).toContain('§§ 44 ff. SächsKomZG');
		expect(legal.text).not.toContain('GkG');
		const article = await page('/wissen/landesrecht-sachsen');
		expect(article.status).toBe(200);
		expect(article.text).toContain('SächsKomZG');
	});

	it('Brandenburg: the profile says that no rules are held; Kreis Unna still names the GkG NRW', async () => {
		const bb = await page('/kooperationen/bb-vergabe');
		expect(bb.status).toBe(200);
		expect(bb.text).toContain('Für Brandenburg hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt.');
		expect(bb.text).not.toContain('GkG');
		const unna = await page('/kooperationen/kommunen-47');
		expect(unna.text).toContain('Gesetz über kommunale Gemeinschaftsarbeit (GkG NRW)');
		expect(unna.text).toContain('Das Verfahren nach GkG NRW (Beschlüsse, Genehmigung, Bekanntmachung) ist noch nicht erfasst.');
	});
});
