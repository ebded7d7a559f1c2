/**
 * Issue 21 on the shipped Kreis Unna data and a local OParl 1.1 server: connect Kamen and Bönen,
 * harvest through a phase of 5xx, malformed JSON and a broken page link (each costs the run a note,
 * the next run continues from the stored cursor), find the council decisions on the
 * Volkshochschul-Zweckverband Kamen–Bönen (kommunen-2) and a new cooperation in the review queue,
 * accept them (the legal lifecycle gets the council decisions, the OParl link is kept), reject one,
 * and a later run proposes nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { connectSource, inspectSystem } from '../../src/lib/server/oparl/connect';
import { harvestSource, type HarvestOptions } from '../../src/lib/server/oparl/harvest';
import { readRules } from '../../src/lib/server/oparl/rules';
import { harvestDue } from '../../src/lib/server/oparl/service';
import { oparlHarvestHours, setOparlHarvestHours } from '../../src/lib/server/registry/region-settings';
import { readSettings } from '../../src/lib/server/settings';
import { acceptProposal, readProposal, rejectProposal } from '../../src/lib/server/registry/proposals';
import { readLifecycle } from '../../src/lib/server/legal/store';
import { readCooperation } from '../../src/lib/server/registry/write';
import { startOparlServer, type OparlTestServer } from '../support/oparl-server';
import { kamenBoenen } from '../fixtures/oparl/kamen-boenen';

type Db = Kysely<Database>;
const limits = { timeoutMs: 1500, maxBytes: 2_000_000, allowedHosts: [] as string[] };
const opts: HarvestOptions = { limits, intervalMs: 0, maxPages: 100, rules: readRules('data') };

describe('OParl: connect, harvest, recognise, propose', () => {
	let handle: Awaited<ReturnType<typeof loadedDatabase>>;
	let db: Db;
	let server: OparlTestServer;
	let actor: Actor;
	let kamen: string;
	let boenen: string;

	beforeAll(async () => {
		handle = await loadedDatabase();
		db = handle.db;
		server = await startOparlServer(kamenBoenen(), { pageSize: 4, slowMs: 3000 });
		const userId = await createUser(db, { email: 'kora@kreis-unna.de', name: 'Kora Koordinatorin', bodyId: 'kreis-unna', role: 'coordinator' });
		actor = { role: 'coordinator', userId, name: 'Kora Koordinatorin', email: 'kora@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
	}, 120_000);
	afterAll(async () => {
		await server?.close();
		await handle?.close();
	});

	it('checks a system URL and refuses what is not OParl or not allowed', async () => {
		const r = await inspectSystem(server.systemUrl, limits);
		expect(r.ok && r.found.bodies.map((b) => b.name)).toEqual(['Stadt Kamen', 'Gemeinde Bönen']);
		expect(r.ok && r.found.systemName).toBe('Ratsinformationssystem (Test)');
		const notOparl = await inspectSystem(`${server.url}/oparl/v1/nichts`, limits);
		expect(notOparl.ok).toBe(false);
		expect((await inspectSystem('file:///etc/passwd', limits)).ok).toBe(false);
		const blocked = await inspectSystem(server.systemUrl, { ...limits, allowedHosts: ['ratsinfo.example.org'] });
		expect(!blocked.ok && blocked.problem).toContain('nicht freigegeben');
		// A Body URL itself is accepted too.
		const body = await inspectSystem(server.bodyUrl('boenen'), limits);
		expect(body.ok && body.found.bodies[0]?.name).toBe('Gemeinde Bönen');
	});

	it('connects Kamen and Bönen once each', async () => {
		const k = await connectSource(db, actor, { bodyId: 'kamen', systemUrl: server.systemUrl, oparlBodyId: server.bodyUrl('kamen') }, limits);
		const b = await connectSource(db, actor, { bodyId: 'boenen', systemUrl: server.systemUrl, oparlBodyId: server.bodyUrl('boenen') }, limits);
		expect(k.ok && b.ok).toBe(true);
		kamen = (k as { id: string }).id;
		boenen = (b as { id: string }).id;
		const again = await connectSource(db, actor, { bodyId: 'kamen', systemUrl: server.systemUrl, oparlBodyId: server.bodyUrl('kamen') }, limits);
		expect(again.ok).toBe(false);
		const unknownBody = await connectSource(db, actor, { bodyId: 'kamen', systemUrl: server.systemUrl, oparlBodyId: `${server.url}/oparl/v1/body/x` }, limits);
		expect(unknownBody.ok).toBe(false);
	});

	it('a 5xx on page 2 ends the run with a note; page 1 is kept and the next run continues there', async () => {
		server.fault('/kamen/papers?page=2', '500', 1);
		const first = await harvestSource(db, kamen, opts);
		expect(first.status).toBe('interrupted');
		expect(first.log.map((l) => l.message).join(' ')).toMatch(/Antwort 503/);
		expect(Number((await db.selectFrom('oparl_paper').select((e) => e.fn.countAll().as('n')).where('source_id', '=', kamen).executeTakeFirstOrThrow()).n)).toBe(4);
		const cursor = await db.selectFrom('oparl_cursor').selectAll().where('source_id', '=', kamen).where('list', '=', 'paper').executeTakeFirstOrThrow();
		expect(cursor.next_url).toContain('page=2');
		const before = server.requests.length;
		const second = await harvestSource(db, kamen, opts);
		expect(second.status).toBe('done');
		// The second run did not read page 1 of the papers again.
		expect(server.requests.slice(before).some((r) => /kamen\/papers(\?|$)(?!.*page=)/.test(r) && !r.includes('page='))).toBe(false);
		expect(Number((await db.selectFrom('oparl_paper').select((e) => e.fn.countAll().as('n')).where('source_id', '=', kamen).executeTakeFirstOrThrow()).n)).toBe(11);
	});

	it('malformed JSON, then a slow answer, cost Bönen two runs a note each; the third completes', async () => {
		server.fault('/boenen/papers', 'malformed', 1);
		const a = await harvestSource(db, boenen, opts);
		expect(a.status).toBe('interrupted');
		expect(a.log.map((l) => l.message).join(' ')).toMatch(/kein gültiges JSON/);
		server.fault('/boenen/papers', 'slow', 1);
		const b = await harvestSource(db, boenen, opts);
		expect(b.status).toBe('interrupted');
		expect(b.log.map((l) => l.message).join(' ')).toMatch(/keine Antwort innerhalb/);
		const c = await harvestSource(db, boenen, opts);
		expect(c.status).toBe('done');
		expect(c.papers).toBe(5);
	}, 30_000);

	it('proposes the council decisions on the VHS Zweckverband and a new cooperation, with title, date, body, link and passage', async () => {
		const hits = await db.selectFrom('oparl_hit').selectAll().orderBy('id').execute();
		const vhs = hits.filter((h) => h.cooperation_id === 'kommunen-2');
		expect(vhs.map((h) => [h.body_id, h.kind, h.decision_date])).toEqual([['kamen', 'council_decision', '2026-10-08'], ['boenen', 'council_decision', '2026-11-05']]);
		expect(vhs[0]?.passage).toMatch(/Zweckverband/);
		expect(vhs[0]?.web_url).toContain('kamen-vhs');
		const fresh = hits.filter((h) => h.kind === 'new_cooperation');
		expect(fresh.map((h) => h.title)).toEqual(['Gemeinsames Standesamt der Stadt Kamen und der Stadt Bergkamen']);
		// None of the papers on other matters was proposed.
		expect(hits).toHaveLength(3);
		const p = await readProposal(db, fresh[0]!.proposal_id!);
		expect(p?.status).toBe('open');
		expect(p?.record.legal_form).toBe('oerv');
		expect(p?.record.participants.map((x) => x.body).sort()).toEqual(['bergkamen', 'kamen']);
		expect(p?.comment).toContain('Fundstelle');
	});

	it('accepting is all or nothing: when the legal lifecycle refuses the decision, the cooperation, the link and the proposal stay as they were', async () => {
		const before = await readCooperation(db, 'kommunen-2');
		const hit = await db.selectFrom('oparl_hit').selectAll().where('cooperation_id', '=', 'kommunen-2').orderBy('id').executeTakeFirstOrThrow();
		// A file number longer than the lifecycle allows (100 characters): the lifecycle save fails after the cooperation was saved.
		await db.updateTable('oparl_hit').set({ reference: 'V/'.padEnd(150, '9') }).where('id', '=', hit.id).execute();
		await expect(acceptProposal(db, actor, hit.proposal_id!, null)).rejects.toThrow();
		const after = await readCooperation(db, 'kommunen-2');
		expect(after!.version).toBe(before!.version);
		expect(after!.record.events).toEqual(before!.record.events);
		expect((await readProposal(db, hit.proposal_id!))?.status).toBe('open');
		expect(await db.selectFrom('oparl_link').select('id').where('entity_id', '=', 'kommunen-2').execute()).toEqual([]);
		expect(await readLifecycle(db, 'kommunen-2')).toBeNull();
		await db.updateTable('oparl_hit').set({ reference: hit.reference }).where('id', '=', hit.id).execute();
	});

	it('accepting both decisions fills the legal lifecycle and keeps the OParl links; the cooperation is otherwise unchanged', async () => {
		const before = await readCooperation(db, 'kommunen-2');
		const vhs = await db.selectFrom('oparl_hit').selectAll().where('cooperation_id', '=', 'kommunen-2').orderBy('id').execute();
		for (const h of vhs) {
			const r = await acceptProposal(db, actor, h.proposal_id!, null);
			expect(r.ok, JSON.stringify(r)).toBe(true);
		}
		const life = await readLifecycle(db, 'kommunen-2');
		expect(life?.record.council_decisions.map((d) => [d.body, d.date, d.reference])).toEqual([['kamen', '2026-10-08', 'V/214/2026'], ['boenen', '2026-11-05', 'DS 2026/087']]);
		const after = await readCooperation(db, 'kommunen-2');
		expect(after!.record.participants).toEqual(before!.record.participants);
		expect(after!.record.events.map((e) => [e.kind, e.date])).toEqual([...before!.record.events.map((e) => [e.kind, e.date]), ['extension', '2026-10-08'], ['extension', '2026-11-05']]);
		const links = await db.selectFrom('oparl_link').select(['url', 'kind']).where('entity_id', '=', 'kommunen-2').execute();
		expect(links.map((l) => l.url).sort()).toEqual([`${server.bodyUrl('boenen')}/paper/boenen-vhs`, `${server.bodyUrl('kamen')}/paper/kamen-vhs`]);
	});

	it('a rejected hit and accepted ones are not proposed again, even when the papers change; unchanged lists answer 304', async () => {
		const fresh = await db.selectFrom('oparl_hit').selectAll().where('kind', '=', 'new_cooperation').executeTakeFirstOrThrow();
		expect(await rejectProposal(db, actor, fresh.proposal_id!, 'gibt es schon unter anderem Namen')).toBe(true);
		const proposalsBefore = await db.selectFrom('proposal').select('id').execute();
		// Nothing changed: conditional requests, no new proposals.
		const quiet = await harvestSource(db, kamen, opts);
		expect(quiet.status).toBe('done');
		expect(quiet.proposals).toBe(0);
		// Once a pass with modified_since has answered, the same empty list is not sent again.
		const quieter = await harvestSource(db, kamen, opts);
		expect(quieter.status).toBe('done');
		expect(quieter.papers).toBe(0);
		expect(server.notModified).toBeGreaterThan(0);
		expect(quieter.log.map((l) => l.message).join(' ')).toContain('unverändert');
		// The papers are edited on the server (new modified dates): harvested again, proposed never.
		const bodies = kamenBoenen();
		const later = new Date(Date.now() + 60_000).toISOString();
		for (const b of bodies) for (const p of b.papers) p.modified = later;
		server.setBodies(bodies);
		const again = [await harvestSource(db, kamen, opts), await harvestSource(db, boenen, opts)];
		expect(again.map((r) => r.status)).toEqual(['done', 'done']);
		expect(again.reduce((n, r) => n + r.papers, 0)).toBe(16);
		expect(again.reduce((n, r) => n + r.proposals, 0)).toBe(0);
		expect((await db.selectFrom('proposal').select('id').execute()).length).toBe(proposalsBefore.length);
		// modified_since was sent after the first complete pass.
		expect(server.requests.some((r) => r.includes('modified_since='))).toBe(true);
	});

	it('a broken page link (404) is noted; the next run starts the pass again and completes', async () => {
		const bodies = kamenBoenen();
		const later = new Date(Date.now() + 120_000).toISOString();
		for (const p of bodies[0]!.papers) p.modified = later;
		server.setBodies(bodies);
		server.fault('page=3', '404', 1);
		const broken = await harvestSource(db, kamen, opts);
		expect(broken.status).toBe('interrupted');
		expect(broken.log.map((l) => l.message).join(' ')).toMatch(/defekter Seitenverweis/);
		const next = await harvestSource(db, kamen, opts);
		expect(next.status).toBe('done');
		expect(next.proposals).toBe(0);
		const runs = await db.selectFrom('oparl_run').select(['status']).where('source_id', '=', kamen).execute();
		expect(runs.every((r) => r.status !== 'running')).toBe(true);
	});

	it('the schedule harvests only the systems whose last run is older than OPARL_HARVEST_HOURS', async () => {
		const now = new Date();
		await db.updateTable('oparl_source').set({ last_run_at: new Date(now.getTime() - 25 * 3_600_000).toISOString() }).where('id', '=', kamen).execute();
		await db.updateTable('oparl_source').set({ last_run_at: new Date(now.getTime() - 3_600_000).toISOString() }).where('id', '=', boenen).execute();
		const s = readSettings({ OPARL_HARVEST_HOURS: '24', OPARL_REQUEST_INTERVAL_MS: '0', OPARL_TIMEOUT_MS: '1500' });
		expect(await harvestDue(db, s, now)).toEqual([kamen]);
		expect(await harvestDue(db, readSettings({ OPARL_HARVEST_HOURS: '0' }), now)).toEqual([]);
		// A system restricted to other hosts is not requested: the run ends with a note.
		await db.updateTable('oparl_source').set({ last_run_at: null }).where('id', '=', boenen).execute();
		const before = server.requests.length;
		expect(await harvestDue(db, readSettings({ OPARL_HARVEST_HOURS: '24', OPARL_ALLOWED_HOSTS: 'ratsinfo.example.org' }), now)).toEqual([boenen]);
		expect(server.requests.length).toBe(before);
		const run = await db.selectFrom('oparl_run').selectAll().where('source_id', '=', boenen).orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect([run.status, run.log_json]).toEqual(['interrupted', expect.stringContaining('nicht freigegeben')]);
	});

	it('a region\'s own interval wins over OPARL_HARVEST_HOURS: 0 stops the schedule there, 1 harvests sooner', async () => {
		const now = new Date();
		const region = (await db.selectFrom('oparl_source').select('region_id').where('id', '=', kamen).executeTakeFirstOrThrow()).region_id;
		await db.updateTable('oparl_source').set({ last_run_at: new Date(now.getTime() - 2 * 3_600_000).toISOString() }).where('id', 'in', [kamen, boenen]).execute();
		const s = readSettings({ OPARL_HARVEST_HOURS: '24', OPARL_REQUEST_INTERVAL_MS: '0', OPARL_TIMEOUT_MS: '1500' });
		expect(await harvestDue(db, s, now)).toEqual([]);
		await setOparlHarvestHours(db, region, 1);
		expect(await oparlHarvestHours(db, region)).toBe(1);
		expect((await harvestDue(db, s, now)).sort()).toEqual([kamen, boenen].sort());
		await setOparlHarvestHours(db, region, 0);
		await db.updateTable('oparl_source').set({ last_run_at: null }).where('id', 'in', [kamen, boenen]).execute();
		expect(await harvestDue(db, s, now)).toEqual([]);
		// Cleared: the installation's default applies again (never run: due at once).
		await setOparlHarvestHours(db, region, null);
		expect(await oparlHarvestHours(db, region)).toBeNull();
		expect((await harvestDue(db, s, now)).sort()).toEqual([kamen, boenen].sort());
		// With OPARL_HARVEST_HOURS=0 a region may still have its own schedule.
		await setOparlHarvestHours(db, region, 1);
		await db.updateTable('oparl_source').set({ last_run_at: null }).where('id', 'in', [kamen, boenen]).execute();
		expect((await harvestDue(db, readSettings({ OPARL_HARVEST_HOURS: '0', OPARL_REQUEST_INTERVAL_MS: '0', OPARL_TIMEOUT_MS: '1500' }), now)).sort()).toEqual([kamen, boenen].sort());
		await setOparlHarvestHours(db, region, null);
	});
});
