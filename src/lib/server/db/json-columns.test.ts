import { describe, expect, it } from 'vitest';
import {
	API_TOKEN_SCOPES, AUDIT_DETAIL, column, COOPERATION_DERIVED, COOPERATION_SNAPSHOT_END, JsonColumnError, KNOWLEDGE_EXAMPLE_META, LEGAL_FORM_SPELLINGS,
	OPARL_RUN_LOG, readJson, readJsonOrNull, REGION_LISTS, REGION_SOURCE
} from './json-columns';
import { bodyFile } from '../data/data-schema';

describe('readJson', () => {
	it('gives the value of a column of the right shape', () => {
		expect(readJson(REGION_LISTS, '[{"id":"landkreis","label":"Landkreis Görlitz"},{"id":"gemeinden","label":"Gemeinden"}]'))
			.toEqual([{ id: 'landkreis', label: 'Landkreis Görlitz' }, { id: 'gemeinden', label: 'Gemeinden' }]);
		expect(readJson(REGION_SOURCE, '{}')).toEqual({});
		expect(readJson(API_TOKEN_SCOPES, '["lesen","admin?"]')).toEqual(['lesen', 'admin?']);
	});

	it('keeps a missing key missing (older rows: its absence means something) and drops unknown keys', () => {
		const old = readJson(COOPERATION_DERIVED, '{"fields":["status"],"performer_note":null,"start_clean":"um 1990","extra":1}');
		expect(old).toEqual({ fields: ['status'], performer_note: null, start_clean: 'um 1990' });
		expect('start_source' in old).toBe(false);
		expect('start_source' in readJson(COOPERATION_DERIVED, '{"start_source":null}')).toBe(true);
	});

	it('keeps the rest of a loose value', () => {
		expect(readJson(COOPERATION_SNAPSHOT_END, '{"title":"Abwasser","end":"31.12.2030"}')).toEqual({ title: 'Abwasser', end: '31.12.2030' });
		expect(readJson(KNOWLEDGE_EXAMPLE_META, '{"land":"SN"}')).toEqual({ land: 'SN' });
	});

	it('names the column and the place when the text is not JSON or of another shape', () => {
		const error = (f: () => unknown) => {
			try {
				f();
			} catch (e) {
				return e;
			}
			throw new Error('no error');
		};
		const notJson = error(() => readJson(REGION_LISTS, '[{"id":"kreis",'));
		expect(notJson).toBeInstanceOf(JsonColumnError);
		expect((notJson as JsonColumnError).column).toBe('region.lists_json');
		expect(String(notJson)).toMatch(/^JsonColumnError: JSON column region\.lists_json: not JSON/);

		expect(String(error(() => readJson(REGION_LISTS, '{}')))).toMatch(/region\.lists_json: \(whole value\): .*array/);
		expect(String(error(() => readJson(REGION_LISTS, '[{"id":"kreis","label":"Kreis"},{"id":"x"}]')))).toMatch(/region\.lists_json: 1\.label: /);
		expect(String(error(() => readJson(OPARL_RUN_LOG, '[{"at":"2026-12-01T10:00:00Z","message":7}]')))).toMatch(/oparl_run\.log_json: 0\.message/);
		expect(String(error(() => readJson(REGION_SOURCE, '{"date":20241130}')))).toMatch(/region\.source_json: date: /);
		expect(() => readJson(API_TOKEN_SCOPES, 'null')).toThrow(JsonColumnError);
	});

	it('reads spellings and audit details, and refuses other shapes', () => {
		expect(readJson(LEGAL_FORM_SPELLINGS, '["ÖrV","öffentlich-rechtliche Vereinbarung"]')).toEqual(['ÖrV', 'öffentlich-rechtliche Vereinbarung']);
		expect(readJson(AUDIT_DETAIL, '{"version":3,"von":null}')).toEqual({ version: 3, von: null });
		expect(() => readJson(LEGAL_FORM_SPELLINGS, '["a", 2]')).toThrow(/legal_form\.spellings_json: 1/);
		expect(() => readJson(AUDIT_DETAIL, '["a"]')).toThrow(JsonColumnError);
	});

	it('readJsonOrNull: the value, or null when the text is no JSON or of another shape', () => {
		const snapshots = column('record_version.snapshot_json (body)', bodyFile.element);
		const body = { id: 'amt-schrevenborn', name: 'Amt Schrevenborn', kind: 'gemeinde', ags: null, aliases: [], parent: null, lat: null, lon: null, note: null };
		expect(readJsonOrNull(snapshots, JSON.stringify(body))).toMatchObject({ id: 'amt-schrevenborn', name: 'Amt Schrevenborn' });
		expect(readJsonOrNull(snapshots, JSON.stringify({ ...body, kind: 'dorf' }))).toBeNull();
		expect(readJsonOrNull(snapshots, 'not json')).toBeNull();
	});
});
