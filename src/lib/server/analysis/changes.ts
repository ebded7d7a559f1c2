/**
 * What changed since a date: cooperations that started since then (certainly, or possibly when
 * the start is a range around the date), and records added or changed in the register since then.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex } from '../search/facet-index';
import { cooperationRows, type CooperationRow } from '../registry/rows';

export interface ChangesSince {
	since: string;
	started: CooperationRow[];
	possiblyStarted: CooperationRow[];
	ended: CooperationRow[];
	addedToRegister: number;
	changedInRegister: number;
}

export async function changesSince(db: Kysely<Database>, since: string): Promise<ChangesSince> {
	const index = await facetIndex(db);
	const started: number[] = [];
	const possibly: number[] = [];
	const ended: number[] = [];
	for (const r of index.rows) {
		const s = index.date(r.startText);
		if (s?.earliest && s.earliest >= since) started.push(r.seq);
		else if (s?.earliest && s.latest && s.latest >= since) possibly.push(r.seq);
		const e = index.date(r.endText);
		if (e?.latest && e.latest >= since) ended.push(r.seq);
	}
	const stamp = `${since}T00:00:00.000Z`;
	const added = await db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', stamp).executeTakeFirst();
	const changed = await db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n'))
		.where('updated_at', '>=', stamp).where('created_at', '<', stamp).executeTakeFirst();
	return {
		since,
		started: await cooperationRows(db, started),
		possiblyStarted: await cooperationRows(db, possibly),
		ended: await cooperationRows(db, ended),
		addedToRegister: Number(added?.n ?? 0),
		changedInRegister: Number(changed?.n ?? 0)
	};
}
