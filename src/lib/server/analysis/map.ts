/**
 * A schematic map of who works with whom in one region: bodies at their (approximate) positions,
 * lines between bodies that share cooperations, thicker for more.
 *
 * Which cooperations: those in which a body of the region takes part, narrowed by topic and/or one
 * body. Which bodies: every participant of those cooperations, plus the region's Kreis and its
 * towns as a frame of reference (drawn muted when they take no part). Links: pairs of bodies that
 * share at least one of the cooperations; with a body chosen, only the pairs with that body (its
 * partners and how often). Positions are projected equirectangularly with the cos(latitude)
 * correction and fitted into the drawing; when partners lie far outside the region, distances
 * beyond the region's own area are shortened (directions kept, see `shortened`). Bodies at the same
 * place are spread on a small ring. Bodies without a position are listed separately ("ohne Ort").
 * A body without a place of its own stands at its seat (data file `seat`, position from the
 * national directory): `MapNode.seat` names that Gemeinde. In the standalone SVG, every body whose
 * name label had to be left out gets a number at its circle and a line in a numbered key.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex } from '../search/facet-index';
import { seatsOf } from './seat';
import { matchesTopic, pickTopic, topicFilterLabel, topicOptions } from './topic-filter';

export interface MapFilter {
	regionId: string;
	topic?: string | null;
	body?: string | null;
}

export interface MapNode {
	id: string;
	name: string;
	/** The text drawn next to the circle (the name, shortened when very long). */
	label: string;
	kind: string;
	x: number;
	y: number;
	r: number;
	labelX: number;
	labelY: number;
	anchor: 'start' | 'middle' | 'end';
	/** Whether the label is drawn (false: it would cover another label or circle). */
	labeled: boolean;
	/** The large label for narrow screens (font NARROW_FONT); null when it would collide. */
	narrow: LabelSpot | null;
	/** The region's Kreis or one of its towns (others are partners: neighbours, companies, agencies). */
	home: boolean;
	/** Shown for orientation only: takes part in none of the selected cooperations. */
	context: boolean;
	/** Selected cooperations it takes part in. */
	cooperations: number;
	/** Drawn at its seat: the name of the Gemeinde whose directory position it has; null otherwise. */
	seat: string | null;
	/** Its number in the key (`RegionMap.key`) when the name label is left out; null when labelled. */
	keyNumber: number | null;
	/** Where that number is drawn (beside the circle, or on it when there is no free spot). */
	keySpot: LabelSpot | null;
}

/** One line of the numbered key: a body whose name label was left out. */
export interface MapKeyEntry {
	number: number;
	id: string;
	name: string;
}

export interface MapCooperation {
	id: string;
	title: string;
	list: string;
	number: number | null;
}

export interface MapLink {
	a: { id: string; name: string };
	b: { id: string; name: string };
	weight: number;
	/** Ids of the shared cooperations (details in `RegionMap.cooperations`). */
	cooperations: string[];
	/** The line in the drawing; null when a body has no position. */
	line: { x1: number; y1: number; x2: number; y2: number; width: number } | null;
}

export interface MapOption {
	id: string;
	label: string;
}

export interface RegionMap {
	filter: { regionId: string; topic: string | null; body: string | null };
	regionName: string;
	topicLabel: string | null;
	bodyName: string | null;
	width: number;
	height: number;
	/** Font size (drawing units) of the narrow screens' labels (`MapNode.narrow`). */
	narrowFont: number;
	/** Stroke width of a link of weight 1 and of the heaviest link (for the legend). */
	strokeScale: { maxWeight: number; minWidth: number; maxWidth: number };
	/** Distances beyond the region's own area are shortened (directions kept). */
	shortened: boolean;
	cooperationCount: number;
	/** The cooperations the links name, by id (once each, however many links name them). */
	cooperations: Record<string, MapCooperation>;
	nodes: MapNode[];
	links: MapLink[];
	withoutPosition: { id: string; name: string; kind: string; cooperations: number }[];
	/** The bodies whose name label is left out, numbered (by name) as drawn at their circles. */
	key: MapKeyEntry[];
	options: { regions: MapOption[]; topics: MapOption[]; bodies: MapOption[] };
}

const WIDTH = 960;
const MAX_HEIGHT = 760;
const MIN_HEIGHT = 420;
const PAD_X = 90;
const PAD_TOP = 40;
// Room for the legend at the bottom.
const PAD_BOTTOM = 125;
const FONT = 12;
/**
 * Label size for phones: the page shows the drawing at 320 px or more (a 390 px screen less the
 * margins and the scroll bar), so labels of 36 units of the 960 wide drawing are at least 12 px there.
 */
export const NARROW_FONT = 36;
/** The narrowest width (px) at which the page shows the map; see NARROW_FONT. */
export const NARROW_MIN_PX = 320;
/** Font size of the key numbers drawn at the circles. */
export const KEY_FONT = 10;
const MIN_STROKE = 1.2;
const MAX_STROKE = 9;
const CHUNK = 500;
const MUNICIPAL = new Set(['kreis', 'stadt', 'gemeinde']);
const TOWNS = new Set(['stadt', 'gemeinde']);

export type Box = { x1: number; y1: number; x2: number; y2: number };

const overlap = (a: Box, b: Box): number =>
	Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));

const shorten = (name: string): string => (name.length > 30 ? `${name.slice(0, 28).trimEnd()}…` : name);
// Fira Sans is narrow; 0.56 em per character is a safe upper estimate for mixed text.
const textWidth = (s: string, font = FONT): number => s.length * font * 0.56;
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Where a label is drawn: anchor point, text-anchor and the box it covers (estimated). */
export interface LabelSpot {
	x: number;
	y: number;
	anchor: 'start' | 'middle' | 'end';
}

/** The box a label covers, from its anchor point (the estimate the placement uses). */
export function labelBox(label: string, spot: LabelSpot, font: number): Box {
	const w = textWidth(label, font);
	const x1 = spot.anchor === 'start' ? spot.x : spot.anchor === 'end' ? spot.x - w : spot.x - w / 2;
	const y1 = spot.y - font * 0.82;
	return { x1, y1, x2: x1 + w, y2: y1 + font };
}

/**
 * Greedy label placement: in the given order, each node's label goes to the candidate spot (12
 * directions at three distances) with the lowest cost (turning away from the preferred direction,
 * distance, overlap); a label whose best spot still overlaps a placed label or another node's
 * circle, or leaves the bounds, gets none (null).
 */
function placeLabels(order: MapNode[], all: MapNode[], font: number, bounds: Box, outward: Map<string, number>,
	text: (n: MapNode) => string = (n) => n.label, taken: Box[] = []): Map<MapNode, LabelSpot | null> {
	const out = new Map<MapNode, LabelSpot | null>();
	const circles = all.map((n) => ({ id: n.id, box: { x1: n.x - n.r, y1: n.y - n.r, x2: n.x + n.r, y2: n.y + n.r } }));
	const placed: Box[] = [...taken];
	const gap = font / 4;
	for (const node of order) {
		const w = textWidth(text(node), font);
		const h = font;
		const prefer = outward.get(node.id) ?? 0;
		let best: { spot: LabelSpot; box: Box; clash: number } | null = null;
		let bestScore = Infinity;
		for (const extra of [0, 0.75 * font, 1.5 * font]) {
			for (let step = 0; step < 12; step++) {
				const angle = (step * Math.PI) / 6;
				const g = node.r + gap + extra;
				const ax = node.x + g * Math.cos(angle);
				const ay = node.y + g * Math.sin(angle);
				const c = Math.cos(angle);
				const sn = Math.sin(angle);
				const anchor: LabelSpot['anchor'] = c > 0.3 ? 'start' : c < -0.3 ? 'end' : 'middle';
				const x1 = anchor === 'start' ? ax : anchor === 'end' ? ax - w : ax - w / 2;
				const y1 = sn > 0.3 ? ay : sn < -0.3 ? ay - h : ay - h / 2;
				const box = { x1, y1, x2: x1 + w, y2: y1 + h };
				const turn = Math.abs(Math.atan2(Math.sin(angle - prefer), Math.cos(angle - prefer)));
				let clash = 0;
				for (const l of placed) clash += overlap(box, l) * 2;
				for (const b of circles) if (b.id !== node.id) clash += overlap(box, b.box) * 3;
				clash += (Math.max(0, bounds.x1 - box.x1) + Math.max(0, box.x2 - bounds.x2) + Math.max(0, bounds.y1 - box.y1) + Math.max(0, box.y2 - bounds.y2)) * 1000;
				const score = turn * 6 + (extra * 48) / font + clash;
				if (score < bestScore) {
					bestScore = score;
					best = { spot: { x: round1(anchor === 'start' ? box.x1 : anchor === 'end' ? box.x2 : (box.x1 + box.x2) / 2), y: round1(box.y1 + h * 0.82), anchor }, box, clash };
				}
			}
		}
		if (!best || best.clash > 0) {
			out.set(node, null);
			continue;
		}
		out.set(node, best.spot);
		placed.push(labelBox(text(node), best.spot, font));
	}
	return out;
}

async function positions(db: Kysely<Database>, ids: string[]): Promise<Map<string, { lat: number; lon: number }>> {
	const out = new Map<string, { lat: number; lon: number }>();
	for (let i = 0; i < ids.length; i += CHUNK) {
		const rows = await db.selectFrom('body').select(['id', 'lat', 'lon']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
		for (const r of rows) if (r.lat !== null && r.lon !== null) out.set(r.id, { lat: r.lat, lon: r.lon });
	}
	return out;
}

async function cooperationInfo(db: Kysely<Database>, seqs: number[]): Promise<Map<number, MapCooperation>> {
	const out = new Map<number, MapCooperation>();
	for (let i = 0; i < seqs.length; i += CHUNK) {
		const rows = await db.selectFrom('cooperation').select(['seq', 'id', 'title', 'list', 'number'])
			.where('seq', 'in', seqs.slice(i, i + CHUNK)).execute();
		for (const r of rows) out.set(r.seq, { id: r.id, title: r.title, list: r.list, number: r.number });
	}
	return out;
}

/** The regions there are, for choosing one (by name). */
export async function mapRegions(db: Kysely<Database>): Promise<MapOption[]> {
	return (await db.selectFrom('region').select(['id', 'name']).orderBy('name').execute()).map((r) => ({ id: r.id, label: r.name }));
}

type Index = Awaited<ReturnType<typeof facetIndex>>;
type Lookups = Index['lookups'];
type Point = { x: number; y: number };
type Pair = { a: string; b: string; seqs: number[] };

/** Step 1: the region's cooperation rows and those the filter selects (unknown topic/body dropped). */
function selectRows(index: Index, regions: MapOption[], filter: MapFilter) {
	const { rows, lookups } = index;
	const regionId = filter.regionId;
	const region = regions.find((r) => r.id === regionId);
	const topic = pickTopic(lookups, filter.topic);
	const body = filter.body && lookups.bodies.has(filter.body) ? filter.body : null;
	const regionRows = region ? Array.from(index.rowsOfRegion(regionId), (i) => rows[i]!) : [];
	const selected = regionRows.filter((r) => matchesTopic(r, topic) && (!body || r.partners.includes(body)));
	return { regionId, region, topic, body, regionRows, selected };
}

/** Step 2: how many selected cooperations each body takes part in, and the pairs that share them. */
function participation(selected: { seq: number; partners: string[] }[], body: string | null) {
	const counts = new Map<string, number>();
	const pairs = new Map<string, Pair>();
	const addPair = (x: string, y: string, seq: number) => {
		const [a, b] = x < y ? [x, y] : [y, x];
		const key = `${a}\u0000${b}`;
		let p = pairs.get(key);
		if (!p) pairs.set(key, (p = { a, b, seqs: [] }));
		p.seqs.push(seq);
	};
	for (const r of selected) {
		const partners = [...new Set(r.partners)];
		for (const p of partners) counts.set(p, (counts.get(p) ?? 0) + 1);
		if (body) {
			for (const p of partners) if (p !== body) addPair(body, p, r.seq);
		} else {
			for (let i = 0; i < partners.length; i++) for (let j = i + 1; j < partners.length; j++) addPair(partners[i]!, partners[j]!, r.seq);
		}
	}
	return { counts, pairs };
}

/** Step 3: the region's Kreis and its towns – a frame of reference, and the area drawn true to scale. */
function frameOf(lookups: Lookups, regionId: string): string[] {
	const kreis = lookups.kreisOf.get(regionId) ?? null;
	return [...lookups.bodies]
		.filter(([id, b]) => b.regionId === regionId
			? (kreis ? id === kreis || (b.parentId === kreis && TOWNS.has(b.kind)) : MUNICIPAL.has(b.kind))
			// Members of a region created from the directory (decision 0008): its unit and its towns.
			: b.regions.includes(regionId) && (id === kreis || TOWNS.has(b.kind)))
		.map(([id]) => id);
}

/**
 * Step 4: projection. x = lon * cos(lat0), y = -lat (equirectangular, true to scale near lat0).
 * Partners far away (a data centre in Cologne) would squeeze the region into a corner. Beyond the
 * region's own area, distances from its centre are shortened logarithmically: directions stay
 * true, the region keeps most of the drawing.
 */
function project(pos: Map<string, { lat: number; lon: number }>, placed: string[], frame: string[]) {
	const lats = placed.map((id) => pos.get(id)!.lat);
	const lat0 = lats.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : 0;
	const k = Math.cos((lat0 * Math.PI) / 180);
	const raw = new Map(placed.map((id) => [id, { x: pos.get(id)!.lon * k, y: -pos.get(id)!.lat }]));
	const homeIds = new Set(frame.filter((id) => raw.has(id)));
	const centreOf = (pts: Point[]) => ({
		x: pts.reduce((s, p) => s + p.x, 0) / Math.max(1, pts.length),
		y: pts.reduce((s, p) => s + p.y, 0) / Math.max(1, pts.length)
	});
	const homePts = [...homeIds].map((id) => raw.get(id)!);
	const centre = centreOf(homePts.length ? homePts : [...raw.values()]);
	const dist = (p: Point) => Math.hypot(p.x - centre.x, p.y - centre.y);
	const r0 = homePts.length >= 2 ? Math.max(...homePts.map(dist)) * 1.15 : 0;
	const dMax = Math.max(0, ...[...raw.values()].map(dist));
	const shortened = r0 > 0 && dMax > 1.5 * r0;
	const OUTER = 0.75;
	const proj = new Map<string, Point>();
	for (const [id, p] of raw) {
		const d = dist(p);
		if (!shortened || d <= r0) {
			proj.set(id, p);
			continue;
		}
		const d2 = r0 * (1 + (OUTER * Math.log(1 + (d - r0) / r0)) / Math.log(1 + (dMax - r0) / r0));
		proj.set(id, { x: centre.x + ((p.x - centre.x) * d2) / d, y: centre.y + ((p.y - centre.y) * d2) / d });
	}
	return { proj, homeIds, centre, shortened };
}

/** Step 5: fit the projected points into the drawing (width fixed, height within its limits). */
function fit(proj: Map<string, Point>) {
	const xs = [...proj.values()].map((p) => p.x);
	const ys = [...proj.values()].map((p) => p.y);
	const minX = xs.length ? Math.min(...xs) : 0;
	const minY = ys.length ? Math.min(...ys) : 0;
	const dx = xs.length ? Math.max(...xs) - minX : 0;
	const dy = ys.length ? Math.max(...ys) - minY : 0;
	const innerW = WIDTH - 2 * PAD_X;
	let scale = dx > 0 ? innerW / dx : Infinity;
	if (dy > 0) scale = Math.min(scale, (MAX_HEIGHT - PAD_TOP - PAD_BOTTOM) / dy);
	if (!Number.isFinite(scale)) scale = 1;
	const height = Math.max(MIN_HEIGHT, Math.round(dy * scale + PAD_TOP + PAD_BOTTOM));
	const offX = PAD_X + (innerW - dx * scale) / 2;
	const offY = PAD_TOP + (height - PAD_TOP - PAD_BOTTOM - dy * scale) / 2;
	const screen = (p: Point): Point => ({ x: offX + (p.x - minX) * scale, y: offY + (p.y - minY) * scale });
	return { height, screen };
}

const byImportance = (a: MapNode, b: MapNode) =>
	Number(b.home) - Number(a.home) || b.cooperations - a.cooperations || a.name.localeCompare(b.name, 'de');

/**
 * Step 6: bodies at (nearly) the same place (companies at their seat town) are spread on a small
 * ring. Returns the direction each label prefers: away from its ring's or the map's centre.
 */
function spreadClusters(nodes: MapNode[], centre: Point): Map<string, number> {
	const outward = new Map<string, number>();
	const clusters: MapNode[][] = [];
	for (const node of [...nodes].sort(byImportance)) {
		const c = clusters.find((cl) => Math.hypot(cl[0]!.x - node.x, cl[0]!.y - node.y) < 10);
		if (c) c.push(node);
		else clusters.push([node]);
	}
	for (const c of clusters) {
		const head = c[0]!;
		outward.set(head.id, Math.atan2(head.y - centre.y, head.x - centre.x));
		if (c.length < 2) continue;
		// The first (a town) stays in place; the others go round it.
		const ring = Math.max(18, ((c.length - 1) * 17) / (2 * Math.PI));
		c.slice(1).forEach((node, i) => {
			const angle = -Math.PI / 2 + (2 * Math.PI * i) / (c.length - 1);
			node.x = head.x + ring * Math.cos(angle);
			node.y = head.y + ring * Math.sin(angle);
			outward.set(node.id, angle);
		});
	}
	for (const node of nodes) {
		node.x = round1(node.x);
		node.y = round1(node.y);
	}
	return outward;
}

/**
 * Step 7: labels. For each body (the region's own first, then the most connected) the candidate
 * position that covers the least of the circles and of the labels placed so far; a label that
 * would still cover another label or another body's circle is left out (every name stays in the
 * circle's tooltip and in the page's lists). Twice: at the drawing's own size, and large enough to
 * stay readable when the drawing is shrunk to a phone's width (`NARROW_FONT`). Then every body
 * without a (wide) label gets a number for the key, beside its circle where there is room, else on it.
 */
function labelNodes(nodes: MapNode[], height: number, outward: Map<string, number>): MapKeyEntry[] {
	const order = [...nodes].sort(byImportance);
	const bounds = { x1: 4, y1: 4, x2: WIDTH - 4, y2: height - PAD_BOTTOM + 12 };
	const taken: Box[] = [];
	for (const [node, spot] of placeLabels(order, nodes, FONT, bounds, outward)) {
		node.labelX = spot?.x ?? 0;
		node.labelY = spot?.y ?? 0;
		node.anchor = spot?.anchor ?? 'start';
		node.labeled = spot !== null;
		if (spot) taken.push(labelBox(node.label, spot, FONT));
	}
	// On a phone only the bodies that take part get a (large) label; the frame stays unlabelled.
	for (const [node, spot] of placeLabels(order.filter((n) => !n.context), nodes, NARROW_FONT, bounds, outward)) node.narrow = spot;

	const unlabelled = nodes.filter((n) => !n.labeled).sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
	const key = unlabelled.map((n, i) => ({ number: i + 1, id: n.id, name: n.name }));
	unlabelled.forEach((n, i) => (n.keyNumber = i + 1));
	const spots = placeLabels(unlabelled, nodes, KEY_FONT, bounds, outward, (n) => String(n.keyNumber), taken);
	for (const n of unlabelled) n.keySpot = spots.get(n) ?? { x: n.x, y: round1(n.y + KEY_FONT * 0.35), anchor: 'middle' };
	return key;
}

/** Step 8: the links, heaviest first, with their lines and the cooperations behind them. */
async function buildLinks(db: Kysely<Database>, pairs: Map<string, Pair>, nodes: MapNode[], nameOf: (id: string) => string) {
	const info = await cooperationInfo(db, [...new Set([...pairs.values()].flatMap((p) => p.seqs))]);
	const maxWeight = Math.max(1, ...[...pairs.values()].map((p) => p.seqs.length));
	const strokeWidth = (w: number) => round1(maxWeight === 1 ? MIN_STROKE : MIN_STROKE + ((MAX_STROKE - MIN_STROKE) * (w - 1)) / (maxWeight - 1));
	const nodeById = new Map(nodes.map((n) => [n.id, n]));
	const links: MapLink[] = [...pairs.values()]
		.map((p) => {
			const na = nodeById.get(p.a);
			const nb = nodeById.get(p.b);
			return {
				a: { id: p.a, name: nameOf(p.a) },
				b: { id: p.b, name: nameOf(p.b) },
				weight: p.seqs.length,
				cooperations: p.seqs.map((s) => info.get(s)?.id).filter((c): c is string => c !== undefined),
				line: na && nb ? { x1: na.x, y1: na.y, x2: nb.x, y2: nb.y, width: strokeWidth(p.seqs.length) } : null
			};
		})
		.sort((x, y) => y.weight - x.weight || x.a.name.localeCompare(y.a.name, 'de') || x.b.name.localeCompare(y.b.name, 'de'));
	const strokeScale = { maxWeight, minWidth: MIN_STROKE, maxWidth: strokeWidth(maxWeight) };
	return { links, strokeScale, cooperations: Object.fromEntries([...info.values()].map((c) => [c.id, c])) };
}

export async function regionMap(db: Kysely<Database>, filter: MapFilter): Promise<RegionMap> {
	const index = await facetIndex(db);
	const { lookups } = index;
	const regions = await mapRegions(db);
	const { regionId, region, topic, body, regionRows, selected } = selectRows(index, regions, filter);
	const { counts, pairs } = participation(selected, body);
	const frame = frameOf(lookups, regionId);
	const nodeIds = [...new Set([...counts.keys(), ...frame, ...(body ? [body] : [])])];
	const pos = await positions(db, nodeIds);
	const nameOf = (id: string) => lookups.bodies.get(id)?.name ?? id;

	const placed = nodeIds.filter((id) => pos.has(id));
	const { proj, homeIds, centre, shortened } = project(pos, placed, frame);
	const { height, screen } = fit(proj);
	const maxCount = Math.max(1, ...counts.values());
	const nodes: MapNode[] = placed.map((id) => {
		const p = screen(proj.get(id)!);
		const n = counts.get(id) ?? 0;
		return {
			id, name: nameOf(id), label: shorten(nameOf(id)), kind: lookups.bodies.get(id)?.kind ?? 'sonstige', x: p.x, y: p.y,
			r: n === 0 ? 4 : round1(4.5 + 4.5 * Math.sqrt(n / maxCount)),
			labelX: 0, labelY: 0, anchor: 'start', labeled: false, narrow: null, home: homeIds.has(id), context: n === 0, cooperations: n,
			seat: null, keyNumber: null, keySpot: null
		};
	});
	const seatCandidates = nodes.map((n) => ({ id: n.id, kind: n.kind, lat: pos.get(n.id)!.lat, lon: pos.get(n.id)!.lon }));
	for (const [id, seat] of await seatsOf(db, seatCandidates, (bid) => lookups.bodies.get(bid)?.name)) nodes.find((n) => n.id === id)!.seat = seat;
	const outward = spreadClusters(nodes, screen(centre));
	const key = labelNodes(nodes, height, outward);
	const { links, strokeScale, cooperations } = await buildLinks(db, pairs, nodes, nameOf);

	const withoutPosition = nodeIds.filter((id) => !pos.has(id) && (counts.get(id) ?? 0) > 0)
		.map((id) => ({ id, name: nameOf(id), kind: lookups.bodies.get(id)?.kind ?? 'sonstige', cooperations: counts.get(id) ?? 0 }))
		.sort((a, b) => a.name.localeCompare(b.name, 'de'));
	const regionBodies = new Set(regionRows.flatMap((r) => r.partners));
	return {
		filter: { regionId, topic, body },
		regionName: region?.label ?? regionId,
		topicLabel: topic ? topicFilterLabel(lookups, topic) : null,
		bodyName: body ? nameOf(body) : null,
		width: WIDTH,
		height,
		narrowFont: NARROW_FONT,
		strokeScale,
		shortened,
		cooperationCount: selected.length,
		cooperations,
		// Drawn in this order: frame first, then the others, so that links sit on top of muted circles.
		nodes: nodes.sort((a, b) => Number(b.context) - Number(a.context) || a.name.localeCompare(b.name, 'de')),
		links,
		withoutPosition,
		key,
		options: {
			regions,
			topics: topicOptions(lookups, regionRows, topic),
			bodies: [...regionBodies, ...(body && !regionBodies.has(body) ? [body] : [])]
				.map((id) => ({ id, label: nameOf(id) }))
				.sort((a, b) => a.label.localeCompare(b.label, 'de'))
		}
	};
}
