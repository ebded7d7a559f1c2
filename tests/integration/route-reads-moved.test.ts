/**
 * Reads moved out of route files (issue 20: routes never touch SQL): a body's versions for its
 * history page, the council-information-system source of proposals, the regions of the effects page.
 */
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { bodyVersions, saveBody, readBody } from '../../src/lib/server/registry/body-write';
import { proposalSources } from '../../src/lib/server/oparl/propose';
import { effectRegions } from '../../src/lib/server/effects/params';
import type { Actor } from '../../src/lib/server/auth/policy';

const coordinator: Actor = {
	role: 'coordinator', userId: 'u-koord-saxony', name: 'Sabine Sachse', email: 'sachse@example.org', bodyId: 'kreis-unna', regionId: 'kreis-unna'
};

describe('bodyVersions', () => {
	it('lists a body\'s versions newest first with the parsed snapshot, null for a version without one, and nothing of other records', async () => {
		const h = await loadedDatabase();
		const created = await saveBody(h.db, coordinator, {
			regionId: 'kreis-unna', expectedVersion: null,
			record: { name: 'Zweckverband Abwasser Oberes Elbtal', official_name: 'Abwasserzweckverband Oberes Elbtal', kind: 'zweckverband', ags: null, aliases: ['ZV AOE'], parent: null, lat: null, lon: null, note: null }
		});
		if (!created.ok) throw new Error(JSON.stringify(created));
		const stored = await readBody(h.db, created.id);
		const edited = await saveBody(h.db, coordinator, { regionId: 'kreis-unna', expectedVersion: 1, record: { ...stored!.record, id: created.id, aliases: ['ZV AOE', 'Abwasserzweckverband'] } });
		expect(edited).toMatchObject({ ok: true, version: 2 });
		// A third version without a snapshot (as a deletion leaves), and a cooperation row under the same id.
		await h.db.insertInto('record_version').values([
			{ entity: 'body', entity_id: created.id, version: 3, at: '2026-12-07T10:00:00.000Z', actor_id: null, actor_label: 'System', action: 'geloescht', snapshot_json: null, comment: 'aufgelöst' },
			{ entity: 'cooperation', entity_id: created.id, version: 9, at: '2026-12-07T10:00:00.000Z', actor_id: null, actor_label: 'System', action: 'x', snapshot_json: '{}', comment: null }
		]).execute();

		const versions = await bodyVersions(h.db, created.id);
		expect(versions.map((v) => [v.version, v.action, v.comment])).toEqual([[3, 'geloescht', 'aufgelöst'], [2, expect.any(String), null], [1, 'angelegt', null]]);
		expect(versions[0]!.record).toBeNull();
		expect(versions[1]!.record).toMatchObject({ name: 'Zweckverband Abwasser Oberes Elbtal', aliases: ['ZV AOE', 'Abwasserzweckverband'] });
		expect(versions[2]!.record).toMatchObject({ aliases: ['ZV AOE'] });
		expect(versions[2]!.actor_label).toContain('Sabine Sachse');
		expect(await bodyVersions(h.db, 'gibt-es-nicht')).toEqual([]);
		await h.close();
	});
});

describe('proposalSources', () => {
	it('words the kind of each asked proposal\'s hit, keeps an unknown kind as stored, and leaves out hits of other proposals', async () => {
		const h = await loadedDatabase();
		const hit = (n: number, kind: string, proposal: number | null, title: string) => ({
			hit_key: `k-${n}`, source_id: 'ris-goerlitz', paper_id: `p-${n}`, kind, cooperation_id: null, body_id: 'kamen', decision_date: null,
			title, reference: null, web_url: null, passage: '…', proposal_id: proposal, created_at: '2026-12-07T09:00:00.000Z'
		});
		await h.db.insertInto('oparl_hit').values([
			hit(1, 'council_decision', 41, 'Beitritt zum Zweckverband Kommunale Informationsverarbeitung Sachsen'),
			hit(2, 'neue_art', 42, 'Drucksache 2026/117'),
			hit(3, 'termination', 43, 'Kündigung der Vereinbarung Winterdienst'),
			hit(4, 'new_member', null, 'ohne Vorschlag')
		]).execute();
		const sources = await proposalSources(h.db, [41, 42, 99]);
		expect([...sources].sort((a, b) => a[0] - b[0])).toEqual([
			[41, { kind: 'Ratsbeschluss', paper: 'Beitritt zum Zweckverband Kommunale Informationsverarbeitung Sachsen' }],
			[42, { kind: 'neue_art', paper: 'Drucksache 2026/117' }]
		]);
		expect((await proposalSources(h.db, [])).size).toBe(0);
		await h.close();
	});
});

describe('effectRegions', () => {
	it('lists every region by name', async () => {
		const h = await loadedDatabase();
		const regions = await effectRegions(h.db);
		const all = await h.db.selectFrom('region').select(['id', 'name']).execute();
		expect(regions).toHaveLength(all.length);
		expect(regions).toContainEqual({ id: 'kreis-unna', name: all.find((r) => r.id === 'kreis-unna')!.name });
		expect(regions.map((r) => r.name)).toEqual([...regions.map((r) => r.name)].sort());
		await h.close();
	});
});
