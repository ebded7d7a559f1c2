/**
 * `npm run directory:update -- <file>`: load a newer official municipality directory
 * extract (the Destatis CSV columns, or the fixed-width GV100AD format) into the database named by
 * DATABASE_URL and report what changed: new units, renamed ones (the old name stays as an alias),
 * units that merged away (kept with end date and successor), changed figures. The same file twice
 * changes nothing. A file that lacks more than 5 % of the units is refused as a likely partial
 * extract unless --alle-aufloesen is given.
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/lib/server/db/connect';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { readSettings } from '../src/lib/server/settings';
import { decodeDirectoryBytes, DirectoryFormatError, parseDirectoryFile } from '../src/lib/server/directory/parse';
import { applyDirectory, formatDirectoryReport } from '../src/lib/server/directory/apply';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
	console.error('Aufruf: npm run directory:update -- <Datei.csv|GV100AD-Datei>');
	process.exit(2);
}
const settings = readSettings(process.env);
const handle = openDatabase(settings.DATABASE_URL, { cacheMb: settings.SQLITE_CACHE_MB, poolSize: settings.DATABASE_POOL_SIZE });
try {
	await migrateToLatest(handle.db);
	const extract = parseDirectoryFile(decodeDirectoryBytes(readFileSync(file)));
	console.log(`${file}: ${extract.units.length} Einheiten (${extract.format === 'gv100ad' ? 'GV100AD' : extract.format.toUpperCase()})`);
	const report = await applyDirectory(handle.db, extract, { source: `update:${extract.stand ?? new Date().toISOString().slice(0, 10)}`, allowMassEnd: args.includes('--alle-aufloesen') });
	console.log(formatDirectoryReport(report, 200));
} catch (e) {
	if (e instanceof DirectoryFormatError) {
		console.error(e.message);
		process.exitCode = 1;
	} else throw e;
} finally {
	await handle.close();
}
