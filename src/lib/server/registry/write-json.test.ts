import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonColumnError, PROPOSAL_RECORD, readJson } from '../db/json-columns';
import { snapshotRecord } from './write';

afterEach(() => vi.restoreAllMocks());

/** The value without some keys (a value as an older version of the app wrote it). */
const without = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** A cooperation as saveCooperation writes its snapshot (Landkreis Vorpommern-Greifswald, fictitious). */
const saved = {
	id: 'abfall-vg', list: 'kreis', number: 17, slide: 4, org_unit: '70', title: 'Gemeinsame Abfallberatung',
	title_source: 'Abfallberatung (gemeinsam)', partners_source: 'Hansestadt Greifswald, Amt Lubmin', performer_source: null,
	performer: { kind: 'body', body: 'hgw', note: 'Eigenbetrieb' }, legal_form: 'oerv', legal_form_source: 'ör. Vereinbarung',
	start_source: 'ab 01.01.2019', start: '2019-01-01', end: null, status: 'active', topics: ['umwelt'], description: null, notes: null,
	source: 'Kreistagsvorlage 2018/113', derived: ['topics'],
	participants: [{ body: 'hgw', role: 'performer', joined: '2019', left: null, note: null }, { body: 'amt-lubmin', role: 'client', joined: null, left: null, note: null }],
	partner_groups: [], events: [{ kind: 'start', date: '2019-01-01', text: null }]
};

describe('record_version.snapshot_json of a cooperation', () => {
	it('reads a current snapshot as saved', () => {
		expect(snapshotRecord('abfall-vg', 3, JSON.stringify(saved))).toEqual(saved);
	});

	it('reads an old snapshot: no source, topics, derived or child lists yet, a year as a number', () => {
		const old = without(saved, 'source', 'topics', 'derived', 'partner_groups', 'events', 'participants');
		const r = snapshotRecord('abfall-vg', 1, JSON.stringify({ ...old, start: 2019 }));
		expect(r).toMatchObject({ id: 'abfall-vg', start: '2019', topics: [], derived: [], participants: [], partner_groups: [], events: [] });
		expect(r?.source).toBeUndefined();
	});

	it('shows a snapshot that does not fit as a version without snapshot, with a warning naming the column', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(snapshotRecord('abfall-vg', 2, JSON.stringify({ ...saved, status: 'aktiv' }))).toBeNull();
		expect(snapshotRecord('abfall-vg', 2, '{"id":')).toBeNull();
		expect(warn).toHaveBeenCalledTimes(2);
		expect(String(warn.mock.calls[0]?.[0])).toMatch(/cooperation abfall-vg, version 2: JSON column record_version\.snapshot_json \(cooperation\): status/);
	});
});

describe('proposal.proposed_json', () => {
	it('reads a proposed record, old-shaped ones included', () => {
		expect(readJson(PROPOSAL_RECORD, JSON.stringify(saved))).toEqual(saved);
		const old = without(saved, 'source', 'topics');
		expect(readJson(PROPOSAL_RECORD, JSON.stringify(old)).topics).toEqual([]);
	});

	it('refuses a proposal of another shape, naming the column', () => {
		expect(() => readJson(PROPOSAL_RECORD, JSON.stringify({ ...saved, performer: { kind: 'body', body: 'HGW' } }))).toThrow(JsonColumnError);
		expect(() => readJson(PROPOSAL_RECORD, JSON.stringify({ ...saved, title: '' }))).toThrow(/proposal\.proposed_json: title/);
	});
});
