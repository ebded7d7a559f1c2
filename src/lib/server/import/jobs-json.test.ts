import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonColumnError, readJson } from '../db/json-columns';
import { EMPTY_OPTIONS } from './analyse';
import { IMPORT_RESULT, readImportOptions } from './jobs';

afterEach(() => vi.restoreAllMocks());

describe('import_job.options_json', () => {
	it('reads the decisions as saveOptions writes them', () => {
		const saved = {
			sheet: 1, headerRow: 2, mapping: ['title', 'partners', 'ignore', 'legal_form', 'start_text', 'region'], list: 'kreis', topic: 'digitales',
			names: { 'zv abwasser lausitz': '__neu', 'amt peitz': 'amt-peitz' }, rows: { '4': 'skip', '11': 'create' },
			createRemaining: true, newKind: 'zweckverband', search: { 'gemeinde schenkendöbern': 'Schenkendöbern' }
		};
		expect(readImportOptions('a1b2c3d4e5f60718', JSON.stringify(saved))).toEqual(saved);
	});

	it('fills what older jobs lack (the column default {}, options before createRemaining, newKind and search)', () => {
		expect(readImportOptions('a1b2c3d4e5f60718', '{}')).toEqual(EMPTY_OPTIONS);
		const old = readImportOptions('a1b2c3d4e5f60718', '{"sheet":0,"headerRow":null,"mapping":null,"list":"gemeinden","topic":null,"names":{"vg arzfeld":"__text"},"rows":{}}');
		expect(old).toEqual({ ...EMPTY_OPTIONS, list: 'gemeinden', names: { 'vg arzfeld': '__text' } });
		expect(old.createRemaining).toBe(false);
		expect(old.newKind).toBeNull();
	});

	it('starts afresh from the suggestions when the stored decisions do not fit, and says so', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(readImportOptions('0011223344556677', '{"sheet":0,"mapping":["titel","partners"]}')).toEqual(EMPTY_OPTIONS);
		expect(readImportOptions('0011223344556677', '{"rows":{"3":"vielleicht"}}')).toEqual(EMPTY_OPTIONS);
		expect(readImportOptions('0011223344556677', 'not json')).toEqual(EMPTY_OPTIONS);
		expect(warn).toHaveBeenCalledTimes(3);
		expect(String(warn.mock.calls[0]?.[0])).toMatch(/import job 0011223344556677: JSON column import_job\.options_json: mapping\.0/);
	});

	it('gives a fresh object each time (a job never changes EMPTY_OPTIONS)', () => {
		const a = readImportOptions('a1b2c3d4e5f60718', '{}');
		a.names['x'] = 'y';
		expect(EMPTY_OPTIONS.names).toEqual({});
	});
});

describe('import_job.result_json', () => {
	it('reads the result apply.ts stores', () => {
		const r = { created: ['zv-wasser-oberlausitz'], updated: ['it-kooperation-spree-neisse'], unchanged: 12, skipped: 1, bodies: ['amt-peitz'] };
		expect(readJson(IMPORT_RESULT, JSON.stringify(r))).toEqual(r);
	});

	it('refuses a result of another shape, naming the column', () => {
		let e: unknown;
		try {
			readJson(IMPORT_RESULT, '{"created":[],"updated":[],"unchanged":"12","skipped":0}');
		} catch (x) {
			e = x;
		}
		expect(e).toBeInstanceOf(JsonColumnError);
		expect(String(e)).toMatch(/import_job\.result_json: unchanged: .*; bodies/);
	});
});
