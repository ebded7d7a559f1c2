/**
 * The names generation (issue 15, item 1): the name lookup and the body resolver (0.7 s CPU over
 * the national directory) are keyed on a generation written only when bodies, aliases or
 * directory units change, not on the data generation every cooperation save writes. Two handles
 * play two instances on one database of the dialect under test (TEST_DATABASE): a cooperation
 * saved through one rebuilds neither cache of the other, a body renamed through one is found
 * under its new name through the other at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { twoInstances } from './helpers';
import { openDatabase } from '../../src/lib/server/db/connect';
import { backupSqlite, restoreSqlite } from '../../src/lib/server/db/backup';
import type { DatabaseHandle } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { readCooperation, saveCooperation } from '../../src/lib/server/registry/write';
import { readBody, saveBody } from '../../src/lib/server/registry/body-write';
import { createUser } from '../../src/lib/server/auth/users';
import { loadNameLookup } from '../../src/lib/server/directory/name-lookup';
import { loadBodyResolver } from '../../src/lib/server/registry/body-resolve';
import { dataGeneration, namesGeneration } from '../../src/lib/server/db/generation';
import type { Actor } from '../../src/lib/server/auth/policy';
import type { BodyMatch } from '../../src/lib/domain/cooperation-form';

let a: DatabaseHandle;
let b: DatabaseHandle;
let close: () => Promise<void>;
let actor: Actor;
beforeAll(async () => {
	({ a, b, close } = await twoInstances());
	await migrateToLatest(a.db);
	await applyDataSet(a.db, readDataSet('data'));
	const userId = await createUser(a.db, { email: 'kim@kreis-unna.de', name: 'Kim Koordination', bodyId: 'kreis-unna', role: 'coordinator' });
	actor = { role: 'coordinator', userId, name: 'Kim Koordination', email: 'kim@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
}, 120_000);
afterAll(async () => close?.());

const idOf = (m: BodyMatch): string | null => ('id' in m ? m.id : null);

describe('names generation', () => {
	it('a migrated database has one, and a cooperation save leaves it (and both caches of another instance) alone', async () => {
		expect(await namesGeneration(a.db)).toMatch(/^names\/[0-9a-f-]{36}$/);
		const lookupB = await loadNameLookup(b.db);
		const resolverB = await loadBodyResolver(b.db);
		const names0 = await namesGeneration(b.db);
		const data0 = await dataGeneration(b.db);

		const s = (await readCooperation(a.db, 'kommunen-12'))!;
		const saved = await saveCooperation(a.db, actor, { regionId: 'kreis-unna', record: { ...s.record, notes: 'Notiz nach der Sitzung im März' }, expectedVersion: s.version, action: 'bearbeitet' });
		expect(saved.ok).toBe(true);

		expect(await dataGeneration(b.db)).not.toBe(data0);
		expect(await namesGeneration(b.db)).toBe(names0);
		// The very same objects: nothing was rebuilt.
		expect(await loadNameLookup(b.db)).toBe(lookupB);
		const again = await loadBodyResolver(b.db);
		expect(again.resolve).toBe(resolverB.resolve);
		expect(again.all()).toEqual(resolverB.all());
	});

	it('a body renamed through one instance is found under its new name through the other at once', async () => {
		const newName = 'Hansestadt Kamen an der Seseke';
		// Instance B has both caches warm with the old name.
		const before = await loadBodyResolver(b.db);
		expect(idOf(before.resolve(newName))).toBeNull();
		expect((await loadNameLookup(b.db)).find(newName)).toEqual([]);

		const body = (await readBody(a.db, 'kamen'))!;
		const names0 = await namesGeneration(a.db);
		const saved = await saveBody(a.db, actor, { regionId: body.regionId, expectedVersion: body.version, record: { ...body.record, name: newName, aliases: [...body.record.aliases, 'Kamen (Westf.)'] } });
		expect(saved).toMatchObject({ ok: true, id: 'kamen' });
		expect(await namesGeneration(a.db)).not.toBe(names0);

		const after = await loadBodyResolver(b.db);
		expect(idOf(after.resolve(newName))).toBe('kamen');
		expect(idOf(after.resolve('kamen (westf.)'))).toBe('kamen');
		expect(after.bodyName('kamen')).toBe(newName);
		expect(after.all().find((x) => x.id === 'kamen')?.name).toBe(newName);
		expect((await loadNameLookup(b.db)).find(newName).map((c) => c.id)).toContain('kamen');
	});

	it('a database without the names generation (a backup from before the migration) falls back to the data generation', async () => {
		const h = a;
		const kept = (await h.db.selectFrom('meta').select('value').where('key', '=', 'names_generation').executeTakeFirstOrThrow()).value;
		await h.db.deleteFrom('meta').where('key', '=', 'names_generation').execute();
		try {
			expect(await namesGeneration(h.db)).toBe(await dataGeneration(h.db));
		} finally {
			await h.db.insertInto('meta').values({ key: 'names_generation', value: kept }).execute();
		}
	});
});

describe('names generation across a restore (SQLite file)', () => {
	it('a restore brings back the names of the backup under a running instance whose caches hold newer names', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-names-'));
		const file = path.join(dir, 'atlas.sqlite');
		const running = openDatabase(`file:${file}`);
		try {
			await migrateToLatest(running.db);
			await applyDataSet(running.db, readDataSet('data'));
			const userId = await createUser(running.db, { email: 'rene@kreis-unna.de', name: 'René Restore', bodyId: 'kreis-unna', role: 'coordinator' });
			const coordinator: Actor = { role: 'coordinator', userId, name: 'René Restore', email: 'rene@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
			const oldName = (await readBody(running.db, 'selm'))!.record.name;
			expect(idOf((await loadBodyResolver(running.db)).resolve(oldName))).toBe('selm');
			const backup = (await backupSqlite(file, path.join(dir, 'backups') + '/')).file;

			const body = (await readBody(running.db, 'selm'))!;
			const renamed = 'Stadt Selm (Westfalen)';
			expect((await saveBody(running.db, coordinator, { regionId: body.regionId, expectedVersion: body.version, record: { ...body.record, name: renamed } })).ok).toBe(true);
			expect((await loadBodyResolver(running.db)).bodyName('selm')).toBe(renamed);
			expect((await loadNameLookup(running.db)).entry('selm')?.name).toBe(renamed);

			await restoreSqlite(backup, file, { force: true });
			const after = await loadBodyResolver(running.db);
			expect(after.bodyName('selm')).toBe(oldName);
			expect((await loadNameLookup(running.db)).entry('selm')?.name).toBe(oldName);
		} finally {
			await running.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});
