/**
 * `npm run db:backup [-- --out <file or folder>]`: an online backup of the SQLite database named
 * by DATABASE_URL (default folder var/backups/, timestamped file), verified with integrity_check
 * and row counts. The app may keep running. For PostgreSQL it prints the pg_dump commands.
 */
import { parseArgs } from 'node:util';
import { readSettings } from '../src/lib/server/settings';
import { dialectOf, sqliteLocation } from '../src/lib/server/db/connect';
import { BackupError, backupSqlite, formatCounts, postgresBackupCommands } from '../src/lib/server/db/backup';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'var/backups/' } } });
const settings = readSettings();
const dialect = dialectOf(settings.DATABASE_URL);
try {
	if (dialect === 'postgres') {
		console.log('PostgreSQL wird mit pg_dump gesichert (README.md, „For data centres“); in einer Shell mit gesetzter DATABASE_URL:');
		for (const line of postgresBackupCommands()) console.log(`  ${line}`);
	} else if (dialect === 'pglite') {
		throw new BackupError('PGlite ist für Tests gedacht; für eine Sicherung den Ordner kopieren, während nichts läuft.');
	} else {
		const location = sqliteLocation(settings.DATABASE_URL);
		if (location === ':memory:') throw new BackupError('Eine Datenbank im Arbeitsspeicher kann nicht gesichert werden.');
		const { file, counts } = await backupSqlite(location, values.out!);
		console.log(`Gesichert: ${file} (integrity_check ok)\n${formatCounts(counts)}`);
	}
} catch (e) {
	if (e instanceof BackupError) {
		console.error(e.message);
		process.exit(1);
	}
	throw e;
}
