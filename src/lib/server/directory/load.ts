/**
 * The shipped directory (data/directory/gemeindeverzeichnis.tsv) at start and in
 * `npm run data:load`: applied when its content differs from the last one applied, unless an
 * operator has loaded a newer official extract with `npm run directory:update` since (then the
 * shipped file is older than the database and is left alone). Each start also links directory
 * bodies to region-file bodies that were added later with the same AGS, so that a town never
 * exists twice.
 */
import { bumpGeneration, bumpNamesGeneration } from '../db/generation';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { applyDirectory, DIRECTORY_ORIGIN, type DirectoryReport } from './apply';
import { parseDirectoryTsv } from './parse';

export const SHIPPED_DIRECTORY = 'directory/gemeindeverzeichnis.tsv';

export interface ShippedDirectoryResult {
	status: 'applied' | 'unchanged' | 'missing' | 'kept-update';
	report: DirectoryReport | null;
	relinked: string[];
}

export async function loadShippedDirectory(db: Kysely<Database>, dataDir: string): Promise<ShippedDirectoryResult> {
	const file = join(dataDir, SHIPPED_DIRECTORY);
	const relinked = await relinkRegionBodies(db);
	if (!existsSync(file)) return { status: 'missing', report: null, relinked };
	const text = readFileSync(file, 'utf8');
	const fileHash = createHash('sha256').update(text).digest('hex').slice(0, 32);
	const meta = new Map((await db.selectFrom('meta').select(['key', 'value']).where('key', 'in', ['directory_shipped_hash', 'directory_source']).execute()).map((r) => [r.key, r.value]));
	if (meta.get('directory_shipped_hash') === fileHash) return { status: 'unchanged', report: null, relinked };
	if (meta.get('directory_source')?.startsWith('update')) return { status: 'kept-update', report: null, relinked };
	const report = await applyDirectory(db, parseDirectoryTsv(text), { source: 'shipped' });
	await db.insertInto('meta').values({ key: 'directory_shipped_hash', value: fileHash })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` })).execute();
	return { status: 'applied', report, relinked };
}

/**
 * A body of the region files (or the app) with the AGS of a body that only the directory created:
 * the directory unit moves to the region body, every reference follows, the directory body goes.
 */
export async function relinkRegionBodies(db: Kysely<Database>): Promise<string[]> {
	const pairs = await db.selectFrom('directory_unit as u')
		.innerJoin('body as d', 'd.id', 'u.body_id')
		.innerJoin('body as r', (j) => j.onRef('r.ags', '=', 'd.ags').onRef('r.id', '!=', 'd.id'))
		.select(['u.ars', 'd.id as dirId', 'r.id as regionId'])
		.where('d.origin', '=', DIRECTORY_ORIGIN)
		.where('r.origin', '!=', DIRECTORY_ORIGIN)
		.execute();
	if (!pairs.length) return [];
	const done: string[] = [];
	await db.transaction().execute(async (trx) => {
		for (const p of pairs) {
			const taken = await trx.selectFrom('directory_unit').select('ars').where('body_id', '=', p.regionId).executeTakeFirst();
			if (taken) continue;
			await trx.updateTable('directory_unit').set({ body_id: p.regionId }).where('body_id', '=', p.dirId).execute();
			await trx.updateTable('participation').set({ body_id: p.regionId }).where('body_id', '=', p.dirId).execute();
			await trx.updateTable('cooperation').set({ performer_body_id: p.regionId }).where('performer_body_id', '=', p.dirId).execute();
			await trx.updateTable('body').set({ parent_id: p.regionId }).where('parent_id', '=', p.dirId).execute();
			await trx.deleteFrom('body_alias').where('body_id', '=', p.dirId).execute();
			await trx.deleteFrom('body').where('id', '=', p.dirId).execute();
			done.push(`${p.dirId} → ${p.regionId}`);
		}
		if (done.length) {
			const rev = Number((await trx.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst())?.value ?? 0) + 1;
			await trx.insertInto('meta').values({ key: 'revision', value: String(rev) })
				.onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` })).execute();
			await bumpGeneration(trx);
			await bumpNamesGeneration(trx);
		}
	});
	return done;
}
