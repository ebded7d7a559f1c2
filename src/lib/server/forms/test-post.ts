/** Test helper: a FormData from [name, value] pairs (repeated names allowed, files as Blobs). */
export function post(entries: [string, string | Blob][]): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}
