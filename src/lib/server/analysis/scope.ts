/**
 * Shared pieces of the analyses: a region's own bodies (its Kreis and the Kreis' towns), tasks
 * from the taxonomy, distances between bodies.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FacetIndex } from '../search/facet-index';
import { readJson, TASK_MATCH } from '../db/json-columns';

export interface RegionScope {
	regionId: string;
	kreisId: string | null;
	/** The Kreis first, then its towns by name. */
	bodies: string[];
}

/** The region's Kreis and the towns and municipalities whose parent it is. */
export function regionScope(index: FacetIndex, regionId: string): RegionScope {
	return index.cached(`region-scope:${regionId}`, () => {
		const kreisId = index.lookups.kreisOf.get(regionId) ?? null;
		const isTown = (id: string) => {
			const b = index.lookups.bodies.get(id)!;
			return b.kind === 'stadt' || b.kind === 'gemeinde';
		};
		// Regions created from the directory (decision 0008) also count the towns that are members
		// (in Sachsen or Bayern a Gemeinde's parent may be a Verwaltungsgemeinschaft, not the Kreis).
		const members = [...index.lookups.bodies].filter(([, b]) => b.regionId !== regionId && b.regions.includes(regionId)).map(([id]) => id);
		const towns = [...new Set([...(kreisId === null ? [] : index.childrenOf(kreisId)), ...members])]
			.filter((id) => id !== kreisId && isTown(id))
			.sort((a, b) => index.lookups.bodies.get(a)!.name.localeCompare(index.lookups.bodies.get(b)!.name, 'de'));
		return { regionId, kreisId, bodies: kreisId ? [kreisId, ...towns] : towns };
	}, (s) => s.bodies.length + 1);
}

/** Rows in which one of the region's own bodies (its Kreis and the Kreis' towns) takes part. */
export function scopeRows(index: FacetIndex, scope: RegionScope): Int32Array {
	return index.cached(`scope-rows:${scope.regionId}`, () => index.rowsOfBodies(scope.bodies), (v) => v.length + 1);
}

/** The region to analyse: the requested one if it exists, else Kreis Unna, else the first. */
export function pickRegion(index: FacetIndex, requested: string | null): string | null {
	const ids = [...index.lookups.kreisOf.keys()].sort();
	if (requested && ids.includes(requested)) return requested;
	if (ids.includes('kreis-unna')) return 'kreis-unna';
	return ids[0] ?? null;
}

export interface Task {
	id: string;
	label: string;
	topicId: string | null;
	/** Folded title fragments. */
	match: string[];
}

export async function loadTasks(db: Kysely<Database>): Promise<Task[]> {
	const rows = await db.selectFrom('task').selectAll().orderBy('position').execute();
	return rows.map((t) => ({ id: t.id, label: t.label, topicId: t.topic_id, match: readJson(TASK_MATCH, t.match_json) }));
}

/** Positions (in index.rows, ascending) of the cooperations that belong to a task; computed once per revision. */
export function taskRows(index: FacetIndex, task: Task): Int32Array {
	return index.memo(`task:${task.id}:${task.match.join('|')}`, () => {
		const out: number[] = [];
		index.rows.forEach((r, i) => {
			if (task.match.some((m) => r.titleKey.includes(m))) out.push(i);
		});
		return Int32Array.from(out);
	});
}

/** Great-circle distance in km between two bodies, or null when a position is missing. */
export function distanceKm(a: { lat: number | null; lon: number | null } | undefined, b: { lat: number | null; lon: number | null } | undefined): number | null {
	if (!a || !b || a.lat === null || a.lon === null || b.lat === null || b.lon === null) return null;
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.sqrt(h));
}
