/**
 * One entry point for an uploaded table: size first, then the type by its magic bytes (never by
 * the file name), then CSV or XLSX under the limits. Every refusal is a TableError with a German
 * message that names the number or the limit.
 */
import { decodeText, parseCsv } from './csv';
import { readXlsx } from './xlsx-read';
import { DEFAULT_TABLE_LIMITS, fmtBytes, TableError, type Cell, type ReadResult, type Sheet, type TableLimits } from './types';

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const utf16 = (s: string): number[] => [...s].flatMap((c) => [c.charCodeAt(0), 0]);
const ENCRYPTED_STREAMS = ['EncryptionInfo', 'EncryptedPackage'].map(utf16);

/**
 * An OLE compound file (CFB) is either a legacy .xls or an encrypted OOXML file; the latter has the
 * streams "EncryptionInfo"/"EncryptedPackage". Directory entries are 128-byte records at 128-byte
 * boundaries: name in UTF-16LE, its byte length (incl. the terminating NUL) at +0x40, type at +0x42.
 */
export function isEncryptedCfb(bytes: Uint8Array): boolean {
	for (let off = 512; off + 128 <= bytes.length; off += 128) {
		const nameLen = bytes[off + 0x40]! | (bytes[off + 0x41]! << 8);
		const type = bytes[off + 0x42];
		if (type !== 2 || nameLen < 2 || nameLen > 64) continue;
		for (const name of ENCRYPTED_STREAMS) if (nameLen === name.length + 2 && startsWith(bytes, name, off)) return true;
	}
	return false;
}

const notATable = (what: string) => new TableError('wrong-type', `Die Datei ist ${what}, keine Tabelle. Bitte eine .xlsx- oder .csv-Datei hochladen.`);

/** Types we recognise and refuse, by their first bytes. */
function refuseByMagic(b: Uint8Array): void {
	if (startsWith(b, CFB)) {
		if (isEncryptedCfb(b)) {
			throw new TableError('encrypted', 'Die Datei ist mit einem Kennwort verschlüsselt und kann nicht gelesen werden. Bitte in Excel ohne Kennwort als .xlsx speichern und erneut hochladen.');
		}
		throw new TableError('legacy-xls', 'Die Datei ist im alten Excel-Format (.xls). Bitte als .xlsx oder .csv speichern (in Excel: Datei → Speichern unter → „Excel-Arbeitsmappe (*.xlsx)“) und erneut hochladen.');
	}
	if (startsWith(b, ZIP_EMPTY)) throw notATable('ein leeres ZIP-Archiv');
	if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) throw notATable('ein PDF-Dokument');
	if (startsWith(b, [0x89, 0x50, 0x4e, 0x47]) || startsWith(b, [0xff, 0xd8, 0xff]) || startsWith(b, [0x47, 0x49, 0x46, 0x38])) throw notATable('ein Bild');
	if (startsWith(b, [0x1f, 0x8b]) || startsWith(b, [0x52, 0x61, 0x72, 0x21]) || startsWith(b, [0x37, 0x7a, 0xbc, 0xaf])) throw notATable('ein gepacktes Archiv');
	if (startsWith(b, [0x7b, 0x5c, 0x72, 0x74, 0x66])) throw notATable('ein RTF-Dokument');
	const utf16Bom = startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff]);
	if (!utf16Bom && b.subarray(0, 8192).includes(0)) throw notATable('keine Textdatei (Binärdaten)');
}

/** HTML or XML saved under a table's name (e.g. "Webseite" or "XML-Kalkulationstabelle 2003"). */
function refuseMarkup(text: string): void {
	const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
	if (/^<(\?xml|!doctype|html|table|workbook)\b/.test(head)) {
		throw new TableError('wrong-type', 'Die Datei ist eine HTML- oder XML-Datei, keine CSV-Tabelle. Bitte in Excel als .xlsx oder .csv speichern und erneut hochladen.');
	}
}

/** The CSV's sheet name: the file name without folder and extension. */
function csvSheetName(fileName: string): string {
	const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
	// eslint-disable-next-line no-control-regex -- control characters are what is removed
	return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100) || 'Tabelle1';
}

const isEmpty = (sheets: Sheet[]): boolean => sheets.every((s) => s.rows.every((r) => r.every((c) => c.text.trim() === '')));

/** Read an uploaded CSV or XLSX file. Throws TableError (German message) for anything we refuse. */
export function readTable(bytes: Uint8Array, fileName: string, limits: TableLimits = DEFAULT_TABLE_LIMITS): ReadResult {
	if (bytes.byteLength > limits.maxBytes) {
		throw new TableError('too-large', `Die Datei ist ${fmtBytes(bytes.byteLength, true)} groß; erlaubt sind höchstens ${fmtBytes(limits.maxBytes)}.`);
	}
	if (bytes.byteLength === 0) throw new TableError('empty', 'Die Datei ist leer (0 Bytes).');

	let result: ReadResult;
	if (startsWith(bytes, ZIP)) {
		result = { format: 'xlsx', sheets: readXlsx(bytes, limits) };
		if (result.sheets.length === 0) throw new TableError('empty', 'Die Arbeitsmappe enthält kein Tabellenblatt.');
	} else {
		refuseByMagic(bytes);
		const { text, encoding } = decodeText(bytes);
		refuseMarkup(text);
		const { rows, separator } = parseCsv(text, limits);
		const cells: Cell[][] = rows.map((r) => r.map((text) => ({ text })));
		result = { format: 'csv', sheets: [{ name: csvSheetName(fileName), rows: cells }], encoding, separator };
	}
	if (isEmpty(result.sheets)) throw new TableError('empty', 'Die Datei enthält keine Daten: keine Zelle ist ausgefüllt.');
	return result;
}
