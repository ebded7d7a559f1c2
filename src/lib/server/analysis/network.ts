/**
 * Who works with whom: a matrix of the region's bodies with the number of cooperations each pair
 * shares (filterable by topic, legal form and year), and one body's own network.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex, type FacetIndex } from '../search/facet-index';
import { isActiveInYear } from '../../domain/fuzzy-date';
import { regionScope, scopeRows } from './scope';
import { matchesTopic } from './topic-filter';

export interface MatrixFilter {
	topic?: string | null;
	legalForm?: string | null;
	year?: number | null;
}

export interface Matrix {
	bodies: { id: string; name: string }[];
	/** counts[a][b]: shared cooperations (a === b: all cooperations of a). */
	counts: Record<string, Record<string, number>>;
	/** Pairs with at least one shared cooperation, most first. */
	edges: { a: string; b: string; count: number }[];
	cooperations: number;
}

export async function cooperationMatrix(db: Kysely<Database>, regionId: string, f: MatrixFilter = {}): Promise<Matrix> {
	const index = await facetIndex(db);
	const key = JSON.stringify(['matrix', regionId, f.topic ?? null, f.legalForm ?? null, f.year ?? null]);
	// Once per revision, region and filter (the index's bounded cache; the value comes back frozen).
	return index.cachedAsync(key, async () => computeMatrix(index, regionId, f));
}

function computeMatrix(index: FacetIndex, regionId: string, f: MatrixFilter): Matrix {
	const scope = regionScope(index, regionId);
	const own = new Set(scope.bodies);
	const counts: Record<string, Record<string, number>> = {};
	for (const a of scope.bodies) counts[a] = Object.fromEntries(scope.bodies.map((b) => [b, 0]));
	let cooperations = 0;
	// Only rows with one of the region's bodies can count (posting lists, not the register).
	for (const i of scopeRows(index, scope)) {
		const r = index.rows[i]!;
		if (!matchesTopic(r, f.topic ?? null)) continue;
		if (f.legalForm && r.legalForm !== f.legalForm) continue;
		if (f.year && isActiveInYear(index.date(r.startText), index.date(r.endText), f.year) === 'no') continue;
		const members = [...new Set(r.partners.filter((p) => own.has(p)))];
		if (members.length === 0) continue;
		cooperations++;
		for (const a of members) for (const b of members) counts[a]![b]! += 1;
	}
	const edges: Matrix['edges'] = [];
	scope.bodies.forEach((a, i) => scope.bodies.slice(i + 1).forEach((b) => {
		const n = counts[a]![b]!;
		if (n > 0) edges.push({ a, b, count: n });
	}));
	edges.sort((x, y) => y.count - x.count);
	return { bodies: scope.bodies.map((id) => ({ id, name: index.lookups.bodies.get(id)?.name ?? id })), counts, edges, cooperations };
}

export interface EgoNetwork {
	center: { id: string; name: string };
	partners: { id: string; name: string; count: number }[];
}

/** A body and the bodies it shares cooperations with (the most frequent `limit`). */
export async function egoNetwork(db: Kysely<Database>, bodyId: string, limit = 12): Promise<EgoNetwork | null> {
	const index = await facetIndex(db);
	const body = index.lookups.bodies.get(bodyId);
	if (!body) return null;
	const m = new Map<string, number>();
	for (const i of index.rowsOf('partner', bodyId)) {
		const r = index.rows[i]!;
		for (const p of new Set(r.partners)) if (p !== bodyId) m.set(p, (m.get(p) ?? 0) + 1);
	}
	const partners = [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit)
		.map(([id, count]) => ({ id, name: index.lookups.bodies.get(id)?.name ?? id, count }));
	return { center: { id: bodyId, name: body.name }, partners };
}

/** How many of its strongest pairs each body keeps in the thinned drawing. */
export const STRONGEST_PER_BODY = 3;

/**
 * The edges of a thinned drawing: a pair is kept when it is among the `perBody` strongest pairs
 * (most shared cooperations) of at least one of its two bodies. Ties at the cut are all kept, so
 * the result never depends on the order of equal pairs. Every body with a pair keeps at least one.
 */
export function strongestEdges<E extends { a: string; b: string; count: number }>(edges: E[], perBody = STRONGEST_PER_BODY): E[] {
	const byBody = new Map<string, number[]>();
	for (const e of edges) {
		for (const id of [e.a, e.b]) {
			let list = byBody.get(id);
			if (!list) byBody.set(id, (list = []));
			list.push(e.count);
		}
	}
	// The count a pair needs to be among a body's strongest: its perBody-th highest count.
	const cut = new Map<string, number>();
	for (const [id, counts] of byBody) {
		counts.sort((x, y) => y - x);
		cut.set(id, counts[Math.min(perBody, counts.length) - 1] ?? Infinity);
	}
	return edges.filter((e) => e.count >= cut.get(e.a)! || e.count >= cut.get(e.b)!);
}
