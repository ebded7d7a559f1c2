/**
 * Writing through API v1 (issue 8, item 4) follows the rules of the forms: the same permission
 * check (an editor only where the own body takes part; refusals audited), the optimistic lock by
 * If-Match (428 without, 412 when stale), the same save (versions, search), review turning an
 * editor's change into a proposal, and OParl links (https only) stored and returned.
 */
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { readSettings } from '../../src/lib/server/settings';
import { setReviewRequired } from '../../src/lib/server/registry/region-settings';
import { addOparl, createCooperation, deleteOparl, getBody, getCooperation, listCooperations, listOparl, updateCooperation, versionOfEtag } from '../../src/lib/server/api/service';

type Db = Kysely<Database>;
const ORIGIN = 'http://ikz.test';
const KAMEN_COOP = 'kommunen-12';

async function actor(db: Db, email: string, role: Actor['role'] & string, bodyId: string): Promise<Actor> {
	const userId = await createUser(db, { email, name: email.split('@')[0]!, role: role as 'editor', bodyId });
	return { role, userId, name: email.split('@')[0]!, email, bodyId, regionId: 'kreis-unna' };
}
const who = (a: Actor) => ({ actor: a, address: '127.0.0.1', path: '/api/v1/test' });

async function detail(db: Db, id: string) {
	const r = await getCooperation(db, id, ORIGIN);
	if (!r.ok) throw new Error(r.detail);
	return { data: r.data as { version: number; record: Record<string, unknown>; oparl_links: { id: string; url: string }[] }, etag: r.etag! };
}

describe('PUT a cooperation', () => {
	it('needs the edit right for the bodies taking part, then If-Match; stale versions get 412', async () => {
		const { db, close } = await loadedDatabase();
		const kamen = await actor(db, 'redaktion@kamen.de', 'editor', 'kamen');
		const boenen = await actor(db, 'redaktion@boenen.de', 'editor', 'boenen');
		const { data, etag } = await detail(db, KAMEN_COOP);
		expect(versionOfEtag(etag)).toBe(data.version);
		const changed = { ...data.record, notes: 'Über die API ergänzt.' };

		const foreign = await updateCooperation(db, who(boenen), KAMEN_COOP, etag, changed, ORIGIN);
		expect(foreign).toMatchObject({ ok: false, status: 403 });
		const refused = await db.selectFrom('audit_log').selectAll().where('outcome', '=', 'refused').execute();
		expect(refused.some((r) => r.entity_id === KAMEN_COOP && r.actor_label.includes('redaktion@boenen.de'))).toBe(true);

		expect(await updateCooperation(db, who(kamen), KAMEN_COOP, null, changed, ORIGIN)).toMatchObject({ ok: false, status: 428 });
		expect(await updateCooperation(db, who(kamen), KAMEN_COOP, `"${data.version + 5}-x"`, changed, ORIGIN)).toMatchObject({ ok: false, status: 412 });
		expect(await updateCooperation(db, who(kamen), KAMEN_COOP, etag, { ...changed, status: 'vielleicht' }, ORIGIN)).toMatchObject({ ok: false, status: 400 });
		expect(await updateCooperation(db, who(kamen), KAMEN_COOP, etag, { ...changed, id: 'kommunen-13' }, ORIGIN)).toMatchObject({ ok: false, status: 400 });
		expect(await updateCooperation(db, who(kamen), KAMEN_COOP, etag, { ...changed, legal_form: 'gibt-es-nicht' }, ORIGIN)).toMatchObject({ ok: false, status: 422 });

		const saved = await updateCooperation(db, who(kamen), KAMEN_COOP, etag, changed, ORIGIN);
		if (!saved.ok) throw new Error(saved.detail);
		expect((saved.data as { version: number; record: { notes: string } })).toMatchObject({ version: data.version + 1, record: { notes: 'Über die API ergänzt.' } });
		expect(saved.etag).not.toBe(etag);
		const versions = await db.selectFrom('record_version').select(['version', 'action', 'comment']).where('entity_id', '=', KAMEN_COOP).orderBy('version').execute();
		expect(versions.at(-1)).toMatchObject({ version: data.version + 1, action: 'bearbeitet', comment: 'über die API' });
		// The old ETag is now stale.
		expect(await updateCooperation(db, who(kamen), KAMEN_COOP, etag, { ...changed, notes: 'zweimal' }, ORIGIN)).toMatchObject({ ok: false, status: 412 });
		await close();
	});

	it('with review required, an editor\'s change becomes a proposal (202) and the record stays', async () => {
		const { db, close } = await loadedDatabase();
		const kamen = await actor(db, 'redaktion@kamen.de', 'editor', 'kamen');
		await setReviewRequired(db, 'kreis-unna', true);
		const { data, etag } = await detail(db, KAMEN_COOP);
		const r = await updateCooperation(db, who(kamen), KAMEN_COOP, etag, { ...data.record, notes: 'Vorschlag' }, ORIGIN);
		expect(r).toMatchObject({ ok: true, status: 202, data: null });
		if (r.ok) expect(r.location).toMatch(/^http:\/\/ikz\.test\/vorschlaege\/\d+$/);
		expect((await detail(db, KAMEN_COOP)).data.version).toBe(data.version);
		expect(await db.selectFrom('proposal').select('kind').where('status', '=', 'open').execute()).toEqual([{ kind: 'update' }]);
		await close();
	});
});

describe('POST a cooperation', () => {
	const record = {
		list: 'kommunen', number: null, slide: null, org_unit: null, title: 'Gemeinsame Ausbildung von Verwaltungsfachangestellten', title_source: null,
		partners_source: null, performer_source: null, performer: { kind: 'jointly', body: null }, legal_form: 'unknown', legal_form_source: null,
		start_source: null, start: 'geplant 2027', end: null, status: 'planned', topics: ['verwaltung-it'], description: null, notes: null, derived: [],
		participants: [{ body: 'luenen', role: 'member', joined: null, left: null, note: null }, { body: 'selm', role: 'member', joined: null, left: null, note: null }],
		partner_groups: [], events: []
	};

	it('creates it with a new id and the next number; the register search finds it', async () => {
		const { db, close } = await loadedDatabase();
		const luenen = await actor(db, 'redaktion@luenen.de', 'editor', 'luenen');
		const r = await createCooperation(db, who(luenen), record, ORIGIN);
		if (!r.ok) throw new Error(`${r.detail} ${JSON.stringify(r.errors)}`);
		expect(r.status).toBe(201);
		const id = (r.data as { id: string }).id;
		expect(id).toMatch(/^kommunen-[0-9a-f]{8}$/);
		expect(r.location).toBe(`${ORIGIN}/api/v1/cooperations/${id}`);
		expect((r.data as { version: number; record: { number: number } }).record.number).toBeGreaterThan(1);
		const list = await listCooperations(db, readSettings({}), new URLSearchParams('partner=luenen&q=Verwaltungsfachangestellte&limit=200'));
		expect(list.ok && list.data.items.map((i) => i.id)).toEqual([id]);
		await close();
	});

	it('refuses an editor whose body does not take part, and an id in the body', async () => {
		const { db, close } = await loadedDatabase();
		const kamen = await actor(db, 'redaktion@kamen.de', 'editor', 'kamen');
		expect(await createCooperation(db, who(kamen), record, ORIGIN)).toMatchObject({ ok: false, status: 403 });
		expect(await createCooperation(db, who(kamen), { ...record, id: 'kommunen-eigen' }, ORIGIN)).toMatchObject({ ok: false, status: 400 });
		expect(await db.selectFrom('cooperation').select('id').where('title', '=', record.title).execute()).toEqual([]);
		await close();
	});
});

describe('OParl links', () => {
	it('are stored (https only), returned with the record and the body, and removed', async () => {
		const { db, close } = await loadedDatabase();
		const kamen = await actor(db, 'redaktion@kamen.de', 'editor', 'kamen');
		const boenen = await actor(db, 'redaktion@boenen.de', 'editor', 'boenen');
		const before = await detail(db, KAMEN_COOP);
		const paper = { kind: 'paper', url: 'https://ratsinfo.kamen.de/oparl/v1/paper/4711', label: 'Beschluss des Rates' };
		expect(await addOparl(db, who(boenen), 'cooperation', KAMEN_COOP, paper, ORIGIN)).toMatchObject({ ok: false, status: 403 });
		expect(await addOparl(db, who(kamen), 'cooperation', KAMEN_COOP, { ...paper, url: 'http://ratsinfo.kamen.de/oparl' }, ORIGIN)).toMatchObject({ ok: false, status: 400 });
		expect(await addOparl(db, who(kamen), 'cooperation', 'gibt-es-nicht', paper, ORIGIN)).toMatchObject({ ok: false, status: 404 });
		const added = await addOparl(db, who(kamen), 'cooperation', KAMEN_COOP, paper, ORIGIN);
		if (!added.ok) throw new Error(added.detail);
		const linkId = (added.data as { id: string }).id;
		expect(added.location).toBe(`${ORIGIN}/api/v1/cooperations/${KAMEN_COOP}/oparl/${linkId}`);
		const after = await detail(db, KAMEN_COOP);
		expect(after.data.oparl_links).toEqual([expect.objectContaining({ id: linkId, kind: 'paper', url: paper.url, label: 'Beschluss des Rates' })]);
		// The representation changed, so its ETag did, while the version (the lock) did not.
		expect(after.etag).not.toBe(before.etag);
		expect(versionOfEtag(after.etag)).toBe(before.data.version);

		const system = await addOparl(db, who(kamen), 'body', 'kamen', { kind: 'system', url: 'https://ratsinfo.kamen.de/oparl/v1/system' }, ORIGIN);
		expect(system.ok).toBe(true);
		expect(await addOparl(db, who(boenen), 'body', 'kamen', { kind: 'system', url: 'https://x.example/oparl' }, ORIGIN)).toMatchObject({ ok: false, status: 403 });
		const body = await getBody(db, 'kamen', ORIGIN);
		expect(body.ok && (body.data as { oparl_links: { kind: string }[] }).oparl_links.map((l) => l.kind)).toEqual(['system']);

		expect(await deleteOparl(db, who(boenen), 'cooperation', KAMEN_COOP, linkId)).toMatchObject({ ok: false, status: 403 });
		expect(await deleteOparl(db, who(kamen), 'body', 'kamen', linkId)).toMatchObject({ ok: false, status: 404 });
		expect(await deleteOparl(db, who(kamen), 'cooperation', KAMEN_COOP, linkId)).toMatchObject({ ok: true, status: 204 });
		const links = await listOparl(db, 'cooperation', KAMEN_COOP);
		expect(links.ok && links.data).toEqual({ items: [] });
		const log = await db.selectFrom('audit_log').select(['action', 'outcome']).where('action', 'like', 'oparl.%').execute();
		expect(log).toEqual([{ action: 'oparl.verknuepft', outcome: 'ok' }, { action: 'oparl.verknuepft', outcome: 'ok' }, { action: 'oparl.entfernt', outcome: 'ok' }]);
		await close();
	});
});
