/**
 * Reads and validates the data a region ships (docs/data-format.md): taxonomies and one folder
 * per region. Resolves every reference and reports all problems at once, with file and id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
	type BodyRecord,
	type CooperationRecord,
	type RegionRecord,
	bodyFile,
	cooperationFile,
	legalFormFile,
	regionFile,
	taskFile,
	topicFile
} from './data-schema';
import { steeringFile, type SteeringData } from './steering-schema';
import { checkKnowledgeRefs, readKnowledgeFolder, type KnowledgeData } from '../knowledge/read';
import { agsOf, parseDirectoryTsv } from '../directory/parse';

export interface RegionData {
	region: RegionRecord;
	bodies: BodyRecord[];
	cooperations: CooperationRecord[];
	/** steering.yaml: conferences, measures, working groups, ideas (empty when the file is absent). */
	steering: SteeringData;
}

const EMPTY_STEERING: SteeringData = { conferences: [], fields: [], measures: [], working_groups: [], ideas: [] };

export interface DataSet {
	topics: z.infer<typeof topicFile>;
	legalForms: z.infer<typeof legalFormFile>;
	tasks: z.infer<typeof taskFile>;
	regions: RegionData[];
	/** data/knowledge/*.md and data/funding/programmes.yaml (issue 7); absent = leave the articles as they are. */
	knowledge?: KnowledgeData;
}

export class DataError extends Error {
	constructor(readonly problems: string[]) {
		super(`Die Daten sind fehlerhaft (${problems.length} Probleme):\n- ${problems.join('\n- ')}`);
	}
}

function readYaml<T>(file: string, schema: z.ZodType<T>, problems: string[]): T | null {
	let raw: unknown;
	try {
		raw = parseYaml(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		problems.push(`${file}: ${(e as Error).message}`);
		return null;
	}
	const result = schema.safeParse(raw);
	if (!result.success) {
		for (const issue of result.error.issues.slice(0, 20)) {
			problems.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
		}
		return null;
	}
	return result.data;
}

/** Read the whole data folder; throws DataError listing every problem found. */
export function readDataSet(dataDir: string): DataSet {
	const problems: string[] = [];
	const topics = readYaml(path.join(dataDir, 'taxonomies/topics.yaml'), topicFile, problems) ?? [];
	const legalForms = readYaml(path.join(dataDir, 'taxonomies/legal-forms.yaml'), legalFormFile, problems) ?? [];
	const tasksPath = path.join(dataDir, 'taxonomies/tasks.yaml');
	const tasks = fs.existsSync(tasksPath) ? (readYaml(tasksPath, taskFile, problems) ?? []) : [];
	const topicIds = new Set(topics.map((t) => t.id));
	for (const t of tasks) if (t.topic && !topicIds.has(t.topic)) problems.push(`${tasksPath}: ${t.id}: Themenfeld ${t.topic} unbekannt`);
	const legalFormIds = new Set(legalForms.map((l) => l.id));

	const regions: RegionData[] = [];
	const allBodyIds = new Set<string>();
	const folders = fs
		.readdirSync(dataDir, { withFileTypes: true })
		.filter((d) => d.isDirectory() && fs.existsSync(path.join(dataDir, d.name, 'region.yaml')))
		.map((d) => path.join(dataDir, d.name))
		.sort();

	for (const folder of folders) {
		const region = readYaml(path.join(folder, 'region.yaml'), regionFile, problems);
		const bodies = readYaml(path.join(folder, 'bodies.yaml'), bodyFile, problems) ?? [];
		const cooperations: CooperationRecord[] = [];
		for (const file of fs.readdirSync(folder).filter((f) => /^cooperations.*\.ya?ml$/.test(f)).sort()) {
			cooperations.push(...(readYaml(path.join(folder, file), cooperationFile, problems) ?? []));
		}
		const steeringPath = path.join(folder, 'steering.yaml');
		const steering = fs.existsSync(steeringPath) ? (readYaml(steeringPath, steeringFile, problems) ?? EMPTY_STEERING) : EMPTY_STEERING;
		if (!region) continue;
		for (const b of bodies) {
			if (allBodyIds.has(b.id)) problems.push(`${folder}: Körperschaft ${b.id} doppelt`);
			allBodyIds.add(b.id);
		}
		regions.push({ region, bodies, cooperations, steering });
	}

	for (const { region, bodies, cooperations } of regions) {
		const where = `Region ${region.id}`;
		if (!allBodyIds.has(region.kreis_body)) problems.push(`${where}: kreis_body ${region.kreis_body} unbekannt`);
		for (const b of bodies) {
			if (b.parent && !allBodyIds.has(b.parent)) problems.push(`${where}: ${b.id}: parent ${b.parent} unbekannt`);
		}
		const coopIds = new Set<string>();
		for (const c of cooperations) {
			const at = `${where}: ${c.id}`;
			if (coopIds.has(c.id)) problems.push(`${at}: doppelte id`);
			coopIds.add(c.id);
			if (!legalFormIds.has(c.legal_form)) problems.push(`${at}: Rechtsform ${c.legal_form} unbekannt`);
			for (const t of c.topics) if (!topicIds.has(t)) problems.push(`${at}: Themenfeld ${t} unbekannt`);
			if (c.performer.kind === 'body' && !(c.performer.body && allBodyIds.has(c.performer.body))) {
				problems.push(`${at}: Aufgabenerledigung durch ${c.performer.body ?? '(leer)'} unbekannt`);
			}
			const seen = new Set<string>();
			for (const p of c.participants) {
				if (!allBodyIds.has(p.body)) problems.push(`${at}: Beteiligte(r) ${p.body} unbekannt`);
				if (seen.has(p.body)) problems.push(`${at}: Beteiligte(r) ${p.body} doppelt`);
				seen.add(p.body);
			}
		}
	}
	placeAtSeats(dataDir, regions, problems);
	const allCoopIds = new Set(regions.flatMap((r) => r.cooperations.map((c) => c.id)));
	for (const { region, steering } of regions) checkSteering(`Region ${region.id}: steering.yaml`, steering, allBodyIds, allCoopIds, problems);
	const knowledge = readKnowledgeFolder(dataDir, problems);
	checkKnowledgeRefs(knowledge, legalFormIds, allCoopIds, problems);
	if (problems.length) throw new DataError(problems);
	return { topics, legalForms, tasks, regions, knowledge };
}

/**
 * Bodies that name their seat (`seat`: AGS of a Gemeinde) instead of a position get the seat's
 * position from the shipped national directory (the file the start-up also loads into the database),
 * so the map can draw them and say that it is the seat's (analysis/map.ts).
 */
function placeAtSeats(dataDir: string, regions: RegionData[], problems: string[]): void {
	const seated = regions.flatMap((r) => r.bodies.filter((b) => b.seat));
	if (!seated.length) return;
	const file = path.join(dataDir, 'directory/gemeindeverzeichnis.tsv');
	if (!fs.existsSync(file)) {
		problems.push(`${file}: fehlt, wird aber für den Sitz von ${seated.map((b) => b.id).join(', ')} gebraucht`);
		return;
	}
	let units: ReturnType<typeof parseDirectoryTsv>['units'];
	try {
		units = parseDirectoryTsv(fs.readFileSync(file, 'utf8')).units;
	} catch (e) {
		problems.push(`${file}: ${(e as Error).message}`);
		return;
	}
	const byAgs = new Map(units.filter((u) => u.level === 60).map((u) => [agsOf(u), u]));
	for (const b of seated) {
		const u = byAgs.get(b.seat!);
		if (b.lat != null || b.lon != null) problems.push(`Körperschaft ${b.id}: entweder lat/lon oder seat, nicht beides`);
		else if (!u) problems.push(`Körperschaft ${b.id}: Sitz ${b.seat} ist keine Gemeinde im Gemeindeverzeichnis`);
		else if (u.lat === null || u.lon === null) problems.push(`Körperschaft ${b.id}: Sitz ${b.seat} (${u.name}) hat im Gemeindeverzeichnis keine Lage`);
		else {
			b.lat = u.lat;
			b.lon = u.lon;
		}
	}
}

/** Every reference in steering.yaml must resolve; ids are unique per kind. */
function checkSteering(where: string, s: SteeringData, bodies: Set<string>, coops: Set<string>, problems: string[]): void {
	const ids = (list: { id: string }[], kind: string) => {
		const seen = new Set<string>();
		for (const x of list) {
			if (seen.has(x.id)) problems.push(`${where}: ${kind} ${x.id} doppelt`);
			seen.add(x.id);
		}
		return seen;
	};
	const conferences = ids(s.conferences, 'Konferenz');
	const fields = ids(s.fields, 'Zusammenarbeitsfeld');
	const measures = ids(s.measures, 'Maßnahme');
	ids(s.working_groups, 'Arbeitskreis');
	ids(s.ideas, 'Idee');
	const body = (at: string, id: string | null | undefined) => { if (id && !bodies.has(id)) problems.push(`${where}: ${at}: Körperschaft ${id} unbekannt`); };
	const coop = (at: string, id: string) => { if (!coops.has(id)) problems.push(`${where}: ${at}: Kooperation ${id} unbekannt`); };
	for (const c of s.conferences) for (const b of c.participants) body(c.id, b);
	for (const m of s.measures) {
		if (!fields.has(m.field)) problems.push(`${where}: ${m.id}: Zusammenarbeitsfeld ${m.field} unbekannt`);
		if (m.decided_at && !conferences.has(m.decided_at)) problems.push(`${where}: ${m.id}: Konferenz ${m.decided_at} unbekannt`);
		for (const b of [...m.lead, ...m.participants]) body(m.id, b);
		for (const c of m.cooperations) coop(m.id, c);
	}
	for (const g of s.working_groups) {
		body(g.id, g.lead);
		for (const b of g.members) body(g.id, b);
		for (const c of g.contacts) body(g.id, c.body);
		for (const m of g.meetings ?? []) body(`${g.id}/Sitzung ${m.date}`, m.host);
		if (g.measure && !measures.has(g.measure)) problems.push(`${where}: ${g.id}: Maßnahme ${g.measure} unbekannt`);
		for (const i of g.items) {
			for (const b of i.bodies) body(`${g.id}/${i.title}`, b);
			for (const c of i.cooperations) coop(`${g.id}/${i.title}`, c);
		}
	}
	for (const i of s.ideas) {
		body(i.id, i.proposed_by);
		for (const b of i.interested) body(i.id, b);
		for (const c of i.cooperations) coop(i.id, c);
		if (i.proposed_at && !conferences.has(i.proposed_at)) problems.push(`${where}: ${i.id}: Konferenz ${i.proposed_at} unbekannt`);
		if (i.measure && !measures.has(i.measure)) problems.push(`${where}: ${i.id}: Maßnahme ${i.measure} unbekannt`);
	}
}
