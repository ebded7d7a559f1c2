// `npm run test:e2e:dialects`: the tests against the built app once more on PostgreSQL (issue 8):
// on in-process PGlite the HTTP tests (every route and form action × role, the API, the pages over
// HTTP – PGlite is opened by one process at a time, so not the tests that look into the database
// while the app runs), and on the server at TEST_POSTGRES_URL the HTTP and browser suite without
// the files listed in ONCE. In CI the server must be there: a missing one is a failure.
import { spawnSync } from 'node:child_process';

const HTTP = ['tests/e2e/http.test.ts', 'tests/e2e/authorization.test.ts', 'tests/e2e/api.test.ts'];
// Browser files that only read the shipped data and check what Chromium shows: layout at two widths,
// axe, folding without JavaScript, page weight, chart geometry. The pages answer from the same
// in-memory index on every dialect, and every one of their routes runs on PostgreSQL anyway in
// authorization.test.ts (each route × role), so a second browser run adds minutes and nothing else.
// Everything that writes through the app, reads back what it wrote or depends on the server (instances,
// outage, sessions, imports, mail, OParl, papers) runs again.
const ONCE = [
	'tests/e2e/analysis-charts.test.ts',
	'tests/e2e/analysis-timeline-map.test.ts',
	'tests/e2e/analysis.test.ts',
	'tests/e2e/api-docs.test.ts',
	'tests/e2e/map-key-start.test.ts',
	'tests/e2e/page-weight.test.ts',
	'tests/e2e/search-relevance.test.ts'
];
const runs = [{ dialect: 'pglite', files: HTTP, exclude: /** @type {string[]} */ ([]) }];
if (process.env.TEST_POSTGRES_URL) runs.push({ dialect: 'postgres', files: [], exclude: ONCE });
else if (process.env.CI === 'true') {
	console.error('TEST_POSTGRES_URL ist nicht gesetzt: in CI müssen die HTTP-Tests auch gegen einen PostgreSQL-Server laufen.');
	process.exit(1);
} else {
	console.warn('\n!!! TEST_POSTGRES_URL ist nicht gesetzt: die HTTP-Tests laufen nur auf PGlite, nicht gegen einen PostgreSQL-Server.\n');
}
for (const { dialect, files, exclude } of runs) {
	const which = files.length ? ` (${files.join(', ')})` : exclude.length ? ` (alle außer ${exclude.length} reinen Browser-Ansichten, die schon auf SQLite liefen)` : ' (alle)';
	console.log(`\nTests gegen die gebaute App auf ${dialect}${which}:`);
	const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.e2e.config.ts', ...files, ...exclude.flatMap((f) => ['--exclude', f])];
	const r = spawnSync(process.execPath, args, {
		stdio: 'inherit', env: { ...process.env, TEST_DATABASE: dialect }
	});
	if (r.status !== 0) process.exit(r.status ?? 1);
}
