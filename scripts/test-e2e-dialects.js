// `npm run test:e2e:dialects`: the HTTP tests (every route and form action × role, the API, the
// pages over HTTP) once more on PostgreSQL – in-process PGlite always, and the server at
// TEST_POSTGRES_URL when set (in CI it must be: a missing server is a failure there). The full
// browser suite runs on SQLite (npm run test:e2e); tests/e2e/instances.test.ts runs on the server.
import { spawnSync } from 'node:child_process';

const FILES = ['tests/e2e/http.test.ts', 'tests/e2e/authorization.test.ts', 'tests/e2e/api.test.ts'];
const runs = [{ dialect: 'pglite' }];
if (process.env.TEST_POSTGRES_URL) runs.push({ dialect: 'postgres' });
else if (process.env.CI === 'true') {
	console.error('TEST_POSTGRES_URL ist nicht gesetzt: in CI müssen die HTTP-Tests auch gegen einen PostgreSQL-Server laufen.');
	process.exit(1);
} else {
	console.warn('\n!!! TEST_POSTGRES_URL ist nicht gesetzt: die HTTP-Tests laufen nur auf PGlite, nicht gegen einen PostgreSQL-Server.\n');
}
for (const { dialect } of runs) {
	console.log(`\nHTTP-Tests auf ${dialect}:`);
	const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.e2e.config.ts', ...FILES], {
		stdio: 'inherit', env: { ...process.env, TEST_DATABASE: dialect }
	});
	if (r.status !== 0) process.exit(r.status ?? 1);
}
