/**
 * db:backup / db:restore (issue 8) on a SQLite file with the shipped data: a backup taken while
 * the database is open is verified and complete; after a change, restoring brings the old state
 * back (seen through the connection that stayed open); a database in use is only overwritten
 * with --force; a damaged backup is refused; the npm script writes a timestamped file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import {
	BackupError, backupSqlite, databaseInUse, integrityProblems, postgresBackupCommands, restoreSqlite, tableCounts, timestampedName
} from '../../src/lib/server/db/backup';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SQLite backup and restore', () => {
	it('backs up online, restores the old state, refuses a database in use without --force', async () => {
		const file = path.join(dir, 'live.sqlite');
		const handle = openDatabase(`file:${file}`);
		await migrateToLatest(handle.db);
		await applyDataSet(handle.db, readDataSet('data'));
		const before = await handle.db.selectFrom('cooperation').select(['id', 'title']).orderBy('id').execute();
		expect(before.length).toBeGreaterThan(50);

		// Online: the connection stays open while the backup is taken.
		const { file: backup, counts } = await backupSqlite(file, `${dir}/backups/`, new Date('2026-11-25T07:10:00Z'));
		expect(path.basename(backup)).toBe('ikz-atlas-2026-11-25T07-10-00Z.sqlite');
		expect(integrityProblems(backup)).toEqual([]);
		expect(fs.readdirSync(path.dirname(backup))).toEqual([path.basename(backup)]); // one self-contained file
		expect(counts.cooperation).toBe(before.length);
		expect(counts.body).toBe(Number((await handle.db.selectFrom('body').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
		await expect(backupSqlite(file, backup)).rejects.toThrow(BackupError); // never overwrites

		// Change: rename one cooperation, delete another.
		const [first, second] = [before[0]!, before[1]!];
		await handle.db.updateTable('cooperation').set({ title: 'Geändert nach der Sicherung' }).where('id', '=', first.id).execute();
		await handle.db.deleteFrom('cooperation').where('id', '=', second.id).execute();
		expect(tableCounts(file).cooperation).toBe(before.length - 1);

		// The app still has it open: refused without force.
		expect(databaseInUse(file)).toBe(true);
		await expect(restoreSqlite(backup, file)).rejects.toThrow(/geöffnet/);
		expect(tableCounts(file).cooperation).toBe(before.length - 1);

		// With force: restored through the backup API, so the open connection sees the old state.
		const restored = await restoreSqlite(backup, file, { force: true });
		expect(restored.counts).toEqual(counts);
		const after = await handle.db.selectFrom('cooperation').select(['id', 'title']).orderBy('id').execute();
		expect(after).toEqual(before);
		// The search sees the restored rows (the restore brought back their data generation).
		const { facetIndex } = await import('../../src/lib/server/search/facet-index');
		const { matchTextSeqs } = await import('../../src/lib/server/search/text-index');
		const hits = await matchTextSeqs(handle.db, await facetIndex(handle.db), first.title.split(' ')[0]!);
		expect(hits?.size).toBeGreaterThan(0);
		await handle.close();

		// Closed database: no force needed.
		expect(databaseInUse(file)).toBe(false);
		await expect(restoreSqlite(backup, file)).resolves.toMatchObject({ counts });
	});

	it('refuses a damaged backup', async () => {
		const bad = path.join(dir, 'bad.sqlite');
		fs.writeFileSync(bad, 'SQLite format 3\0'.padEnd(4096, 'x'));
		await expect(restoreSqlite(bad, path.join(dir, 'target.sqlite'))).rejects.toThrow();
		expect(fs.existsSync(path.join(dir, 'target.sqlite'))).toBe(false);
	});

	it('npm run db:backup writes a verified, timestamped copy; PostgreSQL gets the pg_dump route', async () => {
		const file = path.join(dir, 'cli.sqlite');
		const handle = openDatabase(`file:${file}`);
		await migrateToLatest(handle.db);
		await handle.close();
		const out = path.join(dir, 'cli-backups');
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-backup.ts', '--out', `${out}/`], {
			env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: 'utf8'
		});
		expect(r.stderr).not.toMatch(/Error/);
		expect(r.status).toBe(0);
		const files = fs.readdirSync(out);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/^ikz-atlas-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
		expect(r.stdout).toContain('integrity_check ok');
		expect(timestampedName(new Date('2026-01-02T03:04:05Z'))).toBe('ikz-atlas-2026-01-02T03-04-05Z.sqlite');

		const pgCommands = postgresBackupCommands(new Date('2026-01-02T03:04:05Z'));
		expect(pgCommands[0]).toMatch(/pg_dump --format=custom .*ikz-atlas-2026-01-02T03-04-05Z\.dump "\$DATABASE_URL"$/);
		expect(pgCommands.at(-1)).toMatch(/^pg_restore --clean/);
	});

	it('db:restore for PostgreSQL prints the commands for the --from file, not a made-up name (issue 23)', () => {
		const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-restore.ts', ...args], {
			encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgres://atlas@db.example:5432/ikz_atlas' }
		});
		const given = run(['--from', 'sicherungen/landkreis-goerlitz 2026.dump']);
		expect(given.status).toBe(0);
		expect(given.stdout).toContain(`pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" 'sicherungen/landkreis-goerlitz 2026.dump'`);
		expect(given.stdout).toContain(`pg_restore --list 'sicherungen/landkreis-goerlitz 2026.dump'`);
		expect(given.stdout).not.toMatch(/ikz-atlas-\d{4}/);
		const none = run([]);
		expect(none.stdout).toContain('<Sicherungsdatei.dump>');
		expect(none.stdout).not.toMatch(/ikz-atlas-\d{4}/);
	});
});
