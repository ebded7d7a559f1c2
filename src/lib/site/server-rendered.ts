/**
 * Page data that only the server renders (issue 15: per-request cost of HTML pages).
 *
 * SvelteKit serialises every page's server data for hydration (devalue `uneval`), even on pages
 * with `csr = false`, where the result is never sent: on the network analysis that was about 8 %
 * of a request's CPU. A load function of such a page marks what it returns for an HTML request
 * with `serverRenderedOnly`; the transport hook (src/hooks.ts) then writes a marked object as a
 * one-character placeholder instead of walking it. The page still renders from the real object.
 *
 * Only for pages with `csr = false` (a test checks every caller), and only for HTML requests: a
 * `__data.json` request (client-side navigation from a page with client-side rendering) gets the
 * data unmarked, so a page that the browser renders itself still has all of it.
 */
const marked = new WeakSet<object>();

/** The same object, marked as not to be serialised, unless this is a data request. */
export function serverRenderedOnly<T extends object>(event: { isDataRequest: boolean }, data: T): T {
	if (!event.isDataRequest) marked.add(data);
	return data;
}

/** The transport hook's encoder: a truthy placeholder for a marked object, else false (not ours). */
export function encodeServerRendered(value: unknown): 1 | false {
	return typeof value === 'object' && value !== null && marked.has(value) ? 1 : false;
}
