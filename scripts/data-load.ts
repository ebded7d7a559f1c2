/**
 * `npm run data:load`: migrate the database and apply the data files now, with a report of what
 * changed. The server does the same at every start.
 */
import { bootstrap } from '../src/lib/server/bootstrap';
import { readSettings } from '../src/lib/server/settings';
import { DataError } from '../src/lib/server/data/read-data';

try {
	const settings = readSettings({ ...process.env, LOAD_DATA_ON_START: 'true' });
	const { handle } = await bootstrap(settings);
	await handle.close();
} catch (e) {
	if (e instanceof DataError) {
		console.error(e.message);
		process.exit(1);
	}
	throw e;
}
