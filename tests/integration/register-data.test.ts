/**
 * The Kreis Unna data as the register holds it: counts and the hard rows of the deck.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { cooperationProfile, bodyProfile, overview, pageOf, searchBodies } from '../../src/lib/server/registry/profiles';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { parseFuzzyDate } from '../../src/lib/domain/fuzzy-date';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

const profile = async (id: string) => {
	const p = await cooperationProfile(h.db, id);
	if (!p) throw new Error(`${id} fehlt`);
	return p;
};
const ids = (p: { participants: { id: string }[] }) => p.participants.map((x) => x.id).sort();

describe('counts', () => {
	it('holds all 48 agreements of the Kreis list and all 55 of the towns list, numbered without gaps', async () => {
		const rows = await h.db.selectFrom('cooperation').select(['list', 'number']).execute();
		const numbers = (list: string) => rows.filter((r) => r.list === list).map((r) => r.number).sort((a, b) => a! - b!);
		expect(numbers('kreis')).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
		expect(numbers('kommunen')).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
	});

	it('resolves every partner to a body', async () => {
		const orphans = await h.db.selectFrom('participation').leftJoin('body', 'body.id', 'participation.body_id')
			.select('participation.body_id').where('body.id', 'is', null).execute();
		expect(orphans).toEqual([]);
	});

	it('has the Kreis and its ten towns with their AGS', async () => {
		const towns = await h.db.selectFrom('body').select(['name', 'ags']).where('parent_id', '=', 'kreis-unna')
			.where('kind', 'in', ['stadt', 'gemeinde']).orderBy('ags').execute();
		expect(towns.map((t) => t.ags)).toEqual(['05978004', '05978008', '05978012', '05978016', '05978020', '05978024', '05978028', '05978032', '05978036', '05978040']);
		expect((await h.db.selectFrom('body').select('ags').where('id', '=', 'kreis-unna').executeTakeFirst())?.ags).toBe('05978');
	});

	it('computes the overview the deck stated by hand', async () => {
		const o = await overview(h.db);
		const unna = o.regions.find((r) => r.id === 'kreis-unna')!;
		// "Der Kreis Unna betreibt rund 50 Kooperationen"; "untereinander weit mehr als 50"
		expect(unna.withKreis).toBe(48);
		expect(unna.townsAmong).toBeGreaterThan(50);
		expect(unna.towns).toBe(10);
		expect(o.total).toBe(103);
	});
});

describe('hard rows', () => {
	it('Kreis no. 14: the Kreis and five towns, each joining in its own year, Kamen only planned', async () => {
		const p = await profile('kreis-14');
		expect(ids(p)).toEqual(['boenen', 'froendenberg', 'holzwickede', 'kamen', 'kreis-unna', 'unna']);
		const joined = Object.fromEntries(p.participants.map((x) => [x.id, x.joined]));
		expect(joined.unna?.earliest).toBe('2003-01-01');
		expect(joined.boenen?.earliest).toBe('2004-01-01');
		expect(joined.froendenberg?.earliest).toBe('2005-01-01');
		expect(joined.holzwickede?.earliest).toBe('2006-01-01');
		expect(joined.kamen?.earliest).toBe('2015-01-01');
		expect(joined.kamen?.qualifier).toBe('planned');
		expect(p.start).toContain('2015 gepl. (Kamen)');
	});

	it('Kreis no. 38: the data protection officer, led by Unna, without Bergkamen, Lünen and Schwerte', async () => {
		const p = await profile('kreis-38');
		expect(ids(p)).toEqual(['boenen', 'froendenberg', 'holzwickede', 'kamen', 'kreis-unna', 'selm', 'unna', 'werne']);
		for (const absent of ['bergkamen', 'luenen', 'schwerte']) expect(ids(p)).not.toContain(absent);
		expect(p.participants.find((x) => x.role === 'lead')?.id).toBe('unna');
		expect(p.startDate?.earliest).toBe('2013-03-03');
	});

	it('Kreis no. 5: two phases, 1983 and the AöR of 2014', async () => {
		const p = await profile('kreis-5');
		expect(p.startDate?.earliest).toBe('1983-12-20');
		expect(p.startDate?.parts.map((x) => x.earliest)).toEqual(['1983-12-20', '2014-01-01']);
		const conversion = p.events.find((e) => e.kind === 'conversion');
		expect(conversion?.date).toBe('01.01.2014');
		expect(p.legalForm.id).toBe('aoer');
		expect(p.derived).toContain('legal_form');
	});

	it('towns no. 6: the Musikschule, Selm left in 2006', async () => {
		const p = await profile('kommunen-6');
		const selm = p.participants.find((x) => x.id === 'selm');
		expect(selm?.left?.earliest).toBe('2006-01-01');
		expect(p.events.some((e) => e.kind === 'new_version' && e.text?.includes('ohne Selm'))).toBe(true);
		expect(p.status).toBe('active');
		expect(p.participants.find((x) => x.role === 'lead')?.id).toBe('luedinghausen');
	});

	it('towns no. 16: terminated in 2006', async () => {
		const p = await profile('kommunen-16');
		expect(p.status).toBe('ended');
		expect(p.endDate?.earliest).toBe('2006-01-01');
		expect(p.events.map((e) => e.kind)).toContain('termination');
	});

	it('towns no. 43: 37 members, 6 of them named', async () => {
		const p = await profile('kommunen-43');
		const towns = p.participants.filter((x) => x.role !== 'performer').map((x) => x.id).sort();
		expect(towns).toEqual(['bergkamen', 'boenen', 'kamen', 'luenen', 'unna', 'werne']);
		expect(p.groups).toHaveLength(1);
		expect(p.groups[0]?.count).toBe(37);
	});

	it('towns no. 49: Fröndenberg by contract, not a member', async () => {
		const p = await profile('kommunen-49');
		const f = p.participants.find((x) => x.id === 'froendenberg');
		expect(f?.role).toBe('contract');
		expect(p.partnersSource).toContain('nicht Mitglied im ZV');
		expect(p.startDate?.qualifier).toBe('unknown');
	});

	it('keeps every source value verbatim, slide artefacts included', async () => {
		const p = await profile('kreis-19');
		expect(p.titleSource).toContain('Aufgabenüber- nahme');
		expect(p.title).toContain('Aufgabenübernahme');
		const tech = await profile('kreis-10');
		expect(tech.titleSource).toContain('Gemeinschaftsstadwerke');
	});

	it('marks values derived rather than read from the source', async () => {
		const kreis = await profile('kreis-1');
		expect(kreis.derived).toEqual(expect.arrayContaining(['legal_form', 'topics']));
		const town = await profile('kommunen-2');
		expect(town.derived).not.toContain('legal_form');
	});
});

describe('body profiles', () => {
	it('Kamen: its cooperations, its most frequent partners, and what it left or what ended', async () => {
		const b = await bodyProfile(h.db, 'kamen');
		expect(b).not.toBeNull();
		expect(b!.takesPart.length).toBeGreaterThan(20);
		expect(b!.takesPart.some((r) => r.id === 'kommunen-16')).toBe(true);
		expect(b!.partnersMost[0]?.count).toBeGreaterThanOrEqual(b!.partnersMost.at(-1)?.count ?? 0);
		expect(b!.leftOrEnded.map((x) => x.row.id)).toContain('kommunen-16');
		expect(b!.performs.some((r) => r.id === 'kommunen-9')).toBe(true);
	});
	it('Selm lists the Musikschule it left', async () => {
		const b = await bodyProfile(h.db, 'selm');
		const left = b!.leftOrEnded.find((x) => x.row.id === 'kommunen-6');
		expect(left?.reason).toContain('2006');
	});
});

describe('body list', () => {
	it('finds bodies by name, Kreis or AGS, spelled as people type', async () => {
		const byName = await searchBodies(h.db, new URLSearchParams('q=froendenberg'));
		expect(byName.bodies.map((b) => b.id)).toEqual(['froendenberg']);
		const byAgs = await searchBodies(h.db, new URLSearchParams('q=05978036'));
		expect(byAgs.bodies.map((b) => b.id)).toEqual(['unna']);
		const towns = await searchBodies(h.db, new URLSearchParams('art=gemeinde&q=kreis+unna'));
		expect(towns.bodies.map((b) => b.id).sort()).toEqual(['boenen', 'holzwickede']);
	});
	it('pages a long list', () => {
		const items = Array.from({ length: 250 }, (_, i) => i);
		expect(pageOf(items, 3, 100)).toEqual({ items: items.slice(200), page: 3, pageCount: 3 });
		expect(pageOf(items, 99, 100).page).toBe(3);
		expect(pageOf([], 1, 100)).toEqual({ items: [], page: 1, pageCount: 1 });
	});
});

describe('fuzzy dates in the data', () => {
	it('reads every date value of the data files', () => {
		const ds = readDataSet('data');
		const unreadable: string[] = [];
		for (const r of ds.regions) {
			for (const c of r.cooperations) {
				const values = [c.start_source, c.start, c.end, ...c.participants.flatMap((p) => [p.joined, p.left]), ...c.events.map((e) => e.date)];
				for (const v of values) {
					const d = parseFuzzyDate(v);
					if (d && !d.readable) unreadable.push(`${c.id}: ${v}`);
				}
			}
		}
		expect(unreadable).toEqual([]);
	});
});
