/**
 * What the import analysis reads from the database, in batched reads before any row is looked at
 * (issue 20, part 3): the regions, taxonomies and the name index once; the existing cooperations of
 * the regions the file names (with their partners and periods, for duplicates) in two queries; the
 * full records the rows turn out to be in one batched read (registry/write.ts readCooperations).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { foldGerman } from '../../domain/text-fold';
import type { DiffNames } from '../../domain/record-diff';
import { loadBodyResolver, type BodyResolver } from '../registry/body-resolve';
import { loadNameLookup } from '../directory/name-lookup';
import { importNames, nameShape, type ImportNames, type Place } from './name-resolve';
import { NEW_BODY } from './model';
import { LEGAL_FORM_SPELLINGS, readJson, REGION_LISTS, TASK_MATCH } from '../db/json-columns';

/** A period as the earliest start and the latest end (ISO dates; null: open or unknown). */
export interface Period {
	from: string | null;
	to: string | null;
}

export interface Existing {
	id: string;
	regionId: string;
	list: string;
	title: string;
	titleKey: string;
	number: number | null;
	partners: Set<string>;
	period: Period;
}

export interface RegionInfo {
	id: string;
	name: string;
	kreisBody: string | null;
	unitArs: string | null;
	lists: { id: string; label: string }[];
	places: Place[];
}

export interface Lookups {
	resolver: BodyResolver;
	/** Names against the national directory, with the place around them (issue 14). */
	dir: ImportNames;
	regionId: string;
	/** Every region of the register: a region column names one of them. */
	regions: Map<string, RegionInfo>;
	lists: { id: string; label: string }[];
	topics: { id: string; label: string }[];
	legalForms: { id: string; label: string; short: string; spellings: string[]; keys: string[] }[];
	tasks: { topicId: string | null; match: string[] }[];
	/** Existing cooperations of the regions read so far, by partner key (sorted body ids). */
	existing: Map<string, Existing[]>;
	existingById: Map<string, Existing>;
	existingIds: Set<string>;
	names: DiffNames;
}

/** The key of a partner set: duplicates are looked for among records with the same partners only. */
export const partnerSetKey = (ids: Iterable<string>) => [...ids].sort().join(',');

export async function loadLookups(db: Kysely<Database>, regionId: string): Promise<Lookups> {
	const [resolver, nameLookup, regionRows, topics, lfs, tasks, allIds] = await Promise.all([
		loadBodyResolver(db), loadNameLookup(db),
		db.selectFrom('region').select(['id', 'name', 'kreis_body_id', 'unit_ars', 'lists_json']).execute(),
		db.selectFrom('topic').select(['id', 'label']).orderBy('position').execute(),
		db.selectFrom('legal_form').select(['id', 'label', 'short', 'spellings_json']).orderBy('position').execute(),
		db.selectFrom('task').select(['topic_id', 'match_json']).orderBy('position').execute(),
		db.selectFrom('cooperation').select('id').execute()
	]);
	const dir = importNames(resolver, nameLookup);
	const regions = new Map<string, RegionInfo>(regionRows.map((r) => {
		const place = r.kreis_body_id ? dir.place(r.kreis_body_id) : null;
		return [r.id, { id: r.id, name: r.name, kreisBody: r.kreis_body_id, unitArs: r.unit_ars, lists: readJson(REGION_LISTS, r.lists_json), places: place ? [place] : [] }];
	}));
	const region = regions.get(regionId);
	if (!region) throw new Error(`Region ${regionId} nicht gefunden`);
	const topicLabel = new Map(topics.map((t) => [t.id, t.label]));
	const lfLabel = new Map(lfs.map((l) => [l.id, l.label]));
	const listLabel = new Map([...regions.values()].flatMap((r) => r.lists).map((l) => [l.id, l.label]));
	for (const l of region.lists) listLabel.set(l.id, l.label);
	const formKey = (s: string) => foldGerman(s).replace(/[.\s]+$/, '');
	return {
		resolver, dir, regionId, regions, lists: region.lists, topics,
		legalForms: lfs.map((l) => {
			const spellings = readJson(LEGAL_FORM_SPELLINGS, l.spellings_json);
			return { id: l.id, label: l.label, short: l.short, spellings, keys: [l.id, l.label, l.short, ...spellings].map(formKey).filter(Boolean) };
		}),
		tasks: tasks.map((t) => ({ topicId: t.topic_id, match: readJson(TASK_MATCH, t.match_json) })),
		existing: new Map(), existingById: new Map(),
		existingIds: new Set(allIds.map((r) => r.id)),
		names: {
			body: (id) => (id.startsWith(`${NEW_BODY}:`) ? `${id.slice(NEW_BODY.length + 1)} (neu)` : resolver.bodyName(id)),
			topic: (id) => topicLabel.get(id) ?? id,
			legalForm: (id) => lfLabel.get(id) ?? id,
			list: (id) => listLabel.get(id) ?? id
		}
	};
}

/** Read the existing (not archived) cooperations of these regions, with partners and periods: two queries. */
export async function loadExisting(db: Kysely<Database>, lk: Lookups, regionIds: string[]): Promise<void> {
	if (!regionIds.length) return;
	const [coops, parts] = await Promise.all([
		db.selectFrom('cooperation').select(['seq', 'id', 'region_id', 'list', 'title', 'number', 'start_earliest', 'end_latest'])
			.where('region_id', 'in', regionIds).where('archived_at', 'is', null).execute(),
		db.selectFrom('participation').innerJoin('cooperation', 'cooperation.seq', 'participation.cooperation_seq')
			.select(['participation.cooperation_seq as seq', 'participation.body_id', 'participation.role'])
			.where('cooperation.region_id', 'in', regionIds).where('participation.role', '!=', 'performer').execute()
	]);
	const bySeq = new Map<number, Set<string>>();
	for (const p of parts) bySeq.set(p.seq, (bySeq.get(p.seq) ?? new Set<string>()).add(p.body_id));
	for (const c of coops) {
		const e: Existing = {
			id: c.id, regionId: c.region_id, list: c.list, title: c.title, titleKey: foldGerman(c.title), number: c.number,
			partners: bySeq.get(c.seq) ?? new Set(), period: { from: c.start_earliest, to: c.end_latest }
		};
		const key = partnerSetKey(e.partners);
		const list = lk.existing.get(key);
		if (list) list.push(e);
		else lk.existing.set(key, [e]);
		lk.existingById.set(e.id, e);
	}
}

/**
 * The region a region cell names: a region's id, its name ("Landkreis Cham", "Lkr. Cham", "Cham"),
 * the regional key of its unit, or its Kreis body by any name the directory knows. Null: unknown.
 */
export function regionOfText(text: string, lk: Lookups, memo: Map<string, string | null>): string | null {
	if (memo.has(text)) return memo.get(text)!;
	const key = foldGerman(text);
	let hit: string | null = null;
	const regions = [...lk.regions.values()];
	const byName = regions.filter((r) => r.id === text.trim() || foldGerman(r.name) === key || nameShape(r.name).base === nameShape(text).base);
	if (byName.length === 1) hit = byName[0]!.id;
	else {
		const body = lk.dir.resolvePlain(text);
		const byBody = body ? regions.filter((r) => r.kreisBody === body) : [];
		if (byBody.length === 1) hit = byBody[0]!.id;
		else if (/^\d{2,12}$/.test(text.trim())) {
			const ars = text.trim();
			const byKey = regions.filter((r) => r.unitArs === ars || (!r.unitArs && ars.length === 5 && !!r.kreisBody && lk.dir.place(r.kreisBody)?.kreis === ars));
			if (byKey.length === 1) hit = byKey[0]!.id;
		}
	}
	memo.set(text, hit);
	return hit;
}
