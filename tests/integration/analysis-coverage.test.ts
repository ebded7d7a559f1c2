/**
 * Coverage, partner finder, network and matrix on the Kreis Unna data, checked against what the
 * deck says (slide 31/32: the shared data protection officer without Bergkamen, Lünen, Schwerte;
 * towns' no. 35: Bergkamen and Schwerte's own officer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { taskCoverage, tasksAlone, topicCoverage } from '../../src/lib/server/analysis/coverage';
import { findPartners, ideaPartners } from '../../src/lib/server/analysis/partner-finder';
import { cooperationMatrix, egoNetwork } from '../../src/lib/server/analysis/network';
import { bodyProfile } from '../../src/lib/server/registry/profiles';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

describe('coverage by task', () => {
	it('Datenschutzbeauftragter: the Kreis pool led by Unna, Bergkamen + Schwerte, Lünen in none', async () => {
		const [c] = await taskCoverage(h.db, 'kreis-unna', 'datenschutzbeauftragter');
		const pools = Object.fromEntries(c!.pools.map((p) => [p.row.id, { lead: p.lead?.id, members: [...p.regionMembers].sort() }]));
		expect(pools['kreis-38']).toEqual({ lead: 'unna', members: ['boenen', 'froendenberg', 'holzwickede', 'kamen', 'kreis-unna', 'selm', 'unna', 'werne'] });
		expect(pools['kommunen-35']).toEqual({ lead: 'bergkamen', members: ['bergkamen', 'schwerte'] });
		expect(c!.none.map((b) => b.id)).toEqual(['luenen']);
	});

	it('Rettungsdienst: four pools; every Kreis body is listed with its pools', async () => {
		const [c] = await taskCoverage(h.db, 'kreis-unna', 'rettungsdienst');
		expect(c!.pools.map((p) => p.row.id).sort()).toEqual(['kommunen-11', 'kommunen-17', 'kommunen-51', 'kreis-32']);
		expect(c!.byBody).toHaveLength(11);
		expect(c!.byBody.find((b) => b.id === 'kamen')?.pools).toEqual(['kommunen-11']);
		expect(c!.none.map((b) => b.id)).toEqual(['schwerte']);
	});

	it('an ended pool does not count as coverage (Büchereiwesen, terminated 2006)', async () => {
		const [c] = await taskCoverage(h.db, 'kreis-unna', 'bibliothek');
		const kamen = c!.byBody.find((b) => b.id === 'kamen')!;
		expect(kamen.ended).toContain('kommunen-16');
		expect(kamen.pools).not.toContain('kommunen-16');
	});

	it('topic fields per body add up to the body cooperations per topic', async () => {
		const t = await topicCoverage(h.db, 'kreis-unna');
		const b = await bodyProfile(h.db, 'kamen');
		const it = b!.takesPart.filter((r) => r.topics.some((x) => x.id === 'verwaltung-it')).length;
		expect(t.counts['verwaltung-it']?.kamen).toBe(it);
	});

	it('the tasks Lünen does alone include the data protection officer', async () => {
		const alone = await tasksAlone(h.db, 'luenen');
		expect(alone.map((a) => a.task.id)).toContain('datenschutzbeauftragter');
		expect(alone.find((a) => a.task.id === 'datenschutzbeauftragter')?.pools).toBe(2);
		expect(await tasksAlone(h.db, 'olfen')).toEqual([]); // not one of the Kreis' own bodies
	});
});

describe('partner finder', () => {
	it('tells Lünen which data protection pools it could join, and why', async () => {
		const f = (await findPartners(h.db, 'luenen', 'datenschutzbeauftragter'))!;
		expect(f.current).toEqual([]);
		expect(f.pools.map((p) => p.row.id).sort()).toEqual(['kommunen-35', 'kreis-38']);
		const kreisPool = f.pools.find((p) => p.row.id === 'kreis-38')!;
		expect(kreisPool.lead?.id).toBe('unna');
		expect(kreisPool.reasons.join(' ')).toContain('Selm');
		expect(kreisPool.reasons.some((r) => /Nachbarschaft|Nähe/.test(r))).toBe(true);
		for (const p of f.pools) expect(p.reasons.length).toBeGreaterThan(0);
		expect(f.pools[0]!.score).toBeGreaterThanOrEqual(f.pools[1]!.score);
		expect(f.neighbours[0]?.distanceKm).toBeLessThan(10);
		expect(f.alone).toEqual([]);
	});

	it('lists the bodies doing a task alone', async () => {
		const f = (await findPartners(h.db, 'kamen', 'musikschule'))!;
		expect(f.pools.map((p) => p.row.id)).toEqual(['kommunen-6']);
		expect(f.alone.map((a) => a.id)).toEqual(expect.arrayContaining(['unna', 'bergkamen', 'kreis-unna']));
		expect(f.alone.every((a) => a.reasons[0]?.includes('in keinem Verbund'))).toBe(true);
	});

	it('suggests likely partners for a new idea from related cooperations', async () => {
		const r = await ideaPartners(h.db, 'gemeinsame Vergabestelle für Bauleistungen', 'luenen');
		expect(r.terms).toEqual(['vergabestelle', 'bauleistungen']);
		// Both "Zentrale Vergabestelle" rows, and through the search vocabulary (Vergabe = Beschaffung)
		// the joint procurements of Bauhof machines and fire engines; nothing about rescue services.
		const related = r.related.map((x) => x.id);
		expect(related).toEqual(expect.arrayContaining(['kommunen-46', 'kommunen-47', 'kommunen-38', 'kommunen-53']));
		expect(related).not.toContain('kommunen-11');
		expect(r.partners.map((p) => p.id)).toEqual(expect.arrayContaining(['selm', 'unna', 'boenen', 'froendenberg']));
		expect(r.partners.find((p) => p.id === 'selm')?.reasons.join(' ')).toContain('Lünen');
	});

	it('returns null for unknown bodies or tasks', async () => {
		expect(await findPartners(h.db, 'atlantis', 'rettungsdienst')).toBeNull();
		expect(await findPartners(h.db, 'luenen', 'raumfahrt')).toBeNull();
	});
});

describe('network', () => {
	it('the matrix is symmetric; the diagonal counts each body cooperations', async () => {
		const m = await cooperationMatrix(h.db, 'kreis-unna');
		expect(m.bodies).toHaveLength(11);
		for (const a of m.bodies) for (const b of m.bodies) expect(m.counts[a.id]![b.id]).toBe(m.counts[b.id]![a.id]);
		const kamen = await bodyProfile(h.db, 'kamen');
		expect(m.counts.kamen!.kamen).toBe(kamen!.takesPart.length);
		expect(m.counts.kamen!.boenen).toBe(kamen!.partnersMost.find((p) => p.id === 'boenen')?.count);
		expect(m.cooperations).toBe(103 - 0 - (await nonRegionCount()));
	});

	it('filters by topic, legal form and year', async () => {
		const all = await cooperationMatrix(h.db, 'kreis-unna');
		const it = await cooperationMatrix(h.db, 'kreis-unna', { topic: 'verwaltung-it' });
		const oerv = await cooperationMatrix(h.db, 'kreis-unna', { legalForm: 'oerv' });
		const y1990 = await cooperationMatrix(h.db, 'kreis-unna', { year: 1990 });
		expect(it.cooperations).toBeLessThan(all.cooperations);
		expect(oerv.cooperations).toBeLessThan(all.cooperations);
		expect(y1990.cooperations).toBeLessThan(all.cooperations);
		expect(y1990.counts.kamen!.boenen).toBeLessThan(all.counts.kamen!.boenen!);
	});

	it('a body network has the body in the middle and its partners by count', async () => {
		const n = (await egoNetwork(h.db, 'luenen'))!;
		const profile = (await bodyProfile(h.db, 'luenen'))!;
		expect(n.partners.slice(0, 5)).toEqual(profile.partnersMost.slice(0, 5));
	});
});

/** Cooperations in which none of the Kreis Unna bodies takes part (computed from the data). */
async function nonRegionCount(): Promise<number> {
	const own = ['kreis-unna', 'bergkamen', 'boenen', 'froendenberg', 'holzwickede', 'kamen', 'luenen', 'schwerte', 'selm', 'unna', 'werne'];
	const rows = await h.db.selectFrom('cooperation').select('seq').execute();
	let n = 0;
	for (const r of rows) {
		const parts = await h.db.selectFrom('participation').select('body_id').where('cooperation_seq', '=', r.seq).execute();
		if (!parts.some((p) => own.includes(p.body_id))) n++;
	}
	return n;
}

describe('figures the deck stated by hand, computed', () => {
	it('by performer and changes since the 2010 conference', async () => {
		const { overview } = await import('../../src/lib/server/registry/profiles');
		const { changesSince } = await import('../../src/lib/server/analysis/changes');
		const o = await overview(h.db);
		const byPerformer = Object.fromEntries(o.byPerformer.map((p) => [p.id, p.count]));
		expect(byPerformer._gemeinsam).toBeGreaterThanOrEqual(15); // "Beteiligte" in the towns' list alone: 15 rows
		expect(byPerformer['kreis-unna']).toBeGreaterThan(10);
		expect(o.byPerformer.reduce((s, p) => s + p.count, 0)).toBe(103);
		const c = await changesSince(h.db, '2010-09-20');
		const ids = c.started.map((r) => r.id);
		expect(ids).toEqual(expect.arrayContaining(['kreis-38', 'kommunen-46', 'kommunen-47', 'kommunen-35', 'kreis-34']));
		expect(ids).not.toContain('kommunen-2'); // 1975
		// "2010" straddles 20.09.2010: possibly started since then, not certainly.
		expect(c.possiblyStarted.map((r) => r.id)).toContain('kommunen-31');
		expect(ids).not.toContain('kommunen-31');
		expect(c.ended.map((r) => r.id)).toContain('kommunen-40'); // Archiv-Verwaltung 2013 bis 2015
		// Every record entered the register when the data were loaded (today), so all are "new since".
		expect(c.addedToRegister).toBe(103);
	});
});
