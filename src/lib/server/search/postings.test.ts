import { describe, expect, it } from 'vitest';
import { contains, difference, fromPositions, intersect, intersectAll, union } from './postings';
import { Lru } from './lru';

/** A sorted, duplicate-free list of random positions below `max`, with about `n` members. */
function randomList(n: number, max: number, next: () => number): Int32Array {
	return fromPositions(Array.from({ length: n }, () => Math.floor(next() * max)));
}

function prng(seed: number): () => number {
	let s = seed;
	return () => ((s = (s * 48271) % 2147483647) / 2147483647);
}

const naive = {
	intersect: (a: Int32Array, b: Int32Array) => [...a].filter((x) => b.includes(x)),
	union: (ls: Int32Array[]) => [...new Set(ls.flatMap((l) => [...l]))].sort((x, y) => x - y),
	difference: (a: Int32Array, b: Int32Array) => [...a].filter((x) => !b.includes(x))
};

describe('posting lists', () => {
	it('agree with plain set operations on lists of very different lengths (merge and galloping paths)', () => {
		const next = prng(42);
		for (let round = 0; round < 200; round++) {
			const max = 1 + Math.floor(next() * 5000);
			const a = randomList(Math.floor(next() * 40), max, next);
			const b = randomList(Math.floor(next() * (round % 2 ? 3000 : 60)), max, next);
			const c = randomList(Math.floor(next() * 500), max, next);
			expect([...intersect(a, b)]).toEqual(naive.intersect(a, b));
			expect([...intersect(b, a)]).toEqual(naive.intersect(a, b));
			expect([...union([a, b, c])]).toEqual(naive.union([a, b, c]));
			expect([...difference(b, a)]).toEqual(naive.difference(b, a));
			expect([...intersectAll([c, a, b])!]).toEqual(naive.intersect(a, b).filter((x) => c.includes(x)));
			for (const x of [0, max - 1, Math.floor(max / 2)]) expect(contains(b, x)).toBe(b.includes(x));
		}
	});

	it('treat no lists as no restriction and empty lists as empty', () => {
		expect(intersectAll([])).toBeNull();
		expect([...union([])]).toEqual([]);
		expect([...intersect(new Int32Array([1, 2, 3]), new Int32Array(0))]).toEqual([]);
		expect([...fromPositions([9, 3, 3, 0, 9])]).toEqual([0, 3, 9]);
	});
});

describe('bounded cache', () => {
	it('drops the least recently used entry when the entry count or the cost budget is exceeded', () => {
		const lru = new Lru<string>(3, 100);
		lru.set('a', 'A');
		lru.set('b', 'B');
		lru.set('c', 'C');
		expect(lru.get('a')).toBe('A');
		lru.set('d', 'D');
		expect(lru.get('b')).toBeUndefined();
		expect(['a', 'c', 'd'].map((k) => lru.get(k))).toEqual(['A', 'C', 'D']);
		lru.set('big', 'X', 90);
		expect(lru.cost).toBeLessThanOrEqual(100);
		expect(lru.get('a')).toBeUndefined();
		expect(lru.get('big')).toBe('X');
		lru.set('huge', 'Y', 101);
		expect(lru.get('huge')).toBeUndefined();
		let computed = 0;
		expect(lru.through('k', () => `v${++computed}`)).toBe('v1');
		expect(lru.through('k', () => `v${++computed}`)).toBe('v1');
		lru.delete('k');
		expect(lru.through('k', () => `v${++computed}`)).toBe('v2');
	});
});
