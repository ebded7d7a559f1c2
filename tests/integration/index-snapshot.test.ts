/**
 * The search index snapshot (issue 15: cold start): the bytes give back exactly the rows, lookups
 * and text data that were built from the database; a second instance of the same build on the same
 * data reads them instead of building; another build, other data or changing data never use it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { twoInstances } from './helpers';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { dataGeneration, bumpGeneration } from '../../src/lib/server/db/generation';
import { assembleIndex, facetIndex, readIndexData } from '../../src/lib/server/search/facet-index';
import { facetGeneration } from '../../src/lib/domain/facets';
import { matchTextSeqs, textIndex } from '../../src/lib/server/search/text-index';
import { decodeSnapshot, enableIndexSnapshots, encodeSnapshot, readSnapshot, scheduleSnapshot, snapshotFile, writeSnapshot } from '../../src/lib/server/search/snapshot';
import fs from 'node:fs';

let inst: Awaited<ReturnType<typeof twoInstances>>;
beforeAll(async () => {
	inst = await twoInstances();
	await migrateToLatest(inst.a.db);
	await applyDataSet(inst.a.db, readDataSet('data'));
});
afterAll(async () => inst.close());
afterEach(() => enableIndexSnapshots(null));

describe('index snapshot', () => {
	it('decodes to the rows, lookups and text data it was made of', async () => {
		const data = await readIndexData(inst.a.db);
		const text = (await textIndex(inst.a.db, await facetIndex(inst.a.db))).data;
		// Rows with no org unit, no end, several regions, umlauts; bodies without coordinates.
		expect(data.rows.some((r) => r.orgUnit === null)).toBe(true);
		expect(data.rows.some((r) => r.endText !== null)).toBe(true);
		expect([...data.lookups.bodies.values()].some((b) => b.lat === null)).toBe(true);
		const decoded = decodeSnapshot(encodeSnapshot(data, text));
		expect(decoded).not.toBeNull();
		expect(decoded!.data.rows).toEqual(data.rows);
		expect(decoded!.data.lookups).toEqual(data.lookups);
		expect(decoded!.text.vocab).toEqual(text.vocab);
		expect(decoded!.text.postings).toEqual(text.postings);
		expect(decoded!.text.surface).toEqual(text.surface);
		expect(decoded!.text.places).toEqual(text.places);
		expect(decoded!.text.topicWords).toEqual(text.topicWords);
		expect(decoded!.text.rowTopics).toEqual(text.rowTopics);
		// The facet columns travel with it and are used as they are by an index of the same facet list.
		const index = await facetIndex(inst.a.db);
		const columns = index.facets.map((f) => index.dims[f.key]!);
		const withDims = decodeSnapshot(encodeSnapshot({ ...data, dims: { generation: facetGeneration(), columns } }, text))!;
		expect(withDims.data.dims!.columns).toEqual(columns);
		const rebuilt = assembleIndex(withDims.data, 'x');
		for (const f of index.facets) expect(rebuilt.dims[f.key]).toBe(withDims.data.dims!.columns.find((c) => c.key === f.key));
		// Under another facet list they are built anew.
		const other = assembleIndex({ ...withDims.data, dims: { generation: facetGeneration() + 1, columns } }, 'y');
		expect(other.dims.topic).not.toBe(withDims.data.dims!.columns.find((c) => c.key === 'topic'));
		expect(other.dims.topic).toEqual(index.dims.topic);
		// Decoded rows share one copy of each value, like the built ones.
		const lists = new Set(decoded!.data.rows.map((r) => r.list));
		expect(lists.size).toBeLessThan(5);
	});

	it('refuses bytes of another format', () => {
		const bytes = new Uint8Array(64);
		const head = Buffer.from(JSON.stringify({ format: 999 }));
		new DataView(bytes.buffer).setUint32(0, head.length, true);
		bytes.set(head, 4);
		expect(decodeSnapshot(bytes)).toBeNull();
	});

	it('is read by a second instance of the same build on the same data, and only then', async () => {
		const rev = await dataGeneration(inst.a.db);
		const data = await readIndexData(inst.a.db);
		const text = (await textIndex(inst.a.db, await facetIndex(inst.a.db))).data;
		// Off (scripts, tests): nothing is read.
		expect(await readSnapshot(inst.a.db, rev)).toBeNull();
		enableIndexSnapshots('build-1');
		// A snapshot that leaves out the last row, so the test sees which way instance b went.
		const marked = { rows: data.rows.slice(0, -1), lookups: data.lookups };
		expect(await writeSnapshot(inst.a.db, rev, marked, text, 'build-1')).toBe(true);
		expect(await writeSnapshot(inst.a.db, rev, marked, text, 'build-1')).toBe(false);
		const b = await facetIndex(inst.b.db);
		expect(b.rows).toHaveLength(data.rows.length - 1);
		// Its text index came with it: a search works without building one.
		expect((await matchTextSeqs(inst.b.db, b, 'abfall'))!.size).toBeGreaterThan(0);
		// Another build of the app, or other data: no snapshot.
		enableIndexSnapshots('build-2');
		expect(await readSnapshot(inst.a.db, rev)).toBeNull();
		enableIndexSnapshots('build-1');
		expect(await readSnapshot(inst.a.db, `${rev}x`)).toBeNull();
	});

	it('on a SQLite file, is also kept as a file beside the database, which is read first and only for its key', async () => {
		const file = snapshotFile(inst.a.db);
		if (inst.a.dialect !== 'sqlite') {
			// PostgreSQL and PGlite keep the snapshot in the table only.
			expect(file).toBeNull();
			return;
		}
		expect(file).toBe(`${inst.a.location}.index-snapshot`);
		const rev = await dataGeneration(inst.a.db);
		const data = await readIndexData(inst.a.db);
		const text = (await textIndex(inst.a.db, await facetIndex(inst.a.db))).data;
		enableIndexSnapshots('build-file');
		await inst.a.db.deleteFrom('index_snapshot').execute();
		expect(await writeSnapshot(inst.a.db, rev, { rows: data.rows.slice(0, -2), lookups: data.lookups }, text, 'build-file')).toBe(true);
		expect(fs.statSync(file!).mode & 0o077).toBe(0);
		// The file is read without the table: with the row gone, the snapshot is still there.
		await inst.a.db.deleteFrom('index_snapshot').execute();
		expect((await readSnapshot(inst.b.db, rev))!.data.rows).toHaveLength(data.rows.length - 2);
		// Not for another generation or build.
		expect(await readSnapshot(inst.b.db, `${rev}x`)).toBeNull();
		enableIndexSnapshots('build-other');
		expect(await readSnapshot(inst.b.db, rev)).toBeNull();
		enableIndexSnapshots('build-file');
		// A file of another key (an older generation, a restored database) is ignored: the table
		// answers, and the file is rewritten from it for the next start.
		expect(await writeSnapshot(inst.a.db, rev, { rows: data.rows.slice(0, -3), lookups: data.lookups }, text, 'build-file')).toBe(true);
		const bytes = fs.readFileSync(file!);
		bytes[6] = bytes[6]! ^ 1;
		fs.writeFileSync(file!, bytes);
		expect((await readSnapshot(inst.b.db, rev))!.data.rows).toHaveLength(data.rows.length - 3);
		for (let i = 0; i < 50 && fs.readFileSync(file!)[6] !== (bytes[6]! ^ 1); i++) await new Promise((r) => setTimeout(r, 50));
		await inst.a.db.deleteFrom('index_snapshot').execute();
		expect((await readSnapshot(inst.b.db, rev))!.data.rows).toHaveLength(data.rows.length - 3);
		// A truncated or foreign file is no snapshot.
		fs.writeFileSync(file!, Buffer.from([255, 255]));
		expect(await readSnapshot(inst.b.db, rev)).toBeNull();
	});

	it('is written once the data stay unchanged, replacing the old one, and not while they change', async () => {
		enableIndexSnapshots('build-3');
		const data = await readIndexData(inst.a.db);
		const text = async () => (await textIndex(inst.a.db, await facetIndex(inst.a.db))).data;
		const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
		const stored = async () => (await inst.a.db.selectFrom('index_snapshot').select('key').execute()).map((r) => r.key);

		// Data change before the quiet time is over: nothing written.
		const before = await dataGeneration(inst.a.db);
		scheduleSnapshot(inst.a.db, before, data, text, 50);
		await bumpGeneration(inst.a.db);
		await wait(400);
		expect((await stored()).some((k) => /^\d+\|build-3\|/.test(k))).toBe(false);

		// Quiet: written, and the only row left.
		const now = await dataGeneration(inst.a.db);
		scheduleSnapshot(inst.a.db, now, await readIndexData(inst.a.db), text, 50);
		for (let i = 0; i < 50 && !(await stored()).some((k) => k.endsWith(now)); i++) await wait(100);
		const keys = await stored();
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatch(/^\d+\|build-3\|/);
		expect(keys[0]!.endsWith(now)).toBe(true);
		expect((await readSnapshot(inst.a.db, now))!.data.rows).toHaveLength(data.rows.length);
	});
});
