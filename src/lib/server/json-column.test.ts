import { describe, expect, it } from 'vitest';
import { jsonColumn, jsonColumnOrNull, jsonObject, labelledList, stringList } from './json-column';
import { bodyFile } from './data/data-schema';

describe('JSON columns', () => {
	it('reads the shapes the app writes', () => {
		expect(jsonColumn('[{"id":"liste-a","label":"Liste A (Amt Schrevenborn)"}]', labelledList)).toEqual([{ id: 'liste-a', label: 'Liste A (Amt Schrevenborn)' }]);
		expect(jsonColumn('["ÖrV","öffentlich-rechtliche Vereinbarung"]', stringList)).toEqual(['ÖrV', 'öffentlich-rechtliche Vereinbarung']);
		expect(jsonColumn('{"version":3,"von":null}', jsonObject)).toEqual({ version: 3, von: null });
	});

	it('refuses a column of another shape instead of passing it on', () => {
		expect(() => jsonColumn('[{"id":"a"}]', labelledList)).toThrow();
		expect(() => jsonColumn('["a", 2]', stringList)).toThrow();
		expect(() => jsonColumn('["a"]', jsonObject)).toThrow();
		expect(() => jsonColumn('{"a":', stringList)).toThrow(SyntaxError);
	});

	it('reads a body snapshot, or null when it is no body record', () => {
		const body = { id: 'amt-schrevenborn', name: 'Amt Schrevenborn', kind: 'gemeinde', ags: null, aliases: [], parent: null, lat: null, lon: null, note: null };
		expect(jsonColumnOrNull(JSON.stringify(body), bodyFile.element)).toMatchObject({ id: 'amt-schrevenborn', name: 'Amt Schrevenborn' });
		expect(jsonColumnOrNull(JSON.stringify({ ...body, kind: 'dorf' }), bodyFile.element)).toBeNull();
		expect(jsonColumnOrNull('not json', bodyFile.element)).toBeNull();
	});
});
