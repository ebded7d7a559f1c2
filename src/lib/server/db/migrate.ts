/**
 * Runs the versioned migrations in order. The list is static (not read from the file system) so
 * that the bundled server and the CLI scripts run exactly the same migrations.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database } from './schema';
import * as m0001 from './migrations/2026-11-25-0001-register';
import * as m0002 from './migrations/2026-11-25-0002-tasks';
import * as m0003 from './migrations/2026-11-25-0003-accounts';
import * as m0004 from './migrations/2026-11-25-0004-steering';
import * as m0005 from './migrations/2026-11-26-0005-import';
import * as m0006 from './migrations/2026-11-26-0006-legal';
import * as m0007 from './migrations/2026-11-26-0007-knowledge';
import * as m0008 from './migrations/2026-11-26-0008-api';
import * as m0009 from './migrations/2026-12-06-0009-vat-relationships';
import * as m0013 from './migrations/2026-12-06-0013-generation';
import * as m0016 from './migrations/2026-12-06-0016-feedback';
import * as m0024 from './migrations/2026-12-07-0024-paper-logo';
import * as m0025 from './migrations/2026-12-07-0025-cooperation-source';
import * as m0011 from './migrations/2026-12-06-0011-directory';
import * as m0022 from './migrations/2026-12-07-0022-oparl';
import * as m0020 from './migrations/2026-12-07-0020-effects';
import * as m0017 from './migrations/2026-12-07-0017-regions';
import * as m0023 from './migrations/2026-12-07-0023-generations';
import * as m0021 from './migrations/2026-12-07-0021-mail-queue';
import * as m0026 from './migrations/2026-12-07-0026-drop-text-triggers';
import * as m0027 from './migrations/2026-12-07-0027-index-snapshot';
import * as m0028 from './migrations/2026-12-07-0028-origin-updated-index';

const MIGRATIONS: Record<string, Migration> = {
	'2026-11-25-0001-register': m0001,
	'2026-11-25-0002-tasks': m0002,
	'2026-11-25-0003-accounts': m0003,
	'2026-11-25-0004-steering': m0004,
	'2026-11-26-0005-import': m0005,
	'2026-11-26-0006-legal': m0006,
	'2026-11-26-0007-knowledge': m0007,
	'2026-11-26-0008-api': m0008,
	'2026-12-06-0009-vat-relationships': m0009,
	'2026-12-06-0013-generation': m0013,
	'2026-12-06-0016-feedback': m0016,
	'2026-12-07-0024-paper-logo': m0024,
	'2026-12-07-0025-cooperation-source': m0025,
	'2026-12-06-0011-directory': m0011,
	'2026-12-07-0022-oparl': m0022,
	'2026-12-07-0020-effects': m0020,
	'2026-12-07-0017-regions': m0017,
	'2026-12-07-0023-generations': m0023,
	'2026-12-07-0021-mail-queue': m0021,
	'2026-12-07-0026-drop-text-triggers': m0026,
	'2026-12-07-0027-index-snapshot': m0027,
	'2026-12-07-0028-origin-updated-index': m0028,
};

class StaticProvider implements MigrationProvider {
	async getMigrations(): Promise<Record<string, Migration>> {
		return MIGRATIONS;
	}
}

/** Bring the schema to the latest version; returns the names of the migrations that ran. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
	// PostgreSQL: keep Kysely's bookkeeping tables in the schema the app works in (current_schema),
	// since Kysely otherwise finds them by name in any schema of the database.
	const migrationTableSchema = db.getExecutor().adapter instanceof PostgresAdapter
		? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
		: undefined;
	const migrator = new Migrator({ db, provider: new StaticProvider(), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations of this build that the database has not run yet (issue 23: /readyz is not ready then). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
	const migrationTableSchema = db.getExecutor().adapter instanceof PostgresAdapter
		? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
		: undefined;
	const migrator = new Migrator({ db, provider: new StaticProvider(), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
	return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
