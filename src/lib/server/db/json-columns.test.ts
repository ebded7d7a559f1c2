import { describe, expect, it } from 'vitest';
import {
	API_TOKEN_SCOPES, COOPERATION_DERIVED, COOPERATION_SNAPSHOT_END, JsonColumnError, KNOWLEDGE_EXAMPLE_META, OPARL_RUN_LOG, readJson, REGION_LISTS, REGION_SOURCE
} from './json-columns';

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
});
