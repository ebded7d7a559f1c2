import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonColumnError } from '../db/json-columns';
import { readSteeringRecord, steeringSnapshot } from './store';

afterEach(() => vi.restoreAllMocks());

describe('steering_record.record_json', () => {
	it('reads a working group as saveSteering writes it', () => {
		const wg = {
			id: 'ak-vergabe', name: 'Arbeitskreis Vergabestellen', lead: 'stadt-goerlitz', hosts_rotate: true, members: ['stadt-goerlitz', 'stadt-zittau'],
			members_note: null, measure: null, contacts: [{ name: 'Frau Beispiel', function: 'Leitung Vergabe', body: 'stadt-zittau' }], note: null,
			items: [{ kind: 'result', title: 'Gemeinsame Vergabeplattform', text: null, bodies: [], cooperations: [], slide: null }],
			meetings: [{ date: '2025-03-04', host: 'stadt-zittau', place: 'Rathaus Zittau', topics: ['eVergabe'], note: null }]
		};
		expect(readSteeringRecord('working_group', JSON.stringify(wg))).toEqual(wg);
	});

	it('gives a working group stored before meetings were kept (and a measure from the data file) the later fields', () => {
		const old = readSteeringRecord('working_group', '{"id":"ak-it","name":"AK IT-Leiter","members":["kreis-unna"],"items":[]}');
		expect(old.meetings).toEqual([]);
		expect(old.hosts_rotate).toBe(false);
		expect(old.contacts).toEqual([]);
		const m = readSteeringRecord('measure', '{"id":"m-1-5","field":"f-1","number":"1.5","title":"Gemeinsamer Datenschutzbeauftragter","status":"realised","due":2024}');
		expect(m.status_history).toEqual([]);
		expect(m.due).toBe('2024');
	});

	it('refuses a record of another shape, naming the column and the kind', () => {
		expect(() => readSteeringRecord('measure', '{"id":"m-2","field":"f-1","number":"2","title":"Fuhrpark","status":"erledigt"}')).toThrow(JsonColumnError);
		expect(() => readSteeringRecord('measure', '{"id":"m-2","field":"f-1","number":"2","title":"Fuhrpark","status":"erledigt"}')).toThrow(/steering_record\.record_json \(measure\): status/);
		expect(() => readSteeringRecord('report', '{"id":"b-2025","date":"2025-06-30"')).toThrow(/record_json \(report\): not JSON/);
		expect(() => readSteeringRecord('idea', '{"id":"i-1","title":"Gemeinsamer Bauhof","status":"idea","owner":"x"}')).toThrow(/\(idea\): .*owner/);
	});
});

describe('record_version.snapshot_json of a steering record', () => {
	it('reads a snapshot, old-shaped ones with the later fields', () => {
		expect(steeringSnapshot('measure', 'm-3-1', 2, '{"id":"m-3-1","field":"f-3","number":"3.1","title":"Gemeinsame Bauhöfe","status":"in_progress"}'))
			.toMatchObject({ id: 'm-3-1', status: 'in_progress', status_history: [], lead: [] });
	});

	it('shows a snapshot that does not fit as a version without snapshot, with a warning naming the column', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(steeringSnapshot('measure', 'm-3-1', 4, '{"id":"m-3-1","field":"f-3","number":"drei","title":"Bauhöfe","status":"open"}')).toBeNull();
		expect(warn).toHaveBeenCalledOnce();
		expect(String(warn.mock.calls[0]?.[0])).toMatch(/^measure m-3-1, version 4: JSON column record_version\.snapshot_json \(measure\): number/);
	});
});
