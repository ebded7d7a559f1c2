import { describe, expect, it } from 'vitest';
import { cooperationRecord, type CooperationRecord } from '../../domain/cooperation';
import { childRows, cooperationColumns, recordFromRows, searchText, type SearchTextNames } from './cooperation-rows';

// A Saxon Verwaltungsverband, written the way the data files and the forms give it: a bare year
// as a number, a start with its source text, an event without date, a performer note.
const RECORD: CooperationRecord = cooperationRecord.parse({
	id: 'vv-2', list: 'verbaende', number: 2, slide: null, org_unit: 32, title: 'Verwaltungsverband Wilde Sau',
	title_source: 'VV „Wilde Sau“', partners_source: 'Klipphausen, Wilsdruff', performer_source: null,
	performer: { kind: 'body', body: 'wilsdruff', note: 'erfüllende Gemeinde' },
	legal_form: 'verwaltungsverband', legal_form_source: 'VwV', start_source: 'seit ca. 1994', start: 1994,
	end: null, status: 'active', topics: ['verwaltung', 'bauen'], description: 'Gemeinsame Verwaltung', notes: null,
	derived: ['status'],
	participants: [
		{ body: 'wilsdruff', role: 'lead', joined: '1994', left: null, note: null },
		{ body: 'klipphausen', role: 'member', joined: 'Okt. 1999', left: '2031', note: 'Austritt beschlossen' }
	],
	partner_groups: [{ label: 'Ortschaften', count: 14, note: null }],
	events: [{ kind: 'founding', date: null, text: 'Vereinbarung nach SächsKomZG' }]
});

const NAMES: SearchTextNames = {
	legalForm: (id) => (id === 'verwaltungsverband' ? { label: 'Verwaltungsverband', short: 'VwV' } : undefined),
	bodyWords: (id) => ({ wilsdruff: ['Stadt Wilsdruff'], klipphausen: ['Gemeinde Klipphausen', 'Klipphsn.'] })[id] ?? []
};

function rowsOf(r: CooperationRecord, seq: number) {
	const row = cooperationColumns(r, 'meissen', searchText(r, NAMES), 'h', 'data:meissen', '2026-01-01T00:00:00.000Z');
	const children = childRows(seq, r);
	return {
		cooperation: { ...row, seq, created_at: row.updated_at, version: 1, archived_at: null, confirmed_at: null },
		topics: children.cooperation_topic.map((t) => t.topic_id),
		participants: children.participation,
		partnerGroups: children.partner_group,
		events: children.lifecycle_event
	};
}

describe('cooperation rows (one mapping for loader and saves)', () => {
	it('a record written to rows reads back the same', () => {
		expect(recordFromRows(rowsOf(RECORD, 7))).toEqual(RECORD);
	});

	it('keeps the start source apart from the clean start, and a missing start as none', () => {
		const rows = rowsOf(RECORD, 1);
		expect(rows.cooperation.start_text).toBe('seit ca. 1994');
		expect(rows.cooperation.start_earliest).toBe('1994-01-01');
		const noStart = { ...RECORD, start: null, start_source: 'unklar' };
		expect(recordFromRows(rowsOf(noStart, 1)).start).toBeNull();
		expect(recordFromRows(rowsOf(noStart, 1)).start_source).toBe('unklar');
	});

	it('child rows carry the position and the parsed dates', () => {
		const rows = rowsOf(RECORD, 3);
		expect(rows.participants.map((p) => [p.position, p.body_id, p.cooperation_seq])).toEqual([[0, 'wilsdruff', 3], [1, 'klipphausen', 3]]);
		expect(rows.participants[1]).toMatchObject({ joined_earliest: '1999-10-01', joined_latest: '1999-10-31', left_earliest: '2031-01-01' });
		expect(rows.events[0]).toMatchObject({ kind: 'founding', date_text: null, date_earliest: null });
	});

	it('the search text holds body names and aliases, the legal form, but no topic labels', () => {
		const text = searchText(RECORD, NAMES);
		expect(text).toContain('klipphsn');
		expect(text).toContain('verwaltungsverband');
		expect(text).not.toContain('bauen');
	});
});

describe('cooperation.derived_json read back', () => {
	const withDerived = (json: string) => {
		const rows = rowsOf(RECORD, 5);
		return recordFromRows({ ...rows, cooperation: { ...rows.cooperation, derived_json: json } });
	};

	it('reads a row written before start_clean and start_source were kept: the start from start_text', () => {
		const r = withDerived('{"fields":["status","topics"]}');
		expect(r.derived).toEqual(['status', 'topics']);
		expect(r.start).toBe('seit ca. 1994');
		expect(r.start_source).toBeNull();
		expect(r.performer).toEqual({ kind: 'body', body: 'wilsdruff' });
	});

	it('drops a derived field name that is no longer derivable, keeps the rest', () => {
		expect(withDerived('{"fields":["status","kosten"],"performer_note":"erfüllende Gemeinde","start_clean":"1994","start_source":null}').derived).toEqual(['status']);
	});

	it('refuses a row of another shape, naming the column', () => {
		expect(() => withDerived('{"fields":"status"}')).toThrow(/cooperation\.derived_json: fields/);
		expect(() => withDerived('')).toThrow(/cooperation\.derived_json: not JSON/);
	});
});
