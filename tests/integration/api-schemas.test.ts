/**
 * The OpenAPI 3.1 document of API v1 is generated from the zod schemas that validate requests,
 * and real answers of the API services validate against it (ajv, JSON Schema 2020-12). The HTTP
 * answers of the built app are validated the same way in tests/e2e/api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Ajv2020 } from 'ajv/dist/2020';
import { loadedDatabase } from './helpers';
import { readSettings } from '../../src/lib/server/settings';
import { openApiDocument, OPERATIONS } from '../../src/lib/server/api/openapi';
import { CooperationListQuery, CooperationUpdate, OparlLinkInput, requestRegistry, responseRegistry } from '../../src/lib/server/api/schemas';
import { analysisSummary, getBody, getCooperation, listBodies, listCooperations, listOparl, measures } from '../../src/lib/server/api/service';
import { problem } from '../../src/lib/server/api/http';
import { readCooperation } from '../../src/lib/server/registry/write';

type Json = Record<string, unknown>;
const doc = openApiDocument('http://ikz.test') as { openapi: string; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
const BASE = 'http://ikz.test/openapi.json';
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
// The document's refs (#/components/schemas/X) become refs into one schema resource of all components.
ajv.addSchema({ $id: BASE, $defs: JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json });

function validator(name: string) {
	const v = ajv.getSchema(`${BASE}#/$defs/${name}`);
	if (!v) throw new Error(`no schema ${name}`);
	return v;
}

function expectValid(name: string, data: unknown) {
	const v = validator(name);
	const ok = v(JSON.parse(JSON.stringify(data)));
	expect(ok, `${name}: ${ajv.errorsText(v.errors)}`).toBe(true);
}

const settings = readSettings({});

describe('the OpenAPI document', () => {
	it('is OpenAPI 3.1 with every operation, and every $ref resolves', () => {
		expect(doc.openapi).toMatch(/^3\.1\./);
		for (const op of OPERATIONS) expect(doc.paths[op.path]?.[op.method], `${op.method} ${op.path}`).toBeDefined();
		const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
		expect(refs.length).toBeGreaterThan(20);
		for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
		// Every component compiles as JSON Schema 2020-12.
		for (const name of Object.keys(doc.components.schemas)) expect(() => validator(name), name).not.toThrow();
		// …and refuses what does not fit (the checks below could fail).
		expect(validator('CooperationList')({ items: 'keine Liste', next_cursor: null, total: 1, uncertain_in_year: 0, facets: [] })).toBe(false);
		expect(validator('CooperationDetail')({})).toBe(false);
	});

	it('is generated from the zod schemas (not written beside them)', () => {
		const strip = (s: Json) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema' && k !== '$id'));
		const uri = (id: string) => `#/components/schemas/${id}`;
		const req = z.toJSONSchema(requestRegistry, { target: 'draft-2020-12', io: 'input', uri }).schemas;
		for (const [id, s] of Object.entries(req)) expect(doc.components.schemas[id], id).toEqual(strip(s as Json));
		expect(Object.keys(doc.components.schemas).sort()).toEqual([...Object.keys(req), ...Object.keys(z.toJSONSchema(responseRegistry, { uri, unrepresentable: 'any' }).schemas)].sort());
		// The register's query parameters are exactly the keys of the zod query schema.
		const params = (doc.paths['/api/v1/cooperations']!.get!.parameters as { name: string; in: string }[]).filter((p) => p.in === 'query').map((p) => p.name);
		expect(params).toEqual(Object.keys(CooperationListQuery.shape));
		// Writes name their request body schema and need the scope `schreiben`.
		const put = doc.paths['/api/v1/cooperations/{id}']!.put!;
		expect(put.security).toEqual([{ bearer: ['schreiben'] }]);
		expect(JSON.stringify(put.requestBody)).toContain('#/components/schemas/CooperationUpdate');
		// Errors are problem details.
		for (const [path, methods] of Object.entries(doc.paths)) {
			for (const [method, op] of Object.entries(methods)) {
				for (const [status, r] of Object.entries(op.responses as Record<string, Json>)) {
					if (/^[45]/.test(status)) expect(Object.keys(r.content as Json), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
				}
			}
		}
	});

	it('the request schemas validate what the server validates', () => {
		const input = validator('OparlLinkInput');
		for (const body of [{ kind: 'paper', url: 'https://sdnet.kreis-unna.de/oparl/paper/1' }, { kind: 'system', url: 'https://ratsinfo.luenen.de/oparl', label: 'Ratsinfo' }]) {
			expect(input(body)).toBe(true);
			expect(OparlLinkInput.safeParse(body).success).toBe(true);
		}
		for (const body of [{ kind: 'paper', url: 'http://unsicher.example/oparl' }, { kind: 'sitzung', url: 'https://a.example' }, { kind: 'paper', url: `https://a.example/${'x'.repeat(500)}` }, { kind: 'paper', url: 'https://a.example', extra: 1 }]) {
			expect(input(body), JSON.stringify(body)).toBe(false);
			expect(OparlLinkInput.safeParse(body).success, JSON.stringify(body)).toBe(false);
		}
	});
});

describe('real answers validate against the document', () => {
	it('lists, records, bodies, measures, figures, OParl links and problems', async () => {
		const { db, close } = await loadedDatabase();
		const list = await listCooperations(db, settings, new URLSearchParams('partner=luenen&limit=10'));
		if (!list.ok) throw new Error(list.detail);
		expectValid('CooperationList', list.data);
		const full = await listCooperations(db, settings, new URLSearchParams('limit=200'));
		if (!full.ok) throw new Error(full.detail);
		expectValid('CooperationList', full.data);
		for (const item of full.data.items) {
			const one = await getCooperation(db, item.id, 'http://ikz.test');
			if (!one.ok) throw new Error(item.id);
			expectValid('CooperationDetail', one.data);
			// The record the API returns is one the write schema accepts (round trip).
			expect(CooperationUpdate.safeParse((one.data as { record: unknown }).record).success, item.id).toBe(true);
		}
		for (const id of ['luenen', 'kreis-unna', 'kamen']) {
			const b = await getBody(db, id, 'http://ikz.test');
			if (!b.ok) throw new Error(id);
			expectValid('BodyDetail', b.data);
		}
		const bodies = await listBodies(db, new URLSearchParams('limit=200'));
		if (!bodies.ok) throw new Error('bodies');
		expectValid('BodyList', bodies.data);
		const board = await measures(db, new URLSearchParams());
		if (!board.ok) throw new Error('measures');
		expectValid('MeasureBoard', board.data);
		expect((board.data as { total: number }).total).toBeGreaterThanOrEqual(15);
		const summary = await analysisSummary(db);
		if (!summary.ok) throw new Error('summary');
		expectValid('AnalysisSummary', summary.data);
		const s = summary.data as { total: number; by_list: { count: number }[]; by_status: { count: number }[] };
		expect(s.by_list.reduce((a, b) => a + b.count, 0)).toBe(s.total);
		expect(s.by_status.reduce((a, b) => a + b.count, 0)).toBe(s.total);
		const links = await listOparl(db, 'body', 'luenen');
		if (!links.ok) throw new Error('links');
		expectValid('OparlLinkList', links.data);
		expectValid('Problem', await problem(412, { code: 'version-mismatch', detail: 'x', instance: '/api/v1/cooperations/a' }).json());
		expect(await getCooperation(db, 'gibt-es-nicht', 'http://ikz.test')).toMatchObject({ ok: false, status: 404 });
		expect((await readCooperation(db, full.data.items[0]!.id))?.record.id).toBe(full.data.items[0]!.id);
		await close();
	});
});
