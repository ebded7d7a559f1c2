/**
 * Editing cooperations on the real data: lossless round trips (rows and form), versions with the
 * file state kept as version 1, the optimistic lock with a readable diff, restoring, the loader
 * leaving app-edited records alone, archiving, creating with the own-body rule, review through
 * proposals, contacts that leave no trace once removed, and an audit log without contents.
 */
import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { loadedDatabase, tableNames } from './helpers';
import type { Database, Role } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { cooperationFile, type CooperationRecord } from '../../src/lib/server/data/data-schema';
import {
	bodiesOf, cooperationVersions, newCooperationId, nextNumber, readCooperation, saveCooperation, setArchived
} from '../../src/lib/server/registry/write';
import { formSetup, mergeDraft, submitCooperation, type SubmitResult } from '../../src/lib/server/registry/cooperation-edit';
import { acceptProposal, listProposals, readProposal, rejectProposal } from '../../src/lib/server/registry/proposals';
import { reviewRequired, setReviewRequired } from '../../src/lib/server/registry/region-settings';
import { addContact, contactsOf, removeContact, validateContact, type ContactInput } from '../../src/lib/server/registry/contacts';
import { cooperationProfile } from '../../src/lib/server/registry/profiles';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { readSettings } from '../../src/lib/server/settings';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import {
	parseCooperationForm, rowField, valuesFromRecord, type CooperationDraft, type FormContext, type FormSource, type FormValues
} from '../../src/lib/domain/cooperation-form';
import { diffCooperations } from '../../src/lib/domain/record-diff';

type Db = Kysely<Database>;

const REGION = 'kreis-unna';
const ERZIEHUNG = 'kommunen-12'; // Gemeinsame Erziehungsberatungsstelle: Bergkamen (lead), Kamen
const VERGABE = 'kommunen-47'; // Zentrale Vergabestelle: Unna (lead), Bönen, Fröndenberg/Ruhr

// ---------------------------------------------------------------------------------------------
// Helpers

async function actorOf(db: Db, role: Role, bodyId: string, name: string, email: string): Promise<Actor> {
	const userId = await createUser(db, { email, name, bodyId, role });
	return { role, userId, name, email, bodyId, regionId: REGION };
}
const kamenEditor = (db: Db) => actorOf(db, 'editor', 'kamen', 'Erika Editorin', 'erika@kamen.de');
const coordinator = (db: Db) => actorOf(db, 'coordinator', 'kreis-unna', 'Kora Koordinatorin', 'kora@kreis-unna.de');

async function stored(db: Db, id: string) {
	const s = await readCooperation(db, id);
	if (!s) throw new Error(`${id} fehlt`);
	return s;
}

async function revision(db: Db): Promise<number> {
	const r = await db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst();
	return Number(r?.value ?? 0);
}

async function count(db: Db, table: 'cooperation' | 'record_version' | 'proposal'): Promise<number> {
	const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
	return Number(r?.n ?? 0);
}

/** Seqs the register search finds for a text (archived ones excluded, as users see it). */
async function found(db: Db, q: string): Promise<number[]> {
	const r = await runSearch(db, parseSearchQuery(new URLSearchParams({ q })), { allRows: true });
	return r.seqs;
}

/** Ids of the records on the search page (the same service the register page uses). */
async function foundIds(db: Db, q: string): Promise<string[]> {
	const page = await searchPage(db, new URLSearchParams({ q, pro_seite: '500' }), readSettings({}), 'export');
	return page.rows.map((r) => r.id);
}

/** Optional fields may be absent in a file and null in the database: treat both as "not set". */
function normalized(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(normalized);
	if (v && typeof v === 'object') {
		return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null).map(([k, x]) => [k, normalized(x)]));
	}
	return v;
}

/** The form values as a browser would post them. */
function posted(values: FormValues): FormSource {
	const pairs: [string, string][] = [];
	for (const [key, value] of Object.entries(values) as [keyof FormValues, FormValues[keyof FormValues]][]) {
		if (key === 'topics') for (const t of value as string[]) pairs.push(['topics', t]);
		else if (key === 'participants' || key === 'partner_groups' || key === 'events') {
			(value as unknown as Record<string, string>[]).forEach((row, i) => {
				for (const [f, x] of Object.entries(row)) pairs.push([rowField(key, i, f), x]);
			});
		} else pairs.push([key, value as string]);
	}
	return {
		get: (n) => pairs.find(([k]) => k === n)?.[1] ?? null,
		getAll: (n) => pairs.filter(([k]) => k === n).map(([, x]) => x),
		keys: () => pairs.map(([k]) => k)
	};
}

/** Open the edit form of a record, change some values, post it: the parsed draft. */
function formDraft(record: CooperationRecord, ctx: FormContext, change: (v: FormValues) => FormValues = (v) => v): CooperationDraft {
	const parsed = parseCooperationForm(posted(change(valuesFromRecord(record, ctx))), ctx);
	expect(parsed.errors).toEqual([]);
	return parsed.draft!;
}

/** Edit a record through the form and submit it (as the edit page does). */
async function editThroughForm(db: Db, actor: Actor, id: string, change: (v: FormValues) => FormValues, baseVersion?: number, comment: string | null = null): Promise<SubmitResult> {
	const { ctx, names } = await formSetup(db);
	const current = await stored(db, id);
	return submitCooperation(db, {
		actor, current, draft: formDraft(current.record, ctx, change), baseVersion: baseVersion ?? current.version,
		regionId: current.regionId, action: 'bearbeitet', comment, names
	});
}

function saved(r: SubmitResult): { id: string; version: number } {
	if (r.kind !== 'saved') throw new Error(`expected saved, got ${JSON.stringify(r).slice(0, 300)}`);
	return r;
}

/** Every text in every table, one string per row, to look for personal data. */
async function allRowsText(db: Db, except: string[] = []): Promise<{ table: string; text: string }[]> {
	const out: { table: string; text: string }[] = [];
	for (const name of await tableNames(db)) {
		if (except.includes(name)) continue;
		const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
		for (const row of rows.rows) {
			out.push({ table: name, text: Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))).join('\u0001') });
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------

describe('round trips lose nothing', () => {
	it('every record reads back from the rows as its data file has it (start_source included)', async () => {
		const h = await loadedDatabase();
		const ds = readDataSet('data');
		let n = 0;
		for (const { cooperations } of ds.regions) {
			for (const c of cooperations) {
				const s = await stored(h.db, c.id);
				expect(normalized(s.record), c.id).toEqual(normalized(cooperationFile.element.parse(c)));
				n++;
			}
		}
		expect(n).toBe(103);
		// The verbatim "Beginn" cell survives even where it reads like the cleaned start.
		const e = await stored(h.db, ERZIEHUNG);
		expect(e.record.start_source).toBe('1983');
		expect(e.record.start).toBe('1983');
		expect(e.record.derived).toEqual(['topics', 'status']);
		expect((await stored(h.db, 'kommunen-54')).record.performer.note).toMatch(/^Quelle: „Geschäftsführung“/);
		await h.close();
	});

	it('keeps a source start text without a readable start, and reads rows written before start_source was stored', async () => {
		const h = await loadedDatabase();
		const admin = await actorOf(h.db, 'administrator', 'kreis-unna', 'Anna Admin', 'anna@kreis-unna.de');
		const s = await stored(h.db, VERGABE);
		const record = { ...s.record, start_source: 'seit ?', start: null };
		expect(await saveCooperation(h.db, admin, { regionId: REGION, record, expectedVersion: 1, action: 'bearbeitet' })).toMatchObject({ ok: true, version: 2 });
		expect((await stored(h.db, VERGABE)).record).toEqual(record);
		// An older row: derived_json without start_source. The source text still shows where it differs.
		const old = await h.db.selectFrom('cooperation').select(['derived_json', 'start_text']).where('id', '=', 'kreis-2').executeTakeFirstOrThrow();
		expect(old.start_text).toBe('seit 1962 als VKU');
		const legacy = JSON.parse(old.derived_json) as Record<string, unknown>;
		delete legacy.start_source;
		await h.db.updateTable('cooperation').set({ derived_json: JSON.stringify(legacy) }).where('id', '=', 'kreis-2').execute();
		expect((await stored(h.db, 'kreis-2')).record).toMatchObject({ start_source: 'seit 1962 als VKU', start: '1962' });
		await h.close();
	});

	it('saving an unchanged record writes nothing; writing it again after a change gives the same record and searchable columns', async () => {
		const h = await loadedDatabase();
		const admin = await actorOf(h.db, 'administrator', 'kreis-unna', 'Anna Admin', 'anna@kreis-unna.de');
		const columns = async (id: string) => {
			const row: Record<string, unknown> = { ...(await h.db.selectFrom('cooperation').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) };
			for (const k of ['version', 'origin', 'updated_at', 'content_hash']) delete row[k];
			// The loader repeats a body's name where the file also lists it as an alias; the words count.
			row.search_text = [...new Set(String(row.search_text).split(/\s+/))].sort();
			return row;
		};
		const ids = (await h.db.selectFrom('cooperation').select('id').orderBy('seq').execute()).map((r) => r.id);
		for (const id of ids) {
			const before = await stored(h.db, id);
			const rowBefore = await columns(id);
			// Unchanged: nothing is written, no version (issue 18).
			const same = await saveCooperation(h.db, admin, { regionId: before.regionId, record: before.record, expectedVersion: before.version, action: 'bearbeitet' });
			expect(same, id).toEqual({ ok: true, id, version: 1, unchanged: true });
			expect(await cooperationVersions(h.db, id), id).toEqual([]);
			// Changed and changed back: the record written again gives the same record and columns.
			const changed = await saveCooperation(h.db, admin, { regionId: before.regionId, record: { ...before.record, notes: 'zwischendurch' }, expectedVersion: before.version, action: 'bearbeitet' });
			expect(changed, id).toEqual({ ok: true, id, version: 2 });
			const out = await saveCooperation(h.db, admin, { regionId: before.regionId, record: before.record, expectedVersion: 2, action: 'bearbeitet' });
			expect(out, id).toEqual({ ok: true, id, version: 3 });
			const after = await stored(h.db, id);
			expect(after.record, id).toEqual(before.record);
			expect(await columns(id), id).toEqual(rowBefore);
			// The file state kept as version 1 is the record as it was read.
			const versions = await cooperationVersions(h.db, id);
			expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
			expect(versions[2]!.record).toEqual(before.record);
		}
		await h.close();
	});

	it('opening the edit form and posting it unchanged changes nothing (all records)', async () => {
		const h = await loadedDatabase();
		const { ctx, names } = await formSetup(h.db);
		for (const { id } of await h.db.selectFrom('cooperation').select('id').execute()) {
			const s = await stored(h.db, id);
			const merged = mergeDraft(s.record, formDraft(s.record, ctx));
			expect(merged, id).toEqual(s.record);
			expect(diffCooperations(s.record, merged, names), id).toEqual([]);
		}
		await h.close();
	});

	it('bodiesOf names participants and performer once each; new ids and numbers follow the list', async () => {
		const h = await loadedDatabase();
		expect(bodiesOf((await stored(h.db, ERZIEHUNG)).record)).toEqual(['bergkamen', 'kamen']);
		expect(bodiesOf({ participants: [], performer: { kind: 'body', body: 'unna' } })).toEqual(['unna']);
		expect(await newCooperationId(h.db, 'kommunen')).toMatch(/^kommunen-[0-9a-f]{8}$/);
		const max = await h.db.selectFrom('cooperation').select((eb) => eb.fn.max('number').as('n')).where('list', '=', 'kommunen').executeTakeFirst();
		expect(await nextNumber(h.db, REGION, 'kommunen')).toBe(Number(max?.n) + 1);
		expect(await nextNumber(h.db, REGION, 'gibt-es-nicht')).toBe(1);
		expect(await nextNumber(h.db, 'andere-region', 'kommunen')).toBe(1);
		await h.close();
	});

	it('refuses invalid records, unknown bodies and taken ids without writing', async () => {
		const h = await loadedDatabase();
		const admin = await actorOf(h.db, 'administrator', 'kreis-unna', 'Anna Admin', 'anna@kreis-unna.de');
		const s = await stored(h.db, ERZIEHUNG);
		const rev = await revision(h.db);
		const bad = await saveCooperation(h.db, admin, { regionId: REGION, record: { ...s.record, title: '' }, expectedVersion: 1, action: 'bearbeitet' });
		expect(bad).toMatchObject({ ok: false, reason: 'invalid' });
		const unknown = await saveCooperation(h.db, admin, {
			regionId: REGION, record: { ...s.record, participants: [...s.record.participants, { body: 'atlantis', role: 'member', joined: null, left: null, note: null }] },
			expectedVersion: 1, action: 'bearbeitet'
		});
		expect(unknown).toEqual({ ok: false, reason: 'invalid', problems: ['Unbekannte Körperschaft: atlantis'] });
		const taken = await saveCooperation(h.db, admin, { regionId: REGION, record: s.record, expectedVersion: null, action: 'angelegt' });
		expect(taken).toEqual({ ok: false, reason: 'invalid', problems: [`Die Kennung ${ERZIEHUNG} ist schon vergeben.`] });
		expect(await count(h.db, 'record_version')).toBe(0);
		expect(await revision(h.db)).toBe(rev);
		expect((await stored(h.db, ERZIEHUNG)).version).toBe(1);
		await h.close();
	});
});

describe('an edit writes a version', () => {
	it('keeps the file state as version 1, writes version 2, owns the record, bumps the revision, and the search sees it', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const before = await stored(h.db, ERZIEHUNG);
		expect(before.origin).toBe(`data:${REGION}`);
		const rev = await revision(h.db);
		expect(await foundIds(h.db, 'familienzentrum')).not.toContain(ERZIEHUNG);

		const r = await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Gemeinsames Familienzentrum Kamen-Bergkamen' }), undefined, 'Neuer Name seit 2025');
		expect(saved(r)).toEqual({ kind: 'saved', id: ERZIEHUNG, version: 2 });

		const after = await stored(h.db, ERZIEHUNG);
		expect(after.version).toBe(2);
		expect(after.origin).toBe('app');
		expect(after.record).toEqual({ ...before.record, title: 'Gemeinsames Familienzentrum Kamen-Bergkamen' });
		expect(await revision(h.db)).toBe(rev + 1);

		const versions = await cooperationVersions(h.db, ERZIEHUNG);
		expect(versions.map((v) => [v.version, v.action])).toEqual([[2, 'bearbeitet'], [1, 'aus Datendatei']]);
		expect(versions[1]!.actorLabel).toBe('Datendatei');
		expect(versions[1]!.record).toEqual(before.record);
		expect(versions[1]!.record?.title).toBe('Gemeinsame Erziehungsberatungsstelle');
		expect(versions[0]!.actorLabel).toBe('Erika Editorin <erika@kamen.de>');
		expect(versions[0]!.comment).toBe('Neuer Name seit 2025');
		expect(versions[0]!.record).toEqual(after.record);

		expect(await foundIds(h.db, 'familienzentrum')).toEqual([ERZIEHUNG]);
		expect(await found(h.db, 'familienzentrum kamen')).toEqual([after.seq]);
		// The verbatim source title is part of the record and still searchable on purpose.
		expect(after.record.title_source).toBe('Gemeinsame Erziehungsberatungsstelle');
		expect(await foundIds(h.db, 'erziehungsberatungsstelle')).toContain(ERZIEHUNG);
		await h.close();
	});

	it('words that are gone from the record no longer find it', async () => {
		const h = await loadedDatabase();
		const editor = await actorOf(h.db, 'editor', 'unna', 'Uwe Unna', 'uwe@unna.de');
		const seq = (await stored(h.db, VERGABE)).seq;
		const twin = (await stored(h.db, 'kommunen-46')).seq;
		// "entstanden" only stands in the notes of the two Zentrale Vergabestellen (46 and 47).
		expect(await found(h.db, 'entstanden')).toEqual([twin, seq]);
		expect(await found(h.db, 'ausschreibungen')).toEqual([]);
		const r = await editThroughForm(h.db, editor, VERGABE, (v) => ({ ...v, notes: 'Gemeinsame Ausschreibungen seit 2015.' }));
		expect(saved(r).version).toBe(2);
		expect(await found(h.db, 'entstanden')).toEqual([twin]);
		expect(await found(h.db, 'ausschreibungen')).toEqual([seq]);
		expect(await foundIds(h.db, 'ausschreibungen')).toEqual([VERGABE]);
		await h.close();
	});

	it('a changed start drops the source text that described the old start; an unchanged one keeps it', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, description: 'Beratung für Familien.' })));
		expect((await stored(h.db, ERZIEHUNG)).record).toMatchObject({ start_source: '1983', start: '1983', description: 'Beratung für Familien.' });
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, start: '1984' })));
		const s = await stored(h.db, ERZIEHUNG);
		expect(s.record).toMatchObject({ start_source: null, start: '1984' });
		const row = await h.db.selectFrom('cooperation').select(['start_text', 'start_earliest']).where('id', '=', ERZIEHUNG).executeTakeFirstOrThrow();
		expect(row).toEqual({ start_text: '1984', start_earliest: '1984-01-01' });
		// A field set by hand is no longer marked as derived.
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, status: 'ended' })));
		expect((await stored(h.db, ERZIEHUNG)).record.derived).toEqual(['topics']);
		await h.close();
	});
});

describe('optimistic lock', () => {
	it('the second of two saves from the same version is a conflict and writes nothing', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const other = await actorOf(h.db, 'editor', 'bergkamen', 'Bernd Bergkamen', 'bernd@bergkamen.de');
		const base = await stored(h.db, ERZIEHUNG);
		const first = await saveCooperation(h.db, editor, { regionId: REGION, record: { ...base.record, title: 'Erziehungsberatung Kamen' }, expectedVersion: base.version, action: 'bearbeitet' });
		expect(first).toEqual({ ok: true, id: ERZIEHUNG, version: 2 });
		const rev = await revision(h.db);
		const second = await saveCooperation(h.db, other, { regionId: REGION, record: { ...base.record, title: 'Erziehungsberatung Bergkamen' }, expectedVersion: base.version, action: 'bearbeitet' });
		expect(second).toMatchObject({ ok: false, reason: 'conflict' });
		if (second.ok || second.reason !== 'conflict') throw new Error('conflict expected');
		expect(second.current.version).toBe(2);
		expect(second.current.record.title).toBe('Erziehungsberatung Kamen');
		// Nothing of the second save is anywhere.
		expect((await stored(h.db, ERZIEHUNG)).record.title).toBe('Erziehungsberatung Kamen');
		expect((await cooperationVersions(h.db, ERZIEHUNG)).map((v) => v.version)).toEqual([2, 1]);
		expect((await allRowsText(h.db)).filter((r) => r.text.includes('Erziehungsberatung Bergkamen'))).toEqual([]);
		expect(await revision(h.db)).toBe(rev);
		const audits = await h.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'kooperation.bearbeitet').execute();
		expect(audits.map((a) => a.actor_id)).toEqual([editor.userId]);
		await h.close();
	});

	it('submitting from a stale version answers with what the other person changed, in German', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const other = await actorOf(h.db, 'editor', 'bergkamen', 'Bernd Bergkamen', 'bernd@bergkamen.de');
		saved(await editThroughForm(h.db, other, ERZIEHUNG, (v) => ({ ...v, title: 'Erziehungs- und Familienberatung' })));
		// The editor opened the form at version 1 and now posts another title.
		const r = await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Erziehungsberatung Kamen', end: '2030' }), 1);
		expect(r.kind).toBe('conflict');
		if (r.kind !== 'conflict') throw new Error('conflict expected');
		expect(r.current.version).toBe(2);
		expect(r.current.record.title).toBe('Erziehungs- und Familienberatung');
		expect(r.changes).toEqual([{ field: 'title', label: 'Titel', before: 'Gemeinsame Erziehungsberatungsstelle', after: 'Erziehungs- und Familienberatung' }]);
		const now = await stored(h.db, ERZIEHUNG);
		expect(now.version).toBe(2);
		expect(now.record.end).toBeNull();
		expect(await count(h.db, 'record_version')).toBe(2);
		await h.close();
	});

	it('archiving from a stale version is a conflict too', async () => {
		const h = await loadedDatabase();
		const coord = await coordinator(h.db);
		saved(await editThroughForm(h.db, coord, VERGABE, (v) => ({ ...v, org_unit: 'Zentrale Vergabestelle der Stadt Unna' })));
		const r = await setArchived(h.db, coord, VERGABE, true, 1);
		expect(r).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await stored(h.db, VERGABE)).archivedAt).toBeNull();
		await h.close();
	});
});

describe('restoring a version', () => {
	it('saves the old snapshot as a new version: the old title is back as version 3', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const { names } = await formSetup(h.db);
		const original = await stored(h.db, ERZIEHUNG);
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Familienberatung', start: '1985', description: 'Neu' })));
		const v1 = (await cooperationVersions(h.db, ERZIEHUNG)).find((v) => v.version === 1)!.record!;
		const current = await stored(h.db, ERZIEHUNG);
		const r = await submitCooperation(h.db, {
			actor: editor, current, draft: v1, baseVersion: 2, regionId: REGION, action: 'wiederhergestellt', comment: 'Version 1 wiederhergestellt', names
		});
		expect(saved(r)).toEqual({ kind: 'saved', id: ERZIEHUNG, version: 3 });
		const restored = await stored(h.db, ERZIEHUNG);
		expect(restored.record).toEqual(original.record);
		expect(restored.record.title).toBe('Gemeinsame Erziehungsberatungsstelle');
		expect(restored.record.start_source).toBe('1983');
		const versions = await cooperationVersions(h.db, ERZIEHUNG);
		expect(versions.map((v) => [v.version, v.action])).toEqual([[3, 'wiederhergestellt'], [2, 'bearbeitet'], [1, 'aus Datendatei']]);
		expect(await found(h.db, 'familienberatung')).toEqual([]);
		await h.close();
	});
});

describe('the loader after edits', () => {
	it('leaves an edited record alone (keptApp) while unedited records still follow the files', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Familienberatung Kamen-Bergkamen' })));
		const edited = await stored(h.db, ERZIEHUNG);

		const again = await applyDataSet(h.db, readDataSet('data'));
		expect(again.cooperations.keptApp).toBeGreaterThanOrEqual(1);
		expect(again.cooperations.changed).toEqual([]);
		expect(again.cooperations.removed).toEqual([]);
		expect(await stored(h.db, ERZIEHUNG)).toEqual(edited);

		// The files change both records: only the unedited one follows.
		const ds = readDataSet('data');
		const coops = ds.regions[0]!.cooperations;
		coops.find((c) => c.id === ERZIEHUNG)!.title = 'Titel aus der Datei';
		coops.find((c) => c.id === VERGABE)!.title = 'Vergabestelle (aus der Datei)';
		const third = await applyDataSet(h.db, ds);
		expect(third.cooperations.keptApp).toBe(1);
		expect(third.cooperations.changed).toEqual([VERGABE]);
		expect((await stored(h.db, ERZIEHUNG)).record.title).toBe('Familienberatung Kamen-Bergkamen');
		expect((await stored(h.db, VERGABE)).record.title).toBe('Vergabestelle (aus der Datei)');
		// Removing the edited record from the files does not remove it from the register either.
		const fourth = readDataSet('data');
		fourth.regions[0]!.cooperations = fourth.regions[0]!.cooperations.filter((c) => c.id !== ERZIEHUNG);
		const report = await applyDataSet(h.db, fourth);
		expect(report.cooperations.removed).toEqual([]);
		expect((await stored(h.db, ERZIEHUNG)).version).toBe(2);
		await h.close();
	});
});

describe('archiving', () => {
	it('takes the record out of search and analyses, keeps its profile, and reactivating brings it back', async () => {
		const h = await loadedDatabase();
		const coord = await coordinator(h.db);
		const s = await stored(h.db, VERGABE);
		const total = (await found(h.db, '')).length;
		expect(await found(h.db, 'vergabestelle')).toContain(s.seq);
		expect((await facetIndex(h.db)).bySeq.has(s.seq)).toBe(true);

		const off = await setArchived(h.db, coord, VERGABE, true, s.version);
		expect(off).toEqual({ ok: true, id: VERGABE, version: 2 });
		const archived = await stored(h.db, VERGABE);
		expect(archived.archivedAt).not.toBeNull();
		expect(archived.origin).toBe('app');
		expect(archived.record).toEqual(s.record);
		expect(await found(h.db, 'vergabestelle')).not.toContain(s.seq);
		expect(await foundIds(h.db, 'vergabestelle')).not.toContain(VERGABE);
		expect(await found(h.db, '')).toHaveLength(total - 1);
		const index = await facetIndex(h.db);
		expect(index.bySeq.has(s.seq)).toBe(false);
		expect(index.rows.some((r) => r.seq === s.seq)).toBe(false);
		const profile = await cooperationProfile(h.db, VERGABE);
		expect(profile?.title).toBe('Zentrale Vergabestelle');
		expect(profile?.participants.map((p) => p.id)).toEqual(['unna', 'boenen', 'froendenberg']);
		// The loader does not bring it back.
		expect((await applyDataSet(h.db, readDataSet('data'))).cooperations.keptApp).toBe(1);
		expect((await stored(h.db, VERGABE)).archivedAt).not.toBeNull();

		const on = await setArchived(h.db, coord, VERGABE, false, 2);
		expect(on).toEqual({ ok: true, id: VERGABE, version: 3 });
		expect((await stored(h.db, VERGABE)).archivedAt).toBeNull();
		expect(await found(h.db, 'vergabestelle')).toContain(s.seq);
		expect(await found(h.db, '')).toHaveLength(total);
		expect((await facetIndex(h.db)).bySeq.has(s.seq)).toBe(true);
		const versions = await cooperationVersions(h.db, VERGABE);
		expect(versions.map((v) => [v.version, v.action])).toEqual([[3, 'reaktiviert'], [2, 'archiviert'], [1, 'aus Datendatei']]);
		await h.close();
	});
});

describe('creating cooperations', () => {
	const newDraft = (ctx: FormContext, participants: { body: string; role: string }[]): CooperationDraft => {
		const parsed = parseCooperationForm(posted({
			title: 'Gemeinsamer Bauhof', list: 'kommunen', number: '', org_unit: '', legal_form: 'oerv', status: 'active',
			topics: ['verwaltung-it'], main_topic: 'verwaltung-it', performer_kind: 'jointly', performer_body: '', performer_note: '', start: '2025', end: '',
			description: '', notes: '', source: '',
			participants: participants.map((p) => ({ body: p.body, role: p.role, joined: '', left: '', note: '' })),
			partner_groups: [], events: []
		}), ctx);
		expect(parsed.errors).toEqual([]);
		return parsed.draft!;
	};

	it('an editor must name their own body among the bodies', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const { ctx, names } = await formSetup(h.db);
		const total = await count(h.db, 'cooperation');
		const r = await submitCooperation(h.db, {
			actor: editor, current: null, draft: newDraft(ctx, [{ body: 'Unna', role: 'lead' }, { body: 'Bönen', role: 'member' }]),
			baseVersion: null, regionId: REGION, action: 'angelegt', comment: null, names
		});
		expect(r.kind).toBe('errors');
		if (r.kind !== 'errors') throw new Error('errors expected');
		expect(r.errors).toHaveLength(1);
		expect(r.errors[0]!.field).toBe('participants.0.body');
		expect(r.errors[0]!.message).toMatch(/eigene Körperschaft/);
		expect(await count(h.db, 'cooperation')).toBe(total);
		expect(await count(h.db, 'record_version')).toBe(0);
		await h.close();
	});

	it('with Kamen taking part it is saved with a new id and the next number of its list', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const { ctx, names } = await formSetup(h.db);
		const number = await nextNumber(h.db, REGION, 'kommunen');
		const r = await submitCooperation(h.db, {
			actor: editor, current: null, draft: newDraft(ctx, [{ body: 'Kamen', role: 'lead' }, { body: 'Bönen', role: 'member' }]),
			baseVersion: null, regionId: REGION, action: 'angelegt', comment: null, names
		});
		const { id, version } = saved(r);
		expect(version).toBe(1);
		expect(id).toMatch(/^kommunen-[0-9a-f]{8}$/);
		const s = await stored(h.db, id);
		expect(s.record).toMatchObject({ id, list: 'kommunen', number, title: 'Gemeinsamer Bauhof', start: '2025', start_source: null, derived: [] });
		expect(s.record.participants.map((p) => p.body)).toEqual(['kamen', 'boenen']);
		expect(s.origin).toBe('app');
		expect(s.regionId).toBe(REGION);
		expect((await cooperationVersions(h.db, id)).map((v) => [v.version, v.action])).toEqual([[1, 'angelegt']]);
		expect(await foundIds(h.db, 'bauhof')).toContain(id);
		expect(await nextNumber(h.db, REGION, 'kommunen')).toBe(number + 1);
		expect(await cooperationProfile(h.db, id)).not.toBeNull();
		await h.close();
	});
});

describe('review: proposals', () => {
	async function reviewSetup() {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const coord = await coordinator(h.db);
		expect(await reviewRequired(h.db, REGION)).toBe(false);
		await setReviewRequired(h.db, REGION, true);
		expect(await reviewRequired(h.db, REGION)).toBe(true);
		expect(await reviewRequired(h.db, 'andere-region')).toBe(false);
		return { h, editor, coord };
	}

	it('an editor\'s change becomes a proposal; the register changes only when a coordinator accepts it', async () => {
		const { h, editor, coord } = await reviewSetup();
		const before = await stored(h.db, ERZIEHUNG);
		const rev = await revision(h.db);
		const r = await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Familienberatung' }), undefined, 'Umbenannt');
		expect(r.kind).toBe('proposed');
		if (r.kind !== 'proposed') throw new Error('proposal expected');
		expect(await stored(h.db, ERZIEHUNG)).toEqual(before);
		expect(await revision(h.db)).toBe(rev);
		expect(await count(h.db, 'record_version')).toBe(0);
		expect(await found(h.db, 'familienberatung')).toEqual([]);

		const open = await listProposals(h.db, { regionId: REGION, status: 'open' });
		expect(open.map((p) => [p.id, p.kind, p.title, p.proposer_name, p.cooperation_id])).toEqual([[r.proposalId, 'update', 'Familienberatung', 'Erika Editorin', ERZIEHUNG]]);
		expect((await listProposals(h.db, { proposerId: editor.userId! })).map((p) => p.id)).toEqual([r.proposalId]);
		expect(await listProposals(h.db, { proposerId: coord.userId! })).toEqual([]);
		const p = await readProposal(h.db, r.proposalId);
		expect(p).toMatchObject({ status: 'open', base_version: 1, comment: 'Umbenannt', body_id: 'kamen' });

		const accepted = await acceptProposal(h.db, coord, r.proposalId, 'Passt');
		expect(accepted).toEqual({ ok: true, id: ERZIEHUNG, version: 2 });
		const after = await stored(h.db, ERZIEHUNG);
		expect(after.record).toEqual({ ...before.record, title: 'Familienberatung' });
		expect(after.version).toBe(2);
		expect(await revision(h.db)).toBe(rev + 1);
		const [latest] = await cooperationVersions(h.db, ERZIEHUNG);
		expect(latest!.action).toBe('bearbeitet (Vorschlag angenommen)');
		expect(latest!.comment).toBe(`Vorschlag Nr. ${r.proposalId} von Erika Editorin: Passt`);
		expect(latest!.actorLabel).toBe('Kora Koordinatorin <kora@kreis-unna.de>');
		expect(await readProposal(h.db, r.proposalId)).toMatchObject({ status: 'accepted', decided_by: coord.userId, decision_comment: 'Passt', cooperation_id: ERZIEHUNG });
		expect(await listProposals(h.db, { regionId: REGION, status: 'open' })).toEqual([]);
		expect((await listProposals(h.db, { regionId: REGION, status: 'decided' })).map((x) => x.status)).toEqual(['accepted']);
		// Deciding twice is refused.
		expect(await acceptProposal(h.db, coord, r.proposalId, null)).toEqual({ ok: false, reason: 'decided' });
		expect(await rejectProposal(h.db, coord, r.proposalId, 'zu spät')).toBe(false);
		expect((await stored(h.db, ERZIEHUNG)).version).toBe(2);
		await h.close();
	});

	it('a proposed new cooperation appears only when accepted, under the id it was proposed with', async () => {
		const { h, editor, coord } = await reviewSetup();
		const { ctx, names } = await formSetup(h.db);
		const total = await count(h.db, 'cooperation');
		const draft = formDraft({ ...(await stored(h.db, ERZIEHUNG)).record, number: null }, ctx, (v) => ({ ...v, number: '', title: 'Gemeinsame Musikschule' }));
		const r = await submitCooperation(h.db, { actor: editor, current: null, draft, baseVersion: null, regionId: REGION, action: 'angelegt', comment: null, names });
		if (r.kind !== 'proposed') throw new Error('proposal expected');
		expect(await count(h.db, 'cooperation')).toBe(total);
		const proposal = await readProposal(h.db, r.proposalId);
		expect(proposal).toMatchObject({ kind: 'create', cooperation_id: null, base_version: null });
		const accepted = await acceptProposal(h.db, coord, r.proposalId, null);
		expect(accepted).toEqual({ ok: true, id: proposal!.record.id, version: 1 });
		expect(await count(h.db, 'cooperation')).toBe(total + 1);
		expect((await stored(h.db, proposal!.record.id)).record.title).toBe('Gemeinsame Musikschule');
		expect((await readProposal(h.db, r.proposalId))?.cooperation_id).toBe(proposal!.record.id);
		const [v] = await cooperationVersions(h.db, proposal!.record.id);
		expect(v).toMatchObject({ version: 1, action: 'angelegt (Vorschlag angenommen)', comment: `Vorschlag Nr. ${r.proposalId} von Erika Editorin` });
		await h.close();
	});

	it('rejecting keeps the register and records the comment', async () => {
		const { h, editor, coord } = await reviewSetup();
		const before = await stored(h.db, ERZIEHUNG);
		const r = await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, status: 'ended' }));
		if (r.kind !== 'proposed') throw new Error('proposal expected');
		expect(await rejectProposal(h.db, coord, r.proposalId, 'Die Beratungsstelle besteht weiter.')).toBe(true);
		expect(await readProposal(h.db, r.proposalId)).toMatchObject({ status: 'rejected', decided_by: coord.userId, decision_comment: 'Die Beratungsstelle besteht weiter.', decider_name: 'Kora Koordinatorin' });
		expect(await stored(h.db, ERZIEHUNG)).toEqual(before);
		expect(await acceptProposal(h.db, coord, r.proposalId, null)).toEqual({ ok: false, reason: 'decided' });
		expect(await stored(h.db, ERZIEHUNG)).toEqual(before);
		await h.close();
	});

	it('a coordinator saves directly; accepting a proposal based on a stale version is a conflict and leaves it open', async () => {
		const { h, editor, coord } = await reviewSetup();
		const r = await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Vorschlag der Editorin' }));
		if (r.kind !== 'proposed') throw new Error('proposal expected');
		const direct = await editThroughForm(h.db, coord, ERZIEHUNG, (v) => ({ ...v, title: 'Titel der Koordinatorin' }));
		expect(saved(direct).version).toBe(2);
		const accepted = await acceptProposal(h.db, coord, r.proposalId, null);
		expect(accepted).toMatchObject({ ok: false, reason: 'conflict' });
		if (accepted.ok || accepted.reason !== 'conflict') throw new Error('conflict expected');
		expect(accepted.current.record.title).toBe('Titel der Koordinatorin');
		expect((await readProposal(h.db, r.proposalId))?.status).toBe('open');
		expect(await stored(h.db, ERZIEHUNG)).toMatchObject({ version: 2 });
		expect((await stored(h.db, ERZIEHUNG)).record.title).toBe('Titel der Koordinatorin');
		expect(await h.db.selectFrom('audit_log').select('id').where('action', '=', 'vorschlag.angenommen').execute()).toEqual([]);
		await h.close();
	});

	it('without review the editor saves directly again', async () => {
		const { h, editor } = await reviewSetup();
		await setReviewRequired(h.db, REGION, false);
		expect(await reviewRequired(h.db, REGION)).toBe(false);
		expect((await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Direkt gespeichert' }))).kind).toBe('saved');
		expect(await count(h.db, 'proposal')).toBe(0);
		await h.close();
	});
});

describe('contacts', () => {
	const person: ContactInput = { name: 'Zacharias Quellmann-Wybrandt', function: 'Leitung', bodyId: 'kamen', phone: '02307 148-1234', email: 'z.quellmann@kamen.de' };

	it('validates with polite German messages', () => {
		expect(validateContact(person)).toEqual({});
		expect(validateContact({ ...person, phone: null })).toEqual({});
		expect(validateContact({ ...person, email: null })).toEqual({});
		expect(validateContact({ ...person, name: '  ' }).name).toBe('Bitte den Namen angeben.');
		expect(validateContact({ ...person, name: 'x'.repeat(201) }).name).toBe('Der Name darf höchstens 200 Zeichen lang sein.');
		expect(validateContact({ ...person, function: 'x'.repeat(201) }).function).toBe('Höchstens 200 Zeichen.');
		expect(validateContact({ ...person, phone: 'ruf an' }).phone).toMatch(/^Bitte eine Telefonnummer aus Ziffern angeben/);
		expect(validateContact({ ...person, email: 'keine-adresse' }).email).toBe('Bitte eine gültige E-Mail-Adresse angeben.');
		expect(validateContact({ ...person, phone: null, email: null }).phone).toBe('Bitte Telefon oder E-Mail angeben, damit die Person erreichbar ist.');
	});

	it('adding shows the contact; removing deletes it for good, leaving only an audit line', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		await addContact(h.db, editor, ERZIEHUNG, { ...person, name: `  ${person.name} ` });
		const list = await contactsOf(h.db, ERZIEHUNG);
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ name: person.name, function: 'Leitung', body_id: 'kamen', body_name: 'Kamen', phone: '02307 148-1234', email: 'z.quellmann@kamen.de' });
		expect(await contactsOf(h.db, VERGABE)).toEqual([]);

		// Edits and versions never carry the contact.
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, description: 'Mit Ansprechpartner' })));
		const leaks = (await allRowsText(h.db, ['contact'])).filter((r) => /Quellmann|148-1234/.test(r.text));
		expect(leaks).toEqual([]);

		// Wrong cooperation: nothing removed.
		expect(await removeContact(h.db, editor, VERGABE, list[0]!.id)).toBe(false);
		expect(await contactsOf(h.db, ERZIEHUNG)).toHaveLength(1);
		expect(await removeContact(h.db, editor, ERZIEHUNG, list[0]!.id)).toBe(true);
		expect(await contactsOf(h.db, ERZIEHUNG)).toEqual([]);
		expect(await removeContact(h.db, editor, ERZIEHUNG, list[0]!.id)).toBe(false);

		const everywhere = await allRowsText(h.db);
		for (const word of ['Quellmann', 'Zacharias', '148-1234', 'z.quellmann']) {
			expect(everywhere.filter((r) => r.text.includes(word)), word).toEqual([]);
		}
		const trail = await h.db.selectFrom('audit_log').selectAll().where('action', 'like', 'ansprechpartner.%').orderBy('id').execute();
		expect(trail.map((a) => [a.action, a.entity, a.entity_id, a.actor_id, a.detail])).toEqual([
			['ansprechpartner.hinzugefuegt', 'cooperation', ERZIEHUNG, editor.userId, null],
			['ansprechpartner.entfernt', 'cooperation', ERZIEHUNG, editor.userId, null]
		]);
		await h.close();
	});
});

describe('audit log', () => {
	it('names the record and the actor for every change, never the contents', async () => {
		const h = await loadedDatabase();
		const editor = await kamenEditor(h.db);
		const coord = await coordinator(h.db);
		const { ctx, names } = await formSetup(h.db);
		saved(await editThroughForm(h.db, editor, ERZIEHUNG, (v) => ({ ...v, title: 'Geheimnisvoller Titel', description: 'Vertrauliche Beschreibung' })));
		expect(await setArchived(h.db, coord, VERGABE, true, 1)).toMatchObject({ ok: true });
		expect(await setArchived(h.db, coord, VERGABE, false, 2)).toMatchObject({ ok: true });
		const draft = formDraft({ ...(await stored(h.db, ERZIEHUNG)).record, number: null }, ctx, (v) => ({ ...v, number: '', title: 'Neue Vertrauliche Kooperation' }));
		const created = saved(await submitCooperation(h.db, { actor: editor, current: null, draft, baseVersion: null, regionId: REGION, action: 'angelegt', comment: 'Kommentar im Klartext', names }));

		const rows = await h.db.selectFrom('audit_log').selectAll().where('action', 'like', 'kooperation.%').orderBy('id').execute();
		expect(rows.map((r) => [r.action, r.outcome, r.entity, r.entity_id, r.actor_id, r.detail])).toEqual([
			['kooperation.bearbeitet', 'ok', 'cooperation', ERZIEHUNG, editor.userId, '{"version":2}'],
			['kooperation.archiviert', 'ok', 'cooperation', VERGABE, coord.userId, null],
			['kooperation.reaktiviert', 'ok', 'cooperation', VERGABE, coord.userId, null],
			['kooperation.angelegt', 'ok', 'cooperation', created.id, editor.userId, '{"version":1}']
		]);
		expect(rows[0]!.actor_label).toBe('Erika Editorin <erika@kamen.de>');
		const everything = (await h.db.selectFrom('audit_log').selectAll().execute()).map((r) => JSON.stringify(r)).join('\n');
		for (const secret of ['Geheimnisvoller', 'Vertrauliche', 'Kommentar im Klartext', 'Erziehungsberatung', 'snapshot']) {
			expect(everything).not.toContain(secret);
		}
		await h.close();
	});
});
