/**
 * The zod schemas of API v1: query parameters, request bodies and responses. They validate
 * requests (and shape responses), and `openapi.ts` generates the OpenAPI 3.1 document from them,
 * so the document cannot drift from what the server does. Components are registered with an id in
 * one of two registries: request schemas are rendered as their input type, responses as output.
 */
import { z } from 'zod';
import { BODY_KINDS } from '../data/data-schema';
import { cooperationRecord } from '../../domain/cooperation';
import { MEASURE_STATUSES } from '../data/steering-schema';
import { MULTI_FILTERS, SORTS } from '../../domain/search-query';
import { FACETS, type FacetDefinition } from '../../domain/facets';
import { API_SCOPES } from './tokens';

export const requestRegistry = z.registry<{ id: string; description?: string }>();
export const responseRegistry = z.registry<{ id: string; description?: string }>();

/** Longest page an API list returns, and the page size without `limit`. */
export const LIMIT_MAX = 200;
export const LIMIT_DEFAULT = 50;

export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/);
const FilterValue = z.string().regex(/^[\p{L}\p{N}_.-]{1,80}$/u);
const filterList = (what: string) => z.array(FilterValue).max(50).optional().describe(`${what} (repeatable; OR within the parameter, AND across parameters)`);
const Limit = z.coerce.number().int().min(1).max(LIMIT_MAX).optional().describe(`Items per page (1–${LIMIT_MAX}, default ${LIMIT_DEFAULT})`);
const Cursor = z.string().min(1).max(400).regex(/^[A-Za-z0-9_-]+$/).optional().describe('Opaque position from `next_cursor` of the previous page (same query)');
const nullableString = z.string().nullable();

// ---------------------------------------------------------------------------------------------
// Query parameters (names as on the register pages, so a page URL's query works here too)

/** A facet's query parameter (`domain/facets.ts`): repeatable values. */
const facetParams = (facets: readonly FacetDefinition[]) => facets.map((f) => [f.param, filterList(f.apiDescription)] as const);
const PartnerMode = z.enum(['alle', 'eine']).optional().describe('Partners: `alle` (default) = all named bodies take part, `eine` = any of them');

export const CooperationListQuery = z.object({
	q: z.string().max(200).optional().describe('Text search: German folding (ä = ae = a, ß = ss), parts of compound words; all terms must match'),
	// The facets' parameters in the facets' order; `verknuepfung` right after the partner parameter it qualifies.
	// (Typed as no keys: the route reads only `limit` and `cursor`; the search parses the rest.)
	...(Object.fromEntries(facetParams(FACETS).flatMap((entry) => (entry[0] === MULTI_FILTERS.partner ? [entry, ['verknuepfung', PartnerMode] as const] : [entry]))) as Record<never, never>),
	jahr: z.coerce.number().int().min(1800).max(2200).optional().describe('Only cooperations active in this year (fuzzy dates: certain and possible)'),
	unbestaetigt: z.coerce.number().int().min(1).max(240).optional().describe('Only cooperations not confirmed in a survey round for more than this many months'),
	sort: z.enum(SORTS).optional().describe('Order: `relevanz` (default with `q`), `nr` (default), `titel`, `beginn`, `-beginn`'),
	limit: Limit,
	cursor: Cursor
});

export const BodyListQuery = z.object({
	q: z.string().max(100).optional().describe('Part of the name, the Kreis or the AGS'),
	art: z.enum(BODY_KINDS).optional().describe('Kind of body'),
	limit: Limit,
	cursor: Cursor
});

export const MeasureQuery = z.object({
	region: Slug.optional().describe('Region id (default: the first region, e.g. `kreis-unna`)')
});

/** Query parameters that may repeat: read with getAll(). */
export const ARRAY_PARAMS: ReadonlySet<string> = new Set(FACETS.map((f) => f.param));

// ---------------------------------------------------------------------------------------------
// Request bodies

/** The stored record of a cooperation, as in the data files (docs/data-format.md). */
const RecordSchema = cooperationRecord;
RecordSchema.register(responseRegistry, { id: 'CooperationRecord', description: 'The whole record of a cooperation, in the shape of the data files (docs/data-format.md). Fuzzy dates are text as people write them.' });

export const CooperationCreate = RecordSchema.omit({ id: true }).register(requestRegistry, {
	id: 'CooperationCreate',
	description: 'A new cooperation: the record without `id` (the server assigns it). `number` may be null: the next free number of the list.'
});

export const CooperationUpdate = RecordSchema.extend({ id: Slug.optional() }).register(requestRegistry, {
	id: 'CooperationUpdate',
	description: 'The whole new record (replaces the stored one). `id`, if given, must equal the path.'
});

export const OPARL_KINDS = ['system', 'body', 'paper', 'meeting', 'organization', 'other'] as const;

export const OparlLinkInput = z.object({
	kind: z.enum(OPARL_KINDS).describe('What the URL names: an OParl `System`, `Body`, `Paper` (council paper), `Meeting`, `Organization` or other'),
	url: z.string().max(500).regex(/^https:\/\/[^\s/?#]+[^\s]*$/).describe('The OParl object URL (https only)'),
	label: z.string().trim().min(1).max(200).regex(/^\P{Cc}*$/u).nullable().optional().describe('What it is, e.g. "Beschluss des Kreistags vom 12.03.2014"')
}).strict().register(requestRegistry, { id: 'OparlLinkInput', description: 'A link to an OParl object (https://oparl.org) of a council information system.' });

// ---------------------------------------------------------------------------------------------
// Responses

export const Problem = z.object({
	type: z.string(),
	title: z.string(),
	status: z.number().int(),
	detail: z.string().optional(),
	instance: z.string().optional(),
	errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional()
}).register(responseRegistry, { id: 'Problem', description: 'Problem details (RFC 9457), media type application/problem+json.' });

export const ApiIndex = z.object({
	name: z.string(),
	version: z.string(),
	links: z.record(z.string(), z.string())
}).register(responseRegistry, { id: 'ApiIndex' });

export const OparlLink = z.object({
	id: z.string(),
	kind: z.enum(OPARL_KINDS),
	url: z.string(),
	label: nullableString,
	created_at: z.string()
}).register(responseRegistry, { id: 'OparlLink' });

export const OparlLinkList = z.object({ items: z.array(OparlLink) }).register(responseRegistry, { id: 'OparlLinkList' });

export const CooperationSummary = z.object({
	id: z.string(),
	list: z.string(),
	number: z.number().int().nullable(),
	title: z.string(),
	partners: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), joined: nullableString, left: nullableString })),
	partner_groups: z.array(z.object({ label: z.string(), count: z.number().int().nullable() })),
	performer: z.object({ id: nullableString, name: z.string() }),
	legal_form: z.object({ id: z.string(), label: z.string(), source: nullableString }),
	start: nullableString,
	end: nullableString,
	status: z.string(),
	topics: z.array(z.string()).describe('Topic ids, the main one first; empty when no topic field is given'),
	org_unit: nullableString,
	source: nullableString.describe('Where the facts come from: a citation or an http(s) link')
}).register(responseRegistry, { id: 'CooperationSummary', description: 'One cooperation in a list: the columns of the register.' });

export const Facet = z.object({
	key: z.string(),
	param: z.string().describe('The query parameter that filters by this facet'),
	options: z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int(), selected: z.boolean() }))
}).register(responseRegistry, { id: 'Facet', description: 'Counts per option: each option shows how many results it would give with the other filters applied.' });

export const CooperationList = z.object({
	items: z.array(CooperationSummary),
	next_cursor: nullableString,
	total: z.number().int(),
	uncertain_in_year: z.number().int().describe('Of total, how many match `jahr` only possibly (fuzzy dates)'),
	facets: z.array(Facet)
}).register(responseRegistry, { id: 'CooperationList' });

export const CooperationDetail = z.object({
	id: z.string(),
	version: z.number().int().describe('Optimistic lock: the version the record is at'),
	region: z.string(),
	archived_at: nullableString,
	confirmed_at: nullableString,
	updated_at: z.string(),
	html_url: z.string(),
	record: RecordSchema,
	oparl_links: z.array(OparlLink)
}).register(responseRegistry, { id: 'CooperationDetail', description: 'The full public record. Contacts (personal data) are never part of the API.' });

export const BodySummary = z.object({
	id: z.string(),
	name: z.string(),
	kind: z.string(),
	ags: nullableString,
	parent: nullableString,
	cooperations: z.number().int()
}).register(responseRegistry, { id: 'BodySummary' });

export const BodyList = z.object({
	items: z.array(BodySummary),
	next_cursor: nullableString,
	total: z.number().int()
}).register(responseRegistry, { id: 'BodyList' });

const NamedRef = z.object({ id: z.string(), name: z.string() });

export const BodyDetail = z.object({
	id: z.string(),
	name: z.string(),
	official_name: nullableString,
	kind: z.string(),
	ags: nullableString,
	parent: NamedRef.nullable(),
	children: z.array(NamedRef),
	aliases: z.array(z.string()),
	lat: z.number().nullable(),
	lon: z.number().nullable(),
	note: nullableString,
	html_url: z.string(),
	takes_part: z.array(CooperationSummary),
	performs: z.array(CooperationSummary),
	oparl_links: z.array(OparlLink)
}).register(responseRegistry, { id: 'BodyDetail' });

const StatusCounts = z.record(z.enum(MEASURE_STATUSES), z.number().int());

export const MeasureBoard = z.object({
	region: z.string(),
	total: z.number().int(),
	counts: StatusCounts,
	fields: z.array(z.object({
		id: z.string(),
		number: z.number().int().nullable(),
		title: z.string(),
		counts: StatusCounts,
		measures: z.array(z.object({
			id: z.string(),
			number: z.string(),
			title: z.string(),
			status: z.enum(MEASURE_STATUSES),
			lead: z.array(NamedRef),
			lead_note: nullableString,
			cooperation_count: z.number().int()
		}))
	}))
}).register(responseRegistry, { id: 'MeasureBoard', description: 'The measures of a region by field, with counts per status.' });

const Count = z.object({ id: z.string(), label: z.string(), count: z.number().int() });

export const AnalysisSummary = z.object({
	total: z.number().int(),
	bodies: z.number().int(),
	regions: z.array(z.object({
		id: z.string(), name: z.string(), kreis: NamedRef.nullable(),
		with_kreis: z.number().int(), towns_among: z.number().int(), towns: z.number().int()
	})),
	by_status: z.array(Count),
	by_list: z.array(Count),
	by_legal_form: z.array(Count),
	by_topic: z.array(Count),
	by_performer: z.array(Count),
	unknown_start: z.number().int(),
	oldest: z.array(CooperationSummary),
	newest: z.array(CooperationSummary)
}).register(responseRegistry, { id: 'AnalysisSummary', description: 'The figures of the overview page, computed from the register.' });

export { API_SCOPES };

// ---------------------------------------------------------------------------------------------
// Effects (issue 19)

export const EffectListQuery = z.object({
	region: Slug.optional().describe('Region id (default: all regions)'),
	jahr: z.coerce.number().int().min(1950).max(2100).optional().describe('Year of the roll-ups per measure, topic, body and region (default: the latest year with savings)')
});

const EuroRange = z.object({
	min: z.number().describe('Smallest value (euro)'),
	max: z.number().describe('Largest value (euro); equal to min when exact'),
	estimate: z.boolean().describe('Some part of the sum is marked as an estimate')
});

const EffectRow = z.object({
	key: z.string(),
	label: z.string(),
	realised: EuroRange.describe('Realised savings in the year: recorded, else costs before minus costs now'),
	expected: EuroRange,
	one_off: EuroRange,
	cooperations: z.number().int().describe('Cooperations with a figure in this year'),
	linked: z.number().int().describe('Cooperations of the group'),
	with_figures: z.number().int().describe('Cooperations of the group with any money figure (any year)'),
	derived: z.boolean().describe('Some realised savings are costs before minus costs now'),
	split: z.boolean().describe('Some parts are equal shares of whole-cooperation figures')
});

export const EffectRollup = z.object({
	region: z.string().nullable(),
	year: z.number().int().nullable(),
	years: z.array(z.number().int()),
	cooperations: z.number().int(),
	with_figures: z.number().int(),
	without_figures: z.number().int(),
	gap: z.string().describe('The gap in German, e.g. "Für 71 von 103 Kooperationen liegen keine Zahlen vor."'),
	promise_euro: z.number().describe('The promise of the mayors\' conference 2010: up to 2 million euro'),
	by_year: z.array(EffectRow.extend({ year: z.number().int() })),
	by_measure: z.array(EffectRow),
	by_topic: z.array(EffectRow),
	by_body: z.array(EffectRow),
	by_region: z.array(EffectRow)
}).register(responseRegistry, { id: 'EffectRollup', description: 'Costs and savings of the cooperations rolled up per year, and per measure, topic field, body and region for one year (issue 19). Rules: docs/effects.md.' });
