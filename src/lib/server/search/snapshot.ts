/**
 * The search index of one data generation as bytes (issue 15: cold start ≤ 1.5 s).
 *
 * Building the facet and text indexes reads about 500,000 rows and folds millions of words: many
 * seconds on a national register. An instance that starts on data an instance has indexed before
 * (a restart, a second worker, a replaced worker) reads this snapshot instead: one row of the
 * table index_snapshot (migration 2026-12-07-0027), so every instance of one database finds it,
 * on SQLite and PostgreSQL alike.
 *
 * Layout: a little-endian u32 with the length of a JSON header, the header (strings, lookups,
 * words), zero padding to a multiple of 4, then Int32 columns in the order the header lists them.
 * Strings are stored once and referred to by number (-1: null), so the decoded rows share one
 * copy of each value, as the built index does.
 *
 * A snapshot is only used for the same data generation, the same format, the same build of the
 * app and the same search vocabulary (the key). Snapshots are off unless the server enables them
 * (INDEX_SNAPSHOT, docs/settings.md): scripts and unit tests always build.
 *
 * On SQLite the bytes are also kept in a file beside the database (`<database>.index-snapshot`:
 * a u32 key length, the key, zeros to a 4-byte boundary, the bytes). SQLite reads a 33 MB blob through 8,000 chained overflow
 * pages in 0.3-0.4 s, the file system in a few milliseconds. The table stays the source: a file
 * whose key is not the wanted one is ignored and rewritten from the table.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { dataGeneration } from '../db/generation';
import { sqliteFileOf } from '../db/connect';
import { logLine } from '../ops/log';
import type { DimensionColumn, IndexData, IndexRow, Lookups } from './facet-index';
import { FIELDS, type TextData } from './text-index';
import { sharedListOf } from './shared-lists';
import { EMPTY } from './postings';
import { shippedVocabulary } from './synonyms';

const align4 = (n: number) => Math.ceil(n / 4) * 4;

/** Bump when the layout or what the rows and text data hold changes. */
const FORMAT = 2;
/** How long the data must stay unchanged before a snapshot is written (a burst of edits writes one). */
const QUIET_MS = 10_000;

let buildId: string | null = null;

/** Turn snapshots on for this process, for a build of the app (null: off). */
export function enableIndexSnapshots(build: string | null): void {
	buildId = build;
}

export function indexSnapshotsEnabled(): boolean {
	return buildId !== null;
}

/** The key of the snapshot for a data generation (the vocabulary's words enter through a hash). */
export function snapshotKey(dataRevision: string, build: string): string {
	return `${FORMAT}|${build}|${vocabularyHash()}|${dataRevision}`;
}

let vocabularyDigest: string | null = null;

/** The shipped vocabulary's hash (fixed for the life of the process, so computed once). */
function vocabularyHash(): string {
	if (vocabularyDigest === null) {
		const voc = shippedVocabulary();
		vocabularyDigest = createHash('sha256').update(JSON.stringify([[...voc.synonyms], [...voc.topicDescriptions]])).digest('hex').slice(0, 16);
	}
	return vocabularyDigest;
}

class StringTable {
	readonly list: string[] = [];
	private readonly ids = new Map<string, number>();
	id(v: string | null): number {
		if (v === null) return -1;
		let i = this.ids.get(v);
		if (i === undefined) {
			i = this.list.length;
			this.ids.set(v, i);
			this.list.push(v);
		}
		return i;
	}
}

/** Single-valued string columns of a row, in this order in the snapshot. */
const STRING_COLUMNS = ['list', 'legalForm', 'performer', 'orgUnit', 'status', 'startText', 'endText', 'titleKey', 'confirmedAt'] as const;
/** Multi-valued columns (offsets and values). */
const LIST_COLUMNS = ['topics', 'partners', 'regions'] as const;

interface Header {
	format: number;
	rows: number;
	strings: string[];
	lookups: unknown;
	words: string[];
	surface: (string | null)[];
	places: string[];
	topicWords: [string, string[]][];
	/** Facet columns: the facet generation they were built under, and per column its key, its values and whether it is single-valued. */
	dims: { generation: number; columns: { key: string; dict: string[]; single: boolean }[] } | null;
	/** Names and lengths of the Int32 columns, in the order they follow the header. */
	arrays: [string, number][];
}

function encodeLookups(l: Lookups) {
	return {
		bodies: [...l.bodies].map(([id, b]) => [id, b.name, b.kind, b.regionId, b.regions, b.parentId, b.lat, b.lon]),
		topics: [...l.topics], legalForms: [...l.legalForms], lists: [...l.lists], kreisOf: [...l.kreisOf],
		regionNames: [...l.regionNames], officialNames: [...l.officialNames]
	};
}

type EncodedLookups = ReturnType<typeof encodeLookups>;

function decodeLookups(e: EncodedLookups): Lookups {
	return {
		bodies: new Map(e.bodies.map(([id, name, kind, regionId, regions, parentId, lat, lon]) => [id as string, {
			name: name as string, kind: kind as string, regionId: regionId as string, regions: regions as string[],
			parentId: parentId as string | null, lat: lat as number | null, lon: lon as number | null
		}])),
		topics: new Map(e.topics), legalForms: new Map(e.legalForms), lists: new Map(e.lists), kreisOf: new Map(e.kreisOf),
		regionNames: new Map(e.regionNames), officialNames: new Map(e.officialNames)
	};
}

/** The bytes of an index: its rows, lookups and text data. */
export function encodeSnapshot(data: IndexData, text: TextData): Uint8Array {
	const strings = new StringTable();
	const n = data.rows.length;
	const arrays: [string, Int32Array][] = [];
	const seq = new Int32Array(n);
	const number = new Int32Array(n);
	data.rows.forEach((r, i) => {
		seq[i] = r.seq;
		number[i] = r.number;
	});
	arrays.push(['seq', seq], ['number', number]);
	for (const col of STRING_COLUMNS) {
		const ids = new Int32Array(n);
		data.rows.forEach((r, i) => (ids[i] = strings.id(r[col])));
		arrays.push([col, ids]);
	}
	for (const col of LIST_COLUMNS) {
		const offsets = new Int32Array(n + 1);
		let total = 0;
		for (const r of data.rows) total += r[col].length;
		const values = new Int32Array(total);
		let at = 0;
		data.rows.forEach((r, i) => {
			offsets[i] = at;
			for (const v of r[col]) values[at++] = strings.id(v);
		});
		offsets[n] = at;
		arrays.push([`${col}.offsets`, offsets], [`${col}.values`, values]);
	}
	const words = text.vocab;
	const lengths = new Int32Array(words.length * FIELDS.length);
	let total = 0;
	words.forEach((w, j) => text.postings.get(w)!.forEach((p, k) => {
		lengths[j * FIELDS.length + k] = p.length;
		total += p.length;
	}));
	const postings = new Int32Array(total);
	let at = 0;
	for (const w of words) for (const p of text.postings.get(w)!) {
		postings.set(p, at);
		at += p.length;
	}
	arrays.push(['postings.lengths', lengths], ['postings.values', postings]);
	if (data.dims) for (const c of data.dims.columns) arrays.push(...dimensionArrays(c));
	const header: Header = {
		format: FORMAT, rows: n, strings: strings.list, lookups: encodeLookups(data.lookups), words,
		surface: words.map((w) => text.surface.get(w) ?? null), places: [...text.places],
		topicWords: [...text.topicWords].map(([id, ws]) => [id, [...ws]]),
		dims: data.dims ? { generation: data.dims.generation, columns: data.dims.columns.map((c) => ({ key: c.key, dict: c.dict, single: c.single !== null })) } : null,
		arrays: arrays.map(([name, a]) => [name, a.length])
	};
	const head = Buffer.from(JSON.stringify(header), 'utf8');
	const start = Math.ceil((4 + head.length) / 4) * 4;
	const size = start + arrays.reduce((sum, [, a]) => sum + a.byteLength, 0);
	const out = new Uint8Array(size);
	new DataView(out.buffer).setUint32(0, head.length, true);
	out.set(head, 4);
	let offset = start;
	for (const [, a] of arrays) {
		out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
		offset += a.byteLength;
	}
	return out;
}

/** Rows, lookups and text data from the bytes of encodeSnapshot; null if they are of another format. */
export function decodeSnapshot(bytes: Uint8Array): { data: IndexData; text: TextData } | null {
	if (bytes.length < 4) return null;
	const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
	const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, headLength).toString('utf8')) as Header;
	if (header.format !== FORMAT) return null;
	const start = align4(4 + headLength);
	// The columns are views into the bytes where they lie on a 4-byte boundary (a file read, a
	// blob), else into one aligned copy; the posting lists below are views into those.
	const length = (bytes.length - start) / 4;
	let body: Int32Array;
	if ((bytes.byteOffset + start) % 4 === 0) body = new Int32Array(bytes.buffer, bytes.byteOffset + start, length);
	else {
		body = new Int32Array(length);
		new Uint8Array(body.buffer).set(bytes.subarray(start));
	}
	const col = new Map<string, Int32Array>();
	let at = 0;
	for (const [name, length] of header.arrays) {
		col.set(name, body.subarray(at, at + length));
		at += length;
	}
	const s = header.strings;
	const str = (id: number): string | null => (id < 0 ? null : s[id]!);
	const partnerOffsets = col.get('partners.offsets')!;
	const partnerValues = col.get('partners.values')!;
	const partnersOf = (i: number) => {
		const out: string[] = [];
		for (let k = partnerOffsets[i]!; k < partnerOffsets[i + 1]!; k++) out.push(s[partnerValues[k]!]!);
		return out;
	};
	// Topic and region lists repeat across rows: one shared frozen array each, as the built index has.
	const topicsOf = sharedListOf(col.get('topics.offsets')!, col.get('topics.values')!, s);
	const regionsOf = sharedListOf(col.get('regions.offsets')!, col.get('regions.values')!, s);
	const [list, legalForm, performer, orgUnit, status, startText, endText, titleKey, confirmedAt] = STRING_COLUMNS.map((name) => col.get(name)!);
	const seq = col.get('seq')!;
	const number = col.get('number')!;
	const rows: IndexRow[] = new Array(header.rows);
	for (let i = 0; i < header.rows; i++) {
		// Same fields in the same order as readIndexData, so the objects share one shape.
		rows[i] = {
			seq: seq[i]!, list: s[list![i]!]!, number: number[i]!, legalForm: s[legalForm![i]!]!, performer: s[performer![i]!]!,
			orgUnit: str(orgUnit![i]!), status: s[status![i]!]!, topics: topicsOf(i), partners: partnersOf(i),
			startText: str(startText![i]!), endText: str(endText![i]!), titleKey: s[titleKey![i]!]!,
			confirmedAt: str(confirmedAt![i]!), regions: regionsOf(i)
		};
	}
	const lengths = col.get('postings.lengths')!;
	const values = col.get('postings.values')!;
	const postings = new Map<string, Int32Array[]>();
	let p = 0;
	header.words.forEach((w, j) => {
		postings.set(w, FIELDS.map((_, k) => {
			const length = lengths[j * FIELDS.length + k]!;
			const view = length ? values.subarray(p, p + length) : EMPTY;
			p += length;
			return view;
		}));
	});
	const surface = new Map<string, string>();
	header.words.forEach((w, j) => {
		const spelled = header.surface[j];
		if (spelled !== null && spelled !== undefined) surface.set(w, spelled);
	});
	const text: TextData = {
		postings, vocab: header.words, surface, places: new Set(header.places), rowTopics: rows.map((r) => r.topics),
		topicWords: new Map(header.topicWords.map(([id, ws]) => [id, new Set(ws)]))
	};
	const dims = header.dims ? { generation: header.dims.generation, columns: header.dims.columns.map((c) => dimensionColumn(c, col)) } : undefined;
	return { data: { rows, lookups: decodeLookups(header.lookups as EncodedLookups), ...(dims ? { dims } : {}) }, text };
}

/** A facet column's Int32 arrays: its row values (single, or offsets and values) and its posting lists (lengths, then all). */
function dimensionArrays(c: DimensionColumn): [string, Int32Array][] {
	const out: [string, Int32Array][] = c.single
		? [[`dim.${c.key}.single`, c.single]]
		: [[`dim.${c.key}.offsets`, c.offsets!], [`dim.${c.key}.values`, c.values!]];
	const lengths = Int32Array.from(c.postings, (p) => p.length);
	const all = new Int32Array(lengths.reduce((a, b) => a + b, 0));
	let at = 0;
	for (const p of c.postings) {
		all.set(p, at);
		at += p.length;
	}
	out.push([`dim.${c.key}.postings.lengths`, lengths], [`dim.${c.key}.postings.values`, all]);
	return out;
}

function dimensionColumn(c: { key: string; dict: string[]; single: boolean }, col: Map<string, Int32Array>): DimensionColumn {
	const lengths = col.get(`dim.${c.key}.postings.lengths`)!;
	const all = col.get(`dim.${c.key}.postings.values`)!;
	const postings: Int32Array[] = [];
	let at = 0;
	for (const length of lengths) {
		postings.push(all.subarray(at, at + length));
		at += length;
	}
	return {
		key: c.key, dict: c.dict, idOf: new Map(c.dict.map((v, i) => [v, i])),
		single: c.single ? col.get(`dim.${c.key}.single`)! : null,
		offsets: c.single ? null : col.get(`dim.${c.key}.offsets`)!,
		values: c.single ? null : col.get(`dim.${c.key}.values`)!,
		postings
	};
}

/** Where a SQLite database keeps the file copy of its snapshot (null: no file database). */
export function snapshotFile(db: Kysely<Database>): string | null {
	const file = sqliteFileOf(db);
	return file === null ? null : `${file}.index-snapshot`;
}

const KEY_MAX_BYTES = 4096;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The bytes of the file copy if it holds the snapshot of `key`; null if there is none or another. */
async function readFileCopy(file: string, key: string): Promise<Uint8Array | null> {
	let bytes: Buffer;
	try {
		bytes = await fs.promises.readFile(file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') logLine('warn', 'Suchindex-Schnappschuss-Datei nicht lesbar', { error: message(e) });
		return null;
	}
	if (bytes.length < 4) return null;
	const keyLength = bytes.readUInt32LE(0);
	if (keyLength > KEY_MAX_BYTES || align4(4 + keyLength) > bytes.length || bytes.toString('utf8', 4, 4 + keyLength) !== key) return null;
	return bytes.subarray(align4(4 + keyLength));
}

/** Writes the file copy (a temporary file renamed over the old one, so a reader never sees half). */
async function writeFileCopy(file: string, key: string, bytes: Uint8Array): Promise<void> {
	const keyBytes = Buffer.from(key, 'utf8');
	// The length, then the key padded with zeros to a 4-byte boundary, so the columns can be read in place.
	const head = Buffer.alloc(align4(4 + keyBytes.length) - keyBytes.length);
	head.writeUInt32LE(keyBytes.length, 0);
	const tmp = `${file}.${process.pid}.tmp`;
	const handle = await fs.promises.open(tmp, 'w', 0o600);
	try {
		await handle.writev([head.subarray(0, 4), keyBytes, head.subarray(4), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
	} finally {
		await handle.close();
	}
	await fs.promises.rename(tmp, file);
}

/** The snapshot of a data generation, if one is stored and snapshots are on. */
export async function readSnapshot(db: Kysely<Database>, dataRevision: string): Promise<{ data: IndexData; text: TextData } | null> {
	if (buildId === null) return null;
	const key = snapshotKey(dataRevision, buildId);
	const file = snapshotFile(db);
	let bytes = file === null ? null : await readFileCopy(file, key);
	if (bytes === null) {
		const row = await db.selectFrom('index_snapshot').select('bytes').where('key', '=', key).executeTakeFirst();
		if (!row) return null;
		bytes = row.bytes;
		if (file !== null) {
			writeFileCopy(file, key, bytes).catch((e: unknown) => logLine('warn', 'Suchindex-Schnappschuss-Datei nicht geschrieben', { error: message(e) }));
		}
	}
	try {
		return decodeSnapshot(bytes);
	} catch (e) {
		logLine('warn', 'Suchindex-Schnappschuss unlesbar, Index wird neu aufgebaut', { error: message(e) });
		return null;
	}
}

/** Store the snapshot of a data generation (replacing any other); skipped if it is there already. */
export async function writeSnapshot(db: Kysely<Database>, dataRevision: string, data: IndexData, text: TextData, build: string): Promise<boolean> {
	const key = snapshotKey(dataRevision, build);
	if (await db.selectFrom('index_snapshot').select('key').where('key', '=', key).executeTakeFirst()) return false;
	const bytes = encodeSnapshot(data, text);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('index_snapshot').where('key', '!=', key).execute();
		await trx.insertInto('index_snapshot').values({ key, bytes, created_at: new Date().toISOString() })
			.onConflict((oc) => oc.column('key').doNothing()).execute();
	});
	const file = snapshotFile(db);
	if (file !== null) await writeFileCopy(file, key, bytes).catch((e: unknown) => logLine('warn', 'Suchindex-Schnappschuss-Datei nicht geschrieben', { error: message(e) }));
	return true;
}

/**
 * After an index was built from the database: once the data have stayed unchanged for QUIET_MS,
 * build its text index too and store both (in the background; a failure is logged, never thrown).
 */
export function scheduleSnapshot(db: Kysely<Database>, dataRevision: string, data: IndexData, text: () => Promise<TextData>, quietMs = QUIET_MS): void {
	const build = buildId;
	if (build === null) return;
	const timer = setTimeout(() => {
		void (async () => {
			if ((await dataGeneration(db)) !== dataRevision) return;
			const written = await writeSnapshot(db, dataRevision, data, await text(), build);
			if (written) logLine('info', 'Suchindex-Schnappschuss gespeichert', { revision: dataRevision.split('/')[0], rows: data.rows.length });
		})().catch((e: unknown) => logLine('warn', 'Suchindex-Schnappschuss nicht gespeichert', { error: message(e) }));
	}, quietMs);
	timer.unref();
}
