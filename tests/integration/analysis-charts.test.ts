/**
 * Charts a person reads at a glance (issue 17, part 3): the network's thinning rule on made-up
 * pair lists (ties, stars, fewer pairs than the cut), and the region map's labels on the real data
 * under several filters: no two drawn labels overlap, none covers another body's circle, none leaves
 * the drawing, at the desktop size and at the phones' size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { strongestEdges } from '../../src/lib/server/analysis/network';
import { labelBox, regionMap, type Box, type RegionMap } from '../../src/lib/server/analysis/map';

const e = (a: string, b: string, count: number) => ({ a, b, count });

describe('strongestEdges: each body keeps its strongest pairs', () => {
	it('keeps a pair when it is among the N strongest of either body and drops the others', () => {
		// A complete graph of five bodies where "hub" is everyone's strongest partner.
		const edges = [
			e('hub', 'a', 9), e('hub', 'b', 8), e('hub', 'c', 7), e('hub', 'd', 6),
			e('a', 'b', 5), e('a', 'c', 2), e('a', 'd', 1), e('b', 'c', 3), e('b', 'd', 1), e('c', 'd', 4)
		];
		const kept = strongestEdges(edges, 2).map((x) => `${x.a}-${x.b}`).sort();
		// hub: a, b; a: hub, b; b: hub, a; c: hub, d; d: hub, c.
		expect(kept).toEqual(['a-b', 'c-d', 'hub-a', 'hub-b', 'hub-c', 'hub-d']);
	});

	it('keeps every pair tied at the cut (the order of equal pairs does not matter)', () => {
		const edges = [e('x', 'p', 4), e('x', 'q', 4), e('x', 'r', 4), e('p', 'q', 1), e('q', 'r', 1), e('p', 'r', 1)];
		const kept = strongestEdges(edges, 1);
		expect(kept.map((x) => `${x.a}-${x.b}`).sort()).toEqual(['x-p', 'x-q', 'x-r']);
		expect(strongestEdges([...edges].reverse(), 1).length).toBe(3);
	});

	it('keeps everything when no body has more pairs than the cut, and nothing from nothing', () => {
		const edges = [e('Lünen', 'Selm', 2), e('Selm', 'Werne', 1)];
		expect(strongestEdges(edges, 3)).toEqual(edges);
		expect(strongestEdges([], 3)).toEqual([]);
	});

	it('every body with a pair keeps at least one, and no kept pair is outside both bodies\' top N', () => {
		// Pseudo-random weights (fixed seed) on 14 bodies.
		let seed = 7;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const ids = Array.from({ length: 14 }, (_, i) => `b${i}`);
		const edges = ids.flatMap((a, i) => ids.slice(i + 1).filter(() => rnd() < 0.6).map((b) => e(a, b, 1 + Math.floor(rnd() * 12))));
		const kept = strongestEdges(edges, 3);
		expect(kept.length).toBeLessThan(edges.length);
		for (const id of ids) {
			const own = edges.filter((x) => x.a === id || x.b === id);
			if (own.length) expect(kept.some((x) => x.a === id || x.b === id), id).toBe(true);
		}
		const rankCut = (id: string) => edges.filter((x) => x.a === id || x.b === id).map((x) => x.count).sort((p, q) => q - p)[2] ?? 0;
		for (const x of kept) expect(x.count >= rankCut(x.a) || x.count >= rankCut(x.b)).toBe(true);
		for (const x of edges.filter((y) => !kept.includes(y))) expect(x.count < rankCut(x.a) && x.count < rankCut(x.b)).toBe(true);
	});
});

describe('region map: labels that do not collide', () => {
	let h: Awaited<ReturnType<typeof loadedDatabase>>;
	beforeAll(async () => {
		h = await loadedDatabase();
	});
	afterAll(async () => h.close());

	const intersects = (a: Box, b: Box) => Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 0.01 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 0.01;

	function check(m: RegionMap, which: 'wide' | 'narrow') {
		const font = which === 'wide' ? 12 : m.narrowFont;
		const drawn = m.nodes.flatMap((n) => {
			const spot = which === 'wide' ? (n.labeled ? { x: n.labelX, y: n.labelY, anchor: n.anchor } : null) : n.narrow;
			return spot ? [{ n, box: labelBox(n.label, spot, font) }] : [];
		});
		for (let i = 0; i < drawn.length; i++) {
			const { n, box } = drawn[i]!;
			expect(box.x1, `${which} ${n.name}`).toBeGreaterThanOrEqual(0);
			expect(box.x2, `${which} ${n.name}`).toBeLessThanOrEqual(m.width);
			expect(box.y1, `${which} ${n.name}`).toBeGreaterThanOrEqual(0);
			for (const other of drawn.slice(i + 1)) expect(intersects(box, other.box), `${which}: ${n.name} / ${other.n.name}`).toBe(false);
			for (const c of m.nodes) {
				if (c.id === n.id) continue;
				const circle = { x1: c.x - c.r, y1: c.y - c.r, x2: c.x + c.r, y2: c.y + c.r };
				expect(intersects(box, circle), `${which}: label ${n.name} over ${c.name}`).toBe(false);
			}
		}
		return drawn.length;
	}

	it.each([
		[{}],
		[{ topic: 'verwaltung-it' }],
		[{ topic: 'tourismus-freizeit' }],
		[{ body: 'kamen' }],
		[{ body: 'schwerte' }]
	])('%o: no overlaps at either size; the region\'s own bodies are labelled first', async (filter) => {
		const m = await regionMap(h.db, { regionId: 'kreis-unna', ...filter });
		const wide = check(m, 'wide');
		const narrow = check(m, 'narrow');
		expect(wide).toBeGreaterThan(0);
		expect(narrow).toBeGreaterThan(0);
		// Fewer, larger labels on phones; only bodies that take part get one there.
		expect(narrow).toBeLessThanOrEqual(wide + m.nodes.filter((n) => !n.labeled).length);
		expect(m.nodes.filter((n) => n.narrow && n.context)).toEqual([]);
		// The Kreis itself is placed first and so always labelled at the desktop size.
		const kreis = m.nodes.find((n) => n.id === 'kreis-unna');
		if (kreis) expect(kreis.labeled).toBe(true);
	});
});
