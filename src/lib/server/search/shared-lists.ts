/**
 * One frozen array per distinct list of values (issue 15: memory, start). A national register's
 * 100,000 rows hold a few dozen distinct topic lists and a few hundred region lists: sharing them
 * saves 200,000 arrays, their memory and the garbage collector's time copying them at a start.
 * `SharedLists` for a built index (lists of strings), `sharedListOf` for a decoded snapshot (ids).
 */
export class SharedLists {
	private readonly lists = new Map<string, readonly string[]>();
	of(values: readonly string[]): readonly string[] {
		const key = values.join('\u0000');
		let list = this.lists.get(key);
		if (list === undefined) {
			list = Object.freeze(values.slice());
			this.lists.set(key, list);
		}
		return list;
	}
}

/**
 * The lists of a multi-valued column as one frozen array per distinct list of string ids, without
 * building a list first: a single value (most rows) is looked up by its id.
 */
export function sharedListOf(offsets: Int32Array, values: Int32Array, s: readonly string[]): (i: number) => readonly string[] {
	const single = new Map<number, readonly string[]>();
	const multi = new Map<string, readonly string[]>();
	return (i) => {
		const from = offsets[i]!;
		const to = offsets[i + 1]!;
		if (to - from === 1) {
			const id = values[from]!;
			let list = single.get(id);
			if (list === undefined) single.set(id, (list = Object.freeze([s[id]!])));
			return list;
		}
		let key = '';
		for (let k = from; k < to; k++) key += `${values[k]!},`;
		let list = multi.get(key);
		if (list === undefined) {
			const out: string[] = [];
			for (let k = from; k < to; k++) out.push(s[values[k]!]!);
			multi.set(key, (list = Object.freeze(out)));
		}
		return list;
	};
}
