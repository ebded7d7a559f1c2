/**
 * The loader: starting twice changes nothing; a changed data file is applied with a report;
 * invalid data is refused before anything is written.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadedDatabase } from './helpers';
import { applyDataSet, formatLoadReport } from '../../src/lib/server/data/load-data';
import { DataError, readDataSet } from '../../src/lib/server/data/read-data';
import { facetIndex } from '../../src/lib/server/search/facet-index';
import { runSearch } from '../../src/lib/server/search/run-search';
import { parseSearchQuery } from '../../src/lib/domain/search-query';

describe('applyDataSet', () => {
	it('adds everything once and changes nothing the second time', async () => {
		const h = await loadedDatabase();
		expect(h.report.cooperations.added).toHaveLength(103);
		const again = await applyDataSet(h.db, readDataSet('data'));
		expect(again.cooperations).toMatchObject({ added: [], changed: [], removed: [], unchanged: 103 });
		expect(again.bodies.added).toEqual([]);
		expect(again.revision).toBe(h.report.revision);
		expect(formatLoadReport(again)).toContain('0 neu, 0 geändert, 0 entfernt, 103 unverändert');
		const count = await h.db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
		expect(Number(count?.n)).toBe(103);
		await h.close();
	});

	it('applies a changed, a removed and a new record and reports them; search sees it at once', async () => {
		const h = await loadedDatabase();
		await facetIndex(h.db); // warm the cache, which must notice the new revision
		const ds = readDataSet('data');
		const coops = ds.regions[0]!.cooperations;
		const changed = coops.find((c) => c.id === 'kommunen-52')!;
		changed.title = 'Bibliothekswesen (Zweigstelle Holzwickede)';
		changed.status = 'active';
		const removedIndex = coops.findIndex((c) => c.id === 'kommunen-55');
		coops.splice(removedIndex, 1);
		coops.push({ ...changed, id: 'kommunen-56', number: 56, title: 'Gemeinsame Hundesteuerstelle', participants: changed.participants.slice() });

		const r = await applyDataSet(h.db, ds);
		expect(r.cooperations.changed).toEqual(['kommunen-52']);
		expect(r.cooperations.removed).toEqual(['kommunen-55']);
		expect(r.cooperations.added).toEqual(['kommunen-56']);
		expect(r.revision).toBe(h.report.revision + 1);
		const report = formatLoadReport(r);
		expect(report).toContain('~ kommunen-52');
		expect(report).toContain('- kommunen-55');
		expect(report).toContain('+ kommunen-56');

		const found = await runSearch(h.db, parseSearchQuery(new URLSearchParams('q=hundesteuer')));
		expect(found.total).toBe(1);
		const gone = await runSearch(h.db, parseSearchQuery(new URLSearchParams('q=sparkassenzweckverband&liste=kommunen')));
		expect(gone.total).toBe(0);
		await h.close();
	});

	it('refuses invalid data with every problem named, before writing anything', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-data-'));
		fs.cpSync('data', dir, { recursive: true });
		const file = path.join(dir, 'kreis-unna/cooperations-kommunen.yaml');
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('body: luedinghausen', 'body: atlantis').replace('legal_form: oerv', 'legal_form: kaufhaus'));
		try {
			readDataSet(dir);
			expect.unreachable('invalid data must be refused');
		} catch (e) {
			expect(e).toBeInstanceOf(DataError);
			const problems = (e as DataError).problems.join('\n');
			expect(problems).toContain('atlantis');
			expect(problems).toContain('kaufhaus');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
