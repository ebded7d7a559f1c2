// `npm run test:e2e:dialects`: the tests against the built app once more on PostgreSQL (issue 8):
// on in-process PGlite the HTTP tests (every route and form action × role, the API, the pages over
// HTTP – PGlite is opened by one process at a time, so not the tests that look into the database
// while the app runs), and on the server at TEST_POSTGRES_URL the whole HTTP and browser suite.
// In CI the server must be there: a missing one is a failure.
import { spawnSync } from 'node:child_process';

const HTTP = ['tests/e2e/http.test.ts', 'tests/e2e/authorization.test.ts', 'tests/e2e/api.test.ts'];
const runs = [{ dialect: 'pglite', files: HTTP }];
if (process.env.TEST_POSTGRES_URL) runs.push({ dialect: 'postgres', files: [] });
else if (process.env.CI === 'true') {
	console.error('TEST_POSTGRES_URL ist nicht gesetzt: in CI müssen die HTTP-Tests auch gegen einen PostgreSQL-Server laufen.');
	process.exit(1);
} else {
	console.warn('\n!!! TEST_POSTGRES_URL ist nicht gesetzt: die HTTP-Tests laufen nur auf PGlite, nicht gegen einen PostgreSQL-Server.\n');
}
for (const { dialect, files } of runs) {
	console.log(`\nTests gegen die gebaute App auf ${dialect}${files.length ? ` (${files.join(', ')})` : ' (alle)'}:`);
	const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.e2e.config.ts', ...files], {
		stdio: 'inherit', env: { ...process.env, TEST_DATABASE: dialect }
	});
	if (r.status !== 0) process.exit(r.status ?? 1);
}
