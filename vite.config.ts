import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ out: 'build', precompress: false }),
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
					'style-src': ['self'],
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
	ssr: { external: ['@electric-sql/pglite'] },
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
