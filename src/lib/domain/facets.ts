/**
 * The register's search facets as a list of small definitions (Datasette's shape, issue 20): the
 * key, the URL parameter, the heading, the values a row has, the label of a value and, if not by
 * count, the order of the options. The URL parser (`search-query.ts`), the facet index and the
 * search run (`server/search/`), the page, its JSON/CSV/XLSX and API v1 all read this list, so a
 * new facet is one entry here (plus, if it needs a column the index does not load yet, that column
 * in `IndexRow`).
 *
 * Pure data and functions (no I/O): the browser uses the keys and parameters to write URLs.
 */
import { PERFORMER_LABEL, STATUS_LABEL } from '../i18n/de';

/** Performer values that are not bodies. Leading underscore: body ids never start with one. */
export const PERFORMER_JOINTLY = '_gemeinsam';
export const PERFORMER_EACH = '_jeder';
export const PERFORMER_UNKNOWN = '_unbekannt';
/** The topic value of a cooperation whose source names no topic field (issue 14: findable). */
export const TOPIC_NONE = '_ohne';
export const TOPIC_NONE_LABEL = 'ohne Themenfeld';

/** What the facet index keeps of a cooperation (one row per cooperation, list order). */
export interface IndexRow {
	seq: number;
	list: string;
	number: number;
	legalForm: string;
	performer: string;
	orgUnit: string | null;
	status: string;
	topics: readonly string[];
	partners: string[];
	startText: string | null;
	endText: string | null;
	titleKey: string;
	/** When a closed survey round last confirmed it (ISO instant), null if never. */
	confirmedAt: string | null;
	/** The regions it shows in: the recording region and every region of a partner (decision 0008). */
	regions: readonly string[];
}

/** Names and attributes the labels need, read once per data revision. */
export interface Lookups {
	/** `regionId` is the body's home region; `regions` every region it belongs to (home and memberships, decision 0008). */
	bodies: Map<string, { name: string; kind: string; regionId: string; regions: string[]; parentId: string | null; lat: number | null; lon: number | null }>;
	topics: Map<string, string>;
	legalForms: Map<string, { label: string; short: string; group: string }>;
	lists: Map<string, string>;
	/** Region id -> the body id of its Kreis. */
	kreisOf: Map<string, string | null>;
	/** Region id -> its name. */
	regionNames: Map<string, string>;
	/** A body's name or alias -> its official name (org units such as "WFG", "KPB"; issue 17). */
	officialNames: Map<string, string>;
}

/** An option of a facet with the number of results it would give. */
export interface FacetCount {
	value: string;
	count: number;
}

export interface FacetDefinition<K extends string = string> {
	/** The key in the search query's filters, in the JSON and in the API's facet list. */
	key: K;
	/** The URL parameter (German: users see it in the address bar). Repeatable. */
	param: string;
	/** The heading of the filter on the page ("Rechtsform"). */
	title: string;
	/** The parameter's description in the OpenAPI document. */
	apiDescription: string;
	/** The row's values (several: OR within the facet) … */
	values?(row: IndexRow, lookups: Lookups): readonly string[];
	/** … or its one value (null: none). Exactly one of `values` and `value`. */
	value?(row: IndexRow, lookups: Lookups): string | null;
	/** The label of a value ("Öffentlich-rechtliche Vereinbarung" for `oerv`). */
	label(value: string, lookups: Lookups): string;
	/** Order of the options; default: most results first, then by value. */
	order?(a: FacetCount, b: FacetCount, lookups: Lookups): number;
	/** Whether the chosen values must all match (AND) instead of any (OR) for this query. */
	matchAll?(query: { partnerMode: 'all' | 'any' }): boolean;
	/** Whether the facet is offered; default: always. */
	shown?(options: readonly FacetCount[], selected: readonly string[]): boolean;
}

/** Most results first, ties by value: the default order of a facet's options. */
export function byCount(a: FacetCount, b: FacetCount): number {
	return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** The German label of a performer value: "Beteiligte gemeinsam" etc., or the body's name. */
export function performerLabel(value: string, lookups: Lookups): string {
	return PERFORMER_LABEL[value] ?? lookups.bodies.get(value)?.name ?? value;
}

/**
 * The label of an org unit of the Kreis list ("Org." column): a body of the register with its
 * official name ("WFG – Wirtschaftsförderungsgesellschaft für den Kreis Unna mbH"); a numbered
 * unit as "Organisationseinheit 53" (the source does not name the Kreis's offices).
 */
export function orgUnitLabel(value: string, lookups: Lookups): string {
	if (/^\d+$/.test(value)) return `Organisationseinheit ${value}`;
	const name = lookups.officialNames.get(value);
	return name && name !== value ? `${value} – ${name}` : value;
}

/** The register's facets, in the order the page, the JSON and the API show them. */
export const FACETS = [
	{
		key: 'partner', param: 'partner', title: 'Beteiligte', apiDescription: 'Body id taking part',
		values: (r) => r.partners, label: (v, l) => l.bodies.get(v)?.name ?? v,
		// "All of the chosen partners" (verknuepfung=alle, the default) or any of them.
		matchAll: (q) => q.partnerMode === 'all'
	},
	{
		key: 'topic', param: 'thema', title: 'Themenfeld', apiDescription: 'Topic id, or `_ohne` (no topic field)',
		values: (r) => (r.topics.length ? r.topics : [TOPIC_NONE]), label: (v, l) => (v === TOPIC_NONE ? TOPIC_NONE_LABEL : (l.topics.get(v) ?? v))
	},
	{ key: 'legalForm', param: 'rechtsform', title: 'Rechtsform', apiDescription: 'Legal form id', value: (r) => r.legalForm, label: (v, l) => l.legalForms.get(v)?.label ?? v },
	{
		key: 'performer', param: 'durch', title: 'Aufgabenerledigung durch', apiDescription: 'Performer: body id, `_gemeinsam`, `_jeder` or `_unbekannt`',
		value: (r) => r.performer, label: performerLabel
	},
	{ key: 'orgUnit', param: 'org', title: 'Organisationseinheit des Kreises', apiDescription: 'Org. unit of the Kreis', value: (r) => r.orgUnit, label: orgUnitLabel },
	{
		key: 'status', param: 'status', title: 'Status', apiDescription: `Status (${Object.keys(STATUS_LABEL).join(', ')})`,
		value: (r) => r.status, label: (v) => STATUS_LABEL[v] ?? v
	},
	{ key: 'list', param: 'liste', title: 'Liste', apiDescription: 'List id (e.g. `kreis`, `kommunen`)', value: (r) => r.list, label: (v, l) => l.lists.get(v) ?? v },
	{
		key: 'region', param: 'region', title: 'Region',
		apiDescription: 'Region id (e.g. `kreis-unna`): cooperations recorded in the region or with a partner of it',
		values: (r) => r.regions, label: (v, l) => l.regionNames.get(v) ?? v,
		// Only once there is a choice: an installation with one region looks as before (decision 0008).
		shown: (options, selected) => options.length > 1 || selected.length > 0
	}
] as const satisfies readonly FacetDefinition[];

export type FilterKey = (typeof FACETS)[number]['key'];

/** Per facet key: the built-in keys always, one added by `addFacet` by its key (maybe). */
export type ByFacet<T> = Record<FilterKey, T> & { [key: string]: T | undefined };

/**
 * The facets in effect: the list above, plus any added with `addFacet` (tests, extensions).
 * Every reader iterates this, never a copy, so an added facet is searched, counted and shown.
 */
const active: FacetDefinition[] = [...FACETS];
let generation = 0;

export function facetList(): readonly FacetDefinition[] {
	return active;
}

/** Changes whenever a facet is added or removed (the facet index is rebuilt then). */
export function facetGeneration(): number {
	return generation;
}

/** Adds a facet after the built-in ones; returns a function that removes it again. */
export function addFacet(def: FacetDefinition): () => void {
	if (active.some((f) => f.key === def.key || f.param === def.param)) throw new Error(`Facet ${def.key} (${def.param}) exists already`);
	if (!def.value === !def.values) throw new Error(`Facet ${def.key}: exactly one of value and values`);
	active.push(def);
	generation++;
	return () => {
		const at = active.indexOf(def);
		if (at >= 0) {
			active.splice(at, 1);
			generation++;
		}
	};
}

/** The definition of a facet by key (undefined if there is none). */
export function facetByKey(key: string): FacetDefinition | undefined {
	return active.find((f) => f.key === key);
}
