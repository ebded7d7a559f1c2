/**
 * Reading the official municipality directory (issue 13) in three shapes:
 *  - the Destatis "Auszug GV" as CSV (the columns of ../shared/reference/README.md),
 *  - Destatis' fixed-width GV100AD records (field positions below),
 *  - the compact TSV the app ships in data/directory/ (docs/data-format.md).
 * All three become the same list of units keyed by the Amtlicher Regionalschlüssel (ARS) of
 * their level: Land 2 digits, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 12.
 * Records of verbandsfreie Gemeinden at the Gemeindeverband level (Textkennzeichen 50) repeat the
 * Gemeinde and are skipped; so are the Baden-Württemberg planning regions (Satzart 30), which are
 * not part of the key hierarchy.
 */

export type DirectoryLevel = 10 | 20 | 40 | 50 | 60;

export interface DirectoryUnit {
	ars: string;
	level: DirectoryLevel;
	tk: string | null;
	/** The name as the directory writes it ("Lünen, Stadt"). */
	name: string;
	population: number | null;
	/** km² */
	area: number | null;
	postcode: string | null;
	lat: number | null;
	lon: number | null;
	/** Successor key (AGS or ARS) where the file names one (optional column `nachfolger`). */
	successor?: string | null;
}

export interface DirectoryExtract {
	format: 'csv' | 'gv100ad' | 'tsv';
	/** Territorial status date (ISO day) where the file states one. */
	stand: string | null;
	units: DirectoryUnit[];
}

export class DirectoryFormatError extends Error {}

const LEVELS = new Set([10, 20, 40, 50, 60]);

/** The 8-digit AGS of a Gemeinde ARS, the key itself for Land/RB/Kreis, null for a Gemeindeverband. */
export function agsOf(u: { ars: string; level: number }): string | null {
	if (u.level === 60) return u.ars.slice(0, 5) + u.ars.slice(9, 12);
	if (u.level === 50) return null;
	return u.ars;
}

/** The ARS of the unit above (Gemeindeverband when the file has it, else Kreis; RB when it exists, else Land). */
export function parentArs(u: { ars: string; level: number }, exists: (ars: string) => boolean): string | null {
	const up = (cands: string[]): string | null => cands.find((c) => exists(c)) ?? null;
	if (u.level === 60) return up([u.ars.slice(0, 9), u.ars.slice(0, 5), u.ars.slice(0, 3), u.ars.slice(0, 2)]);
	if (u.level === 50) return up([u.ars.slice(0, 5), u.ars.slice(0, 3), u.ars.slice(0, 2)]);
	if (u.level === 40) return up([u.ars.slice(0, 3), u.ars.slice(0, 2)]);
	if (u.level === 20) return up([u.ars.slice(0, 2)]);
	return null;
}

function arsFor(level: number, land: string, rb: string, kreis: string, vb: string, gem: string): string {
	if (level === 10) return land;
	if (level === 20) return land + rb;
	if (level === 40) return land + rb + kreis;
	if (level === 50) return land + rb + kreis + vb;
	return land + rb + kreis + vb + gem;
}

/** Split CSV text (comma, double quotes) into rows of cells. */
export function parseCsvRows(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
			} else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') { row.push(cell); cell = ''; }
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell); cell = '';
			if (row.some((c) => c !== '')) rows.push(row);
			row = [];
		} else cell += ch;
	}
	row.push(cell);
	if (row.some((c) => c !== '')) rows.push(row);
	return rows;
}

/** "90 164" → 90164; "" → null. */
function integer(s: string | undefined): number | null {
	const t = (s ?? '').replace(/[\s.]/g, '');
	if (!t) return null;
	const n = Number(t);
	return Number.isFinite(n) ? Math.round(n) : null;
}

/** " 53.02" (km², decimal point) → 53.02. */
function decimalPoint(s: string | undefined): number | null {
	const t = (s ?? '').replace(/\s/g, '');
	if (!t) return null;
	const n = Number(t);
	return Number.isFinite(n) ? n : null;
}

/** "9,43751" (decimal comma) → 9.43751. */
function decimalComma(s: string | undefined): number | null {
	const t = (s ?? '').replace(/\s/g, '').replace(',', '.');
	if (!t) return null;
	const n = Number(t);
	return Number.isFinite(n) ? n : null;
}

const REQUIRED = ['satzart', 'textkennzeichen', 'land', 'rb', 'kreis', 'vb', 'gemeinde', 'gemeindename'];

/** The Destatis "Auszug GV" as CSV. */
export function parseExtractCsv(text: string): DirectoryExtract {
	const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
	const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
	const missing = REQUIRED.filter((c) => !header.includes(c));
	if (missing.length) throw new DirectoryFormatError(`CSV: Spalten fehlen: ${missing.join(', ')}`);
	const col = (name: string) => header.indexOf(name);
	const at = (r: string[], name: string) => (col(name) >= 0 ? (r[col(name)] ?? '').trim() : '');
	const units: DirectoryUnit[] = [];
	rows.forEach((r, i) => {
		const level = Number(at(r, 'satzart'));
		const tk = at(r, 'textkennzeichen') || null;
		if (!LEVELS.has(level) || (level === 50 && tk === '50')) return;
		const parts = { land: at(r, 'land'), rb: at(r, 'rb'), kreis: at(r, 'kreis'), vb: at(r, 'vb'), gem: at(r, 'gemeinde') };
		const ars = arsFor(level, parts.land, parts.rb, parts.kreis, parts.vb, parts.gem);
		const expected = { 10: 2, 20: 3, 40: 5, 50: 9, 60: 12 }[level as DirectoryLevel];
		if (!new RegExp(`^\\d{${expected}}$`).test(ars)) throw new DirectoryFormatError(`CSV Zeile ${i + 2}: Schlüssel „${ars}“ passt nicht zur Satzart ${level}`);
		const name = at(r, 'gemeindename');
		if (!name) throw new DirectoryFormatError(`CSV Zeile ${i + 2}: Name fehlt`);
		units.push({
			ars, level: level as DirectoryLevel, tk, name,
			population: integer(at(r, 'bevoelkerung')), area: decimalPoint(at(r, 'flaeche')),
			postcode: at(r, 'postleitzahl') || null,
			lat: decimalComma(at(r, 'breitengrad')), lon: decimalComma(at(r, 'laengengrad')),
			successor: at(r, 'nachfolger') || null
		});
	});
	const stand = /^\d{4}-\d{2}-\d{2}$/.test(rows[0] ? at(rows[0], 'gebietsstand') : '') ? at(rows[0]!, 'gebietsstand') : null;
	return { format: 'csv', stand, units };
}

/**
 * GV100AD, one record per line, positions 1-based and inclusive (Destatis' record layout of the
 * "Gemeindeverzeichnis GV100AD"):
 *   1-2 Satzart (10, 20, 30, 40, 50, 60) · 3-10 Gebietsstand JJJJMMTT · 11-12 Land · 13 RB ·
 *   14-15 Kreis · 16-19 Gemeindeverband · 20-22 Gemeinde · 23-72 Name ·
 *   123-124 Textkennzeichen (Satzart 40, 50, 60) · Satzart 60 only: 129-139 Fläche in ha ·
 *   140-150 Bevölkerung insgesamt · 166-170 Postleitzahl.
 * The format carries no coordinates; positions outside these fields are not read. Names are
 * right-padded with blanks. Lines shorter than a field leave that field empty.
 */
export function parseGv100ad(text: string): DirectoryExtract {
	const units: DirectoryUnit[] = [];
	let stand: string | null = null;
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	lines.forEach((line, i) => {
		if (!line.trim()) return;
		const f = (from: number, to: number) => line.slice(from - 1, to).trim();
		const level = Number(f(1, 2));
		if (!/^\d{2}$/.test(f(1, 2))) throw new DirectoryFormatError(`GV100AD Zeile ${i + 1}: keine Satzart in Spalte 1-2`);
		const date = f(3, 10);
		if (/^\d{8}$/.test(date)) stand = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
		const tk = level >= 40 ? f(123, 124) || null : null;
		if (!LEVELS.has(level) || (level === 50 && tk === '50')) return;
		const ars = arsFor(level, f(11, 12), f(13, 13), f(14, 15), f(16, 19), f(20, 22));
		const expected = { 10: 2, 20: 3, 40: 5, 50: 9, 60: 12 }[level as DirectoryLevel];
		if (!new RegExp(`^\\d{${expected}}$`).test(ars)) throw new DirectoryFormatError(`GV100AD Zeile ${i + 1}: Schlüssel „${ars}“ passt nicht zur Satzart ${level}`);
		const name = f(23, 72);
		if (!name) throw new DirectoryFormatError(`GV100AD Zeile ${i + 1}: Name fehlt (Spalte 23-72)`);
		const ha = level === 60 ? integer(f(129, 139)) : null;
		units.push({
			ars, level: level as DirectoryLevel, tk, name,
			population: level === 60 ? integer(f(140, 150)) : null,
			area: ha === null ? null : ha / 100,
			postcode: level === 60 ? f(166, 170) || null : null,
			lat: null, lon: null
		});
	});
	return { format: 'gv100ad', stand, units };
}

/** Column order of the shipped TSV (data/directory/gemeindeverzeichnis.tsv). */
export const TSV_COLUMNS = ['ars', 'satzart', 'textkennzeichen', 'name', 'einwohner', 'flaeche_km2', 'plz', 'breite', 'laenge'] as const;

const cell = (v: string | number | null): string => (v === null ? '' : String(v));

/** One unit as a TSV line. */
export function tsvLine(u: DirectoryUnit): string {
	return [u.ars, u.level, u.tk, u.name.replace(/[\t\n]/g, ' '), u.population, u.area, u.postcode, u.lat, u.lon].map(cell).join('\t');
}

/** The shipped TSV: comment lines start with "#", then a header line, then one unit per line. */
export function parseDirectoryTsv(text: string): DirectoryExtract {
	const units: DirectoryUnit[] = [];
	let stand: string | null = null;
	let header: string[] | null = null;
	for (const [i, line] of text.split(/\r?\n/).entries()) {
		if (!line) continue;
		if (line.startsWith('#')) {
			const m = /^#\s*Gebietsstand:\s*(\d{4}-\d{2}-\d{2})/.exec(line);
			if (m) stand = m[1]!;
			continue;
		}
		const c = line.split('\t');
		if (!header) {
			header = c;
			if (TSV_COLUMNS.some((n, k) => header![k] !== n)) throw new DirectoryFormatError(`TSV: Kopfzeile erwartet: ${TSV_COLUMNS.join(' ')}`);
			continue;
		}
		const num = (s: string | undefined) => (s ? Number(s) : null);
		const level = Number(c[1]);
		if (!LEVELS.has(level) || !/^\d{2,12}$/.test(c[0] ?? '')) throw new DirectoryFormatError(`TSV Zeile ${i + 1}: ungültige Zeile`);
		units.push({
			ars: c[0]!, level: level as DirectoryLevel, tk: c[2] || null, name: c[3]!,
			population: num(c[4]), area: num(c[5]), postcode: c[6] || null, lat: num(c[7]), lon: num(c[8])
		});
	}
	return { format: 'tsv', stand, units };
}

/** Any of the three formats, told apart by their first line. */
export function parseDirectoryFile(text: string): DirectoryExtract {
	const t = text.replace(/^\uFEFF/, '');
	const first = t.split(/\r?\n/, 1)[0] ?? '';
	if (first.startsWith('#') || first.startsWith('ars\t')) return parseDirectoryTsv(t);
	if (/^satzart,/i.test(first)) return parseExtractCsv(t);
	if (/^\d{2}\d{8}\d{2}/.test(first)) return parseGv100ad(t);
	throw new DirectoryFormatError('Unbekanntes Format: erwartet wird die CSV-Fassung des Gemeindeverzeichnisses (Kopfzeile „satzart,…“), GV100AD (feste Spaltenbreiten) oder die TSV aus data/directory/.');
}

/** Decode a file: UTF-8, or ISO-8859-1 when it is not valid UTF-8 (older GV100AD files). */
export function decodeDirectoryBytes(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('latin1').decode(bytes);
	}
}
