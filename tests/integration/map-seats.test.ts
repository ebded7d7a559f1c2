/**
 * Bodies without a place of their own stand at their seat (issue 17): the data file names the
 * seat's AGS, reading takes that Gemeinde's position from the national directory, the map marks
 * the body as drawn at its seat; bodies with neither a position nor a seat stay listed ("ohne Ort").
 * In the standalone SVG every body whose name label is left out carries a number from the key.
 * Expectations come from the data files and the directory file, read here on their own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadedDatabase } from './helpers';
import { regionMap, type RegionMap } from '../../src/lib/server/analysis/map';
import { loadShippedDirectory } from '../../src/lib/server/directory/load';
import { DataError, readDataSet } from '../../src/lib/server/data/read-data';

interface BodyYaml { id: string; name: string; lat?: number | null; lon?: number | null; seat?: string | null }
interface CoopYaml { participants: { body: string }[] }
const dir = 'data/kreis-unna';
const bodies = parse(fs.readFileSync(`${dir}/bodies.yaml`, 'utf8')) as BodyYaml[];
const taking = new Set(['cooperations-kreis.yaml', 'cooperations-kommunen.yaml']
	.flatMap((f) => (parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) as CoopYaml[]).flatMap((c) => c.participants.map((p) => p.body))));

/** The directory's Gemeinden by AGS (ARS digits 1–5 and 10–12), straight from the TSV. */
const gemeinden = new Map(fs.readFileSync('data/directory/gemeindeverzeichnis.tsv', 'utf8').split('\n')
	.filter((l) => /^\d{12}\t60\t/.test(l))
	.map((l) => l.split('\t'))
	.map((c) => [c[0]!.slice(0, 5) + c[0]!.slice(9), { name: c[3]!.replace(/,.*$/, ''), lat: Number(c[7]), lon: Number(c[8]) }]));

describe('reading a seat', () => {
	let tmp: string;
	beforeAll(() => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-seat-'));
	});
	afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

	/** The shipped data with bodies.yaml changed by `edit`. */
	function dataWith(edit: (b: BodyYaml[]) => void): string {
		const copy = fs.mkdtempSync(path.join(tmp, 'data-'));
		fs.cpSync('data', copy, { recursive: true });
		const list = parse(fs.readFileSync(`${dir}/bodies.yaml`, 'utf8')) as BodyYaml[];
		edit(list);
		fs.writeFileSync(path.join(copy, 'kreis-unna/bodies.yaml'), stringify(list));
		return copy;
	}

	it('takes the seat Gemeinde\'s position from the directory, in any Land', () => {
		const data = dataWith((list) => {
			list.find((b) => b.id === 'caritas')!.seat = '09162000'; // München
			list.find((b) => b.id === 'onleihe-hellweg-sauerland')!.seat = '14612000'; // Dresden
		});
		const all = readDataSet(data).regions.flatMap((r) => r.bodies);
		for (const [id, ags] of [['caritas', '09162000'], ['onleihe-hellweg-sauerland', '14612000'], ['lwl', '05515000']] as const) {
			const b = all.find((x) => x.id === id)!;
			expect(gemeinden.get(ags), ags).toBeTruthy();
			expect([b.lat, b.lon], id).toEqual([gemeinden.get(ags)!.lat, gemeinden.get(ags)!.lon]);
		}
		// A body without seat keeps its own position; one with neither stays without.
		expect(all.find((x) => x.id === 'kamen')!.lat).toBe(bodies.find((b) => b.id === 'kamen')!.lat);
		expect(all.find((x) => x.id === 'kdz-hellweg-sauerland')!.lat ?? null).toBeNull();
	});

	it('refuses a seat that is no Gemeinde of the directory, a seat beside lat/lon and a malformed key', () => {
		const problems = (edit: (b: BodyYaml[]) => void) => {
			try {
				readDataSet(dataWith(edit));
				return [];
			} catch (e) {
				expect(e).toBeInstanceOf(DataError);
				return (e as DataError).problems;
			}
		};
		expect(problems((l) => { l.find((b) => b.id === 'caritas')!.seat = '05999999'; }).join('\n')).toMatch(/caritas: Sitz 05999999 ist keine Gemeinde/);
		// A Kreis key is not a Gemeinde (05978000 does not exist; 05978 is the Kreis itself).
		expect(problems((l) => { l.find((b) => b.id === 'caritas')!.seat = '05978000'; }).length).toBe(1);
		expect(problems((l) => { l.find((b) => b.id === 'lwl')!.lat = 51.9; l.find((b) => b.id === 'lwl')!.lon = 7.6; }).join('\n'))
			.toMatch(/lwl: entweder lat\/lon oder seat/);
		expect(problems((l) => { l.find((b) => b.id === 'rvr')!.seat = '5113000'; }).join('\n')).toMatch(/seat/);
	});
});

describe('the map: bodies at their seat, "ohne Ort", the numbered key', () => {
	let h: Awaited<ReturnType<typeof loadedDatabase>>;
	beforeAll(async () => {
		h = await loadedDatabase();
		await loadShippedDirectory(h.db, 'data');
	}, 120_000);
	afterAll(async () => h.close());

	const seated = bodies.filter((b) => b.seat);

	it('draws every seated body that takes part at its seat and names the seat', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna' });
		const drawnSeated = seated.filter((b) => taking.has(b.id));
		expect(drawnSeated.length).toBeGreaterThanOrEqual(5);
		for (const b of drawnSeated) {
			const node = m.nodes.find((n) => n.id === b.id);
			expect(node, b.id).toBeTruthy();
			expect(node!.seat, b.id).toBe(gemeinden.get(b.seat!)!.name);
		}
		// The region's own towns and bodies with their own position are not "at a seat".
		for (const n of m.nodes) if (!seated.some((b) => b.id === n.id)) expect(n.seat, n.id).toBeNull();
	});

	it('lists the participants with neither position nor seat as "ohne Ort", never drawn', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna' });
		const off = bodies.filter((b) => (b.lat == null || b.lon == null) && !b.seat && taking.has(b.id)).map((b) => b.id).sort();
		expect(off.length).toBeGreaterThan(0);
		expect(m.withoutPosition.map((b) => b.id).sort()).toEqual(off);
		for (const id of off) expect(m.nodes.some((n) => n.id === id)).toBe(false);
	});

	function checkKey(m: RegionMap) {
		const unlabelled = m.nodes.filter((n) => !n.labeled);
		expect(m.key.map((k) => k.number)).toEqual(unlabelled.map((_, i) => i + 1));
		expect(new Set(m.key.map((k) => k.id))).toEqual(new Set(unlabelled.map((n) => n.id)));
		for (const n of m.nodes) {
			if (n.labeled) {
				expect(n.keyNumber, n.id).toBeNull();
				continue;
			}
			const entry = m.key.find((k) => k.number === n.keyNumber);
			expect(entry?.id, n.id).toBe(n.id);
			expect(entry?.name).toBe(n.name);
			expect(n.keySpot, n.id).not.toBeNull();
			// The number is drawn at its circle: within a few label heights of it.
			expect(Math.hypot(n.keySpot!.x - n.x, n.keySpot!.y - n.y), n.id).toBeLessThan(n.r + 40);
		}
	}

	it.each([[{}], [{ topic: 'verwaltung-it' }], [{ body: 'kamen' }], [{ body: 'luenen' }]])('%o: every body without a label has a number from the key', async (filter) => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna', ...filter });
		checkKey(m);
	});

	it('the full map does leave labels out (so the key is exercised)', async () => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna' });
		expect(m.key.length).toBeGreaterThan(0);
	});
});
