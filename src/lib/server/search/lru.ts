/**
 * A bounded least-recently-used cache with a cost budget (e.g. the number of row positions the
 * entries hold), so that neither many small entries nor a few huge ones grow memory without limit.
 * One lives inside each facet index, so it is per data revision by construction: a new revision
 * builds a new index with an empty cache, and the old one is collected with its index.
 */
export class Lru<V> {
	private readonly map = new Map<string, { value: V; cost: number }>();
	private used = 0;

	constructor(private readonly maxEntries: number, private readonly maxCost: number) {}

	get size(): number {
		return this.map.size;
	}

	get cost(): number {
		return this.used;
	}

	get(key: string): V | undefined {
		const hit = this.map.get(key);
		if (hit === undefined) return undefined;
		// Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
		this.map.delete(key);
		this.map.set(key, hit);
		return hit.value;
	}

	set(key: string, value: V, cost = 1): void {
		if (this.maxEntries <= 0 || cost > this.maxCost) return;
		const old = this.map.get(key);
		if (old) {
			this.used -= old.cost;
			this.map.delete(key);
		}
		this.map.set(key, { value, cost });
		this.used += cost;
		while (this.map.size > this.maxEntries || this.used > this.maxCost) {
			const first = this.map.keys().next();
			if (first.done) break;
			this.used -= this.map.get(first.value)!.cost;
			this.map.delete(first.value);
		}
	}

	delete(key: string): void {
		const hit = this.map.get(key);
		if (hit === undefined) return;
		this.used -= hit.cost;
		this.map.delete(key);
	}

	/** The cached value, or compute, store and return it. */
	through(key: string, compute: () => V, cost: (v: V) => number = () => 1): V {
		const hit = this.get(key);
		if (hit !== undefined) return hit;
		const value = compute();
		this.set(key, value, cost(value));
		return value;
	}
}
