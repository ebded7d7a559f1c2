/**
 * Reading a zip we do not trust. Sizes in the headers are never believed: every entry is inflated
 * through fflate's streaming `Unzip`, fed in small chunks, and the inflated bytes are counted while
 * they come out, so a zip bomb is stopped after at most one chunk's worth of output beyond the limit.
 * The number of entries is capped as they are met. Only the entries the caller keeps are held in
 * memory; the others are inflated (and counted) and dropped.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { fmtBytes, fmtCount, TableError, type TableLimits } from './types';

/** Compressed bytes pushed at a time: deflate expands at most ~1032:1, so one push yields ≤ ~16 MB. */
const CHUNK = 16 * 1024;
const EOCD_SIGNATURE = 0x06054b50;

export interface ZipContents {
	/** Every entry name (normalised: forward slashes, no leading slash), in file order. */
	names: string[];
	/** The kept entries by lower-cased name (OPC part names are case-insensitive). */
	files: Map<string, Uint8Array>;
}

const u32 = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const u16 = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);

/** Where the End of Central Directory record starts, or -1 (a truncated or broken zip has none). */
function findEocd(bytes: Uint8Array): number {
	const min = Math.max(0, bytes.length - 22 - 0xffff);
	for (let i = bytes.length - 22; i >= min; i--) {
		if (u32(bytes, i) === EOCD_SIGNATURE && i + 22 + u16(bytes, i + 20) <= bytes.length) return i;
	}
	return -1;
}

export const normaliseEntryName = (name: string): string => name.replace(/\\/g, '/').replace(/^\/+/, '');

const broken = (detail: string) => new TableError('broken', `Die Datei ist beschädigt oder unvollständig und kann nicht gelesen werden (${detail}).`);

export function zipBombError(limits: TableLimits): TableError {
	return new TableError('zip-bomb', `Die Datei würde entpackt größer als ${fmtBytes(limits.maxUnpackedBytes)}; erlaubt sind höchstens ${fmtBytes(limits.maxUnpackedBytes)}. Sie wird aus Sicherheitsgründen nicht gelesen.`);
}

function tooManyEntries(limits: TableLimits): TableError {
	return new TableError('zip-bomb', `Die Datei besteht aus mehr als ${fmtCount(limits.maxZipEntries)} Teilen (ZIP-Einträgen); erlaubt sind höchstens ${fmtCount(limits.maxZipEntries)}. Sie wird aus Sicherheitsgründen nicht gelesen.`);
}

/**
 * Inflate a zip under the limits `maxZipEntries` and `maxUnpackedBytes` (all entries together).
 * `keep(name)` says which entries to return. Throws TableError: 'zip-bomb' over a limit,
 * 'broken' for a truncated or corrupt zip, duplicate names or an unknown compression method.
 */
export function unzipGuarded(bytes: Uint8Array, limits: TableLimits, keep: (name: string) => boolean): ZipContents {
	const eocd = findEocd(bytes);
	if (eocd < 0) throw broken('das Inhaltsverzeichnis am Ende der ZIP-Datei fehlt');
	// The declared count is only a cheap early refusal; the real count is taken below.
	if (u16(bytes, eocd + 10) !== 0xffff && u16(bytes, eocd + 10) > limits.maxZipEntries) throw tooManyEntries(limits);

	const names: string[] = [];
	const seen = new Set<string>();
	const files = new Map<string, Uint8Array>();
	const open = new Set<string>();
	let inflated = 0;
	let failure: unknown = null;

	const unzip = new Unzip((file: UnzipFile) => {
		if (failure) return;
		const name = normaliseEntryName(file.name);
		const key = name.toLowerCase();
		if (names.length + 1 > limits.maxZipEntries) throw (failure = tooManyEntries(limits));
		if (seen.has(key)) throw (failure = broken(`der Eintrag „${name.slice(0, 100)}“ kommt zweimal vor`));
		names.push(name);
		seen.add(key);
		if (file.compression !== 0 && file.compression !== 8) throw (failure = broken(`nicht unterstützte Kompression ${file.compression}`));
		const chunks: Uint8Array[] | null = name.endsWith('/') || !keep(name) ? null : [];
		open.add(key);
		file.ondata = (err, data, final) => {
			if (failure) throw failure;
			if (err) throw (failure = broken(`Eintrag „${name.slice(0, 100)}“ lässt sich nicht entpacken`));
			inflated += data.length;
			if (inflated > limits.maxUnpackedBytes) {
				file.terminate();
				throw (failure = zipBombError(limits));
			}
			if (chunks && data.length) chunks.push(data);
			if (final) {
				open.delete(key);
				if (chunks) files.set(key, concat(chunks));
			}
		};
		file.start();
	});
	unzip.register(UnzipInflate);

	try {
		for (let i = 0; i < bytes.length; i += CHUNK) {
			unzip.push(bytes.subarray(i, Math.min(i + CHUNK, bytes.length)), i + CHUNK >= bytes.length);
		}
	} catch (e) {
		if (failure) throw failure;
		if (e instanceof TableError) throw e;
		throw broken('die ZIP-Daten sind fehlerhaft');
	}
	if (failure) throw failure;
	if (open.size > 0) throw broken('ein Eintrag endet vorzeitig');
	if (names.length === 0) throw broken('die ZIP-Datei ist leer');
	return { names, files };
}

function concat(chunks: Uint8Array[]): Uint8Array {
	if (chunks.length === 1) return chunks[0]!;
	let n = 0;
	for (const c of chunks) n += c.length;
	const out = new Uint8Array(n);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.length;
	}
	return out;
}
