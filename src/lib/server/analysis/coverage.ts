/**
 * Coverage by task: for each task several cooperations share, which of the region's bodies take
 * part, in which pool (with which lead body), and which take part in none. Example the deck's data
 * shows: Datenschutzbeauftragter – the Kreis' pool led by Unna, a pool of Bergkamen and Schwerte,
 * and Lünen in none.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex } from '../search/facet-index';
import { cooperationRows, type CooperationRow } from '../registry/rows';
import { loadTasks, regionScope, scopeRows, taskRows, type Task } from './scope';
import { intersect } from '../search/postings';

export interface Pool {
	row: CooperationRow;
	lead: { id: string; name: string } | null;
	/** The region's bodies that take part (not as outside performer). */
	regionMembers: string[];
	active: boolean;
}

export interface TaskCoverage {
	task: Task;
	pools: Pool[];
	/** Per region body: the pools it is in (active), and ended ones. */
	byBody: { id: string; name: string; pools: string[]; ended: string[] }[];
	/** Region bodies in no active pool. */
	none: { id: string; name: string }[];
}

/** The body that leads a pool: its lead participant, else the performing body. */
export function poolLead(row: CooperationRow): { id: string; name: string } | null {
	const lead = row.partners.find((p) => p.role === 'lead');
	if (lead) return { id: lead.id, name: lead.name };
	if (row.performer.id) return { id: row.performer.id, name: row.performer.name };
	return null;
}

export function isActivePool(row: CooperationRow): boolean {
	return row.status !== 'ended';
}

export async function taskCoverage(db: Kysely<Database>, regionId: string, taskId?: string): Promise<TaskCoverage[]> {
	const index = await facetIndex(db);
	const scope = regionScope(index, regionId);
	const own = new Set(scope.bodies);
	const regionRows = scopeRows(index, scope);
	const name = (id: string) => index.lookups.bodies.get(id)?.name ?? id;
	const result: TaskCoverage[] = [];
	for (const task of await loadTasks(db)) {
		if (taskId && task.id !== taskId) continue;
		const positions = intersect(taskRows(index, task), regionRows);
		if (positions.length === 0) continue;
		const rows = await cooperationRows(db, Array.from(positions, (i) => index.rows[i]!.seq));
		const pools: Pool[] = rows.map((row) => ({
			row,
			lead: poolLead(row),
			regionMembers: row.partners.filter((p) => p.role !== 'performer' && own.has(p.id) && !p.left).map((p) => p.id),
			active: isActivePool(row)
		}));
		const byBody = scope.bodies.map((id) => ({
			id,
			name: name(id),
			pools: pools.filter((p) => p.active && p.regionMembers.includes(id)).map((p) => p.row.id),
			ended: pools.filter((p) => !p.active && p.regionMembers.includes(id)).map((p) => p.row.id)
		}));
		result.push({ task, pools, byBody, none: byBody.filter((b) => b.pools.length === 0).map(({ id, name: n }) => ({ id, name: n })) });
	}
	return result;
}

export interface TopicCoverage {
	topics: { id: string; label: string }[];
	bodies: { id: string; name: string }[];
	/** counts[topic][body] = cooperations of that topic the body takes part in. */
	counts: Record<string, Record<string, number>>;
}

/** Topic field x region body: how many cooperations of each topic each body takes part in. */
export async function topicCoverage(db: Kysely<Database>, regionId: string): Promise<TopicCoverage> {
	const index = await facetIndex(db);
	const scope = regionScope(index, regionId);
	const counts: Record<string, Record<string, number>> = {};
	const own = new Set(scope.bodies);
	for (const i of scopeRows(index, scope)) {
		const r = index.rows[i]!;
		for (const t of r.topics) {
			for (const b of r.partners) {
				if (!own.has(b)) continue;
				counts[t] ??= {};
				counts[t][b] = (counts[t][b] ?? 0) + 1;
			}
		}
	}
	return {
		topics: [...index.lookups.topics].map(([id, label]) => ({ id, label })),
		bodies: scope.bodies.map((id) => ({ id, name: index.lookups.bodies.get(id)?.name ?? id })),
		counts
	};
}

/**
 * The tasks a body does alone: tasks with pools among its Kreis' bodies, in none of which it takes
 * part. Empty for bodies outside a region's own bodies.
 */
export async function tasksAlone(db: Kysely<Database>, bodyId: string): Promise<{ task: Task; pools: number; others: number }[]> {
	const index = await facetIndex(db);
	const body = index.lookups.bodies.get(bodyId);
	if (!body) return [];
	const region = [...index.lookups.kreisOf].find(([, k]) => k !== null && (k === body.parentId || k === bodyId))?.[0];
	if (!region || !regionScope(index, region).bodies.includes(bodyId)) return [];
	// The region's coverage is the same for each of its bodies: once per revision and region.
	const coverage = index.cached(`task-coverage:${region}`, () => taskCoverage(db, region).catch((e: unknown) => {
		index.cache.delete(`task-coverage:${region}`);
		throw e;
	}));
	return (await coverage)
		.filter((c) => c.none.some((b) => b.id === bodyId))
		.map((c) => ({ task: c.task, pools: c.pools.filter((p) => p.active).length, others: c.byBody.filter((b) => b.pools.length > 0).length }))
		.filter((x) => x.pools > 0);
}
