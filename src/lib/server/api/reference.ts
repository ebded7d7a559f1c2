/**
 * The human-readable reference of API v1 (/api/v1/docs), read from the OpenAPI document. The
 * document is untyped JSON; the few parts the page shows are read through zod schemas, so the
 * renderer works on typed values and a change of the document's shape fails here, not on the page.
 */
import { z } from 'zod';

/** The parts of a JSON Schema the reference shows. */
export interface JsonSchema {
	$ref?: string;
	type?: string | string[];
	enum?: unknown[];
	anyOf?: JsonSchema[];
	items?: JsonSchema;
	additionalProperties?: boolean | JsonSchema;
	propertyNames?: unknown;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	description?: string;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	maxItems?: number;
	pattern?: string;
}

const Schema: z.ZodType<JsonSchema> = z.lazy(() => z.object({
	$ref: z.string().optional(),
	type: z.union([z.string(), z.array(z.string())]).optional(),
	enum: z.array(z.unknown()).optional(),
	anyOf: z.array(Schema).optional(),
	items: Schema.optional(),
	additionalProperties: z.union([z.boolean(), Schema]).optional(),
	propertyNames: z.unknown().optional(),
	properties: z.record(z.string(), Schema).optional(),
	required: z.array(z.string()).optional(),
	description: z.string().optional(),
	maxLength: z.number().optional(),
	minimum: z.number().optional(),
	maximum: z.number().optional(),
	maxItems: z.number().optional(),
	pattern: z.string().optional()
}));

const Operation = z.object({
	operationId: z.string(),
	tags: z.array(z.string()).default([]),
	summary: z.string().default(''),
	description: z.string().optional(),
	security: z.array(z.record(z.string(), z.array(z.string()))).default([]),
	parameters: z.array(z.object({ name: z.string(), in: z.string(), required: z.boolean().optional(), description: z.string().optional(), schema: Schema.optional() })).default([]),
	requestBody: z.object({ content: z.record(z.string(), z.object({ schema: Schema.optional() })) }).optional(),
	responses: z.record(z.string(), z.object({ description: z.string().default(''), content: z.record(z.string(), z.object({ schema: Schema.optional() })).optional() }))
});

const Document = z.object({
	info: z.object({ title: z.string(), version: z.string() }),
	paths: z.record(z.string(), z.record(z.string(), Operation)),
	components: z.object({ schemas: z.record(z.string(), Schema) })
});

/** A short, readable type of a JSON Schema: `string`, `integer | null`, `array of CooperationSummary`, `eins von: a, b`. */
export function typeText(s: JsonSchema | undefined): string {
	if (!s) return 'beliebig';
	if (s.$ref !== undefined) return s.$ref.split('/').pop()!;
	if (s.enum) return `eins von: ${s.enum.map(String).join(', ')}`;
	if (s.anyOf) return s.anyOf.map(typeText).join(' | ');
	if (Array.isArray(s.type)) return s.type.join(' | ');
	if (s.type === 'array') return `array of ${typeText(s.items)}`;
	if (s.type === 'object' && typeof s.additionalProperties === 'object') return `object (map of ${typeText(s.additionalProperties)})`;
	if (s.type === 'object' && s.propertyNames && typeof s.propertyNames === 'object') return 'object (map)';
	return s.type ?? 'beliebig';
}

/** The limits of a value in words: length, range, count, pattern. */
export function limitsText(s: JsonSchema | undefined): string {
	if (!s) return '';
	const parts: string[] = [];
	if (s.maxLength !== undefined) parts.push(`höchstens ${s.maxLength} Zeichen`);
	if (s.minimum !== undefined && s.minimum > -1e9) parts.push(`ab ${s.minimum}`);
	if (s.maximum !== undefined && s.maximum < 1e9) parts.push(`bis ${s.maximum}`);
	if (s.maxItems !== undefined) parts.push(`höchstens ${s.maxItems} Werte`);
	if (s.pattern !== undefined) parts.push(`Muster ${s.pattern}`);
	return parts.join(', ');
}

/** The operations, schemas, title and version of an OpenAPI document, as the reference page lists them. */
export function apiReference(document: unknown) {
	const doc = Document.parse(document);
	const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => {
		const body = op.requestBody?.content['application/json'];
		return {
			id: op.operationId,
			tag: op.tags[0] ?? '',
			method: method.toUpperCase(),
			path,
			summary: op.summary,
			description: op.description ?? null,
			auth: op.security.some((x) => Object.keys(x).length === 0) ? 'ohne Schlüssel lesbar (mit Schlüssel: Berechtigung „lesen“)' : 'API-Schlüssel mit Berechtigung „schreiben“',
			parameters: op.parameters.map((p) => ({
				name: p.name, in: p.in, required: p.required === true, type: typeText(p.schema), limits: limitsText(p.schema), description: p.description ?? ''
			})),
			body: body ? typeText(body.schema) : null,
			responses: Object.entries(op.responses).map(([status, r]) => {
				const [media, c] = r.content ? Object.entries(r.content)[0] ?? [null, null] : [null, null];
				return { status, description: r.description, media, schema: c ? typeText(c.schema) : null };
			})
		};
	}));
	const schemas = Object.entries(doc.components.schemas).map(([name, s]) => {
		const required = new Set(s.required ?? []);
		return {
			name,
			description: s.description ?? null,
			properties: Object.entries(s.properties ?? {}).map(([prop, ps]) => ({
				name: prop, type: typeText(ps), required: required.has(prop), limits: limitsText(ps), description: ps.description ?? ''
			}))
		};
	});
	return { title: doc.info.title, version: doc.info.version, operations, tags: [...new Set(operations.map((o) => o.tag))], schemas };
}
