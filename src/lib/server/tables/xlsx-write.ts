/**
 * Writing XLSX: a minimal, valid SpreadsheetML package (ECMA-376) built with fflate's zipSync.
 * Per sheet: bold header row, frozen below the header, autofilter over the data, column widths,
 * row heights for wrapped cells, optionally a print setup (A4 landscape, fit to one page width,
 * header row repeated on every printed page), inline strings (never formulas: a text is always a text), numbers as numbers, dates as serial
 * numbers with a DD.MM.YYYY format. Opened by Excel and LibreOffice; read back by xlsx-read.
 */
import { zipSync, strToU8 } from 'fflate';
import { columnLetters } from './types';

export type XlsxValue = string | number | { date: string /* yyyy-mm-dd */ } | null;

export interface XlsxColumn {
	header: string;
	/** Width in characters; without it the width follows the content (10 to 60). */
	width?: number;
	/** Wrap long text in this column. */
	wrap?: boolean;
}

export interface XlsxSheetSpec {
	name: string;
	columns: XlsxColumn[];
	rows: XlsxValue[][];
	/** Print setup: A4 landscape, all columns on one page width, the header row repeated on every page. */
	print?: boolean;
}

/** Row height in points of one line of 11 pt text. */
export const LINE_HEIGHT_PT = 15;
/** Most lines a row grows to (Excel's limit is 409 pt). */
const MAX_ROW_LINES = 27;

export interface XlsxOptions {
	/** Creation time for docProps/core.xml and the zip entries (default: now). */
	created?: Date;
	creator?: string;
}

/** Excel's limit for the characters of one cell. */
const MAX_CELL_CHARS = 32_767;
const SHEET_NAME_MAX = 31;

// Styles (index in cellXfs): 0 normal, 1 bold header, 2 date, 3 wrapped text.
const STYLE_HEADER = 1;
const STYLE_DATE = 2;
const STYLE_WRAP = 3;

/** Characters XML 1.0 cannot hold (controls other than TAB LF CR, lone surrogates, U+FFFE/FFFF). */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const stripInvalidXml = (s: string): string => s.replace(INVALID_XML, '');

/** Escape for element text and attribute values; CR as a character reference (parsers turn a raw CR into LF). */
function esc(s: string): string {
	return s.replace(/[&<>"\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#13;'));
}

/** Cell text: valid XML, at most Excel's 32,767 characters, a literal "_xHHHH_" protected from OOXML unescaping. */
function cellText(s: string): string {
	let t = stripInvalidXml(s);
	if (t.length > MAX_CELL_CHARS) {
		t = t.slice(0, MAX_CELL_CHARS);
		if (/[\uD800-\uDBFF]$/.test(t)) t = t.slice(0, -1);
	}
	return t.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

/** A sheet name Excel accepts: no []:*?/\, not starting or ending with an apostrophe, 1–31 characters, unique. */
export function safeSheetName(name: string, taken: Set<string> = new Set()): string {
	let base = stripInvalidXml(name).replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '').trim();
	if (!base) base = 'Tabelle';
	base = [...base].slice(0, SHEET_NAME_MAX).join('');
	let candidate = base;
	for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
		const suffix = ` (${n})`;
		candidate = [...base].slice(0, SHEET_NAME_MAX - suffix.length).join('').trimEnd() + suffix;
	}
	taken.add(candidate.toLowerCase());
	return candidate;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** yyyy-mm-dd → Excel serial (1900 system, with Excel's phantom 29.02.1900); null for invalid or pre-1900 days. */
export function dateToSerial(isoDay: string): number | null {
	const m = ISO_DAY.exec(isoDay);
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const ms = Date.UTC(y, mo - 1, d);
	const check = new Date(ms);
	if (y < 1900 || y > 9999 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
	const days = Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
	return days < 61 ? days - 1 : days;
}

const germanDay = (isoDay: string): string => `${isoDay.slice(8, 10)}.${isoDay.slice(5, 7)}.${isoDay.slice(0, 4)}`;

function inlineString(ref: string, text: string, style: number): string {
	const t = cellText(text);
	const space = /^[ \t\n\r]|[ \t\n\r]$/.test(t) ? ' xml:space="preserve"' : '';
	return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${space}>${esc(t)}</t></is></c>`;
}

function cellXml(ref: string, value: XlsxValue, wrap: boolean): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : '';
	if (typeof value === 'object') {
		const serial = dateToSerial(value.date);
		return serial === null ? inlineString(ref, ISO_DAY.test(value.date) ? germanDay(value.date) : value.date, 0) : `<c r="${ref}" s="${STYLE_DATE}"><v>${serial}</v></c>`;
	}
	if (value === '') return '';
	return inlineString(ref, value, wrap || value.includes('\n') ? STYLE_WRAP : 0);
}

const displayLength = (v: XlsxValue): number =>
	v === null ? 0 : typeof v === 'number' ? String(v).length : typeof v === 'object' ? 10 : Math.max(...v.split('\n').map((l) => l.length));

/** Width in characters: the given one, or the longest of header and the first 500 values (10 to 60). */
function columnWidth(col: XlsxColumn, index: number, rows: XlsxValue[][]): number {
	if (col.width !== undefined && Number.isFinite(col.width)) return Math.min(Math.max(col.width, 1), 255);
	let longest = col.header.length;
	for (const r of rows.slice(0, 500)) longest = Math.max(longest, displayLength(r[index] ?? null));
	return Math.min(Math.max(longest + 2, 10), 60);
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/**
 * Lines a row needs: for every wrapped cell (a wrap column or a text with a line break) its
 * paragraphs wrapped at the column width (a character is about one width unit), the largest count.
 */
export function rowLines(row: readonly XlsxValue[], columns: readonly XlsxColumn[], widths: readonly number[]): number {
	let lines = 1;
	row.forEach((v, i) => {
		if (typeof v !== 'string' || v === '') return;
		const wrap = (columns[i]?.wrap ?? false) || v.includes('\n');
		if (!wrap) return;
		const perLine = Math.max(1, Math.floor((widths[i] ?? 10) - 1));
		const n = v.split('\n').reduce((sum, p) => sum + Math.max(1, Math.ceil(p.length / perLine)), 0);
		lines = Math.max(lines, n);
	});
	return Math.min(lines, MAX_ROW_LINES);
}

function worksheetXml(spec: XlsxSheetSpec, selected: boolean): string {
	let width = Math.max(spec.columns.length, 1);
	for (const r of spec.rows) width = Math.max(width, r.length);
	const lastCol = columnLetters(width - 1);
	const lastRow = spec.rows.length + 1;
	const ref = `A1:${lastCol}${lastRow}`;
	const widths = spec.columns.map((c, i) => columnWidth(c, i, spec.rows));
	const cols = spec.columns
		.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${widths[i]!.toFixed(2)}" customWidth="1"/>`)
		.join('');
	const header = `<row r="1">${spec.columns.map((c, i) => inlineString(`${columnLetters(i)}1`, c.header, STYLE_HEADER)).join('')}</row>`;
	const body = spec.rows
		.map((r, i) => {
			const n = i + 2;
			const lines = rowLines(r, spec.columns, widths);
			// Excel and LibreOffice do not grow rows on opening: wrapped cells get their height here.
			const ht = lines > 1 ? ` ht="${lines * LINE_HEIGHT_PT}" customHeight="1"` : '';
			return `<row r="${n}"${ht}>${r.map((v, j) => cellXml(`${columnLetters(j)}${n}`, v, spec.columns[j]?.wrap ?? false)).join('')}</row>`;
		})
		.join('');
	return (
		XML_HEAD +
		`<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
		(spec.print ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
		`<dimension ref="${ref}"/>` +
		`<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}>` +
		'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
		'<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
		'</sheetView></sheetViews>' +
		'<sheetFormatPr defaultRowHeight="15"/>' +
		(cols ? `<cols>${cols}</cols>` : '') +
		`<sheetData>${header}${body}</sheetData>` +
		(spec.columns.length ? `<autoFilter ref="A1:${columnLetters(spec.columns.length - 1)}${lastRow}"/>` : '') +
		'<pageMargins left="0.7" right="0.7" top="0.78740157499999996" bottom="0.78740157499999996" header="0.3" footer="0.3"/>' +
		// A4 (paperSize 9) landscape, one page wide and as many pages long as needed.
		(spec.print ? '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' : '') +
		'</worksheet>'
	);
}

const STYLES_XML =
	XML_HEAD +
	`<styleSheet xmlns="${NS_MAIN}">` +
	'<numFmts count="1"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/></numFmts>' +
	'<fonts count="2">' +
	'<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
	'<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
	'</fonts>' +
	'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
	'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
	'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
	'<cellXfs count="4">' +
	'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
	'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
	'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
	'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
	'</cellXfs>' +
	'<cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/></cellStyles>' +
	'</styleSheet>';

/** A sheet name inside a formula reference: always quoted, apostrophes doubled. */
const quotedSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/** Build the XLSX file. */
export function writeXlsx(sheets: XlsxSheetSpec[], options: XlsxOptions = {}): Uint8Array<ArrayBuffer> {
	const specs = sheets.length ? sheets : [{ name: 'Tabelle1', columns: [], rows: [] }];
	const created = options.created ?? new Date();
	const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const creator = esc(stripInvalidXml(options.creator ?? 'IKZ-Atlas'));
	const taken = new Set<string>();
	const names = specs.map((s) => safeSheetName(s.name, taken));

	const contentTypes =
		XML_HEAD +
		'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
		'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
		'<Default Extension="xml" ContentType="application/xml"/>' +
		'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
		specs.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
		'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
		'<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
		'<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
		'</Types>';
	const rootRels =
		XML_HEAD +
		`<Relationships xmlns="${NS_PKG_REL}">` +
		'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
		'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
		'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
		'</Relationships>';
	const core =
		XML_HEAD +
		'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
		'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<dc:creator>${creator}</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
		'</cp:coreProperties>';
	const app =
		XML_HEAD +
		'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
		`<Application>${creator}</Application>` +
		'</Properties>';
	const filters = specs
		.map((s, i) =>
			s.columns.length
				? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${esc(quotedSheet(names[i]!))}!$A$1:$${columnLetters(s.columns.length - 1)}$${s.rows.length + 1}</definedName>`
				: ''
		)
		.join('');
	const printTitles = specs
		.map((s, i) => (s.print ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${esc(quotedSheet(names[i]!))}!$1:$1</definedName>` : ''))
		.join('');
	const workbook =
		XML_HEAD +
		`<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
		'<workbookPr/>' +
		'<bookViews><workbookView activeTab="0"/></bookViews>' +
		`<sheets>${names.map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>` +
		(filters || printTitles ? `<definedNames>${filters}${printTitles}</definedNames>` : '') +
		'</workbook>';
	const workbookRels =
		XML_HEAD +
		`<Relationships xmlns="${NS_PKG_REL}">` +
		specs.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
		`<Relationship Id="rId${specs.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
		'</Relationships>';

	const files: Record<string, Uint8Array> = {
		'[Content_Types].xml': strToU8(contentTypes),
		'_rels/.rels': strToU8(rootRels),
		'docProps/core.xml': strToU8(core),
		'docProps/app.xml': strToU8(app),
		'xl/workbook.xml': strToU8(workbook),
		'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
		'xl/styles.xml': strToU8(STYLES_XML)
	};
	specs.forEach((s, i) => {
		files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(worksheetXml({ ...s, name: names[i]! }, i === 0));
	});
	// fflate allocates its output on a plain ArrayBuffer; the type says so for Response bodies.
	return zipSync(files, { level: 6, mtime: created }) as Uint8Array<ArrayBuffer>;
}
