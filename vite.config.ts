import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ out: 'build', precompress: false }),
			// SvelteKit 3 fixes the app's origin at build time (CSRF checks, url.origin). Without it the
			// Node adapter assumes https. Build with ORIGIN=https://ikz.example.de for a deployment.
			paths: { origin: process.env.ORIGIN ?? 'http://localhost:3000' },
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
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
