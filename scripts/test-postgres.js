// `npm run test:postgres`: the integration tests against the PostgreSQL server at
// TEST_POSTGRES_URL (issue 8). Without one the run is skipped with a loud message on a developer
// machine; in CI (CI=true) a missing server is a failure. .ci/run starts a throwaway server.
import { spawnSync } from 'node:child_process';

if (!process.env.TEST_POSTGRES_URL) {
	const message = 'TEST_POSTGRES_URL ist nicht gesetzt: die Tests gegen einen PostgreSQL-Server werden übersprungen (README: "For data centres").';
	if (process.env.CI === 'true') {
		console.error(`${message} In CI ist das ein Fehler.`);
		process.exit(1);
	}
	console.warn(`\n!!! ${message}\n`);
	process.exit(0);
}
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'tests/integration', '--hookTimeout=120000', '--testTimeout=120000'], {
	stdio: 'inherit', env: { ...process.env, TEST_DATABASE: 'postgres' }
});
process.exit(r.status ?? 1);
