/**
 * Set operations on posting lists: ascending, duplicate-free Int32Arrays of row positions in the
 * facet index. A filter is the union of its values' lists (or, for "all of these partners", their
 * intersection); filters combine by intersection. Every result is again ascending and
 * duplicate-free, so results come out in list order without sorting.
 */

export const EMPTY: Int32Array = new Int32Array(0);

/** The lowest index k ≥ from with a[k] ≥ x (a ascending), by galloping then binary search. */
function seek(a: Int32Array, x: number, from: number): number {
	let step = 1;
	let hi = from;
	while (hi < a.length && a[hi]! < x) {
		from = hi + 1;
		hi += step;
		step *= 2;
	}
	let lo = from;
	hi = Math.min(hi, a.length);
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (a[mid]! < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** a ∩ b. Galloping through the longer list when one is much shorter, else a linear merge. */
export function intersect(a: Int32Array, b: Int32Array): Int32Array {
	if (a.length > b.length) [a, b] = [b, a];
	if (a.length === 0) return EMPTY;
	const out = new Int32Array(a.length);
	let n = 0;
	if (a.length * 8 < b.length) {
		let j = 0;
		for (let i = 0; i < a.length && j < b.length; i++) {
			const x = a[i]!;
			j = seek(b, x, j);
			if (j < b.length && b[j] === x) out[n++] = x;
		}
	} else {
		let i = 0;
		let j = 0;
		while (i < a.length && j < b.length) {
			const x = a[i]!;
			const y = b[j]!;
			if (x === y) {
				out[n++] = x;
				i++;
				j++;
			} else if (x < y) i++;
			else j++;
		}
	}
	return out.subarray(0, n);
}

/** The intersection of all lists (shortest first); null when there are none (no restriction). */
export function intersectAll(lists: readonly Int32Array[]): Int32Array | null {
	if (lists.length === 0) return null;
	const sorted = [...lists].sort((x, y) => x.length - y.length);
	let acc = sorted[0]!;
	for (let k = 1; k < sorted.length && acc.length > 0; k++) acc = intersect(acc, sorted[k]!);
	return acc;
}

/** The union of the lists, ascending and without duplicates. */
export function union(lists: readonly Int32Array[]): Int32Array {
	const nonEmpty = lists.filter((l) => l.length > 0);
	if (nonEmpty.length === 0) return EMPTY;
	if (nonEmpty.length === 1) return nonEmpty[0]!;
	let total = 0;
	for (const l of nonEmpty) total += l.length;
	const all = new Int32Array(total);
	let at = 0;
	for (const l of nonEmpty) {
		all.set(l, at);
		at += l.length;
	}
	all.sort();
	let n = 0;
	for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
	return all.subarray(0, n);
}

/** a without the members of b. */
export function difference(a: Int32Array, b: Int32Array): Int32Array {
	if (a.length === 0 || b.length === 0) return a;
	const out = new Int32Array(a.length);
	let n = 0;
	let j = 0;
	for (let i = 0; i < a.length; i++) {
		const x = a[i]!;
		j = seek(b, x, j);
		if (j >= b.length || b[j] !== x) out[n++] = x;
	}
	return out.subarray(0, n);
}

/** Whether x is in the list. */
export function contains(a: Int32Array, x: number): boolean {
	const k = seek(a, x, 0);
	return k < a.length && a[k] === x;
}

/** An ascending list from any iterable of positions (sorted, duplicates dropped). */
export function fromPositions(positions: Iterable<number>): Int32Array {
	const a = Int32Array.from(positions).sort();
	let n = 0;
	for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i]!;
	return a.subarray(0, n);
}
