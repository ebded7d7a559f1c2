/**
 * Working groups and ideas (issue 6, items 3–4) on the shipped data: the Bauhof group's results,
 * proposals and problems as in steering.yaml, the IT group's successes linked to register entries,
 * and an idea's way from proposal over comments and status to a measure.
 */
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database, Role } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { steeringFile } from '../../src/lib/server/data/steering-schema';
import { readSteering, steeringVersions } from '../../src/lib/server/steering/store';
import { addMeeting, nextHost, workingGroupDetail, workingGroups, type MeetingInput } from '../../src/lib/server/steering/groups';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import {
	addComment, createIdea, germanDate, ideaDetail, ideas, promoteToMeasure, setIdeaStatus, slugOfTitle
} from '../../src/lib/server/steering/ideas';

type Db = Kysely<Database>;
const REGION = 'kreis-unna';
const yamlFile = steeringFile.parse(parseYaml(fs.readFileSync('data/kreis-unna/steering.yaml', 'utf8')));
const groupInFile = (id: string) => {
	const g = yamlFile.working_groups.find((x) => x.id === id);
	if (!g) throw new Error(`${id} fehlt in steering.yaml`);
	return g;
};

async function actorOf(db: Db, role: Role, bodyId: string, name: string, email: string): Promise<Actor> {
	const userId = await createUser(db, { email, name, bodyId, role });
	return { role, userId, name, email, bodyId, regionId: REGION };
}
const coordinator = (db: Db) => actorOf(db, 'coordinator', 'kreis-unna', 'Kora Koordinatorin', 'kora@kreis-unna.de');
const kamenEditor = (db: Db) => actorOf(db, 'editor', 'kamen', 'Erika Editorin', 'erika@kamen.de');

describe('working groups', () => {
	it('lists the four groups of the deck with lead, members and item counts as in the file', async () => {
		const { db } = await loadedDatabase();
		const list = await workingGroups(db, REGION);
		expect(list.map((g) => g.id).sort()).toEqual(['ak-bauhofleiter', 'ak-kaemmerer', 'facharbeitskreis-geodaten', 'it-arbeitskreis']);
		const it = list.find((g) => g.id === 'it-arbeitskreis')!;
		expect(it.lead).toEqual({ id: 'kamen', name: 'Kamen' });
		expect(it.memberCount).toBe(groupInFile('it-arbeitskreis').members.length);
		for (const g of list) {
			const file = groupInFile(g.id);
			for (const kind of ['success', 'result', 'proposal', 'problem'] as const) {
				expect(g.counts[kind], `${g.id}/${kind}`).toBe(file.items.filter((i) => i.kind === kind).length);
			}
		}
	});

	it('shows the Bauhof results, proposals and problems of the deck in order', async () => {
		const { db } = await loadedDatabase();
		const d = await workingGroupDetail(db, 'ak-bauhofleiter');
		expect(d).not.toBeNull();
		const file = groupInFile('ak-bauhofleiter');
		const section = (kind: string) => d!.sections.find((s) => s.kind === kind)?.items ?? [];
		expect(d!.sections.map((s) => s.kind)).toEqual(['result', 'proposal', 'problem']);
		// The deck's table: five results, four proposals.
		expect(section('result')).toHaveLength(5);
		expect(section('proposal')).toHaveLength(4);
		for (const kind of ['result', 'proposal', 'problem']) {
			const fromFile = file.items.filter((i) => i.kind === kind);
			expect(section(kind).map((i) => i.title)).toEqual(fromFile.map((i) => i.title));
			expect(section(kind).map((i) => i.text ?? '')).toEqual(fromFile.map((i) => i.text ?? ''));
		}
		expect(section('problem').length).toBeGreaterThan(0);
		const titles = section('result').map((i) => i.title).join(' | ');
		for (const word of ['Streusalz', 'Verkehrszeichen', 'Fräsarbeiten', 'Winterdienst-Streustrecken', 'Erfahrungsaustausch']) expect(titles).toContain(word);
		const proposals = section('proposal').map((i) => i.title).join(' | ');
		for (const word of ['Baumstubben', 'Fahrbahnmarkierung', 'Schulungen', 'Geräteeinkauf']) expect(proposals).toContain(word);
		// Bodies resolve to names, the measure to its number and title.
		expect(section('problem').flatMap((i) => i.bodies.map((b) => b.name))).toContain('Lünen');
		if (file.measure) expect(d!.measure?.id).toBe(file.measure);
	});

	it('links the IT group\'s successes to existing register entries by title', async () => {
		const { db } = await loadedDatabase();
		const d = (await workingGroupDetail(db, 'it-arbeitskreis'))!;
		expect(d.lead?.name).toBe('Kamen');
		expect(d.record.hosts_rotate).toBe(true);
		expect(d.measure).toMatchObject({ id: 'm-1-1', number: '1.1' });
		const successes = d.sections.find((s) => s.kind === 'success')!.items;
		expect(successes).toHaveLength(groupInFile('it-arbeitskreis').items.filter((i) => i.kind === 'success').length);
		const fileLinks = groupInFile('it-arbeitskreis').items.filter((i) => i.kind === 'success').flatMap((i) => i.cooperations);
		expect(fileLinks.length).toBeGreaterThan(0);
		const linked = successes.flatMap((i) => i.cooperations);
		expect(linked.map((c) => c.id)).toEqual(fileLinks);
		for (const c of linked) {
			const row = await db.selectFrom('cooperation').select('title').where('id', '=', c.id).executeTakeFirstOrThrow();
			expect(c.title).toBe(row.title);
			expect(c.title.length).toBeGreaterThan(0);
		}
	});

	it('keeps contacts in the record only (the page shows them to members)', async () => {
		const { db } = await loadedDatabase();
		const d = (await workingGroupDetail(db, 'it-arbeitskreis'))!;
		expect(d.record.contacts.length).toBe(groupInFile('it-arbeitskreis').contacts.length);
		// Nothing besides the record carries a contact's name.
		const rest = JSON.stringify({ ...d, record: null });
		for (const c of d.record.contacts) expect(rest).not.toContain(c.name);
	});
});

describe('ideas', () => {
	it('lists the ideas of the deck with proposer and conference', async () => {
		const { db } = await loadedDatabase();
		const list = await ideas(db, REGION);
		expect(list.map((i) => i.id)).toEqual(yamlFile.ideas.map((i) => i.id));
		const f = list.find((i) => i.id === 'idee-foerderschullandschaft')!;
		expect(f.status).toBe('idea');
		expect(f.conference?.id).toBe('bmk-2016');
		const d = (await ideaDetail(db, 'idee-foerderschullandschaft'))!;
		expect(d.cooperations.map((c) => c.id)).toEqual(yamlFile.ideas.find((i) => i.id === 'idee-foerderschullandschaft')!.cooperations);
	});

	it('creates an idea with a unique id, the actor\'s body as proposer and status idea', async () => {
		const { db } = await loadedDatabase();
		const erika = await kamenEditor(db);
		expect(slugOfTitle('Förderschullandschaft')).toBe('foerderschullandschaft');
		const bad = await createIdea(db, erika, REGION, { title: '  ', description: '' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['title']);
		const a = await createIdea(db, erika, REGION, { title: 'Gemeinsame Streusalzhalle', description: 'Ein Lager für alle.' });
		const b = await createIdea(db, erika, REGION, { title: 'Gemeinsame Streusalzhalle', description: '' });
		expect(a.ok && b.ok).toBe(true);
		if (!a.ok || !b.ok) return;
		expect(a.id).toBe('idee-gemeinsame-streusalzhalle');
		expect(b.id).toBe('idee-gemeinsame-streusalzhalle-2');
		const s = (await readSteering(db, 'idea', a.id))!;
		expect(s.record).toMatchObject({ title: 'Gemeinsame Streusalzhalle', description: 'Ein Lager für alle.', proposed_by: 'kamen', status: 'idea' });
		expect(s.regionId).toBe(REGION);
		expect((await ideas(db, REGION)).map((i) => i.id)).toContain(a.id);
		// A same-titled idea from the file keeps its id; a new one gets the next free one.
		const c = await createIdea(db, erika, REGION, { title: 'Förderschullandschaft', description: '' });
		expect(c.ok && c.id).toBe('idee-foerderschullandschaft-2');
	});

	it('stores comments with their author and audits them without the text', async () => {
		const { db } = await loadedDatabase();
		const erika = await kamenEditor(db);
		const text = 'Kamen wäre dabei – bitte Frau Muster ansprechen.';
		expect((await addComment(db, erika, 'idee-abfallwirtschaft', '')).ok).toBe(false);
		expect((await addComment(db, erika, 'idee-abfallwirtschaft', 'x'.repeat(2001))).ok).toBe(false);
		expect((await addComment(db, erika, 'idee-gibt-es-nicht', 'Hallo')).ok).toBe(false);
		const r = await addComment(db, erika, 'idee-abfallwirtschaft', `  ${text}  `);
		expect(r.ok).toBe(true);
		const d = (await ideaDetail(db, 'idee-abfallwirtschaft'))!;
		expect(d.comments).toHaveLength(1);
		expect(d.comments[0]).toMatchObject({ text, authorName: 'Erika Editorin' });
		expect((await ideas(db, REGION)).find((i) => i.id === 'idee-abfallwirtschaft')!.commentCount).toBe(1);
		const log = await db.selectFrom('audit_log').selectAll().where('action', '=', 'idee.kommentar').execute();
		expect(log).toHaveLength(1);
		expect(log[0]!.entity_id).toBe('idee-abfallwirtschaft');
		expect(JSON.stringify(log[0])).not.toContain('Muster');
		expect(JSON.stringify(log[0])).not.toContain('dabei');
	});

	it('changes the status under the optimistic lock and links a cooperation that exists', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'idee-egovernment';
		const v = (await readSteering(db, 'idea', id))!.version;
		const ok = await setIdeaStatus(db, kora, id, 'discussion', v);
		expect(ok.ok).toBe(true);
		const stale = await setIdeaStatus(db, kora, id, 'examination', v);
		expect(stale.ok).toBe(false);
		if (!stale.ok) expect(stale.reason).toBe('conflict');
		expect((await readSteering(db, 'idea', id))!.record.status).toBe('discussion');
		const v2 = (await readSteering(db, 'idea', id))!.version;
		expect(v2).toBe(v + 1);
		const unknown = await setIdeaStatus(db, kora, id, 'examination', v2, { cooperation: 'kreis-9999' });
		expect(unknown.ok).toBe(false);
		if (!unknown.ok) expect(unknown.errors.map((e) => e.field)).toEqual(['kooperation']);
		const badStatus = await setIdeaStatus(db, kora, id, 'vergessen', v2);
		expect(badStatus.ok).toBe(false);
		const linked = await setIdeaStatus(db, kora, id, 'decided', v2, { cooperation: 'kreis-36' });
		expect(linked.ok).toBe(true);
		const d = (await ideaDetail(db, id))!;
		expect(d.record.status).toBe('decided');
		expect(d.cooperations.map((c) => c.id)).toContain('kreis-36');
		expect((await steeringVersions(db, 'idea', id)).map((x) => x.version)).toEqual([v2 + 1, v2, v]);
	});

	it('promotes an idea to an open measure and links both ways', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'idee-foerderschullandschaft';
		const before = (await readSteering(db, 'idea', id))!;
		const field = yamlFile.fields[0]!.id;
		// A number that already exists is refused, and nothing is written.
		const taken = yamlFile.measures[0]!.number;
		const dup = await promoteToMeasure(db, kora, id, { field, number: taken, title: 'Förderschulen' }, before.version);
		expect(dup.ok).toBe(false);
		if (!dup.ok) expect(dup.errors.map((e) => e.field)).toContain('number');
		expect((await readSteering(db, 'idea', id))!.version).toBe(before.version);
		const unknownField = await promoteToMeasure(db, kora, id, { field: 'gibt-es-nicht', number: '9.9', title: 'x' }, before.version);
		expect(unknownField.ok).toBe(false);
		const stale = await promoteToMeasure(db, kora, id, { field, number: '9.1', title: 'Förderschulen' }, before.version + 5);
		expect(stale.ok).toBe(false);
		if (!stale.ok) expect(stale.reason).toBe('conflict');
		expect(await readSteering(db, 'measure', 'm-9-1')).toBeNull();

		const now = new Date('2026-03-05T10:00:00Z');
		const r = await promoteToMeasure(db, kora, id, { field, number: '9.1', title: 'Förderschulen gemeinsam planen' }, before.version, now);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.id).toBe('m-9-1');
		const m = (await readSteering(db, 'measure', r.id))!;
		expect(m.regionId).toBe(REGION);
		expect(m.record).toMatchObject({
			id: 'm-9-1', field, number: '9.1', title: 'Förderschulen gemeinsam planen', status: 'open', lead: [],
			cooperations: before.record.cooperations, derived: []
		});
		expect(m.record.mandate ?? null).toBe(before.record.description ?? null);
		expect(m.record.status_history).toEqual([{ date: germanDate(now), status: 'open', note: 'aus Idee „Förderschullandschaft“ übernommen' }]);
		expect(germanDate(now)).toBe('05.03.2026');
		const idea = (await readSteering(db, 'idea', id))!;
		expect(idea.record.status).toBe('decided');
		expect(idea.record.measure).toBe('m-9-1');
		expect((await ideaDetail(db, id))!.measure).toEqual({ id: 'm-9-1', number: '9.1', title: 'Förderschulen gemeinsam planen' });
		expect((await ideas(db, REGION)).find((i) => i.id === id)!.measure?.id).toBe('m-9-1');
		// Once promoted, not again; and the new number is now taken for other ideas.
		const again = await promoteToMeasure(db, kora, id, { field, number: '9.2', title: 'x' }, idea.version);
		expect(again.ok).toBe(false);
		const other = (await readSteering(db, 'idea', 'idee-abfallwirtschaft'))!;
		const clash = await promoteToMeasure(db, kora, 'idee-abfallwirtschaft', { field, number: '9.1', title: 'Abfall' }, other.version);
		expect(clash.ok).toBe(false);
		if (!clash.ok) expect(clash.errors.map((e) => e.field)).toEqual(['number']);
	});
});

describe('meetings of working groups', () => {
	const meeting = (over: Partial<MeetingInput>): MeetingInput => ({ date: '', host: '', place: '', topics: '', note: '', ...over });
	const versionOf = async (db: Db, id: string) => (await readSteering(db, 'working_group', id))!.version;

	it('appends a meeting, keeps the meetings sorted by date and versions the change', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'ak-bauhofleiter';
		expect((await workingGroupDetail(db, id))!.meetings).toEqual([]);
		const v0 = await versionOf(db, id);
		const a = await addMeeting(db, kora, id, meeting({ date: ' 12.03.2025 ', host: 'unna', place: ' Bauhof Unna ', topics: 'Streusalz\r\n\n  Winterdienst  \nFräsarbeiten', note: 'Protokoll folgt.' }), v0);
		expect(a).toEqual({ ok: true, version: v0 + 1 });
		const b = await addMeeting(db, kora, id, meeting({ date: '05.11.2024' }), v0 + 1);
		expect(b.ok).toBe(true);
		const c = await addMeeting(db, kora, id, meeting({ date: 'Juni 2025', host: 'kamen' }), v0 + 2);
		expect(c.ok).toBe(true);
		const s = (await readSteering(db, 'working_group', id))!;
		expect(s.origin).toBe('app');
		expect(s.version).toBe(v0 + 3);
		expect(s.record.meetings.map((m) => m.date)).toEqual(['05.11.2024', '12.03.2025', 'Juni 2025']);
		expect(s.record.meetings[1]).toEqual({ date: '12.03.2025', host: 'unna', place: 'Bauhof Unna', topics: ['Streusalz', 'Winterdienst', 'Fräsarbeiten'], note: 'Protokoll folgt.' });
		expect(s.record.meetings[0]).toEqual({ date: '05.11.2024', host: null, place: null, topics: [], note: null });
		// Everything else of the group is as in the file.
		expect({ ...s.record, meetings: [] }).toEqual(groupInFile(id));
		// The page gets them newest first, hosts with names.
		const d = (await workingGroupDetail(db, id))!;
		expect(d.meetings.map((m) => m.date)).toEqual(['Juni 2025', '12.03.2025', '05.11.2024']);
		expect(d.meetings[1]!.host).toEqual({ id: 'unna', name: 'Unna' });
		expect(d.meetings[2]!.host).toBeNull();
		expect(d.nextHost).toBeNull();
		const versions = await steeringVersions(db, 'working_group', id);
		expect(versions.map((v) => v.action)).toEqual(['sitzung', 'sitzung', 'sitzung', 'aus Datendatei']);
		const log = await db.selectFrom('audit_log').selectAll().where('action', '=', 'working_group.sitzung').execute();
		expect(log).toHaveLength(3);
	});

	it('names the member after the last host for groups that host in turn, wrapping round', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'it-arbeitskreis';
		const members = groupInFile(id).members;
		expect(members.length).toBeGreaterThan(2);
		const first = members[0]!;
		const second = members[1]!;
		const last = members.at(-1)!;
		// No meeting yet: the first member.
		expect(nextHost((await readSteering(db, 'working_group', id))!.record)).toBe(first);
		expect((await workingGroupDetail(db, id))!.nextHost?.id).toBe(first);
		expect((await addMeeting(db, kora, id, meeting({ date: '10.02.2025', host: first }), await versionOf(db, id))).ok).toBe(true);
		expect(nextHost((await readSteering(db, 'working_group', id))!.record)).toBe(second);
		// The last member hosted the latest meeting: the turn wraps to the first again.
		expect((await addMeeting(db, kora, id, meeting({ date: '15.09.2025', host: last }), await versionOf(db, id))).ok).toBe(true);
		expect(nextHost((await readSteering(db, 'working_group', id))!.record)).toBe(first);
		// A meeting entered late but held earlier does not change whose turn it is.
		expect((await addMeeting(db, kora, id, meeting({ date: 'Mai 2025', host: members[4]! }), await versionOf(db, id))).ok).toBe(true);
		const d = (await workingGroupDetail(db, id))!;
		expect(d.nextHost?.id).toBe(first);
		expect(d.nextHost?.name).toBe('Kreis Unna');
		expect(d.meetings.map((m) => m.host?.id)).toEqual([last, members[4], first]);
		// Groups that do not rotate have no next host.
		expect(nextHost((await readSteering(db, 'working_group', 'ak-kaemmerer'))!.record)).toBeNull();
	});

	it('refuses an unreadable date, a host outside the region and too many topics, and writes nothing', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'it-arbeitskreis';
		await db.insertInto('region').values({ id: 'kreis-fern', name: 'Kreis Fern', kreis_body_id: null, source_json: '{}', lists_json: '{}' }).execute();
		await db.insertInto('body').values({ id: 'fernstadt', region_id: 'kreis-fern', name: 'Fernstadt', kind: 'stadt', content_hash: '' }).execute();
		const v = await versionOf(db, id);
		const fieldsOf = async (input: MeetingInput) => {
			const r = await addMeeting(db, kora, id, input, v);
			expect(r.ok).toBe(false);
			return r.ok ? [] : r.errors.map((e) => e.field);
		};
		for (const date of ['', 'irgendwann', '31.02.2025', '?', 'geplant']) {
			expect(await fieldsOf(meeting({ date })), date).toEqual(['datum']);
		}
		expect(await fieldsOf(meeting({ date: '12.03.2025', host: 'fernstadt' }))).toEqual(['gastgeber']);
		expect(await fieldsOf(meeting({ date: '12.03.2025', host: 'gibt-es-nicht' }))).toEqual(['gastgeber']);
		const many = Array.from({ length: 51 }, (_, i) => `Thema ${i + 1}`).join('\n');
		expect(await fieldsOf(meeting({ date: '12.03.2025', topics: many }))).toEqual(['themen']);
		expect(await fieldsOf(meeting({ date: '12.03.2025', topics: `kurz\n${'x'.repeat(301)}` }))).toEqual(['themen']);
		const s = (await readSteering(db, 'working_group', id))!;
		expect(s.version).toBe(v);
		expect(s.origin).not.toBe('app');
		expect(s.record.meetings ?? []).toEqual([]);
		// A body of the region that is not a member may host; 50 topics of 300 characters are fine.
		expect(groupInFile(id).members).not.toContain('dortmund');
		const fifty = Array.from({ length: 50 }, () => 'y'.repeat(300)).join('\n');
		const ok = await addMeeting(db, kora, id, meeting({ date: '20./21.09.2025', host: 'dortmund', topics: fifty }), v);
		expect(ok.ok).toBe(true);
		expect((await readSteering(db, 'working_group', id))!.record.meetings[0]).toMatchObject({ date: '20./21.09.2025', host: 'dortmund' });
	});

	it('refuses a stale version as a conflict and keeps the other change', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'ak-kaemmerer';
		const v = await versionOf(db, id);
		expect((await addMeeting(db, kora, id, meeting({ date: '01.04.2025' }), v)).ok).toBe(true);
		const stale = await addMeeting(db, kora, id, meeting({ date: '02.04.2025' }), v);
		expect(stale.ok).toBe(false);
		if (!stale.ok) {
			expect(stale.reason).toBe('conflict');
			if (stale.reason === 'conflict') expect(stale.currentVersion).toBe(v + 1);
			expect(stale.errors[0]!.message).toContain('inzwischen');
		}
		expect((await readSteering(db, 'working_group', id))!.record.meetings.map((m) => m.date)).toEqual(['01.04.2025']);
	});

	it('keeps a group with meetings from the app when the data files are loaded again', async () => {
		const { db } = await loadedDatabase();
		const kora = await coordinator(db);
		const id = 'it-arbeitskreis';
		const r = await addMeeting(db, kora, id, meeting({ date: '12.03.2025', host: 'kamen', topics: 'E-Akte' }), await versionOf(db, id));
		expect(r.ok).toBe(true);
		const before = (await readSteering(db, 'working_group', id))!;
		const report = await applyDataSet(db, readDataSet('data'));
		expect(report.steering.keptApp).toBeGreaterThanOrEqual(1);
		expect(report.steering.changed).not.toContain(`working_group/${id}`);
		const after = (await readSteering(db, 'working_group', id))!;
		expect(after.origin).toBe('app');
		expect(after.version).toBe(before.version);
		expect(after.record.meetings).toEqual([{ date: '12.03.2025', host: 'kamen', place: null, topics: ['E-Akte'], note: null }]);
		// The file itself names no meetings.
		expect(groupInFile(id).meetings).toEqual([]);
	});
});
