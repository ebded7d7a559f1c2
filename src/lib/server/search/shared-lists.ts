/**
 * One frozen array per distinct list of values (issue 15: memory, start). A national register's
 * 100,000 rows hold a few dozen distinct topic lists and a few hundred region lists: sharing them
 * saves 200,000 arrays, their memory and the garbage collector's time copying them at a start.
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
