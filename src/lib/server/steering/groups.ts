/**
 * Working groups (Arbeitskreise, issue 6): the list of a region's groups with their counts, and one
 * group with its members, the measure it belongs to and its items (successes, results, proposals,
 * problems) with the register entries they correspond to. Contacts stay in the record: the page
 * decides who sees them (members only).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { WG_ITEM_KINDS, type WorkingGroupRecord } from '../data/steering-schema';
import { listSteering, readSteering } from './store';

export type WgItemKind = (typeof WG_ITEM_KINDS)[number];

export interface Named {
	id: string;
	name: string;
}

export interface WorkingGroupSummary {
	id: string;
	name: string;
	lead: Named | null;
	memberCount: number;
	counts: Record<WgItemKind, number>;
}

export interface WorkingGroupItem {
	title: string;
	text: string | null;
	bodies: Named[];
	cooperations: { id: string; title: string }[];
	slide: number | null;
}

export interface WorkingGroupDetail {
	record: WorkingGroupRecord;
	regionId: string;
	version: number;
	lead: Named | null;
	members: Named[];
	/** Body id -> name for every body the record names (members, lead, contacts, items). */
	bodyNames: Record<string, string>;
	measure: { id: string; number: string; title: string } | null;
	/** In the order success, result, proposal, problem; kinds without items are left out. */
	sections: { kind: WgItemKind; items: WorkingGroupItem[] }[];
}

/** Names of bodies by id (an unknown id keeps its id as the name). */
export async function bodyNames(db: Kysely<Database>, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
	const wanted = [...new Set([...ids].filter((x): x is string => !!x))];
	const rows = wanted.length ? await db.selectFrom('body').select(['id', 'name']).where('id', 'in', wanted).execute() : [];
	const names = new Map(rows.map((r) => [r.id, r.name]));
	for (const id of wanted) if (!names.has(id)) names.set(id, id);
	return names;
}

/** Titles of register entries by id; ids that are not (or no longer) in the register are left out. */
export async function cooperationTitles(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, string>> {
	const wanted = [...new Set(ids)];
	if (!wanted.length) return new Map();
	const rows = await db.selectFrom('cooperation').select(['id', 'title']).where('id', 'in', wanted).execute();
	return new Map(rows.map((r) => [r.id, r.title]));
}

const named = (names: Map<string, string>, id: string): Named => ({ id, name: names.get(id) ?? id });

export async function workingGroups(db: Kysely<Database>, regionId: string): Promise<WorkingGroupSummary[]> {
	const groups = await listSteering(db, 'working_group', regionId);
	const names = await bodyNames(db, groups.map((g) => g.record.lead));
	return groups.map(({ record: g }) => {
		const counts = Object.fromEntries(WG_ITEM_KINDS.map((k) => [k, 0])) as Record<WgItemKind, number>;
		for (const item of g.items) counts[item.kind]++;
		return { id: g.id, name: g.name, lead: g.lead ? named(names, g.lead) : null, memberCount: g.members.length, counts };
	});
}

export async function workingGroupDetail(db: Kysely<Database>, id: string): Promise<WorkingGroupDetail | null> {
	const stored = await readSteering(db, 'working_group', id);
	if (!stored) return null;
	const g = stored.record;
	const names = await bodyNames(db, [
		g.lead, ...g.members, ...g.contacts.map((c) => c.body), ...g.items.flatMap((i) => i.bodies)
	]);
	const titles = await cooperationTitles(db, g.items.flatMap((i) => i.cooperations));
	const m = g.measure ? await readSteering(db, 'measure', g.measure) : null;
	const sections = WG_ITEM_KINDS.map((kind) => ({
		kind,
		items: g.items.filter((i) => i.kind === kind).map((i): WorkingGroupItem => ({
			title: i.title,
			text: i.text ?? null,
			bodies: i.bodies.map((b) => named(names, b)),
			cooperations: i.cooperations.filter((c) => titles.has(c)).map((c) => ({ id: c, title: titles.get(c)! })),
			slide: i.slide ?? null
		}))
	})).filter((s) => s.items.length > 0);
	return {
		record: g,
		regionId: stored.regionId,
		version: stored.version,
		lead: g.lead ? named(names, g.lead) : null,
		members: g.members.map((b) => named(names, b)),
		bodyNames: Object.fromEntries(names),
		measure: m ? { id: m.record.id, number: m.record.number, title: m.record.title } : null,
		sections
	};
}
