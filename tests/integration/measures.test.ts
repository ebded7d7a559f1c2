/**
 * Measures (issue 6, items 1–2) on the shipped data: the board counts equal the counts of the data
 * file read independently, a measure links what came out of it, the coordination's status update
 * appends to the history with a version and the optimistic lock, the report to the conference
 * lists what changed since the last report (and no longer after it was marked), and the loader
 * leaves an app-edited measure alone.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { readSteering, saveSteering, steeringVersions } from '../../src/lib/server/steering/store';
import { searchSteering } from '../../src/lib/server/steering/search';
import { readCooperation, setArchived } from '../../src/lib/server/registry/write';
import {
	berlinDay, berlinDayStart, defaultReportStart, fuzzyDays, lastReport, markReported, measureBoard, measureDetail,
	measuresForCooperation, reportSince, updateMeasureStatus
} from '../../src/lib/server/steering/measures';

type Db = Kysely<Database>;
const REGION = 'kreis-unna';

interface YamlMeasure { id: string; field: string; number: string; status: string; cooperations?: string[] }
const steeringYaml = parse(fs.readFileSync('data/kreis-unna/steering.yaml', 'utf8')) as {
	fields: { id: string; number: number }[];
	measures: YamlMeasure[];
};
const coopsKreis = parse(fs.readFileSync('data/kreis-unna/cooperations-kreis.yaml', 'utf8')) as { id: string; number: number; title: string }[];

async function coordinator(db: Db): Promise<Actor> {
	const email = 'kora@kreis-unna.de';
	const userId = await createUser(db, { email, name: 'Kora Koordinatorin', bodyId: 'kreis-unna', role: 'coordinator' });
	return { role: 'coordinator', userId, name: 'Kora Koordinatorin', email, bodyId: 'kreis-unna', regionId: REGION };
}

const countBy = (list: YamlMeasure[]) => {
	const c: Record<string, number> = {};
	for (const m of list) c[m.status] = (c[m.status] ?? 0) + 1;
	return c;
};
const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));

describe('measure board', () => {
	it('counts by status overall and per field equal the data file', async () => {
		const { db } = await loadedDatabase();
		const board = await measureBoard(db, REGION);
		expect(steeringYaml.measures.length).toBeGreaterThanOrEqual(15);
		expect(board.total).toBe(steeringYaml.measures.length);
		expect(nonZero(board.counts)).toEqual(countBy(steeringYaml.measures));
		// Fields in their order, each with exactly its measures.
		const fieldsInOrder = [...steeringYaml.fields].sort((a, b) => a.number - b.number).map((f) => f.id);
		expect(board.fields.map((f) => f.id)).toEqual(fieldsInOrder);
		for (const f of board.fields) {
			const own = steeringYaml.measures.filter((m) => m.field === f.id);
			expect(f.measures.map((m) => m.id).sort()).toEqual(own.map((m) => m.id).sort());
			expect(nonZero(f.counts)).toEqual(countBy(own));
		}
		const it1 = board.fields[0]!;
		expect(it1.measures.map((m) => m.number).slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
		// Lead bodies by name.
		expect(it1.measures.find((m) => m.id === 'm-1-2')?.lead.map((b) => b.name).sort()).toEqual(['Bergkamen', 'Kamen']);
	});
});

describe('report periods on the file state', () => {
	it('counts the deck\'s entries (12.01.2016) from that day on, not after it', async () => {
		const { db } = await loadedDatabase();
		const all = await reportSince(db, REGION, '2016-01-12');
		expect(all.measures.map((m) => m.id).sort()).toEqual(steeringYaml.measures.map((m) => m.id).sort());
		// The deck's entries are the first ones: no status is known before them.
		expect(all.measures.every((m) => m.before === null && m.entries.length >= 1)).toBe(true);
		expect((await reportSince(db, REGION, '2016-01-13')).measures).toEqual([]);
		expect(fuzzyDays('13./14.01.2016')).toEqual({ earliest: '2016-01-13', latest: '2016-01-14' });
		expect(fuzzyDays('12.01.2016')).toEqual({ earliest: '2016-01-12', latest: '2016-01-12' });
	});
});

describe('measure detail', () => {
	it('7.1 links the shared data protection officer (Kreis no. 38)', async () => {
		const { db } = await loadedDatabase();
		const dpo = coopsKreis.find((c) => c.number === 38);
		expect(dpo?.title).toMatch(/Datenschutzbeauftragt/);
		const d = await measureDetail(db, 'm-7-1');
		expect(d?.field?.number).toBe(7);
		expect(d?.conference?.id).toBe('bmk-2010');
		expect(d?.cooperations.map((c) => c.id)).toContain(dpo!.id);
		expect(d?.cooperations.find((c) => c.id === dpo!.id)?.title).toBe(dpo!.title);
		expect((await measuresForCooperation(db, dpo!.id)).map((m) => m.id)).toContain('m-7-1');
		// The IT working group belongs to 1.1.
		expect((await measureDetail(db, 'm-1-1'))?.workingGroups.map((g) => g.id)).toContain('it-arbeitskreis');
		expect(await measureDetail(db, 'gibt-es-nicht')).toBeNull();
	});
});

describe('measures on a cooperation profile', () => {
	it('are kept per data revision: a status update shows at once', async () => {
		const { db } = await loadedDatabase();
		const dpo = coopsKreis.find((c) => c.number === 38)!;
		const shown = async () => (await measuresForCooperation(db, dpo.id)).find((m) => m.id === 'm-7-1')?.status;
		expect(await shown()).toBe('partly_realised');
		const before = (await readSteering(db, 'measure', 'm-7-1'))!;
		const r = await updateMeasureStatus(db, await coordinator(db), 'm-7-1', { status: 'realised', note: 'Auch die Fachkraft für Arbeitssicherheit ist jetzt gemeinsam bestellt.' }, before.version, new Date('2026-03-03T10:00:00Z'));
		expect(r.ok).toBe(true);
		expect(await shown()).toBe('realised');
		expect(await measuresForCooperation(db, 'kreis-gibt-es-nicht')).toEqual([]);
	});
});

describe('status update, report and loader', () => {
	it('updates 1.5, reports it once, and survives a reload', async () => {
		const { db } = await loadedDatabase();
		const actor = await coordinator(db);
		const before = await readSteering(db, 'measure', 'm-1-5');
		expect(before).not.toBeNull();
		const oldStatus = before!.record.status;
		expect(oldStatus).toBe('partly_realised');
		const boardBefore = await measureBoard(db, REGION);

		// A report period that starts before the update (the day before it).
		const t0 = new Date('2026-03-02T09:00:00Z');
		const t1 = new Date('2026-03-03T10:00:00Z');
		const t2 = new Date('2026-03-04T10:00:00Z');
		const t3 = new Date('2026-03-05T10:00:00Z');
		expect((await reportSince(db, REGION, berlinDay(t0))).measures).toEqual([]);

		// Invalid input: no note, unknown status, a date in the future.
		const bad = await updateMeasureStatus(db, actor, 'm-1-5', { status: 'kaputt', note: ' ', date: '2099-01-01' }, before!.version, t1);
		expect(bad.ok ? [] : bad.reason === 'invalid' ? bad.errors.map((e) => e.field).sort() : []).toEqual(['date', 'note', 'status']);

		const r = await updateMeasureStatus(db, actor, 'm-1-5', { status: 'realised', note: 'Alle Kommunen nutzen jetzt PC-Wahl.', savingsRealised: 12000 }, before!.version, t1);
		expect(r).toEqual({ ok: true, version: before!.version + 1 });
		const after = await readSteering(db, 'measure', 'm-1-5');
		expect(after!.record.status).toBe('realised');
		expect(after!.record.status_history).toHaveLength(before!.record.status_history.length + 1);
		expect(after!.record.status_history.at(-1)).toEqual({ date: '03.03.2026', status: 'realised', note: 'Alle Kommunen nutzen jetzt PC-Wahl.' });
		expect(after!.record.savings_realised_eur).toBe(12000);
		expect(after!.origin).toBe('app');
		// The status was derived from the result text in the file; set by hand it no longer is (issue 18).
		expect(before!.record.derived).toContain('status');
		expect(after!.record.derived).not.toContain('status');

		// The board moved one measure from "partly realised" to "realised".
		const boardAfter = await measureBoard(db, REGION);
		expect(boardAfter.counts.realised).toBe(boardBefore.counts.realised + 1);
		expect(boardAfter.counts.partly_realised).toBe(boardBefore.counts.partly_realised - 1);
		expect(boardAfter.fields[0]!.measures.find((m) => m.id === 'm-1-5')?.status).toBe('realised');

		// Versions: the file state, then the update with action and note.
		const versions = await steeringVersions(db, 'measure', 'm-1-5');
		expect(versions.map((v) => v.action)).toEqual(['status', 'aus Datendatei']);
		expect(versions[0]).toMatchObject({ version: before!.version + 1, comment: 'Alle Kommunen nutzen jetzt PC-Wahl.' });
		expect(versions[0]!.actorLabel).toContain('Kora Koordinatorin');

		// A save based on the old version is a conflict that names the current status.
		const stale = await updateMeasureStatus(db, actor, 'm-1-5', { status: 'not_realised', note: 'veraltet' }, before!.version, t1);
		expect(stale).toEqual({ ok: false, reason: 'conflict', currentStatus: 'realised', currentVersion: before!.version + 1 });
		expect((await readSteering(db, 'measure', 'm-1-5'))!.record.status).toBe('realised');

		// The report since before the update lists 1.5 with old → new status and the note.
		const report = await reportSince(db, REGION, berlinDay(t0));
		expect(report.from).toBe(berlinDayStart('2026-03-02'));
		expect(report.measures.map((m) => m.id)).toEqual(['m-1-5']);
		expect(report.measures[0]).toMatchObject({ before: 'partly_realised', after: 'realised', created: false });
		expect(report.measures[0]!.entries.map((e) => e.note)).toEqual(['Alle Kommunen nutzen jetzt PC-Wahl.']);
		// A period that starts after the update does not list it.
		expect((await reportSince(db, REGION, '2026-03-04')).measures).toEqual([]);

		// No report yet: the period starts after the newest conference (bmk-2016, 13./14.01.2016).
		expect(await lastReport(db, REGION)).toBeNull();
		expect((await defaultReportStart(db, REGION))).toMatchObject({ since: '2016-01-15', basis: 'conference' });

		// Marking the report: the next one starts from then and no longer lists 1.5 …
		const marked = await markReported(db, actor, REGION, 'Bericht an die Bürgermeisterkonferenz', t2);
		expect(marked.ok).toBe(true);
		const last = await lastReport(db, REGION);
		expect(last?.record).toMatchObject({ id: 'bericht-2026-03-04', date: '2026-03-04' });
		const start = await defaultReportStart(db, REGION);
		expect(start).toMatchObject({ since: t2.toISOString(), basis: 'report' });
		expect((await reportSince(db, REGION, start!.since)).measures).toEqual([]);
		// … until it changes again (the same day's entry counts by its version).
		const v = (await readSteering(db, 'measure', 'm-1-5'))!.version;
		expect((await updateMeasureStatus(db, actor, 'm-1-5', { status: 'in_progress', note: 'Neue Wahlsoftware wird ausgeschrieben.', date: '2026-03-05' }, v, t3)).ok).toBe(true);
		const next = await reportSince(db, REGION, start!.since);
		expect(next.measures.map((m) => [m.id, m.before, m.after])).toEqual([['m-1-5', 'realised', 'in_progress']]);
		// A second mark on the same day gets its own id.
		expect((await markReported(db, actor, REGION, '', t2)).ok).toBe(true);
		expect((await readSteering(db, 'report', 'bericht-2026-03-04-2'))?.record.title).toBe('Bericht an die Bürgermeisterkonferenz 04.03.2026');

		// Loading the data files again keeps the app-edited measure.
		const reload = await applyDataSet(db, readDataSet('data'));
		expect(reload.steering.keptApp).toBeGreaterThanOrEqual(1);
		expect(reload.steering.changed).toEqual([]);
		expect(reload.steering.removed).toEqual([]);
		const kept = await readSteering(db, 'measure', 'm-1-5');
		expect(kept!.record.status).toBe('in_progress');
		expect(kept!.record.status_history).toHaveLength(before!.record.status_history.length + 2);
		expect(await lastReport(db, REGION)).not.toBeNull();
	});

	it('lists register changes of the period', async () => {
		const { db } = await loadedDatabase();
		const actor = await coordinator(db);
		const dpo = coopsKreis.find((c) => c.number === 38)!;
		const c = await readCooperation(db, dpo.id);
		expect((await setArchived(db, actor, dpo.id, true, c!.version, new Date('2026-03-03T10:00:00Z'))).ok).toBe(true);
		const report = await reportSince(db, REGION, '2026-03-01');
		expect(report.cooperations.map((c) => [c.id, c.kind])).toEqual([[dpo.id, 'archived']]);
		expect((await reportSince(db, REGION, '2026-03-04')).cooperations).toEqual([]);
	});
});

describe('steering records in the register search', () => {
	it('finds measures, working groups and ideas by folded words, parts of words included', async () => {
		const h = await loadedDatabase();
		try {
			const wahl = await searchSteering(h.db, 'wahlsoftware');
			expect(wahl.map((x) => x.id)).toContain('m-1-5');
			// "strassen" (folded ß) finds the Bauhof group's "Straßen NRW" / "Straßenseitenstreifen".
			const bauhof = await searchSteering(h.db, 'Strassen');
			expect(bauhof.map((x) => x.id)).toContain('ak-bauhofleiter');
			expect((await searchSteering(h.db, 'Förderschul')).map((x) => x.id)).toContain('idee-foerderschullandschaft');
			expect(await searchSteering(h.db, 'gibtesnichtxyz')).toEqual([]);
			// The folded texts are kept per data revision: an edit is found at once, the old word no more.
			const idea = (await readSteering(h.db, 'idea', 'idee-foerderschullandschaft'))!;
			const actor = await coordinator(h.db);
			const renamed = { ...idea.record, title: 'Gemeinsame Schulentwicklungsplanung für Förderzentren (Görlitzer Modell)' };
			expect((await saveSteering(h.db, actor, 'idea', REGION, renamed, idea.version, 'bearbeitet')).ok).toBe(true);
			expect((await searchSteering(h.db, 'görlitzer schulentwicklung')).map((x) => x.id)).toEqual(['idee-foerderschullandschaft']);
			expect((await searchSteering(h.db, 'Förderschul')).map((x) => x.id)).not.toContain('idee-foerderschullandschaft');
		} finally {
			await h.close();
		}
	});
});
