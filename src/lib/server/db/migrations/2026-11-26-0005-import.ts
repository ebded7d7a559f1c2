/**
 * import jobs (uploaded tables waiting for confirmation) and import runs (issue 4). Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	void db;
}

export async function down(db: AnyDb): Promise<void> {
	void db;
}
