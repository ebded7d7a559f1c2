import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { overview } from '#lib/server/registry/profiles.ts';
import { serverRenderedOnly } from '#lib/site/server-rendered.ts';

/**
 * The start page is plain HTML: figures, links and a GET search form, nothing that needs a script.
 * Without client-side rendering a first visit loads no JavaScript (the Svelte runtime and the router,
 * about 57 KB compressed) and the HTML does not carry the overview a second time as hydration data;
 * that is what kept its Lighthouse performance below the other main pages (issue 17, item 4).
 * Links from here are ordinary page loads.
 */
export const csr = false;

/** The start page of all regions, or of one (`?region=`: its own figures; an unknown id shows all). */
export const load: PageServerLoad = async (event) =>
	serverRenderedOnly(event, { overview: await overview(db(), event.url.searchParams.get('region')?.slice(0, 100) || null) });
