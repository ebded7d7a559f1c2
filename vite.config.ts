import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vitest/config';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { readSources, trimCss, usedClasses } from './src/lib/server/ops/used-css.ts';
import { latin1Escape, latin1Templates } from './src/lib/server/html/latin1-plugins.ts';

/**
 * SvelteKit's route announcer (the live region that reads the new page's title to screen readers
 * after a client-side navigation) is a <div> with a style attribute. CSP without 'unsafe-inline'
 * blocks style attributes, so the browser reported a violation on every page and the announcer was
 * not visually hidden. Allowed is exactly that attribute value ('unsafe-hashes' + its SHA-256), read
 * from the installed SvelteKit so an upgrade that changes it keeps working (or fails the build).
 */
function announcerStyleHash(): string {
	const kit = path.dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
	const root = readFileSync(path.join(kit, 'src/runtime/components/root.svelte'), 'utf8');
	const style = /id="svelte-announcer"[\s\S]*?style="([^"]+)"/.exec(root)?.[1];
	if (!style) throw new Error('SvelteKit route announcer style not found: check the CSP in vite.config.ts');
	return `sha256-${createHash('sha256').update(style).digest('base64')}`;
}

/**
 * In a build, KERN's stylesheet keeps only the rules for the `kern-…` classes the app's sources
 * mention (src/lib/server/ops/used-css.ts): 340 KB of CSS become about 100 KB (issue 17, item 4).
 * The dev server keeps the whole stylesheet (the sources change while it runs).
 */
function kernUsedCss(): Plugin {
	return {
		name: 'ikz-kern-used-css',
		apply: 'build',
		enforce: 'pre',
		transform(code, id) {
			if (!/[\\/]@kern-ux[\\/]native[\\/]dist[\\/]kern\.min\.css(\?|$)/.test(id)) return null;
			return { code: trimCss(code, usedClasses(readSources(path.resolve('src')))), map: null };
		}
	};
}

export default defineConfig({
	plugins: [
		kernUsedCss(),
		// Pages as one-byte strings: characters above U+00FF as numeric references (issue 15).
		latin1Escape(),
		latin1Templates(),
		sveltekit({
			// precompress: static files are written as .br and .gz beside the originals at build time and
			// served by content negotiation; pages are compressed per answer (src/lib/server/ops/compress.ts).
			adapter: adapter({ out: 'build', precompress: true }),
			// No paths.origin: the public origin is set at run time by scripts/serve.js (ORIGIN), so one
			// build serves any address (docs/decisions/0002-origin-at-run-time.md). SvelteKit's own
			// CSRF check of form posts compares the Origin header with it.
			// CSP: scripts and styles only from this origin (hashes/nonces added by SvelteKit).
			// frame-ancestors forbids embedding (clickjacking); form-action keeps posts on this origin.
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-hashes', announcerStyleHash() as `sha256-${string}`],
					'img-src': ['self', 'data:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		})
	],
	// PGlite (a dev dependency, for DATABASE_URL=pglite:… in tests) loads its WebAssembly and
	// extension files relative to its own package: it is imported from node_modules at run time,
	// not bundled into build/.
	// Issue 15 (cold start): the server bundle includes these pure-JavaScript libraries instead of
	// loading them from node_modules at every start (kysely alone is 257 modules, zod 95, yaml 72,
	// markdown-it 53: resolving, reading and compiling them took about 300 ms of a worker's start).
	ssr: { external: ['@electric-sql/pglite'], noExternal: ['kysely', 'zod', 'yaml', 'markdown-it'] },
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
