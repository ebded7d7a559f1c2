import type { PageServerLoad } from './$types';
import { openApiDocument } from '#lib/server/api/openapi.ts';
import { PROBLEM_CODES } from '#lib/server/api/http.ts';
import { settings } from '#lib/server/context.ts';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '#lib/server/api/tokens.ts';

type Json = Record<string, unknown>;

/** A short, readable type of a JSON Schema: `string`, `integer | null`, `array of CooperationSummary`, `one of: a, b`. */
function typeText(s: Json | undefined): string {
	if (!s) return 'beliebig';
	if (typeof s.$ref === 'string') return s.$ref.split('/').pop()!;
	if (Array.isArray(s.enum)) return `eins von: ${(s.enum as unknown[]).map(String).join(', ')}`;
	if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(typeText).join(' | ');
	if (Array.isArray(s.type)) return (s.type as string[]).join(' | ');
	if (s.type === 'array') return `array of ${typeText(s.items as Json)}`;
	if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `object (map of ${typeText(s.additionalProperties as Json)})`;
	if (s.type === 'object' && s.propertyNames && typeof s.propertyNames === 'object') return 'object (map)';
	return typeof s.type === 'string' ? s.type : 'beliebig';
}

function limits(s: Json): string {
	const parts: string[] = [];
	if (typeof s.maxLength === 'number') parts.push(`höchstens ${s.maxLength} Zeichen`);
	if (typeof s.minimum === 'number' && s.minimum > -1e9) parts.push(`ab ${s.minimum}`);
	if (typeof s.maximum === 'number' && s.maximum < 1e9) parts.push(`bis ${s.maximum}`);
	if (typeof s.maxItems === 'number') parts.push(`höchstens ${s.maxItems} Werte`);
	if (typeof s.pattern === 'string') parts.push(`Muster ${s.pattern}`);
	return parts.join(', ');
}

export const load: PageServerLoad = ({ url }) => {
	const doc = openApiDocument(url.origin) as {
		info: { title: string; version: string; description: string };
		paths: Record<string, Record<string, Json>>;
		components: { schemas: Record<string, Json> };
	};
	const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => {
		const security = op.security as Json[];
		const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined;
		return {
			id: String(op.operationId),
			tag: (op.tags as string[])[0] ?? '',
			method: method.toUpperCase(),
			path,
			summary: String(op.summary ?? ''),
			description: (op.description as string | undefined) ?? null,
			auth: security.some((x) => Object.keys(x).length === 0) ? 'ohne Schlüssel lesbar (mit Schlüssel: Berechtigung „lesen“)' : 'API-Schlüssel mit Berechtigung „schreiben“',
			parameters: ((op.parameters as Json[] | undefined) ?? []).map((p) => ({
				name: String(p.name), in: String(p.in), required: p.required === true,
				type: typeText(p.schema as Json), limits: limits(p.schema as Json), description: (p.description as string | undefined) ?? ''
			})),
			body: body ? typeText(body.schema as Json) : null,
			responses: Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
				const content = r.content as Record<string, Json> | undefined;
				const [media, c] = content ? Object.entries(content)[0]! : [null, null];
				return { status, description: String(r.description ?? ''), media, schema: c ? typeText(c.schema as Json) : null };
			})
		};
	}));
	const schemas = Object.entries(doc.components.schemas).map(([name, s]) => {
		const required = new Set((s.required as string[] | undefined) ?? []);
		return {
			name,
			description: (s.description as string | undefined) ?? null,
			properties: Object.entries((s.properties as Record<string, Json> | undefined) ?? {}).map(([prop, ps]) => ({
				name: prop, type: typeText(ps), required: required.has(prop), limits: limits(ps), description: (ps.description as string | undefined) ?? ''
			}))
		};
	});
	return {
		title: doc.info.title,
		version: doc.info.version,
		operations,
		tags: [...new Set(operations.map((o) => o.tag))],
		schemas,
		problems: Object.entries(PROBLEM_CODES).map(([code, text]) => ({ code, text })),
		rate: settings().API_RATE_PER_MINUTE,
		tokenDays: { default: TOKEN_DEFAULT_DAYS, max: TOKEN_MAX_DAYS },
		origin: url.origin
	};
};
