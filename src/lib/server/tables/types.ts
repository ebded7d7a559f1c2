/**
 * The file layer of import and export (issue 4): spreadsheet files read into plain cells, with
 * limits we enforce ourselves. Nothing here knows what a column means; that is the importer's.
 */

/** One cell as the user sees it. */
export interface Cell {
	/** The text a German user sees (dates as dd.mm.yyyy, numbers without float noise). */
	text: string;
	/** The value of a number cell (also for date cells: the spreadsheet serial). */
	number?: number;
	/** yyyy-mm-dd when a number cell has a date format, or an ISO date/datetime cell; `text` is then dd.mm.yyyy. */
	date?: string;
}

/**
 * Every row of a sheet including header and title rows; row i is the spreadsheet's row i + 1.
 * Trailing empty rows and trailing empty cells of a row are trimmed; empty cells are `{ text: '' }`.
 */
export interface Sheet {
	name: string;
	rows: Cell[][];
	/** The sheet is hidden in the workbook (kept, so that sheet numbers match what Excel lists). */
	hidden?: boolean;
}

export interface ReadResult {
	format: 'csv' | 'xlsx';
	sheets: Sheet[];
	/** CSV only: how the bytes were decoded. */
	encoding?: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
	/** CSV only: the separator found. */
	separator?: ',' | ';' | '\t';
}

export interface TableLimits {
	/** Size of the uploaded file. */
	maxBytes: number;
	/** Rows per sheet (all rows up to the last filled one, header rows included). */
	maxRows: number;
	/** Columns up to the last filled cell of a row. */
	maxColumns: number;
	/** XLSX: bytes inflated from the zip in total, counted while inflating. */
	maxUnpackedBytes: number;
	/** XLSX: entries of the zip. */
	maxZipEntries: number;
	/** Characters of one cell. */
	maxCellChars: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_TABLE_LIMITS: TableLimits = {
	maxBytes: 10 * MiB,
	maxRows: 20_000,
	maxColumns: 100,
	maxUnpackedBytes: 100 * MiB,
	maxZipEntries: 1000,
	maxCellChars: 10_000
};

export type TableErrorCode =
	| 'too-large'
	| 'too-many-rows'
	| 'too-many-columns'
	| 'wrong-type'
	| 'legacy-xls'
	| 'encrypted'
	| 'broken'
	| 'zip-bomb'
	| 'empty';

/** A file we refuse; `message` is German, for the user, and names the limit or the number. */
export class TableError extends Error {
	constructor(
		public code: TableErrorCode,
		message: string
	) {
		super(message);
		this.name = 'TableError';
	}
}

const de = new Intl.NumberFormat('de-DE');
const deOne = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

/** 20000 → "20.000". */
export const fmtCount = (n: number): string => de.format(n);

/**
 * Bytes as the user reads them: "12,4 MB", "10 MB", "830 KB", "12 Bytes". A file's size is rounded
 * up (`up`), a limit down, so "10,1 MB; erlaubt sind höchstens 10 MB" never reads "10 MB; … 10 MB".
 */
export function fmtBytes(n: number, up = false): string {
	const round = up ? Math.ceil : Math.floor;
	if (n >= MiB) return `${deOne.format(round((n / MiB) * 10) / 10)} MB`;
	if (n >= 1024) return `${de.format(round(n / 1024))} KB`;
	return `${de.format(n)} ${n === 1 ? 'Byte' : 'Bytes'}`;
}

/** Column index (0-based) → spreadsheet letters: 0 → A, 27 → AB. */
export function columnLetters(index: number): string {
	let s = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}
