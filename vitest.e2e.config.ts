import { defineConfig } from 'vitest/config';

// Browser and HTTP tests against the built app (run `npm run build` first; `npm test` does).
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		environment: 'node',
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 120_000
	}
});
