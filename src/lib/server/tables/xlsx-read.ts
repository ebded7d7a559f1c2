/**
 * Reading XLSX (SpreadsheetML) without a spreadsheet library: the zip through zip-guard (limits
 * enforced while inflating), then the workbook, its relationships, shared strings, styles (to know
 * which numbers are dates) and every worksheet, streamed with saxes. Values are the cached values
 * Excel/LibreOffice stored; formulas are not evaluated.
 */
import { unzipGuarded } from './zip-guard';
import { attr, brokenPart, parseXml } from './xml';
import { columnLetters, fmtCount, TableError, type Cell, type Sheet, type TableLimits } from './types';

// ---------------------------------------------------------------------------------------------
// Package structure

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;

interface Relationship {
	id: string;
	type: string;
	target: string;
}

const dirOf = (part: string): string => part.slice(0, part.lastIndexOf('/') + 1);
const relsOf = (part: string): string => `${dirOf(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;

/** Resolve a relationship target against the part that owns the relationship. */
function resolveTarget(base: string, target: string): string {
	const path = target.startsWith('/') ? target.slice(1) : dirOf(base) + target;
	const out: string[] = [];
	for (const seg of path.split('/')) {
		if (seg === '..') out.pop();
		else if (seg !== '.' && seg !== '') out.push(seg);
	}
	return out.join('/');
}

const safeDecodeUri = (s: string): string => {
	try {
		return decodeURI(s);
	} catch {
		return s;
	}
};

function readRels(files: Map<string, Uint8Array>, owner: string): Relationship[] {
	const name = owner === '' ? '_rels/.rels' : relsOf(owner);
	const bytes = files.get(name.toLowerCase());
	if (!bytes) return [];
	const rels: Relationship[] = [];
	parseXml(bytes, name, {
		open(el, a) {
			if (el !== 'Relationship' || attr(a, 'TargetMode') === 'External') return;
			const id = attr(a, 'Id');
			const type = attr(a, 'Type');
			const target = attr(a, 'Target');
			if (id && type && target) rels.push({ id, type, target: resolveTarget(owner, safeDecodeUri(target)) });
		}
	});
	return rels;
}

// ---------------------------------------------------------------------------------------------
// Strings

const XML_WS = /^[ \t\n\r]+|[ \t\n\r]+$/g;

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (and a literal "_x" sequence as `_x005F_`). */
export const decodeOoxmlEscapes = (s: string): string =>
	s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;

/**
 * Collects the text of a string item (<si> or <is>): the <t> of the item or of its rich text runs
 * <r><t>, never phonetic runs <rPh>. Without xml:space="preserve" a <t> loses surrounding XML whitespace.
 */
class StringCollector {
	private depthRPh = 0;
	private inT = false;
	private preserve = false;
	private buf = '';
	private out = '';

	reset(): void {
		[this.depthRPh, this.inT, this.buf, this.out] = [0, false, '', ''];
	}
	open(el: string, a: Record<string, string>): void {
		if (el === 'rPh') this.depthRPh++;
		else if (el === 't' && this.depthRPh === 0) [this.inT, this.preserve, this.buf] = [true, a['xml:space'] === 'preserve', ''];
	}
	close(el: string): void {
		if (el === 'rPh') this.depthRPh--;
		else if (el === 't' && this.inT) {
			this.out += this.preserve ? this.buf : this.buf.replace(XML_WS, '');
			this.inT = false;
		}
	}
	text(t: string): void {
		if (this.inT) this.buf += t;
	}
	value(): string {
		return decodeOoxmlEscapes(this.out);
	}
}

function readSharedStrings(bytes: Uint8Array | undefined, part: string): string[] {
	const out: string[] = [];
	if (!bytes) return out;
	const sc = new StringCollector();
	let inSi = false;
	parseXml(bytes, part, {
		open(el, a) {
			if (el === 'si') {
				inSi = true;
				sc.reset();
			} else if (inSi) sc.open(el, a);
		},
		close(el) {
			if (el === 'si') {
				out.push(sc.value());
				inSi = false;
			} else if (inSi) sc.close(el);
		},
		text(t) {
			if (inSi) sc.text(t);
		}
	});
	return out;
}

// ---------------------------------------------------------------------------------------------
// Number formats

export type FormatKind = 'date' | 'datetime' | 'time' | 'zeros' | 'number';
export interface NumberFormat {
	kind: FormatKind;
	/** 'zeros': the width to pad to ("00000000" → 8). */
	width?: number;
}

const BUILTIN_FORMATS: Record<number, FormatKind> = {
	14: 'date', 15: 'date', 16: 'date', 17: 'date', 22: 'datetime',
	18: 'time', 19: 'time', 20: 'time', 21: 'time', 45: 'time', 46: 'time', 47: 'time'
};

/**
 * What a number format code shows. Tokens count only outside quotes, brackets and escapes:
 * d or y → a date; h or s (or [h] [mm] [ss] elapsed time) → a time; m alone → month (a date).
 */
export function classifyFormat(code: string): NumberFormat {
	let section = '';
	let inQuote = false;
	for (let i = 0; i < code.length; i++) {
		const c = code[i]!;
		if (c === '"') inQuote = !inQuote;
		else if (!inQuote && c === ';') break;
		section += c;
	}
	if (/^0+$/.test(section)) return { kind: 'zeros', width: section.length };
	const elapsed = /\[(h+|m+|s+)\]/i.test(section);
	const bare = section
		.replace(/"[^"]*"?/g, '')
		.replace(/\\./g, '')
		.replace(/[_*]./g, '')
		.replace(/\[[^\]]*\]/g, '')
		.replace(/a\/p|am\/pm/gi, '')
		.toLowerCase();
	const hasTime = elapsed || /[hs]/.test(bare);
	const hasDate = /[dy]/.test(bare) || (/m/.test(bare) && !hasTime);
	if (hasDate && hasTime) return { kind: 'datetime' };
	if (hasDate) return { kind: 'date' };
	if (hasTime) return { kind: 'time' };
	return { kind: 'number' };
}

/** Number format per cellXfs index (the `s` attribute of a cell). */
function readStyles(bytes: Uint8Array | undefined, part: string): NumberFormat[] {
	if (!bytes) return [];
	const custom = new Map<number, string>();
	const xfs: number[] = [];
	let inCellXfs = false;
	parseXml(bytes, part, {
		open(el, a) {
			if (el === 'numFmt') {
				const id = Number(attr(a, 'numFmtId'));
				if (Number.isInteger(id)) custom.set(id, attr(a, 'formatCode') ?? '');
			} else if (el === 'cellXfs') inCellXfs = true;
			else if (el === 'xf' && inCellXfs) xfs.push(Number(attr(a, 'numFmtId') ?? 0) || 0);
		},
		close(el) {
			if (el === 'cellXfs') inCellXfs = false;
		}
	});
	return xfs.map((id) => {
		const code = custom.get(id);
		if (code !== undefined) return classifyFormat(code);
		return { kind: BUILTIN_FORMATS[id] ?? 'number' };
	});
}

// ---------------------------------------------------------------------------------------------
// Values

const pad2 = (n: number): string => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;
const MAX_SERIAL = 2_958_465; // 9999-12-31

/** A spreadsheet serial as a UTC day and seconds of the day; null where Excel shows no real date. */
export function serialToDate(serial: number, date1904: boolean): { iso: string; seconds: number } | null {
	if (!Number.isFinite(serial) || serial < 0 || serial > MAX_SERIAL) return null;
	let days = Math.floor(serial);
	let seconds = Math.round((serial - days) * 86_400);
	if (seconds >= 86_400) [days, seconds] = [days + 1, seconds - 86_400];
	let ms: number;
	if (date1904) ms = Date.UTC(1904, 0, 1) + days * DAY_MS;
	else if (days === 0 || days === 60) return null; // "00.01.1900" and Lotus' 29.02.1900 do not exist
	else ms = (days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)) + days * DAY_MS;
	const d = new Date(ms);
	return { iso: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`, seconds };
}

const germanDay = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const clock = (seconds: number): string => {
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	return `${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ''}`;
};

/** JS number text without float noise (0.1 + 0.2 → "0.3"); Excel shows at most 15 significant digits. */
export function numberText(n: number): string {
	if (Object.is(n, -0)) return '0';
	if (Number.isInteger(n) || !Number.isFinite(n)) return String(n);
	return String(Number(n.toPrecision(15)));
}

/** A number cell as the user sees it under its format. */
export function numberCell(n: number, fmt: NumberFormat | undefined, date1904: boolean): Cell {
	const kind = fmt?.kind ?? 'number';
	if (kind === 'time' && n >= 0 && n < 1) return { text: clock(Math.min(Math.round(n * 86_400), 86_399)), number: n };
	if (kind === 'date' || kind === 'datetime' || kind === 'time') {
		const d = serialToDate(n, date1904);
		if (d) {
			const time = kind !== 'date' && d.seconds > 0 ? ` ${clock(d.seconds)}` : '';
			return { text: germanDay(d.iso) + time, number: n, date: d.iso };
		}
	}
	if (kind === 'zeros' && Number.isInteger(n) && n >= 0 && fmt?.width) return { text: String(n).padStart(fmt.width, '0'), number: n };
	return { text: numberText(n), number: n };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** A t="d" cell (ISO 8601 date or date-time). */
function isoCell(v: string): Cell {
	const m = ISO_DATE.exec(v.trim());
	if (!m) return { text: v };
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const check = new Date(Date.UTC(y, mo - 1, d));
	if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return { text: v };
	const iso = `${m[1]}-${m[2]}-${m[3]}`;
	const seconds = m[4] ? Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0) : 0;
	return { text: germanDay(iso) + (seconds ? ` ${clock(seconds)}` : ''), date: iso };
}

// ---------------------------------------------------------------------------------------------
// Worksheets

/** "AB12" → column 27 (0-based) and row 12 (1-based); null when it is not a cell reference. */
export function parseRef(ref: string): { col: number; row: number | null } | null {
	const m = /^\$?([A-Za-z]{1,3})\$?(\d*)$/.exec(ref);
	if (!m) return null;
	let col = 0;
	for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
	return { col: col - 1, row: m[2] ? Number(m[2]) : null };
}

interface SheetContext {
	name: string;
	part: string;
	strings: string[];
	formats: NumberFormat[];
	date1904: boolean;
	limits: TableLimits;
}

function readWorksheet(bytes: Uint8Array, ctx: SheetContext): Cell[][] {
	const { limits } = ctx;
	const rows: Cell[][] = [];
	let inSheetData = false;
	let rowNo = 0; // 1-based
	let col = -1;
	let cell: { row: number; col: number; t: string; s: number } | null = null;
	let inV = false;
	let v = '';
	let hasV = false;
	let inIs = false;
	const sc = new StringCollector();

	const store = (c: Cell, row: number, column: number) => {
		if (row - 1 >= limits.maxRows) {
			throw new TableError('too-many-rows', `Das Tabellenblatt „${ctx.name}“ hat mehr als ${fmtCount(limits.maxRows)} Zeilen; erlaubt sind höchstens ${fmtCount(limits.maxRows)}.`);
		}
		if (column >= limits.maxColumns) {
			throw new TableError('too-many-columns', `Im Tabellenblatt „${ctx.name}“ ist die Zelle ${columnLetters(column)}${row} ausgefüllt (Spalte ${fmtCount(column + 1)}); erlaubt sind höchstens ${fmtCount(limits.maxColumns)} Spalten.`);
		}
		if (c.text.length > limits.maxCellChars) {
			throw new TableError('too-large', `Die Zelle ${columnLetters(column)}${row} im Tabellenblatt „${ctx.name}“ hat ${fmtCount(c.text.length)} Zeichen; erlaubt sind höchstens ${fmtCount(limits.maxCellChars)} je Zelle.`);
		}
		const r = (rows[row - 1] ??= []);
		r[column] = c;
	};

	const finish = () => {
		if (!cell) return;
		const { t, s } = cell;
		let c: Cell | null;
		if (t === 'inlineStr') c = { text: inIs || !hasV ? sc.value() : decodeOoxmlEscapes(v) };
		else if (!hasV) c = null;
		else if (t === 's') {
			const i = Number(v);
			const str = Number.isInteger(i) ? ctx.strings[i] : undefined;
			if (str === undefined) throw brokenPart(ctx.part, `Zelle ${columnLetters(cell.col)}${cell.row} verweist auf einen fehlenden Text`);
			c = { text: str };
		} else if (t === 'str') c = { text: decodeOoxmlEscapes(v) };
		else if (t === 'b') c = { text: v.trim() === '1' || v.trim() === 'true' ? 'WAHR' : 'FALSCH' };
		else if (t === 'e') c = { text: v.trim() };
		else if (t === 'd') c = isoCell(v);
		else {
			const n = v.trim() === '' ? NaN : Number(v);
			c = Number.isFinite(n) ? numberCell(n, ctx.formats[s], ctx.date1904) : { text: v.trim() };
		}
		if (c && c.text !== '') store(c, cell.row, cell.col);
		cell = null;
	};

	parseXml(bytes, ctx.part, {
		open(el, a) {
			if (el === 'sheetData') inSheetData = true;
			else if (!inSheetData) return;
			else if (el === 'row') {
				const r = Number(attr(a, 'r'));
				rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
				col = -1;
			} else if (el === 'c') {
				const ref = parseRef(attr(a, 'r') ?? '');
				col = ref ? ref.col : col + 1;
				const row = ref?.row ?? rowNo;
				if (row < 1) throw brokenPart(ctx.part, 'Zelle ohne gültige Zeile');
				cell = { row, col, t: attr(a, 't') ?? 'n', s: Number(attr(a, 's') ?? 0) || 0 };
				[v, hasV, inV, inIs] = ['', false, false, false];
				sc.reset();
			} else if (!cell) return;
			else if (el === 'v') [inV, hasV] = [true, true];
			else if (el === 'is') inIs = true;
			else if (inIs) sc.open(el, a);
		},
		close(el) {
			if (el === 'sheetData') inSheetData = false;
			else if (!cell) return;
			else if (el === 'c') finish();
			else if (el === 'v') inV = false;
			else if (el === 'is') inIs = false;
			else if (inIs) sc.close(el);
		},
		text(t) {
			if (inV) v += t;
			else if (inIs) sc.text(t);
		}
	});

	// Fill the gaps; trailing empty cells and rows are not there to begin with.
	const out: Cell[][] = new Array<Cell[]>(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		const filled: Cell[] = [];
		if (r) for (let j = 0; j < r.length; j++) filled.push(r[j] ?? { text: '' });
		out[i] = filled;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Workbook

const OTHER_OFFICE_FILES: [RegExp, string][] = [
	[/^word\//, 'ein Word-Dokument'],
	[/^ppt\//, 'eine PowerPoint-Präsentation'],
	[/^visio\//, 'eine Visio-Zeichnung']
];

const wrongType = (what: string) =>
	new TableError('wrong-type', `Die Datei ist ${what}, keine Excel-Tabelle. Bitte eine .xlsx- oder .csv-Datei hochladen.`);

/** A zip without a workbook: name what it is when we can tell. */
function notAWorkbook(names: string[]): TableError {
	for (const [re, what] of OTHER_OFFICE_FILES) if (names.some((n) => re.test(n))) return wrongType(what);
	return wrongType('ein ZIP-Archiv');
}

/** Read every sheet of an XLSX file (hidden ones too, marked). Throws TableError. */
export function readXlsx(bytes: Uint8Array, limits: TableLimits): Sheet[] {
	const zip = unzipGuarded(bytes, limits, (name) => /\.(xml|rels)$/i.test(name) || name === 'mimetype');
	const { files } = zip;

	const mimetype = files.get('mimetype');
	if (mimetype) {
		const type = new TextDecoder().decode(mimetype).trim();
		if (type === 'application/vnd.oasis.opendocument.spreadsheet') {
			throw new TableError('wrong-type', 'Die Datei ist eine OpenDocument-Tabelle (.ods). Bitte in LibreOffice oder Excel als .xlsx oder .csv speichern und erneut hochladen.');
		}
		throw wrongType('ein OpenDocument-Dokument');
	}

	const office = readRels(files, '').find((r) => REL_OFFICE_DOCUMENT.test(r.type));
	const workbookPart = office?.target ?? 'xl/workbook.xml';
	if (/\.bin$/i.test(workbookPart) || zip.names.some((n) => /^xl\/workbook\.bin$/i.test(n))) {
		throw new TableError('wrong-type', 'Die Datei ist eine binäre Excel-Arbeitsmappe (.xlsb). Bitte in Excel als .xlsx oder .csv speichern und erneut hochladen.');
	}
	const workbookBytes = files.get(workbookPart.toLowerCase());
	if (!workbookBytes) throw notAWorkbook(zip.names);

	const sheetsDecl: { name: string; rid: string; hidden: boolean }[] = [];
	const book = { root: '', date1904: false };
	parseXml(workbookBytes, workbookPart, {
		open(el, a) {
			book.root ||= el;
			if (el === 'workbookPr') book.date1904 = ['1', 'true'].includes(attr(a, 'date1904') ?? '');
			else if (el === 'sheet') {
				const state = attr(a, 'state');
				sheetsDecl.push({ name: attr(a, 'name') ?? '', rid: attr(a, 'id') ?? '', hidden: state === 'hidden' || state === 'veryHidden' });
			}
		}
	});
	if (book.root !== 'workbook') throw notAWorkbook(zip.names);

	const rels = readRels(files, workbookPart);
	const byId = new Map(rels.map((r) => [r.id, r]));
	const partOf = (re: RegExp, fallback: string) => rels.find((r) => re.test(r.type))?.target ?? fallback;
	const stringsPart = partOf(REL_SHARED_STRINGS, `${dirOf(workbookPart)}sharedStrings.xml`);
	const stylesPart = partOf(REL_STYLES, `${dirOf(workbookPart)}styles.xml`);
	const strings = readSharedStrings(files.get(stringsPart.toLowerCase()), stringsPart);
	const formats = readStyles(files.get(stylesPart.toLowerCase()), stylesPart);

	const sheets: Sheet[] = [];
	for (const decl of sheetsDecl) {
		const rel = byId.get(decl.rid);
		if (!rel) throw brokenPart(workbookPart, `Tabellenblatt „${decl.name.slice(0, 60)}“ hat keinen Verweis`);
		if (!REL_WORKSHEET.test(rel.type)) continue; // chart sheets, dialog and macro sheets hold no table
		const data = files.get(rel.target.toLowerCase());
		if (!data) throw brokenPart(rel.target, 'der Teil fehlt');
		const rows = readWorksheet(data, { name: decl.name, part: rel.target, strings, formats, date1904: book.date1904, limits });
		sheets.push(decl.hidden ? { name: decl.name, rows, hidden: true } : { name: decl.name, rows });
	}
	return sheets;
}
