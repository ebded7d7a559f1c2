/**
 * Page data of pages without client-side rendering are not serialised (issue 15). The transport
 * hook's encoder replaces a marked object by a placeholder, so devalue (what SvelteKit serialises
 * page data with, with the hook's encoders as the replacer) never walks it; HTML requests only,
 * and only in route files that switch client-side rendering off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { uneval } from 'devalue';
import { describe, expect, it } from 'vitest';
import { encodeServerRendered, serverRenderedOnly } from './server-rendered';
import { transportReplacer as replacer } from '../../../tests/support/transport-replacer';

describe('server-rendered page data', () => {
	it('an HTML request marks the object: serialising it neither walks it nor fails on what it holds', () => {
		const matrix = { counts: { unna: { kamen: 3 } }, sort: () => 0 };
		const data = serverRenderedOnly({ isDataRequest: false }, { matrix, title: 'Netzwerk' });
		expect(data.matrix).toBe(matrix);
		expect(encodeServerRendered(data)).toBe(1);
		expect(uneval({ type: 'data', data }, replacer)).toBe(`{type:"data",data:app.decode('ServerRendered', 1)}`);
		// Unmarked, devalue refuses the function: the marked object was never walked.
		expect(() => uneval({ type: 'data', data: { matrix } }, replacer)).toThrow();
	});

	it('a data request (client-side navigation) gets everything, as do objects nobody marked', () => {
		const data = serverRenderedOnly({ isDataRequest: true }, { title: 'Profil', partners: ['kamen'] });
		expect(encodeServerRendered(data)).toBe(false);
		expect(uneval(data, replacer)).toBe('{title:"Profil",partners:["kamen"]}');
		expect(encodeServerRendered(null)).toBe(false);
		expect(encodeServerRendered('text')).toBe(false);
	});

	it('only route files with csr = false use it', () => {
		const routes = path.resolve(import.meta.dirname, '../../routes');
		const files = (readdirSync(routes, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
		const users = files.filter((f) => readFileSync(path.join(routes, f), 'utf8').includes('serverRenderedOnly('));
		expect(users.length).toBeGreaterThanOrEqual(6);
		for (const f of users) {
			expect(path.basename(f), f).toBe('+page.server.ts');
			expect(readFileSync(path.join(routes, f), 'utf8'), f).toMatch(/^export const csr = false;$/m);
		}
	});
});
