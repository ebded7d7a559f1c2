/**
 * The legal section of a cooperation profile reads only the cooperation's own bodies (issue 15:
 * per-entity pages cost their own rows), not the whole body table. Its answer must be the one
 * from the whole table: checked for every cooperation of the shipped data, and for one whose
 * partners are an institution of another body and a body that does not exist.
 */
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { bodyRows, bodyRowsOf, legalCooperation, resolveBodies } from '../../src/lib/server/legal/store';

describe('legalCooperation reads its own bodies', () => {
	it('resolves bodies as from the whole body table, institutions to the body they belong to', async () => {
		const h = await loadedDatabase();
		const all = await bodyRows(h.db);
		const ids = (await h.db.selectFrom('cooperation').select('id').execute()).map((r) => r.id);
		expect(ids.length).toBeGreaterThan(50);
		for (const id of ids) {
			const c = (await legalCooperation(h.db, id))!;
			expect(c.bodies, id).toEqual(resolveBodies(c.bodyIds, all));
		}
		// An institution whose parent is a Gemeinde, next to its parent and an unknown id.
		await h.db.insertInto('body').values({ id: 'stadtwerke-test', region_id: 'kreis-unna', name: 'Stadtwerke Testhausen', kind: 'einrichtung', parent_id: 'werne', content_hash: 'x', origin: 'app' }).execute();
		const wanted = ['stadtwerke-test', 'gibt-es-nicht', 'werne', 'kamen'];
		const own = await bodyRowsOf(h.db, wanted);
		expect([...own.keys()].sort()).toEqual(['kamen', 'stadtwerke-test', 'werne']);
		expect(resolveBodies(wanted, own)).toEqual(resolveBodies(wanted, await bodyRows(h.db)));
		expect(resolveBodies(['stadtwerke-test', 'kamen'], await bodyRowsOf(h.db, ['stadtwerke-test', 'kamen'])).map((b) => b.id)).toEqual(['werne', 'kamen']);
		await h.close();
	}, 120_000);
});
