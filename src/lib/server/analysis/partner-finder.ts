/**
 * Partner finder (IKZ-Potenziale): for a body and a task, the existing pools it could join, the
 * neighbours that already cooperate on the task, and the bodies that do it alone; each suggestion
 * ranked and with the reasons in words. For a new idea, the bodies likely to join.
 *
 * Reasons and their weights (kept simple and visible, so a person can follow the ranking):
 * - shared cooperations elsewhere with a member of the pool: 1 point each, at most 6
 * - neighbourhood: the pool's nearest member within 10 km: 3, within 20 km: 2, same Kreis: 1
 * - same provider: the pool's lead already does a task for the body: 3
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex, type FacetIndex } from '../search/facet-index';
import { textIndex } from '../search/text-index';
import { cooperationRows, type CooperationRow } from '../registry/rows';
import { queryTerms } from '../../domain/text-fold';
import { distanceKm, loadTasks, regionScope, taskRows, type Task } from './scope';
import { difference, EMPTY, intersect } from '../search/postings';
import { isActivePool, poolLead } from './coverage';

export interface Suggestion {
	id: string;
	name: string;
	score: number;
	reasons: string[];
}

export interface PoolSuggestion extends Suggestion {
	row: CooperationRow;
	lead: { id: string; name: string } | null;
	members: { id: string; name: string }[];
}

export interface FinderResult {
	body: { id: string; name: string };
	task: Task;
	/** Pools of the task the body is already in. */
	current: CooperationRow[];
	pools: PoolSuggestion[];
	neighbours: (Suggestion & { distanceKm: number | null; pools: string[] })[];
	alone: (Suggestion & { distanceKm: number | null })[];
}

/** How many cooperations each other body shares with `bodyId`, excluding some rows. */
function sharedCounts(index: FacetIndex, bodyId: string, exclude: Int32Array): Map<string, number> {
	const m = new Map<string, number>();
	for (const i of difference(index.rowsOf('partner', bodyId), exclude)) {
		for (const p of index.rows[i]!.partners) if (p !== bodyId) m.set(p, (m.get(p) ?? 0) + 1);
	}
	return m;
}

/** Bodies that perform a task for `bodyId` (as performer or lead of a cooperation it is in). */
async function providersOf(db: Kysely<Database>, index: FacetIndex, bodyId: string): Promise<Map<string, string>> {
	const mine = Array.from(index.rowsOf('partner', bodyId), (i) => index.rows[i]!.seq);
	const providers = new Map<string, string>();
	for (const row of await cooperationRows(db, mine)) {
		const lead = poolLead(row);
		if (lead && lead.id !== bodyId && !providers.has(lead.id)) providers.set(lead.id, row.title);
	}
	return providers;
}

/** How far (km) the finder looks for pools and neighbours. */
const NEAR_KM = 40;

const km = (d: number) => `${d.toLocaleString('de-DE', { maximumFractionDigits: 0 })} km`;

export async function findPartners(db: Kysely<Database>, bodyId: string, taskId: string): Promise<FinderResult | null> {
	const index = await facetIndex(db);
	const body = index.lookups.bodies.get(bodyId);
	const task = (await loadTasks(db)).find((t) => t.id === taskId);
	if (!body || !task) return null;
	const name = (id: string) => index.lookups.bodies.get(id)?.name ?? id;
	const positions = index.lookups.bodies;
	const here = positions.get(bodyId);
	const region = [...index.lookups.kreisOf].find(([, k]) => k === body.parentId || k === bodyId)?.[0] ?? body.regionId;
	const scope = regionScope(index, region);

	// Only pools within reach: a member within NEAR_KM or in the same Kreis (a national register
	// has thousands of pools per task; a town does not join one 300 km away).
	const near = index.cached(`near:${bodyId}`, () => {
		const ids = new Set<string>([bodyId]);
		for (const [id, pos] of positions) {
			const d = distanceKm(here, pos);
			if (d !== null && d <= NEAR_KM) ids.add(id);
		}
		for (const id of scope.bodies) ids.add(id);
		return ids;
	}, (s) => s.size + 1);
	const inTask = taskRows(index, task);
	const reachable = intersect(inTask, index.rowsOfBodies(near));
	const rows = await cooperationRows(db, Array.from(reachable, (i) => index.rows[i]!.seq));
	const shared = sharedCounts(index, bodyId, inTask);
	const providers = await providersOf(db, index, bodyId);

	const nearness = (ids: string[]): { points: number; reason: string | null; distance: number | null } => {
		const ds = ids.map((id) => ({ id, d: distanceKm(here, positions.get(id)) })).filter((x): x is { id: string; d: number } => x.d !== null);
		const nearest = ds.sort((a, b) => a.d - b.d)[0];
		const sameKreis = ids.some((id) => index.lookups.bodies.get(id)?.parentId === body.parentId && body.parentId !== null);
		if (nearest && nearest.d <= 10) return { points: 3, reason: `Nachbarschaft: ${name(nearest.id)} liegt ${km(nearest.d)} entfernt`, distance: nearest.d };
		if (nearest && nearest.d <= 20) return { points: 2, reason: `Nähe: ${name(nearest.id)} liegt ${km(nearest.d)} entfernt`, distance: nearest.d };
		if (sameKreis) return { points: 1, reason: 'im selben Kreis', distance: nearest?.d ?? null };
		return { points: 0, reason: null, distance: nearest?.d ?? null };
	};
	const partnership = (ids: string[]): { points: number; reason: string | null } => {
		const withCounts = ids.map((id) => ({ id, n: shared.get(id) ?? 0 })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n);
		if (withCounts.length === 0) return { points: 0, reason: null };
		const total = withCounts.reduce((s, x) => s + x.n, 0);
		const top = withCounts.slice(0, 3).map((x) => `${name(x.id)} (${x.n})`).join(', ');
		return { points: Math.min(6, total), reason: `bestehende Zusammenarbeit in anderen Aufgaben mit ${top}` };
	};

	const current = rows.filter((r) => isActivePool(r) && r.partners.some((p) => p.id === bodyId && p.role !== 'performer' && !p.left));
	const pools: PoolSuggestion[] = rows
		.filter((r) => isActivePool(r) && !current.includes(r))
		.map((row) => {
			const members = row.partners.filter((p) => p.role !== 'performer' && !p.left).map((p) => ({ id: p.id, name: p.name }));
			const ids = members.map((m) => m.id);
			const lead = poolLead(row);
			const near = nearness(ids);
			const part = partnership(ids);
			const provider = lead && providers.has(lead.id) ? { points: 3, reason: `${lead.name} erledigt bereits eine Aufgabe für ${body.name} („${providers.get(lead.id)}“)` } : { points: 0, reason: null };
			const reasons = [part.reason, near.reason, provider.reason].filter((x): x is string => x !== null);
			return { id: row.id, name: row.title, row, lead, members, score: part.points + near.points + provider.points, reasons };
		})
		.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'de'));

	const inAnyPool = new Set(rows.filter(isActivePool).flatMap((r) => r.partners.filter((p) => p.role !== 'performer' && !p.left).map((p) => p.id)));
	const neighbours = [...inAnyPool]
		.filter((id) => id !== bodyId)
		.map((id) => {
			const d = distanceKm(here, positions.get(id));
			const n = shared.get(id) ?? 0;
			const reasons = [d !== null ? `${km(d)} entfernt` : null, n ? `${n} gemeinsame Kooperationen in anderen Aufgaben` : null].filter((x): x is string => x !== null);
			return { id, name: name(id), distanceKm: d, score: n + (d !== null && d <= 20 ? 2 : 0), reasons, pools: rows.filter((r) => isActivePool(r) && r.partners.some((p) => p.id === id)).map((r) => r.id) };
		})
		.filter((x) => (x.distanceKm !== null && x.distanceKm <= 30) || scope.bodies.includes(x.id))
		.sort((a, b) => (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9));

	const alone = scope.bodies
		.filter((id) => id !== bodyId && !inAnyPool.has(id))
		.map((id) => {
			const d = distanceKm(here, positions.get(id));
			const n = shared.get(id) ?? 0;
			const reasons = ['in keinem Verbund für diese Aufgabe (erledigt sie allein oder ohne erfasste Kooperation)',
				d !== null ? `${km(d)} entfernt` : null, n ? `${n} gemeinsame Kooperationen in anderen Aufgaben` : null].filter((x): x is string => x !== null);
			return { id, name: name(id), distanceKm: d, score: n + (d !== null && d <= 20 ? 2 : 0), reasons };
		})
		.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'de'));

	return { body: { id: bodyId, name: body.name }, task, current, pools, neighbours, alone };
}

/** Words that say nothing about the task of an idea (folded). */
const IDEA_STOPWORDS = new Set(['gemeinsam', 'gemeinsame', 'gemeinsamer', 'gemeinsames', 'gemeinsamen', 'zusammenarbeit',
	'kooperation', 'vereinbarung', 'aufgabe', 'aufgaben', 'durchfuhrung', 'teilnahme', 'projekt', 'kreis', 'stadt',
	'stadte', 'gemeinde', 'gemeinden', 'kommunen', 'einrichtung', 'bereich', 'neue', 'einer', 'eines', 'fur']);

export interface IdeaResult {
	terms: string[];
	related: CooperationRow[];
	partners: Suggestion[];
}

/**
 * For a new idea in words: the cooperations that share one of its words (4+ letters) and the
 * bodies most involved in them, ranked; with a body given, its existing partners rank higher.
 */
export async function ideaPartners(db: Kysely<Database>, text: string, bodyId: string | null): Promise<IdeaResult> {
	const index = await facetIndex(db);
	const terms = queryTerms(text).filter((t) => t.length >= 4 && !IDEA_STOPWORDS.has(t)).slice(0, 8);
	// Any of the words (each looked up in the in-memory text index: part of a word, synonyms).
	const words = await textIndex(db, index);
	const found = new Set<number>();
	for (const t of terms) for (const i of words.match(t)?.rows ?? []) found.add(i);
	const related = [...found].sort((a, b) => a - b);
	const counts = new Map<string, number>();
	for (const i of related) for (const p of index.rows[i]!.partners) if (p !== bodyId) counts.set(p, (counts.get(p) ?? 0) + 1);
	const shared = bodyId ? sharedCounts(index, bodyId, EMPTY) : new Map<string, number>();
	const bodyName = bodyId ? (index.lookups.bodies.get(bodyId)?.name ?? bodyId) : '';
	const partners = [...counts]
		.map(([id, n]) => {
			const s = shared.get(id) ?? 0;
			const reasons = [`an ${n} verwandten Kooperationen beteiligt`, s ? `arbeitet bereits in ${s} Kooperationen mit ${bodyName} zusammen` : null]
				.filter((x): x is string => x !== null);
			return { id, name: index.lookups.bodies.get(id)?.name ?? id, score: n * 2 + Math.min(s, 6), reasons };
		})
		.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'de'))
		.slice(0, 15);
	return { terms, related: await cooperationRows(db, related.slice(0, 30).map((i) => index.rows[i]!.seq)), partners };
}
