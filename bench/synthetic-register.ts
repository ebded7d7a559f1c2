/**
 * A deterministic synthetic register for the search benchmark: the real taxonomies, a few hundred
 * Kreis-like regions with ~26 towns each, and 100,000 cooperations whose titles, partners, legal
 * forms and fuzzy dates look like the Kreis Unna lists. Every record goes through the same zod
 * schemas as the shipped data, so the benchmark loads data the app would accept from a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { bodyFile, cooperationFile, legalFormFile, taskFile, regionFile, topicFile } from '../src/lib/server/data/data-schema';
import type { DataSet, RegionData } from '../src/lib/server/data/read-data';
import {
	LEGAL_FORM_SOURCE, LEGAL_FORM_WEIGHTS, MONTHS, NAME_HEADS, NAME_LINKS, NAME_TAILS, ORG_UNITS, TASKS, TITLE_PATTERNS, type Task
} from './synthetic-vocabulary';

type BodyInput = z.input<typeof bodyFile>[number];
type CooperationInput = z.input<typeof cooperationFile>[number];
type ParticipantInput = NonNullable<CooperationInput['participants']>[number];
type RegionInput = z.input<typeof regionFile>;

export interface RegisterSize {
	regions: number;
	/** Towns per region on average; the Kreis and one institution come on top. */
	townsPerRegion: number;
	cooperations: number;
}

/** The seed `npm run bench` uses; results are comparable between runs only with the same seed. */
export const DEFAULT_SEED = 20261125;

export const DEFAULT_SIZE: RegisterSize = { regions: 400, townsPerRegion: 25.5, cooperations: 100_000 };

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same register. */
export class Random {
	private state: number;
	constructor(seed: number) {
		this.state = seed >>> 0;
	}
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	/** Integer in [min, max], both inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		const item = items[Math.floor(this.next() * items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}
	weighted<T>(pairs: readonly (readonly [T, number])[]): T {
		const total = pairs.reduce((s, [, w]) => s + w, 0);
		let x = this.next() * total;
		for (const [value, w] of pairs) {
			x -= w;
			if (x < 0) return value;
		}
		const last = pairs[pairs.length - 1];
		if (!last) throw new Error('weighted pick from an empty list');
		return last[0];
	}
	/** k distinct items (partial Fisher-Yates on a copy). */
	sample<T>(items: readonly T[], k: number): T[] {
		const copy = [...items];
		const n = Math.min(k, copy.length);
		for (let i = 0; i < n; i++) {
			const j = i + Math.floor(this.next() * (copy.length - i));
			[copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
		}
		return copy.slice(0, n);
	}
}

/** Body ids follow the real data's convention: "Fröndenberg" -> "froendenberg". */
export function slugify(name: string): string {
	return name.toLowerCase()
		.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
		.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Read the shipped taxonomies with the app's own schemas. */
export function readTaxonomies(dataDir: string): Pick<DataSet, 'topics' | 'legalForms' | 'tasks'> {
	const read = (file: string): unknown => parseYaml(fs.readFileSync(path.join(dataDir, 'taxonomies', file), 'utf8'));
	return {
		topics: topicFile.parse(read('topics.yaml')),
		legalForms: legalFormFile.parse(read('legal-forms.yaml')),
		tasks: taskFile.parse(read('tasks.yaml'))
	};
}

/** Sizes that vary around a mean but sum exactly to mean * count: neighbours get mean+d and mean-d. */
function pairedSizes(rng: Random, count: number, total: number, spread: number): number[] {
	const base = Math.floor(total / count);
	const sizes: number[] = [];
	for (let i = 0; i < count; i += 2) {
		const d = rng.int(0, spread);
		sizes.push(base + d);
		if (i + 1 < count) sizes.push(base - d);
	}
	// Whatever the integer division left over goes to the first regions, one each.
	for (let rest = total - sizes.reduce((s, n) => s + n, 0), i = 0; rest > 0; rest--, i++) sizes[i % count]! += 1;
	return sizes;
}

interface Town {
	id: string;
	name: string;
	official: string;
}

interface RegionPlan {
	input: RegionInput;
	kreis: BodyInput;
	towns: Town[];
	institution: BodyInput;
	bodies: BodyInput[];
}

class IdPool {
	private readonly used = new Set<string>();
	/** A globally unique id; a repeated town name gets its Kreis as suffix, like "kreis-steinfurt". */
	take(base: string, suffix: string): string {
		let id = base;
		for (let n = 2; this.used.has(id); n++) id = n === 2 ? `${base}-${suffix}` : `${base}-${suffix}-${n}`;
		this.used.add(id);
		return id;
	}
}

function townName(rng: Random, taken: Set<string>): string {
	for (;;) {
		const core = rng.pick(NAME_HEADS) + rng.pick(NAME_LINKS) + rng.pick(NAME_TAILS);
		// A few of the forms real names take: "Bad …", double names ("Kamen-Heeren"), "…/Ruhr".
		const name = rng.weighted<() => string>([
			[() => core, 89],
			[() => `Bad ${core}`, 4],
			[() => `${core}-${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)}`, 4],
			[() => `${core}/Ruhr`, 3]
		])();
		if (!taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
}

const INSTITUTIONS: readonly ((seat: string, kreis: string) => Pick<BodyInput, 'name' | 'kind'>)[] = [
	(seat) => ({ name: `Caritasverband ${seat} e.V.`, kind: 'verein' }),
	(_, kreis) => ({ name: `Zweckverband Volkshochschule ${kreis}`, kind: 'zweckverband' }),
	(_, kreis) => ({ name: `Kommunale Datenverarbeitung ${kreis} GmbH`, kind: 'unternehmen' }),
	(_, kreis) => ({ name: `Kommunalunternehmen ${kreis} AöR`, kind: 'aoer' })
];

function planRegion(rng: Random, index: number, townCount: number, ids: IdPool): RegionPlan {
	const names = new Set<string>();
	const seat = townName(rng, names);
	const kreisName = `Kreis ${seat}`;
	const kreisId = ids.take(slugify(kreisName), String(index));
	// AGS-like keys: 2-digit Land, 3-digit Kreis, 3-digit town (steps of 4, as in NRW's keys).
	const kreisAgs = `${String(1 + Math.floor(index / 25)).padStart(2, '0')}${String((index % 25) + 1).padStart(3, '0')}`;
	const lat = 47.5 + rng.next() * 7;
	const lon = 6.2 + rng.next() * 8.5;
	const round = (x: number) => Math.round(x * 1000) / 1000;
	const kreis: BodyInput = {
		id: kreisId, name: kreisName, kind: 'kreis', ags: kreisAgs, aliases: [`Kreises ${seat}`], lat: round(lat), lon: round(lon)
	};
	const towns: Town[] = [];
	const bodies: BodyInput[] = [kreis];
	for (let t = 0; t < townCount; t++) {
		const name = t === 0 ? seat : townName(rng, names);
		const kind = t === 0 || rng.chance(0.45) ? 'stadt' : 'gemeinde';
		const official = `${kind === 'stadt' ? 'Stadt' : 'Gemeinde'} ${name}`;
		const id = ids.take(slugify(name), slugify(seat));
		towns.push({ id, name, official });
		bodies.push({
			id, name, official_name: official, kind, ags: `${kreisAgs}${String(4 * (t + 1)).padStart(3, '0')}`,
			aliases: [official], parent: kreisId, lat: round(lat + (rng.next() - 0.5) * 0.4), lon: round(lon + (rng.next() - 0.5) * 0.6)
		});
	}
	const inst = (INSTITUTIONS[index % INSTITUTIONS.length] as (typeof INSTITUTIONS)[number])(seat, kreisName);
	const institution: BodyInput = { id: ids.take(slugify(inst.name), String(index)), ...inst, aliases: [] };
	bodies.push(institution);
	const input: RegionInput = {
		id: kreisId, name: kreisName, kreis_body: kreisId,
		source: { title: 'Synthetisches Register für den Such-Benchmark', author: 'bench/synthetic-register.ts' },
		lists: [
			{ id: 'kreis', label: 'Vereinbarungen zwischen Kreis und kreisangehörigen Kommunen' },
			{ id: 'kommunen', label: 'Kooperationen der Städte und Gemeinden' }
		]
	};
	return { input, kreis, towns, institution, bodies };
}

/** A year weighted towards the last decades, as most listed cooperations are recent. */
function year(rng: Random): number {
	return rng.chance(0.7) ? rng.int(1995, 2015) : rng.int(1960, 1994);
}

type Status = CooperationInput['status'];

/** Start text in the styles the decks use, matched to the status. */
function startText(rng: Random, status: Status, towns: readonly Town[]): string {
	if (status === 'planned') return rng.chance(0.8) ? `geplant ${rng.int(2015, 2017)}` : 'in Planung';
	if (status === 'under_review') return 'wird geprüft';
	if (status === 'temporary') return rng.chance(0.5) ? 'befristet' : String(year(rng));
	const y = year(rng);
	return rng.weighted<() => string>([
		[() => String(y), 60],
		[() => `${String(rng.int(1, 28)).padStart(2, '0')}.${String(rng.int(1, 12)).padStart(2, '0')}.${y}`, 14],
		[() => `${rng.pick(MONTHS)} ${y}`, 5],
		[() => `Schuljahr ${y}/${String((y + 1) % 100).padStart(2, '0')}`, 5],
		[() => `${y}/${y + rng.int(1, 2)}`, 3],
		[() => `${y} (${towns[0]?.name ?? ''}) ${y + 1} (${towns[1]?.name ?? ''})`, 3],
		[() => '?', 8],
		[() => 'nach Bedarf', 2]
	])();
}

function legalForm(rng: Random, task: Task): string {
	return rng.chance(0.7) ? rng.pick(task.forms) : rng.weighted(LEGAL_FORM_WEIGHTS);
}

function title(rng: Random, task: Task, plan: RegionPlan, partner: Town): string {
	if (rng.chance(0.08)) return `${task.title}, ${rng.pick(TASKS).title}`;
	if (task.details && rng.chance(0.25)) return `${task.title} (${rng.pick(task.details)})`;
	return rng.pick(TITLE_PATTERNS)
		.replace('{t}', task.title).replace('{town}', partner.official).replace('{kreis}', plan.kreis.name);
}

/** How many partners a cooperation names: mostly two or three, sometimes up to eight. */
function partnerCount(rng: Random): number {
	return rng.weighted([[2, 30], [3, 25], [4, 15], [5, 10], [6, 8], [7, 6], [8, 6]]);
}

interface Context {
	rng: Random;
	plan: RegionPlan;
	neighbour: RegionPlan;
	list: 'kreis' | 'kommunen';
	number: number;
}

/** The named partners; `reserved` places are kept free for an outside performer (8 at most in all). */
function participantsOf(ctx: Context, reserved: number): { id: string; name: string }[] {
	const { rng, plan, neighbour, list } = ctx;
	const count = Math.min(partnerCount(rng), 8 - reserved);
	// Some cooperations cross the Kreis border (the Musikschule of Werne with Lüdinghausen).
	const fromNeighbour = rng.chance(0.08) ? Math.min(rng.int(1, 2), count - 1) : 0;
	const chosen: { id: string; name: string }[] = [];
	if (list === 'kreis') chosen.push({ id: plan.kreis.id, name: plan.kreis.name });
	chosen.push(...rng.sample(plan.towns, count - fromNeighbour - chosen.length));
	chosen.push(...rng.sample(neighbour.towns, fromNeighbour));
	return chosen;
}

function cooperation(ctx: Context): CooperationInput {
	const { rng, plan, list, number } = ctx;
	const task = rng.pick(TASKS);
	const performerKind = rng.weighted<CooperationInput['performer']['kind']>([['body', 85], ['jointly', 7], ['each', 2], ['unknown', 6]]);
	// Like the Caritas running the Erziehungsberatungsstelle: a performer that is not a partner.
	const byInstitution = performerKind === 'body' && rng.chance(0.12);
	const bodies = participantsOf(ctx, byInstitution ? 1 : 0);
	const first = bodies[0] as { id: string; name: string };
	const form = legalForm(rng, task);
	const status = rng.weighted<Status>([['active', 86], ['ended', 5], ['planned', 4], ['under_review', 2], ['temporary', 3]]);
	const start = startText(rng, status, plan.towns);
	const performerBody = performerKind !== 'body' ? null : byInstitution ? plan.institution : first;
	const owners = form === 'zweckverband' || form === 'gmbh' || performerKind === 'jointly';
	const participants: ParticipantInput[] = bodies.map((b, i) => ({
		body: b.id,
		role: owners ? 'owner' : i === 0 && performerKind === 'body' && !byInstitution ? 'lead' : list === 'kreis' && i > 0 && rng.chance(0.3) ? 'contract' : 'member',
		...(rng.chance(0.03) ? { joined: String(year(rng)) } : {})
	}));
	if (byInstitution) participants.push({ body: plan.institution.id, role: 'performer' });
	const topics = rng.chance(0.75) ? [task.topics[0] as string] : [...task.topics];
	const partnerTown = plan.towns.find((t) => t.id === bodies[1]?.id) ?? (plan.towns[0] as Town);
	const ended = status === 'ended';
	const endYear = ended ? String(rng.int(2000, 2015)) : null;
	return {
		id: `${plan.input.id}-${list}-${number}`,
		list, number, slide: 40 + Math.floor(number / 8),
		...(list === 'kreis' ? { org_unit: rng.pick(ORG_UNITS) } : {}),
		title: title(rng, task, plan, partnerTown),
		partners_source: bodies.map((b) => b.name).join(', '),
		performer_source: performerBody ? performerBody.name : performerKind === 'jointly' ? 'Beteiligte' : performerKind === 'each' ? 'jeweils selbst' : '?',
		performer: performerBody ? { kind: 'body', body: performerBody.id } : { kind: performerKind },
		legal_form: form, legal_form_source: LEGAL_FORM_SOURCE[form] ?? null,
		start_source: start, start,
		...(ended && rng.chance(0.7) ? { end: endYear } : {}),
		status, topics, derived: ['topics', 'status'], participants,
		partner_groups: rng.chance(0.03) ? [{ label: 'alle kreisangehörigen Kommunen', count: plan.towns.length }] : [],
		events: ended ? [{ kind: 'termination', date: endYear, text: `gekündigt in ${endYear}` }]
			: rng.chance(0.04) ? [{ kind: 'new_version', date: String(year(rng)), text: 'Neufassung der Vereinbarung' }] : []
	};
}

function regionCooperations(rng: Random, plan: RegionPlan, neighbour: RegionPlan, count: number): CooperationInput[] {
	const out: CooperationInput[] = [];
	const numbers = { kreis: 0, kommunen: 0 };
	for (let i = 0; i < count; i++) {
		// About a third of a Kreis's list names the Kreis itself, as in Kreis Unna (31 of 104).
		const list = rng.chance(0.3) ? 'kreis' : 'kommunen';
		out.push(cooperation({ rng, plan, neighbour, list, number: ++numbers[list] }));
	}
	return out;
}

/** Generate the raw records (schema input shape). Deterministic for a given seed and size. */
export function generateRawRegister(seed: number, size: RegisterSize = DEFAULT_SIZE): { region: RegionInput; bodies: BodyInput[]; cooperations: CooperationInput[] }[] {
	const rng = new Random(seed);
	const ids = new IdPool();
	const townCounts = pairedSizes(rng, size.regions, Math.round(size.regions * size.townsPerRegion), 8);
	const plans = townCounts.map((n, i) => planRegion(rng, i, n, ids));
	const coopCounts = pairedSizes(rng, size.regions, size.cooperations, 100);
	return plans.map((plan, i) => ({
		region: plan.input,
		bodies: plan.bodies,
		cooperations: regionCooperations(rng, plan, plans[(i + 1) % plans.length] as RegionPlan, coopCounts[i] ?? 0)
	}));
}

/** Validate with the data-file schemas and check every reference, as readDataSet does for files. */
export function validateRegister(
	raw: ReturnType<typeof generateRawRegister>,
	taxonomies: Pick<DataSet, 'topics' | 'legalForms' | 'tasks'>
): DataSet {
	const regions: RegionData[] = raw.map((r) => ({
		region: regionFile.parse(r.region),
		bodies: bodyFile.parse(r.bodies),
		cooperations: cooperationFile.parse(r.cooperations),
		steering: { conferences: [], fields: [], measures: [], working_groups: [], ideas: [] }
	}));
	const bodyIds = new Set(regions.flatMap((r) => r.bodies.map((b) => b.id)));
	const topicIds = new Set(taxonomies.topics.map((t) => t.id));
	const formIds = new Set(taxonomies.legalForms.map((l) => l.id));
	const problems: string[] = [];
	for (const { cooperations } of regions) {
		for (const c of cooperations) {
			if (!formIds.has(c.legal_form)) problems.push(`${c.id}: Rechtsform ${c.legal_form}`);
			for (const t of c.topics) if (!topicIds.has(t)) problems.push(`${c.id}: Thema ${t}`);
			if (c.performer.body && !bodyIds.has(c.performer.body)) problems.push(`${c.id}: durch ${c.performer.body}`);
			const seen = new Set<string>();
			for (const p of c.participants) {
				if (!bodyIds.has(p.body) || seen.has(p.body)) problems.push(`${c.id}: Beteiligte(r) ${p.body}`);
				seen.add(p.body);
			}
		}
	}
	if (problems.length) throw new Error(`Synthetic register invalid:\n- ${problems.slice(0, 20).join('\n- ')}`);
	return { ...taxonomies, regions };
}
