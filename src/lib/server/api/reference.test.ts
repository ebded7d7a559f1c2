import { describe, expect, it } from 'vitest';
import { apiReference, limitsText, typeText } from './reference';
import { openApiDocument, OPERATIONS } from './openapi';

describe('API reference renderer', () => {
	it('lists every operation of the OpenAPI document with its parameters and responses', () => {
		const ref = apiReference(openApiDocument('https://atlas.example'));
		expect(ref.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort());
		const list = ref.operations.find((o) => o.id === 'listCooperations')!;
		expect(list.auth).toMatch(/ohne Schlüssel lesbar/);
		expect(list.parameters.length).toBeGreaterThan(3);
		expect(list.responses.find((r) => r.status === '200')).toMatchObject({ media: 'application/json', schema: 'CooperationList' });
		const create = ref.operations.find((o) => o.id === 'createCooperation')!;
		expect(create.auth).toMatch(/schreiben/);
		expect(create.body).toBe('CooperationCreate');
		expect(ref.tags).toContain('OParl');
		expect(ref.schemas.map((s) => s.name)).toContain('CooperationDetail');
	});

	it('writes JSON Schema types and limits in short words', () => {
		expect(typeText(undefined)).toBe('beliebig');
		expect(typeText({ $ref: '#/components/schemas/Body' })).toBe('Body');
		expect(typeText({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } })).toBe('array of string | null');
		expect(typeText({ enum: ['a', 2] })).toBe('eins von: a, 2');
		expect(typeText({ type: 'object', additionalProperties: { type: 'integer' } })).toBe('object (map of integer)');
		expect(typeText({ type: 'object', additionalProperties: false, propertyNames: { pattern: 'x' } })).toBe('object (map)');
		expect(limitsText({ maxLength: 20, minimum: 1, maximum: Number.MAX_SAFE_INTEGER, pattern: '^\\d+$' })).toBe('höchstens 20 Zeichen, ab 1, Muster ^\\d+$');
	});

	it('refuses a document of another shape instead of rendering nonsense', () => {
		expect(() => apiReference({ info: { title: 'x', version: '1' }, paths: { '/a': { get: { operationId: 7, responses: {} } } }, components: { schemas: {} } })).toThrow();
		expect(() => apiReference({ info: { title: 'x', version: '1' }, paths: {}, components: { schemas: { A: { type: 3 } } } })).toThrow();
	});
});
