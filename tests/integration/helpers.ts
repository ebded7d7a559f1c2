/** A fresh, migrated in-memory database with the shipped data, for integration tests. */
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet, type LoadReport } from '../../src/lib/server/data/load-data';
import { readDataSet, type DataSet } from '../../src/lib/server/data/read-data';

export async function loadedDatabase(dataSet: DataSet = readDataSet('data')): Promise<DatabaseHandle & { report: LoadReport }> {
	const handle = openDatabase(':memory:');
	await migrateToLatest(handle.db);
	const report = await applyDataSet(handle.db, dataSet);
	return { ...handle, report };
}
