/**
 * `npm run db:restore -- --from <backup file> [--force]`: restores a backup made by db:backup
 * into the SQLite database named by DATABASE_URL, through SQLite's backup API, and verifies it.
 * Refuses while the database is open (stop the app first) unless --force is given.
 * For PostgreSQL it prints the pg_restore command.
 */
import { parseArgs } from 'node:util';
import { readSettings } from '../src/lib/server/settings';
import { dialectOf, sqliteLocation } from '../src/lib/server/db/connect';
import { BackupError, formatCounts, postgresBackupCommands, restoreSqlite } from '../src/lib/server/db/backup';

const { values } = parseArgs({ options: { from: { type: 'string' }, force: { type: 'boolean', default: false } } });
const settings = readSettings();
const dialect = dialectOf(settings.DATABASE_URL);
try {
	if (dialect === 'postgres') {
		// The --from file as given (a dump made by pg_dump, see db:backup); without it a placeholder, never a made-up name.
		const file = values.from ? (/^[\w./-]+$/.test(values.from) ? values.from : `'${values.from.replace(/'/g, `'\\''`)}'`) : '<Sicherungsdatei.dump>';
		const [, check, restore] = postgresBackupCommands(new Date(), file);
		console.log('PostgreSQL wird mit pg_restore wiederhergestellt (README.md, „For data centres“); in einer Shell mit gesetzter DATABASE_URL:');
		console.log(`  ${check}\n  ${restore}`);
		console.log('Die laufenden Instanzen müssen danach nicht neu gestartet werden: ihre Suchindizes folgen der wiederhergestellten Datengeneration. Meldet /readyz ausstehende Migrationen (eine ältere Sicherung), eine Instanz neu starten.');
	} else if (dialect === 'pglite') {
		throw new BackupError('PGlite ist für Tests gedacht; zum Wiederherstellen den kopierten Ordner zurücklegen.');
	} else {
		if (!values.from) throw new BackupError('Bitte --from <Sicherungsdatei> angeben.');
		const location = sqliteLocation(settings.DATABASE_URL);
		if (location === ':memory:') throw new BackupError('In eine Datenbank im Arbeitsspeicher kann nicht wiederhergestellt werden.');
		const { counts } = await restoreSqlite(values.from, location, { force: values.force });
		console.log(`Wiederhergestellt: ${location} aus ${values.from} (integrity_check ok, Zeilenzahlen wie in der Sicherung)\n${formatCounts(counts)}`);
	}
} catch (e) {
	if (e instanceof BackupError) {
		console.error(e.message);
		process.exit(1);
	}
	throw e;
}
