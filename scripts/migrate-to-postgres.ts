/**
 * `npm run db:migrate-to-postgres -- --to postgres://user:pw@host/db [--from file:var/ikz-atlas.sqlite]`:
 * copies a SQLite register into a new PostgreSQL database (migrations, every table in
 * foreign-key order, sequences), verifies row counts and checksums per table, all or nothing.
 * --from defaults to DATABASE_URL. Stop the app first so nothing changes during the copy.
 */
import { parseArgs } from 'node:util';
import { readSettings } from '../src/lib/server/settings';
import { dialectOf, openDatabase, redactUrl } from '../src/lib/server/db/connect';
import { CopyError, copySqliteToPostgres } from '../src/lib/server/db/copy-to-postgres';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string', default: '500' } } });
const from = values.from ?? readSettings().DATABASE_URL;
const to = values.to ?? '';
if (dialectOf(from) !== 'sqlite' || !/^(postgres(ql)?:\/\/|pglite:)/.test(to)) {
	console.error('Aufruf: npm run db:migrate-to-postgres -- --to postgres://benutzer:passwort@host:5432/datenbank [--from file:var/ikz-atlas.sqlite]');
	process.exit(2);
}
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
	console.error('--batch: eine ganze Zahl von 1 bis 5000');
	process.exit(2);
}
const source = openDatabase(from);
const target = openDatabase(to);
try {
	const report = await copySqliteToPostgres(source.db, target.db, { batchSize, log: (l) => console.log(l) });
	console.log(`\nÜbernommen nach ${redactUrl(to)}: ${report.tables.length} Tabellen, ${report.tables.reduce((s, t) => s + t.rows, 0)} Zeilen; Zeilenzahlen und Prüfsummen stimmen überein.`);
	for (const t of report.tables) console.log(`  ${t.table}: ${t.rows} (${t.checksum.slice(0, 16)})`);
	console.log(`Sequenzen zurückgesetzt: ${report.sequences.join(', ') || '–'}`);
	console.log(`Jetzt DATABASE_URL=${redactUrl(to)} setzen und die Anwendung starten.`);
} catch (e) {
	if (e instanceof CopyError) {
		console.error(e.message);
		process.exitCode = 1;
	} else throw e;
} finally {
	await source.close();
	await target.close();
}
