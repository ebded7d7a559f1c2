/**
 * CSV as administrations have it: German Excel's "CSV (Trennzeichen-getrennt)" (semicolon,
 * Windows-1252), "CSV UTF-8" (BOM), comma files, tab-separated "Unicode-Text" (UTF-16), and our own
 * export (formula-looking cells prefixed with an apostrophe, see csvCell in registry/present.ts).
 * RFC 4180 quoting: doubled quotes, separators and line breaks inside quotes; CRLF, LF or CR.
 */
import { columnLetters, fmtCount, TableError, type ReadResult, type TableLimits } from './types';

export type CsvSeparator = ',' | ';' | '\t';
type CsvEncoding = NonNullable<ReadResult['encoding']>;

const CANDIDATES: CsvSeparator[] = [';', ',', '\t'];
/** Records looked at to find the separator. */
const SNIFF_RECORDS = 30;

/** Decode the bytes: a UTF-16 BOM → UTF-16; valid UTF-8 (with or without BOM) → UTF-8; otherwise Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
	}
}

class Unterminated {
	constructor(public record: number) {}
}

/**
 * Split text into records and fields. A quote opens a quoted field only at the start of a field;
 * elsewhere it is a literal character, and text after a closing quote is kept (as spreadsheets do).
 * Stops after `maxRecords` records. An unterminated quote throws `Unterminated` unless `lenient`.
 */
function tokenize(text: string, sep: CsvSeparator, maxRecords = Infinity, lenient = false): string[][] {
	const rows: string[][] = [];
	const n = text.length;
	if (n === 0) return rows;
	const stop = new RegExp(`[${sep === '\t' ? '\\t' : sep}\\r\\n]`, 'g');
	let row: string[] = [];
	let i = 0;
	for (;;) {
		let value = '';
		if (text.charCodeAt(i) === 34) {
			let j = i + 1;
			for (;;) {
				const q = text.indexOf('"', j);
				if (q < 0) {
					if (lenient) return rows;
					throw new Unterminated(rows.length + 1);
				}
				value += text.slice(j, q);
				if (text.charCodeAt(q + 1) === 34) {
					value += '"';
					j = q + 2;
					continue;
				}
				i = q + 1;
				break;
			}
		}
		stop.lastIndex = i;
		const m = stop.exec(text);
		const k = m ? m.index : n;
		value += text.slice(i, k);
		row.push(value);
		if (k >= n) {
			rows.push(row);
			return rows;
		}
		if (text[k] === sep) {
			i = k + 1;
			if (i >= n) {
				row.push('');
				rows.push(row);
				return rows;
			}
			continue;
		}
		i = k + 1;
		if (text[k] === '\r' && text[i] === '\n') i++;
		rows.push(row);
		row = [];
		if (i >= n || rows.length >= maxRecords) return rows;
	}
}

/**
 * The separator among `;` `,` TAB: the one that splits the first records into the same number of
 * fields most often (more fields wins a tie, then the order `;` `,` TAB). Quotes are respected.
 */
export function sniffSeparator(text: string): CsvSeparator {
	let best: CsvSeparator = ',';
	let bestScore = 0;
	for (const sep of CANDIDATES) {
		const counts = tokenize(text, sep, SNIFF_RECORDS, true)
			.filter((r) => r.some((f) => f.trim() !== ''))
			.map((r) => r.length);
		const freq = new Map<number, number>();
		for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
		let score = 0;
		for (const [fields, times] of freq) score = Math.max(score, times * 1000 + Math.min(fields, 999));
		if (score > bestScore) [best, bestScore] = [sep, score];
	}
	if (bestScore > 0) return best;
	// No record has two filled fields: the candidate that occurs most often (";;;" rows), else a comma.
	const head = text.slice(0, 65_536);
	let most = 0;
	for (const sep of CANDIDATES) {
		const n = head.split(sep).length - 1;
		if (n > most) [best, most] = [sep, n];
	}
	return best;
}

/** Our export writes `'=…` for a cell that starts with = + - @ TAB CR; reading drops that apostrophe. */
const unneutralise = (s: string): string => (s.length > 1 && s[0] === "'" && '=+-@\t\r'.includes(s[1]!) ? s.slice(1) : s);

/**
 * Parse CSV text. Returns every record with trailing empty fields and trailing empty records
 * removed (empty records in between stay, as empty rows, so row numbers match the spreadsheet).
 * Limits: rows, columns (up to the last filled field), characters per cell → TableError.
 */
export function parseCsv(text: string, limits: Pick<TableLimits, 'maxRows' | 'maxColumns' | 'maxCellChars'>): { rows: string[][]; separator: CsvSeparator } {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const separator = sniffSeparator(text);
	let raw: string[][];
	try {
		raw = tokenize(text, separator);
	} catch (e) {
		if (e instanceof Unterminated) {
			throw new TableError('broken', `In Zeile ${fmtCount(e.record)} beginnt ein Feld mit einem Anführungszeichen ("), das bis zum Ende der Datei nicht geschlossen wird. Bitte die Datei prüfen.`);
		}
		throw e;
	}
	const rows = raw.map((r) => {
		let end = r.length;
		while (end > 0 && r[end - 1] === '') end--;
		return r.slice(0, end).map(unneutralise);
	});
	let last = rows.length;
	while (last > 0 && rows[last - 1]!.length === 0) last--;
	rows.length = last;

	if (rows.length > limits.maxRows) {
		throw new TableError('too-many-rows', `Die Datei hat ${fmtCount(rows.length)} Zeilen; erlaubt sind höchstens ${fmtCount(limits.maxRows)}.`);
	}
	for (const [i, r] of rows.entries()) {
		if (r.length > limits.maxColumns) {
			throw new TableError('too-many-columns', `Zeile ${fmtCount(i + 1)} hat ${fmtCount(r.length)} Spalten; erlaubt sind höchstens ${fmtCount(limits.maxColumns)}.`);
		}
		for (const [j, f] of r.entries()) {
			if (f.length > limits.maxCellChars) {
				throw new TableError('too-large', `Die Zelle ${columnLetters(j)}${i + 1} (Zeile ${fmtCount(i + 1)}, Spalte ${j + 1}) hat ${fmtCount(f.length)} Zeichen; erlaubt sind höchstens ${fmtCount(limits.maxCellChars)} je Zelle.`);
			}
		}
	}
	return { rows, separator };
}
