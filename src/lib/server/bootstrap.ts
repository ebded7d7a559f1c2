/**
 * Opens the database, runs migrations and applies the shipped data. Used by the server at start
 * (hooks.server.ts) and by `npm run data:load`, so both do exactly the same.
 */
import { openDatabase, type DatabaseHandle } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { applyDataSet, formatLoadReport, type LoadReport } from './data/load-data';
import { readDataSet } from './data/read-data';
import type { Settings } from './settings';
import { loadShippedDirectory } from './directory/load';
import { formatDirectoryReport } from './directory/apply';

export interface Bootstrapped {
	handle: DatabaseHandle;
	migrations: string[];
	report: LoadReport | null;
}

export async function bootstrap(settings: Settings, log: (line: string) => void = console.log, opened?: (handle: DatabaseHandle) => void): Promise<Bootstrapped> {
	const handle = openDatabase(settings.DATABASE_URL, { cacheMb: settings.SQLITE_CACHE_MB, poolSize: settings.DATABASE_POOL_SIZE });
	opened?.(handle);
	const migrations = await migrateToLatest(handle.db);
	if (migrations.length) log(`Migrationen ausgeführt: ${migrations.join(', ')}`);
	let report: LoadReport | null = null;
	if (settings.LOAD_DATA_ON_START === 'true') {
		report = await applyDataSet(handle.db, readDataSet(settings.DATA_DIR));
		log(`Daten aus ${settings.DATA_DIR}/ geladen:\n${formatLoadReport(report)}`);
		// The national municipality directory (issue 13), after the region files so that their
		// bodies are matched by AGS and stay the same records.
		const dir = await loadShippedDirectory(handle.db, settings.DATA_DIR);
		for (const line of dir.relinked) log(`Gemeindeverzeichnis: Körperschaft zusammengeführt ${line}`);
		if (dir.report) log(formatDirectoryReport(dir.report, 10));
		else if (dir.status === 'unchanged') log('Gemeindeverzeichnis unverändert');
		else if (dir.status === 'kept-update') log('Gemeindeverzeichnis: ein neuerer Auszug wurde mit directory:update geladen; die mitgelieferte Fassung bleibt unberücksichtigt');
	}
	return { handle, migrations, report };
}
