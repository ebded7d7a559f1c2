/**
 * What changed since a date: cooperations that started since then (certainly, or possibly when
 * the start is a range around the date), and records added or changed in the register since then.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex, type FacetIndex } from '../search/facet-index';
import { cooperationRows, type CooperationRow } from '../registry/rows';

export interface ChangesSince {
	since: string;
	started: CooperationRow[];
	possiblyStarted: CooperationRow[];
	ended: CooperationRow[];
	addedToRegister: number;
	changedInRegister: number;
}

/** Row positions sorted by a date key, with the keys beside them (for a binary search). */
interface SortedDates {
	keys: string[];
	positions: Int32Array;
}

function sortedBy(entries: { key: string; pos: number }[]): SortedDates {
	entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.pos - b.pos));
	return { keys: entries.map((e) => e.key), positions: Int32Array.from(entries.map((e) => e.pos)) };
}

/** Once per data revision (issue 15, item 5): start and end dates sorted, so a request reads only the rows since its date. */
function datesIndex(index: FacetIndex): { startEarliest: SortedDates; startLatest: SortedDates; endLatest: SortedDates } {
	return index.memo('changes-since-dates', () => {
		const startEarliest: { key: string; pos: number }[] = [];
		const startLatest: { key: string; pos: number }[] = [];
		const endLatest: { key: string; pos: number }[] = [];
		index.rows.forEach((r, pos) => {
			const s = index.date(r.startText);
			if (s?.earliest) {
				startEarliest.push({ key: s.earliest, pos });
				if (s.latest) startLatest.push({ key: s.latest, pos });
			}
			const e = index.date(r.endText);
			if (e?.latest) endLatest.push({ key: e.latest, pos });
		});
		return { startEarliest: sortedBy(startEarliest), startLatest: sortedBy(startLatest), endLatest: sortedBy(endLatest) };
	});
}

/** Positions whose key is ≥ since (the tail of the sorted list). */
function atOrAfter(d: SortedDates, since: string): Int32Array {
	let lo = 0;
	let hi = d.keys.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (d.keys[mid]! < since) lo = mid + 1; else hi = mid;
	}
	return d.positions.subarray(lo);
}

export async function changesSince(db: Kysely<Database>, since: string, regionId: string | null = null): Promise<ChangesSince> {
	const index = await facetIndex(db);
	const dates = datesIndex(index);
	// A region's view (issue 13, part 3): the cooperations that show in it (recorded there or with a partner of it).
	const region = regionId && index.lookups.regionNames.has(regionId) ? regionId : null;
	const inScope = region ? new Set(index.rowsOf('region', region)) : null;
	// In register order, as a walk over all rows would give them.
	const seqs = (positions: Iterable<number>): number[] =>
		Array.from(Int32Array.from(inScope ? Array.from(positions).filter((p) => inScope.has(p)) : positions).sort(), (p) => index.rows[p]!.seq);
	const started = seqs(atOrAfter(dates.startEarliest, since));
	// Possibly started: the start range reaches the date, but its earliest day lies before it.
	const possibly = seqs(Array.from(atOrAfter(dates.startLatest, since)).filter((p) => {
		const s = index.date(index.rows[p]!.startText);
		return !!s?.earliest && s.earliest < since;
	}));
	const ended = seqs(atOrAfter(dates.endLatest, since));
	const stamp = `${since}T00:00:00.000Z`;
	// The register's own counts: for a region, the records it recorded.
	let addedQ = db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', stamp);
	let changedQ = db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).where('updated_at', '>=', stamp).where('created_at', '<', stamp);
	if (region) {
		addedQ = addedQ.where('region_id', '=', region);
		changedQ = changedQ.where('region_id', '=', region);
	}
	const added = await addedQ.executeTakeFirst();
	const changed = await changedQ.executeTakeFirst();
	return {
		since,
		started: await cooperationRows(db, started),
		possiblyStarted: await cooperationRows(db, possibly),
		ended: await cooperationRows(db, ended),
		addedToRegister: Number(added?.n ?? 0),
		changedInRegister: Number(changed?.n ?? 0)
	};
}
