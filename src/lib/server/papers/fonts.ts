/**
 * Fonts for the PDF: Noto Sans (Regular, Bold) as shipped by the KERN design system
 * (@kern-ux/native, dist/fonts/noto-sans/*.woff), embedded (subset) by pdfkit/fontkit.
 *
 * The package has no "exports" map, so its package.json resolves from here; in a build whose
 * chunks live elsewhere, node_modules under the working directory is tried as well. No font, no
 * PDF: a clear error instead of a PDF with a substitute font.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

export interface PdfFonts {
	/** The fonts as plain TrueType (sfnt), unpacked from the WOFF files. */
	regular: Buffer;
	bold: Buffer;
}

/**
 * WOFF 1.0 → sfnt (TrueType): inflate the zlib-compressed tables and lay them out again
 * (W3C WOFF File Format 1.0). fontkit reads WOFF too, but re-inflates tables on every glyph
 * lookup, which made laying out a 15-page paper take 20 s; the unpacked font takes well under one.
 */
export function woffToSfnt(woff: Buffer): Buffer {
	if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('Keine WOFF-Datei');
	const flavor = woff.readUInt32BE(4);
	const numTables = woff.readUInt16BE(12);
	const tables: { tag: string; checksum: number; data: Buffer }[] = [];
	for (let i = 0; i < numTables; i++) {
		const e = 44 + i * 20;
		const offset = woff.readUInt32BE(e + 4);
		const compLength = woff.readUInt32BE(e + 8);
		const origLength = woff.readUInt32BE(e + 12);
		const raw = woff.subarray(offset, offset + compLength);
		const data = compLength < origLength ? zlib.inflateSync(raw) : Buffer.from(raw);
		if (data.length !== origLength) throw new Error('WOFF-Tabelle beschädigt');
		tables.push({ tag: woff.toString('latin1', e, e + 4), checksum: woff.readUInt32BE(e + 16), data });
	}
	tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
	const pad = (n: number) => (n + 3) & ~3;
	const headerSize = 12 + 16 * numTables;
	const size = tables.reduce((n, t) => n + pad(t.data.length), headerSize);
	const out = Buffer.alloc(size);
	let entrySelector = 0;
	while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
	const searchRange = 2 ** entrySelector * 16;
	out.writeUInt32BE(flavor, 0);
	out.writeUInt16BE(numTables, 4);
	out.writeUInt16BE(searchRange, 6);
	out.writeUInt16BE(entrySelector, 8);
	out.writeUInt16BE(numTables * 16 - searchRange, 10);
	let offset = headerSize;
	tables.forEach((t, i) => {
		const r = 12 + i * 16;
		out.write(t.tag, r, 4, 'latin1');
		out.writeUInt32BE(t.checksum, r + 4);
		out.writeUInt32BE(offset, r + 8);
		out.writeUInt32BE(t.data.length, r + 12);
		t.data.copy(out, offset);
		offset += pad(t.data.length);
	});
	return out;
}

const PACKAGE = '@kern-ux/native';
const DIR = 'dist/fonts/noto-sans';

let cached: PdfFonts | null = null;

function candidates(): string[] {
	const roots: string[] = [];
	try {
		roots.push(path.dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`)));
	} catch {
		// not resolvable from this module's location (e.g. a bundled chunk): try the working directory
	}
	roots.push(path.join(process.cwd(), 'node_modules', PACKAGE));
	return roots.map((r) => path.join(r, DIR));
}

/** Noto Sans Regular and Bold, read once. */
export function pdfFonts(): PdfFonts {
	if (cached) return cached;
	const tried = candidates();
	for (const dir of tried) {
		const regular = path.join(dir, 'NotoSans-Regular.woff');
		const bold = path.join(dir, 'NotoSans-Bold.woff');
		if (fs.existsSync(regular) && fs.existsSync(bold)) {
			cached = { regular: woffToSfnt(fs.readFileSync(regular)), bold: woffToSfnt(fs.readFileSync(bold)) };
			return cached;
		}
	}
	throw new Error(`Schrift Noto Sans nicht gefunden (${PACKAGE} installiert?). Gesucht in: ${tried.join(', ')}`);
}
