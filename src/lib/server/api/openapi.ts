/**
 * The OpenAPI 3.1 document of API v1, generated from the zod schemas in `schemas.ts` (components,
 * query parameters, request bodies, responses). Only the list of operations – path, method, which
 * schema, which statuses – is written here; no JSON Schema is written by hand.
 */
import { z } from 'zod';
import {
	BodyListQuery, CooperationListQuery, EffectListQuery, MeasureQuery, requestRegistry, responseRegistry
} from './schemas';
import { API_RATE_PER_MINUTE } from './rate';
import { TOKEN_MAX_DAYS } from './tokens';

type Json = Record<string, unknown>;
type Security = 'read' | 'write';

interface Op {
	method: 'get' | 'post' | 'put' | 'delete';
	path: string;
	operationId: string;
	tag: string;
	summary: string;
	description?: string;
	query?: z.ZodObject;
	pathParams?: { name: string; description: string }[];
	body?: string;
	/** Success status → response schema id (null: no body). */
	ok: Record<number, { schema: string | null; description: string; location?: boolean }>;
	errors: number[];
	security: Security;
	conditional?: 'etag' | 'if-match';
}

const idParam = (what: string) => [{ name: 'id', description: `Id of the ${what}` }];
const linkParams = (what: string) => [...idParam(what), { name: 'linkId', description: 'Id of the OParl link' }];

export const OPERATIONS: Op[] = [
	{ method: 'get', path: '/api/v1', operationId: 'index', tag: 'General', summary: 'Entry point with links', ok: { 200: { schema: 'ApiIndex', description: 'Links to the collections and this document' } }, errors: [429], security: 'read', conditional: 'etag' },
	{
		method: 'get', path: '/api/v1/cooperations', operationId: 'listCooperations', tag: 'Cooperations', summary: 'Search the register',
		description: 'The same filters as the register page /kooperationen (same parameter names), with facet counts. Paged by cursor: pass `next_cursor` as `cursor` with the same query until it is null.',
		query: CooperationListQuery, ok: { 200: { schema: 'CooperationList', description: 'One page of results' } }, errors: [400, 429], security: 'read', conditional: 'etag'
	},
	{
		method: 'post', path: '/api/v1/cooperations', operationId: 'createCooperation', tag: 'Cooperations', summary: 'Create a cooperation',
		description: 'Same rules as the form /kooperationen/neu: editors only with their own body taking part; where the region requires review, an editor\'s entry becomes a proposal (202).',
		body: 'CooperationCreate', ok: { 201: { schema: 'CooperationDetail', description: 'Created', location: true }, 202: { schema: null, description: 'Filed as a proposal for review (Location: the proposal page)', location: true } },
		errors: [400, 401, 403, 413, 415, 422, 429], security: 'write'
	},
	{
		method: 'get', path: '/api/v1/cooperations/{id}', operationId: 'getCooperation', tag: 'Cooperations', summary: 'One cooperation (full public record)',
		pathParams: idParam('cooperation'), ok: { 200: { schema: 'CooperationDetail', description: 'The record, its version and OParl links' } }, errors: [404, 429], security: 'read', conditional: 'etag'
	},
	{
		method: 'put', path: '/api/v1/cooperations/{id}', operationId: 'updateCooperation', tag: 'Cooperations', summary: 'Replace a cooperation',
		description: 'Needs `If-Match` with the ETag of the current version (428 without, 412 when someone saved in between). Same rights as the edit form; with review required an editor\'s change becomes a proposal (202).',
		pathParams: idParam('cooperation'), body: 'CooperationUpdate',
		ok: { 200: { schema: 'CooperationDetail', description: 'Saved' }, 202: { schema: null, description: 'Filed as a proposal for review', location: true } },
		errors: [400, 401, 403, 404, 412, 413, 415, 422, 428, 429], security: 'write', conditional: 'if-match'
	},
	{ method: 'get', path: '/api/v1/cooperations/{id}/oparl', operationId: 'listCooperationOparl', tag: 'OParl', summary: 'OParl links of a cooperation', pathParams: idParam('cooperation'), ok: { 200: { schema: 'OparlLinkList', description: 'The links' } }, errors: [404, 429], security: 'read', conditional: 'etag' },
	{ method: 'post', path: '/api/v1/cooperations/{id}/oparl', operationId: 'addCooperationOparl', tag: 'OParl', summary: 'Link a cooperation to an OParl object (e.g. the council paper that decided it)', pathParams: idParam('cooperation'), body: 'OparlLinkInput', ok: { 201: { schema: 'OparlLink', description: 'Stored', location: true } }, errors: [400, 401, 403, 404, 413, 415, 422, 429], security: 'write' },
	{ method: 'delete', path: '/api/v1/cooperations/{id}/oparl/{linkId}', operationId: 'deleteCooperationOparl', tag: 'OParl', summary: 'Remove an OParl link of a cooperation', pathParams: linkParams('cooperation'), ok: { 204: { schema: null, description: 'Removed' } }, errors: [401, 403, 404, 429], security: 'write' },
	{ method: 'get', path: '/api/v1/bodies', operationId: 'listBodies', tag: 'Bodies', summary: 'Bodies with the number of cooperations they take part in', query: BodyListQuery, ok: { 200: { schema: 'BodyList', description: 'One page of bodies' } }, errors: [400, 429], security: 'read', conditional: 'etag' },
	{ method: 'get', path: '/api/v1/bodies/{id}', operationId: 'getBody', tag: 'Bodies', summary: 'One body with its cooperations and OParl links', pathParams: idParam('body'), ok: { 200: { schema: 'BodyDetail', description: 'The body' } }, errors: [404, 429], security: 'read', conditional: 'etag' },
	{ method: 'get', path: '/api/v1/bodies/{id}/oparl', operationId: 'listBodyOparl', tag: 'OParl', summary: 'OParl links of a body', pathParams: idParam('body'), ok: { 200: { schema: 'OparlLinkList', description: 'The links' } }, errors: [404, 429], security: 'read', conditional: 'etag' },
	{ method: 'post', path: '/api/v1/bodies/{id}/oparl', operationId: 'addBodyOparl', tag: 'OParl', summary: 'Link a body to an OParl object (e.g. its council information system)', pathParams: idParam('body'), body: 'OparlLinkInput', ok: { 201: { schema: 'OparlLink', description: 'Stored', location: true } }, errors: [400, 401, 403, 404, 413, 415, 422, 429], security: 'write' },
	{ method: 'delete', path: '/api/v1/bodies/{id}/oparl/{linkId}', operationId: 'deleteBodyOparl', tag: 'OParl', summary: 'Remove an OParl link of a body', pathParams: linkParams('body'), ok: { 204: { schema: null, description: 'Removed' } }, errors: [401, 403, 404, 429], security: 'write' },
	{ method: 'get', path: '/api/v1/measures', operationId: 'measureBoard', tag: 'Steering', summary: 'Measures of a region by field and status', query: MeasureQuery, ok: { 200: { schema: 'MeasureBoard', description: 'The board' } }, errors: [400, 404, 429], security: 'read', conditional: 'etag' },
	{ method: 'get', path: '/api/v1/effects', operationId: 'effectRollup', tag: 'Analysis', summary: 'Costs and savings rolled up per year, measure, topic field, body and region', query: EffectListQuery, ok: { 200: { schema: 'EffectRollup', description: 'The roll-ups' } }, errors: [400, 404, 429], security: 'read', conditional: 'etag' },
	{ method: 'get', path: '/api/v1/analysis/summary', operationId: 'analysisSummary', tag: 'Analysis', summary: 'Figures of the register (by status, list, legal form, topic, performer)', ok: { 200: { schema: 'AnalysisSummary', description: 'The figures' } }, errors: [429], security: 'read', conditional: 'etag' }
];

const ERROR_TEXT: Record<number, string> = {
	400: 'Invalid parameters or body (problem details list the errors)',
	401: 'No valid token (missing, unknown, expired or revoked)',
	403: 'The token lacks the scope, or the user\'s role may not do this here',
	404: 'Not found',
	412: 'If-Match does not match the current version: someone saved in between',
	413: 'The body is too large',
	415: 'The body is not JSON',
	422: 'The record is well-formed but refers to unknown bodies, legal forms or the like',
	428: 'If-Match is required',
	429: `More than the allowed requests per minute (setting API_RATE_PER_MINUTE, default ${API_RATE_PER_MINUTE}; per token, or per address without one)`
};

const strip = (s: Json): Json => Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema' && k !== '$id'));

/** A transform's output can't be described generically; in the response schemas the only one is the fuzzy date (text). */
const fuzzyAsString = () => ({ type: 'string' as const });

function components(): Record<string, Json> {
	const uri = (id: string) => `#/components/schemas/${id}`;
	const out = z.toJSONSchema(responseRegistry, { target: 'draft-2020-12', io: 'output', uri, unrepresentable: fuzzyAsString }).schemas;
	const inp = z.toJSONSchema(requestRegistry, { target: 'draft-2020-12', io: 'input', uri }).schemas;
	const all: Record<string, Json> = {};
	for (const [id, s] of [...Object.entries(out), ...Object.entries(inp)]) all[id] = strip(s as Json);
	return all;
}

function queryParameters(query: z.ZodObject): Json[] {
	return Object.entries(query.shape).map(([name, field]) => {
		const f = field as z.ZodType;
		const inner = f instanceof z.ZodOptional ? (f.unwrap() as z.ZodType) : f;
		const schema = strip(z.toJSONSchema(inner, { target: 'draft-2020-12', io: 'input' }) as Json);
		const isArray = schema.type === 'array';
		return {
			name, in: 'query', required: !(f instanceof z.ZodOptional),
			...(f.description ? { description: f.description } : {}),
			schema,
			...(isArray ? { style: 'form', explode: true } : {})
		};
	});
}

const problemResponse = (description: string, headers?: Json): Json => ({
	description,
	...(headers ? { headers } : {}),
	content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
});

const RATE_HEADERS: Json = {
	'RateLimit-Limit': { description: 'Requests allowed per window', schema: { type: 'integer' } },
	'RateLimit-Remaining': { description: 'Requests left in this window', schema: { type: 'integer' } },
	'RateLimit-Reset': { description: 'Seconds until the window ends', schema: { type: 'integer' } }
};

function operation(op: Op): Json {
	const parameters: Json[] = [
		...(op.pathParams ?? []).map((p) => ({ name: p.name, in: 'path', required: true, description: p.description, schema: { type: 'string', maxLength: 100 } })),
		...(op.query ? queryParameters(op.query) : [])
	];
	if (op.conditional === 'etag') parameters.push({ name: 'If-None-Match', in: 'header', required: false, description: 'ETag of a copy the client has: 304 when unchanged', schema: { type: 'string' } });
	if (op.conditional === 'if-match') parameters.push({ name: 'If-Match', in: 'header', required: true, description: 'ETag of the version the change is based on', schema: { type: 'string' } });
	const responses: Json = {};
	for (const [status, r] of Object.entries(op.ok)) {
		const headers: Json = { ...RATE_HEADERS };
		if (r.location) headers.Location = { description: 'Address of the created resource', schema: { type: 'string' } };
		if (r.schema && op.method !== 'delete') headers.ETag = { description: 'Entity tag of this representation', schema: { type: 'string' } };
		responses[status] = {
			description: r.description, headers,
			...(r.schema ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${r.schema}` } } } } : {})
		};
	}
	if (op.conditional === 'etag') responses['304'] = { description: 'Not modified (If-None-Match matched)' };
	for (const status of op.errors) {
		responses[String(status)] = problemResponse(ERROR_TEXT[status] ?? 'Error', status === 429
			? { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } }
			: status === 401 ? { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } } : undefined);
	}
	responses.default = problemResponse('Any other error');
	return {
		operationId: op.operationId,
		tags: [op.tag],
		summary: op.summary,
		...(op.description ? { description: op.description } : {}),
		...(parameters.length ? { parameters } : {}),
		...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } } } } : {}),
		responses,
		security: op.security === 'read' ? [{}, { bearer: ['lesen'] }] : [{ bearer: ['schreiben'] }]
	};
}

let cached: Json | null = null;

/** The OpenAPI document (servers: the given origin). */
export function openApiDocument(origin: string): Json {
	cached ??= build();
	return { ...cached, servers: [{ url: origin }] };
}

function build(): Json {
	const paths: Record<string, Json> = {};
	for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
	return {
		openapi: '3.1.1',
		jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
		info: {
			title: 'IKZ-Atlas API',
			version: '1.0.0',
			summary: 'Register of inter-municipal cooperation: cooperations, bodies, measures, figures',
			description: [
				'Read the register with the same filters and facets as the pages; write with a personal API token under the same rules as the forms.',
				'Authentication: `Authorization: Bearer ikz_…` (create a token on /konto; it is shown once). Scopes: `lesen`, `schreiben`.',
				`Tokens live at most ${TOKEN_MAX_DAYS} days. Without a token the public register can be read.`,
				'Every GET answers with an ETag and 304 to a matching If-None-Match. Errors are problem details (RFC 9457).',
				`Rate limit: API_RATE_PER_MINUTE requests per minute per token (or per address without one; default ${API_RATE_PER_MINUTE}); 429 with Retry-After and RateLimit-* headers.`,
				'Contacts (personal data) are never part of the API.'
			].join('\n\n'),
			license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' }
		},
		tags: [
			{ name: 'General' }, { name: 'Cooperations' }, { name: 'Bodies' }, { name: 'OParl', description: 'Links to objects of council information systems (https://oparl.org)' },
			{ name: 'Steering' }, { name: 'Analysis' }
		],
		paths,
		components: {
			schemas: components(),
			securitySchemes: {
				bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'ikz_<43 characters base64url>', description: 'A personal API token from /konto. Scopes: `lesen`, `schreiben`.' }
			}
		}
	};
}
