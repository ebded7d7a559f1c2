/**
 * Universal hooks. `transport`: how values in page data cross from server to browser.
 * `ServerRendered` replaces the data of pages without client-side rendering, which are never sent
 * (src/lib/site/server-rendered.ts); in the browser it can only arrive from a stale page and reads
 * as an empty object. `JsonData` is page data marked to cross as one JSON text instead of being
 * walked by devalue (src/lib/site/json-data.ts).
 */
import type { Transport } from '@sveltejs/kit/hooks';
import { encodeServerRendered } from '#lib/site/server-rendered.ts';
import { decodeJsonData, encodeJsonData } from '#lib/site/json-data.ts';

export const transport: Transport = {
	ServerRendered: { encode: encodeServerRendered, decode: () => ({}) },
	JsonData: { encode: encodeJsonData, decode: decodeJsonData }
};
