/**
 * Bodies: the alias-aware resolver ("Frönd." → Fröndenberg/Ruhr, never a silent guess) and
 * saving bodies (create, edit, aliases owned by one body only, optimistic lock, versions, the
 * loader leaving app-edited bodies alone, the search seeing a new alias at once).
 */
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { buildBodyResolver, loadBodyResolver } from '../../src/lib/server/registry/body-resolve';
import { diffBodies, parseBodyForm, readBody, saveBody, slugOf } from '../../src/lib/server/registry/body-write';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';
import type { Actor } from '../../src/lib/server/auth/policy';
import type { BodyMatch } from '../../src/lib/domain/cooperation-form';

const coordinator: Actor = {
	role: 'coordinator', userId: 'u-koordination', name: 'Kora Koordinatorin', email: 'kora@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna'
};

const idOf = (m: BodyMatch): string | null => ('id' in m ? m.id : null);
const suggested = (m: BodyMatch): string[] => ('suggestions' in m ? m.suggestions.map((s) => s.id) : []);

async function searchSeqs(db: Awaited<ReturnType<typeof loadedDatabase>>['db'], q: string): Promise<number[]> {
	const r = await runSearch(db, parseSearchQuery(new URLSearchParams({ q })), { allRows: true });
	return [...r.seqs].sort((a, b) => a - b);
}

describe('body resolver', () => {
	it('finds names, official names and aliases, folded', async () => {
		const h = await loadedDatabase();
		const r = await loadBodyResolver(h.db);
		expect(idOf(r.resolve('Fröndenberg/Ruhr'))).toBe('froendenberg');
		expect(idOf(r.resolve('Stadt Fröndenberg'))).toBe('froendenberg');
		expect(idOf(r.resolve('  fröndenberg  '))).toBe('froendenberg');
		expect(idOf(r.resolve('LWL'))).toBe('lwl');
		// Umlauts, ae/oe/ue and case all fold to one key.
		expect(idOf(r.resolve('Boenen'))).toBe('boenen');
		expect(idOf(r.resolve('BÖNEN'))).toBe('boenen');
		expect(idOf(r.resolve('Luenen'))).toBe('luenen');
		expect(idOf(r.resolve('Maerkischer Kreis'))).toBe('maerkischer-kreis');
		expect(r.bodyName('froendenberg')).toBe('Fröndenberg/Ruhr');
		expect(r.bodyName('gibt-es-nicht')).toBe('gibt-es-nicht');
		const all = r.all();
		expect(all.length).toBe(await h.db.selectFrom('body').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst().then((x) => Number(x?.n)));
		expect(all.find((b) => b.id === 'kamen')).toEqual({ id: 'kamen', name: 'Kamen' });
		await h.close();
	});

	it('reads abbreviations with a dot when exactly one body fits, else offers the candidates', async () => {
		const h = await loadedDatabase();
		const r = await loadBodyResolver(h.db);
		expect(idOf(r.resolve('Frönd.'))).toBe('froendenberg');
		expect(idOf(r.resolve('Bergk.'))).toBe('bergkamen');
		expect(idOf(r.resolve('Märk. Kreis'))).toBe('maerkischer-kreis');
		// "We." fits Werne, Werl and Welver: no guess, the candidates instead.
		const we = r.resolve('We.');
		expect(idOf(we)).toBeNull();
		expect(suggested(we)).toEqual(expect.arrayContaining(['werne', 'werl', 'welver']));
		const kreis = r.resolve('Kreis.');
		expect(idOf(kreis)).toBeNull();
		expect(suggested(kreis).length).toBeGreaterThan(1);
		// A single letter is too short to stand for one body.
		expect(idOf(r.resolve('F.'))).toBeNull();
		await h.close();
	});

	it('finds a body by its AGS', async () => {
		const h = await loadedDatabase();
		const r = await loadBodyResolver(h.db);
		expect(idOf(r.resolve('05978012'))).toBe('froendenberg');
		expect(idOf(r.resolve('05978'))).toBe('kreis-unna');
		expect(idOf(r.resolve('05978999'))).toBeNull();
		await h.close();
	});

	it('suggests similar names for a typo and never picks one', async () => {
		const h = await loadedDatabase();
		const r = await loadBodyResolver(h.db);
		const kammen = r.resolve('Kammen');
		expect(idOf(kammen)).toBeNull();
		expect(suggested(kammen)[0]).toBe('kamen');
		expect(suggested(kammen).length).toBeLessThanOrEqual(5);
		expect(suggested(r.resolve('Dortmnd'))[0]).toBe('dortmund');
		expect(suggested(r.resolve('Hochsauerland'))).toContain('hochsauerlandkreis');
		expect(r.resolve('Quxzyv')).toEqual({ suggestions: [] });
		expect(r.resolve('   ')).toEqual({ suggestions: [] });
		await h.close();
	});

	it('knows no region: the same rules work for other names, and equal matches are never guessed', () => {
		const r = buildBodyResolver(
			[
				{ id: 'neustadt-weinstrasse', name: 'Neustadt an der Weinstraße', ags: '07316000' },
				{ id: 'neustadt-hessen', name: 'Neustadt (Hessen)', ags: '06534017' },
				{ id: 'muenster', name: 'Münster', ags: '05515000' },
				{ id: 'bad-muenstereifel', name: 'Bad Münstereifel', ags: '05366008' },
				{ id: 'a', name: 'Zweckverband Nord', ags: null },
				{ id: 'b', name: 'Verband Nord', ags: null }
			],
			[{ body_id: 'a', alias: 'ZV Nord' }, { body_id: 'b', alias: 'ZV Nord' }]
		);
		expect(suggested(r.resolve('Neust.')).sort()).toEqual(['neustadt-hessen', 'neustadt-weinstrasse']);
		expect(idOf(r.resolve('Neust. a. d. Weinstr.'))).toBe('neustadt-weinstrasse');
		expect(idOf(r.resolve('Münst.'))).toBe('muenster');
		expect(idOf(r.resolve('Muenster'))).toBe('muenster');
		expect(idOf(r.resolve('06534017'))).toBe('neustadt-hessen');
		// Two bodies share an alias: both are offered, neither is chosen.
		expect(suggested(r.resolve('ZV Nord')).sort()).toEqual(['a', 'b']);
	});
});

describe('saveBody', () => {
	it('creates a body with an id from its name, aliases, a version row and an audit line', async () => {
		const h = await loadedDatabase();
		const rev = Number((await h.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value);
		const res = await saveBody(h.db, coordinator, {
			regionId: 'kreis-unna', expectedVersion: null,
			record: { name: 'Zweckverband Wasser Ruhrtal', official_name: 'Zweckverband Wasserversorgung Ruhrtal', kind: 'zweckverband', ags: null, aliases: ['ZV Wasser', ' ', 'ZV Wasser'], parent: 'kreis-unna', lat: 51.5, lon: 7.7, note: null }
		});
		expect(res).toEqual({ ok: true, id: 'zweckverband-wasser-ruhrtal', version: 1 });
		const stored = await readBody(h.db, 'zweckverband-wasser-ruhrtal');
		expect(stored).toMatchObject({ regionId: 'kreis-unna', version: 1, origin: 'app' });
		expect(stored!.record).toMatchObject({ name: 'Zweckverband Wasser Ruhrtal', official_name: 'Zweckverband Wasserversorgung Ruhrtal', kind: 'zweckverband', aliases: ['ZV Wasser'], parent: 'kreis-unna', lat: 51.5, lon: 7.7 });
		const versions = await h.db.selectFrom('record_version').selectAll().where('entity', '=', 'body').where('entity_id', '=', 'zweckverband-wasser-ruhrtal').execute();
		expect(versions.map((v) => [v.version, v.action, v.actor_id])).toEqual([[1, 'angelegt', 'u-koordination']]);
		const logged = await h.db.selectFrom('audit_log').selectAll().where('entity_id', '=', 'zweckverband-wasser-ruhrtal').execute();
		expect(logged.map((l) => [l.action, l.outcome, l.entity])).toEqual([['koerperschaft.angelegt', 'ok', 'body']]);
		const revAfter = Number((await h.db.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value);
		expect(revAfter).toBe(rev + 1);
		const r = await loadBodyResolver(h.db);
		expect(idOf(r.resolve('ZV Wasser'))).toBe('zweckverband-wasser-ruhrtal');
		expect(idOf(r.resolve('Zweckverband Wasserversorgung Ruhrtal'))).toBe('zweckverband-wasser-ruhrtal');

		// The same name again gets a new id – but is refused, since the name belongs to the first body.
		const twice = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: null, record: { ...stored!.record, id: undefined, aliases: [] } });
		expect(twice).toMatchObject({ ok: false, reason: 'invalid' });
		expect(slugOf('Fröndenberg/Ruhr')).toBe('frondenberg-ruhr');
		// "neu" is the page of the form, never a body's id.
		const neu = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: null, record: { name: 'Neu', kind: 'sonstige', ags: null, aliases: [], parent: null, lat: null, lon: null, note: null } });
		expect(neu).toMatchObject({ ok: true, id: 'neu-2' });
		await h.close();
	});

	it('refuses a name or alias that belongs to another body, so one body is never split in two', async () => {
		const h = await loadedDatabase();
		const base = { kind: 'stadt' as const, ags: null, parent: 'kreis-unna', lat: null, lon: null, note: null };
		const alias = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: null, record: { ...base, name: 'Neue Stadt', aliases: ['Frönd.'] } });
		expect(alias).toEqual({ ok: false, reason: 'invalid', problems: [{ field: 'aliases', message: expect.stringContaining('„Frönd.“ gehört schon zu Fröndenberg/Ruhr') }] });
		// An abbreviation that already stands for exactly one body is taken too.
		const abbr = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: null, record: { ...base, name: 'Neue Stadt', aliases: ['Bergk.'] } });
		expect(abbr).toEqual({ ok: false, reason: 'invalid', problems: [{ field: 'aliases', message: expect.stringContaining('„Bergk.“ steht als Abkürzung schon für Bergkamen') }] });
		// Folded the same way as the search: "Froendenberg" is "Fröndenberg".
		const name = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: null, record: { ...base, name: 'Froendenberg', aliases: [] } });
		expect(name).toMatchObject({ ok: false, reason: 'invalid', problems: [{ field: 'name', message: expect.stringContaining('gehört schon zu Fröndenberg/Ruhr') }] });
		// Editing Kamen to take over Bergkamen's alias is refused too; so is Bergkamen's AGS.
		const kamen = (await readBody(h.db, 'kamen'))!;
		const taken = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: kamen.version, record: { ...kamen.record, ags: '05978004', aliases: [...kamen.record.aliases, 'Stadt Bergkamen'] } });
		expect(taken.ok).toBe(false);
		if (!taken.ok && taken.reason === 'invalid') expect(taken.problems.map((p) => p.field).sort()).toEqual(['ags', 'aliases']);
		expect((await readBody(h.db, 'kamen'))!.version).toBe(kamen.version);
		expect(await h.db.selectFrom('body').select('id').where('name', '=', 'Neue Stadt').executeTakeFirst()).toBeUndefined();
		// A parent that is a child of the body itself would make a cycle.
		const kreis = (await readBody(h.db, 'kreis-unna'))!;
		const cycle = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: kreis.version, record: { ...kreis.record, parent: 'bergkamen' } });
		expect(cycle).toMatchObject({ ok: false, reason: 'invalid', problems: [{ field: 'parent' }] });
		await h.close();
	});

	it('edits with a new alias: versions, lock, the loader keeps the app state, the search finds the alias', async () => {
		const h = await loadedDatabase();
		const alias = 'Fröndi-Ruhrtalperle';
		const partOf = (await h.db.selectFrom('cooperation').select('seq')
			.where((eb) => eb.or([eb('performer_body_id', '=', 'froendenberg'), eb('seq', 'in', eb.selectFrom('participation').select('cooperation_seq').where('body_id', '=', 'froendenberg'))]))
			.execute()).map((r) => r.seq).sort((a, b) => a - b);
		expect(partOf.length).toBeGreaterThan(0);
		expect(await searchSeqs(h.db, 'ruhrtalperle')).toEqual([]);

		const before = (await readBody(h.db, 'froendenberg'))!;
		expect(before).toMatchObject({ version: 1, origin: 'data' });
		expect(before.record.aliases).toContain('Frönd.');
		const saved = await saveBody(h.db, coordinator, { regionId: before.regionId, expectedVersion: 1, record: { ...before.record, aliases: [...before.record.aliases, alias] } });
		expect(saved).toEqual({ ok: true, id: 'froendenberg', version: 2 });

		const after = (await readBody(h.db, 'froendenberg'))!;
		expect(after).toMatchObject({ version: 2, origin: 'app' });
		expect(after.record.aliases).toEqual([...before.record.aliases, alias]);
		const versions = await h.db.selectFrom('record_version').selectAll().where('entity', '=', 'body').where('entity_id', '=', 'froendenberg').orderBy('version').execute();
		expect(versions.map((v) => [v.version, v.action, v.actor_label])).toEqual([
			[1, 'aus Datendatei', 'Datendatei'],
			[2, 'bearbeitet', 'Kora Koordinatorin <kora@kreis-unna.de>']
		]);
		expect(JSON.parse(versions[0]!.snapshot_json!)).toEqual(before.record);
		expect(JSON.parse(versions[1]!.snapshot_json!).aliases).toContain(alias);
		expect(await h.db.selectFrom('audit_log').select('action').where('entity_id', '=', 'froendenberg').execute()).toEqual([{ action: 'koerperschaft.geaendert' }]);

		// The resolver and the search know the new alias at once (same transaction, new revision).
		expect(idOf((await loadBodyResolver(h.db)).resolve('Fröndi Ruhrtalperle'))).toBe('froendenberg');
		expect(await searchSeqs(h.db, 'ruhrtalperle')).toEqual(partOf);

		// A save based on version 1 is refused as a conflict and changes nothing.
		const stale = await saveBody(h.db, coordinator, { regionId: before.regionId, expectedVersion: 1, record: { ...before.record, name: 'Fröndenberg' } });
		expect(stale.ok).toBe(false);
		if (!stale.ok && stale.reason === 'conflict') {
			expect(stale.current.version).toBe(2);
			expect(stale.current.record.aliases).toContain(alias);
			expect(diffBodies(before.record, stale.current.record, (id) => id).map((l) => l.field)).toEqual(['aliases']);
		} else throw new Error('expected a conflict');
		expect((await readBody(h.db, 'froendenberg'))!.record.name).toBe('Fröndenberg/Ruhr');

		// The loader leaves the app-edited body alone; the search text of its cooperations stays.
		const created = await saveBody(h.db, coordinator, {
			regionId: 'kreis-unna', expectedVersion: null,
			record: { name: 'Gemeinsame Teststelle', kind: 'einrichtung', ags: null, aliases: [], parent: null, lat: null, lon: null, note: null }
		});
		expect(created.ok).toBe(true);
		const report = await applyDataSet(h.db, readDataSet('data'));
		expect(report.bodies.keptApp).toBe(1);
		expect(report.bodies.changed).toEqual([]);
		expect(report.bodies.removed).toEqual([]);
		expect((await readBody(h.db, 'froendenberg'))!).toMatchObject({ version: 2, origin: 'app' });
		expect((await readBody(h.db, 'froendenberg'))!.record.aliases).toContain(alias);
		expect(await readBody(h.db, 'gemeinsame-teststelle')).not.toBeNull();
		expect(await searchSeqs(h.db, 'ruhrtalperle')).toEqual(partOf);

		// Renaming the alias away takes it out of the search again.
		const current = (await readBody(h.db, 'froendenberg'))!;
		const removed = await saveBody(h.db, coordinator, { regionId: current.regionId, expectedVersion: current.version, record: { ...current.record, aliases: current.record.aliases.filter((a) => a !== alias) } });
		expect(removed).toMatchObject({ ok: true, version: 3 });
		expect(await searchSeqs(h.db, 'ruhrtalperle')).toEqual([]);
		await h.close();
	});
});

describe('parseBodyForm', () => {
	const form = (v: Record<string, string>) => new Map(Object.entries(v));

	it('reads the fields, one alias per line, decimal commas', () => {
		const { record, errors } = parseBodyForm(form({
			name: ' Zweckverband Test ', official_name: '', kind: 'zweckverband', ags: '05 978 012', parent: 'kreis-unna',
			lat: '51,473', lon: '7,767', note: '', aliases: 'ZV Test\r\n\r\nZV Test\nZweckv. Test  '
		}));
		expect(errors).toEqual([]);
		expect(record).toEqual({ name: 'Zweckverband Test', kind: 'zweckverband', ags: '05978012', aliases: ['ZV Test', 'Zweckv. Test'], parent: 'kreis-unna', lat: 51.473, lon: 7.767, note: null });
	});

	it('reports German messages at the fields', () => {
		const { record, errors, values } = parseBodyForm(form({ name: '', kind: 'dorf', ags: '12ab', lat: '95', lon: '', aliases: '...' }));
		expect(record).toBeNull();
		expect(values.ags).toBe('12ab');
		expect(errors.map((e) => e.field).sort()).toEqual(['ags', 'aliases', 'kind', 'lat', 'lon', 'name']);
		expect(errors.find((e) => e.field === 'name')!.message).toMatch(/^Bitte den Namen/);
	});
});
