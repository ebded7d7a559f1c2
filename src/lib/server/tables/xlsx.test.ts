import { describe, expect, it } from 'vitest';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { readTable } from './read-table';
import { classifyFormat, numberCell, numberText, readXlsx, serialToDate } from './xlsx-read';
import { dateToSerial, safeSheetName, writeXlsx } from './xlsx-write';
import { unzipGuarded } from './zip-guard';
import { DEFAULT_TABLE_LIMITS, TableError, type TableLimits } from './types';

const L = DEFAULT_TABLE_LIMITS;
const MiB = 1024 * 1024;

function refusal(fn: () => unknown): TableError {
	try {
		fn();
	} catch (e) {
		if (e instanceof TableError) return e;
		throw e;
	}
	throw new Error('expected a TableError');
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A hand-made package, as other programs write them; parts can be replaced or left out. */
function handMade(parts: { sheets?: string[]; strings?: string; styles?: string; workbook?: string; extra?: Zippable; level?: 0 | 6 } = {}): Uint8Array {
	const sheets = parts.sheets ?? ['<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'];
	const files: Zippable = {
		'[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
		'_rels/.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		'xl/workbook.xml': strToU8(parts.workbook ?? `<workbook ${NS}><sheets>${sheets.map((_, i) => `<sheet name="Blatt ${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
		'xl/_rels/workbook.xml.rels': strToU8(
			'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
				`<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="${REL}/styles" Target="/xl/styles.xml"/></Relationships>`
		),
		...Object.fromEntries(sheets.map((s, i) => [`xl/worksheets/sheet${i + 1}.xml`, strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${s}</worksheet>`)])),
		...(parts.strings !== undefined ? { 'xl/sharedStrings.xml': strToU8(parts.strings) } : {}),
		...(parts.styles !== undefined ? { 'xl/styles.xml': strToU8(parts.styles) } : {}),
		...parts.extra
	};
	return zipSync(files, { level: parts.level ?? 6 });
}

const texts = (rows: { text: string }[][]) => rows.map((r) => r.map((c) => c.text));

describe('writeXlsx → readXlsx', () => {
	it('round-trips texts with umlauts, numbers, dates, empty cells and awkward characters', () => {
		const file = writeXlsx([
			{
				name: 'Kooperationen',
				columns: [{ header: 'Nr.', width: 6 }, { header: 'Aufgabenbereich', width: 50, wrap: true }, { header: 'seit' }, { header: 'Betrag' }, { header: 'Partner' }],
				rows: [
					[1, 'Öffentlicher Verkehr (Bönen, Fröndenberg/Ruhr)', { date: '1979-12-03' }, 0.1 + 0.2, 'Straße'],
					[2, 'Zwei\nZeilen', null, -1250.5, null],
					[null, '  führende Leerzeichen', { date: '1900-01-01' }, 1e6, '=SUMME(A1:A2)'],
					[4, 'Tab\tund CR\r\nund <&> "Zeichen"', { date: '2016-02-29' }, 0, '_x0041_ bleibt so'],
					[5, 'Steuer\u0001zeichen\u0000 weg', { date: '1899-12-31' }, null, 'Emoji 🚌 ok'],
					[]
				]
			},
			{ name: 'Zweites Blatt', columns: [{ header: 'A' }], rows: [['b']] }
		]);
		const sheets = readXlsx(file, L);
		expect(sheets.map((s) => s.name)).toEqual(['Kooperationen', 'Zweites Blatt']);
		const rows = sheets[0]!.rows;
		expect(texts(rows)).toEqual([
			['Nr.', 'Aufgabenbereich', 'seit', 'Betrag', 'Partner'],
			['1', 'Öffentlicher Verkehr (Bönen, Fröndenberg/Ruhr)', '03.12.1979', '0.3', 'Straße'],
			['2', 'Zwei\nZeilen', '', '-1250.5'],
			['', '  führende Leerzeichen', '01.01.1900', '1000000', '=SUMME(A1:A2)'],
			['4', 'Tab\tund CR\r\nund <&> "Zeichen"', '29.02.2016', '0', '_x0041_ bleibt so'],
			['5', 'Steuerzeichen weg', '31.12.1899', '', 'Emoji 🚌 ok']
		]);
		expect(rows[1]![0]).toEqual({ text: '1', number: 1 });
		expect(rows[1]![2]).toEqual({ text: '03.12.1979', number: 29192, date: '1979-12-03' });
		expect(rows[3]![2]).toEqual({ text: '01.01.1900', number: 1, date: '1900-01-01' });
		expect(rows[4]![2]!.date).toBe('2016-02-29');
		expect(rows[5]![2]).toEqual({ text: '31.12.1899' }); // before 1900: written as text
		expect(rows[2]![2]).toEqual({ text: '' });
		expect(sheets[1]!.rows).toEqual([[{ text: 'A' }], [{ text: 'b' }]]);
	});

	it('writes the package parts Excel expects: frozen bold header, widths, autofilter, date style', () => {
		const file = writeXlsx([{ name: 'K', columns: [{ header: 'Nr.', width: 6 }, { header: 'Titel' }], rows: [[1, 'a'], [2, 'b']] }]);
		const parts = unzipGuarded(file, L, () => true).files;
		const dec = (n: string) => new TextDecoder().decode(parts.get(n));
		for (const p of ['[content_types].xml', '_rels/.rels', 'docprops/core.xml', 'docprops/app.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']) {
			expect(parts.has(p), p).toBe(true);
		}
		const sheet = dec('xl/worksheets/sheet1.xml');
		expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
		expect(sheet).toContain('<col min="1" max="1" width="6.00" customWidth="1"/>');
		expect(sheet).toContain('<autoFilter ref="A1:B3"/>');
		expect(sheet).toMatch(/<c r="A1" s="1" t="inlineStr"><is><t>Nr\.<\/t><\/is><\/c>/);
		expect(dec('xl/workbook.xml')).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'K'!$A$1:$B$3</definedName>`);
		expect(dec('xl/styles.xml')).toContain('<numFmt numFmtId="164" formatCode="DD.MM.YYYY"/>');
	});

	it('makes sheet names Excel accepts', () => {
		const taken = new Set<string>();
		expect(safeSheetName('Kooperationen [alle]: 2016/17?', taken)).toBe('Kooperationen alle 2016 17');
		expect(safeSheetName('Eine sehr lange Bezeichnung des Tabellenblatts', taken)).toBe('Eine sehr lange Bezeichnung des');
		expect(safeSheetName('eine sehr lange bezeichnung des tabellenblatts', taken)).toBe('eine sehr lange bezeichnung (2)');
		expect(safeSheetName("'***'", taken)).toBe('Tabelle');
	});

	it('converts day numbers the way Excel counts (incl. the phantom 29.02.1900)', () => {
		expect(dateToSerial('1900-01-01')).toBe(1);
		expect(dateToSerial('1900-02-28')).toBe(59);
		expect(dateToSerial('1900-03-01')).toBe(61);
		expect(dateToSerial('2016-01-13')).toBe(42382);
		expect(dateToSerial('2016-02-30')).toBeNull();
		expect(serialToDate(42382, false)).toEqual({ iso: '2016-01-13', seconds: 0 });
		expect(serialToDate(59, false)?.iso).toBe('1900-02-28');
		expect(serialToDate(60, false)).toBeNull();
		expect(serialToDate(61, false)?.iso).toBe('1900-03-01');
		expect(serialToDate(0, true)?.iso).toBe('1904-01-01');
		expect(serialToDate(42382.75, false)).toEqual({ iso: '2016-01-13', seconds: 18 * 3600 });
	});
});

describe('number formats and values', () => {
	it('finds dates in built-in and custom formats, not in others', () => {
		for (const code of ['DD.MM.YYYY', 'dd/mm/yy;@', '[$-407]d. mmmm yyyy', 'mmm-yy', 'yyyy\\-mm\\-dd', 'TT.MM.JJJJ'.replace('TT', 'dd').replace('JJJJ', 'yyyy')]) {
			expect(classifyFormat(code).kind, code).toBe('date');
		}
		expect(classifyFormat('dd.mm.yyyy hh:mm').kind).toBe('datetime');
		for (const code of ['h:mm', '[h]:mm:ss', 'mm:ss', 'hh:mm AM/PM']) expect(classifyFormat(code).kind, code).toBe('time');
		for (const code of ['General', '0.00', '#,##0 "Tage"', '#,##0.00 [$€-407]', '0.00E+00', '"day"0', '@', '[Red]0.0', '_-* #,##0_-']) {
			expect(classifyFormat(code).kind, code).toBe('number');
		}
		expect(classifyFormat('00000000')).toEqual({ kind: 'zeros', width: 8 });
	});

	it('shows numbers without float noise and keeps the number', () => {
		expect(numberText(0.1 + 0.2)).toBe('0.3');
		expect(numberText(1234567.891)).toBe('1234567.891');
		expect(numberText(-0)).toBe('0');
		expect(numberCell(5978004, { kind: 'zeros', width: 8 }, false)).toEqual({ text: '05978004', number: 5978004 });
		expect(numberCell(0.75, { kind: 'time' }, false)).toEqual({ text: '18:00', number: 0.75 });
		expect(numberCell(42382.5, { kind: 'datetime' }, false)).toEqual({ text: '13.01.2016 12:00', number: 42382.5, date: '2016-01-13' });
		expect(numberCell(42382.5, { kind: 'date' }, false)).toEqual({ text: '13.01.2016', number: 42382.5, date: '2016-01-13' });
		expect(numberCell(42382, { kind: 'datetime' }, false).text).toBe('13.01.2016'); // 00:00 is dropped
	});
});

describe('reading files other programs wrote', () => {
	it('reads shared strings (rich text, phonetic runs, xml:space, _x escapes), styles, skipped cells and rows, every cell type, hidden sheets', () => {
		const strings =
			'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
			'<si><t>Aufgabenbereich</t></si>' +
			'<si><r><rPr><b/></rPr><t>Rettungs</t></r><r><t xml:space="preserve">dienst Kreis </t></r><r><t>Unna</t></r><rPh sb="0" eb="1"><t>ignoriert</t></rPh></si>' +
			'<si><t xml:space="preserve">  mit Leerzeichen </t></si>' +
			'<si><t>\n   ohne preserve   \n</t></si>' +
			'<si><t>Zeile 1_x000D_\nZeile 2 &amp; _x005F_x0041_</t></si>' +
			'</sst>';
		const styles =
			'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="[$-407]DD.MM.YYYY"/><numFmt numFmtId="165" formatCode="0.00 &quot;€&quot;"/></numFmts>' +
			'<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
			'<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="22"/></cellXfs></styleSheet>';
		const sheet1 =
			'<sheetData>' +
			'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>' +
			'<row r="4" spans="1:9"><c r="A4" s="1"><v>29192</v></c><c r="B4" s="2"><v>1.5</v></c><c r="C4" s="3"><v>42382</v></c><c r="D4" s="4"><v>42382.25</v></c>' +
			'<c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#N/A</v></c><c r="G4" t="str"><f>A1&amp;"x"</f><v>berechnet</v></c><c r="H4" t="d"><v>2014-01-01T00:00:00</v></c>' +
			'<c r="I4" s="1"/><c r="J4" t="s"><v>2</v></c></row>' +
			'<row><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c><v>0.30000000000000004</v></c></row>' +
			'<row r="9" s="1" customFormat="1"/>' +
			'</sheetData>';
		const sheet2 = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>versteckt</t></r><r><t xml:space="preserve"> inline</t></r></is></c></row></sheetData>';
		const workbook = `<workbook ${NS}><workbookPr/><sheets><sheet name="Städte" sheetId="1" r:id="rId1"/><sheet name="Alt" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`;
		const r = readTable(handMade({ sheets: [sheet1, sheet2], strings, styles, workbook }), 'staedte.xlsx');
		expect(r.format).toBe('xlsx');
		const [s1, s2] = r.sheets;
		expect(s1!.name).toBe('Städte');
		expect(s1!.hidden).toBeUndefined();
		expect(s1!.rows).toEqual([
			[],
			[{ text: 'Aufgabenbereich' }, { text: '' }, { text: 'Rettungsdienst Kreis Unna' }],
			[],
			[
				{ text: '03.12.1979', number: 29192, date: '1979-12-03' },
				{ text: '1.5', number: 1.5 },
				{ text: '13.01.2016', number: 42382, date: '2016-01-13' },
				{ text: '13.01.2016 06:00', number: 42382.25, date: '2016-01-13' },
				{ text: 'WAHR' },
				{ text: '#N/A' },
				{ text: 'berechnet' },
				{ text: '01.01.2014', date: '2014-01-01' },
				{ text: '' },
				{ text: '  mit Leerzeichen ' }
			],
			[{ text: 'ohne preserve' }, { text: 'Zeile 1\r\nZeile 2 & _x0041_' }, { text: '0.3', number: 0.30000000000000004 }]
		]);
		expect(s2).toEqual({ name: 'Alt', hidden: true, rows: [[{ text: 'versteckt inline' }]] });
	});

	it('honours the 1904 date system', () => {
		const styles = '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>';
		const workbook = `<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="Mac" sheetId="1" r:id="rId1"/></sheets></workbook>`;
		const sheets = readXlsx(handMade({ styles, workbook, sheets: ['<sheetData><row r="1"><c r="A1" s="1"><v>40920</v></c></row></sheetData>'] }), L);
		expect(sheets[0]!.rows[0]![0]).toEqual({ text: '13.01.2016', number: 40920, date: '2016-01-13' });
	});

	it('reads prefixed (x:) SpreadsheetML and an absolute workbook path', () => {
		const files: Zippable = {
			'_rels/.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`),
			'xl/workbook.xml': strToU8(`<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="${REL}"><x:sheets><x:sheet name="P" sheetId="1" rel:id="s1"/></x:sheets></x:workbook>`),
			'xl/_rels/workbook.xml.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${REL}/worksheet" Target="sheets/../worksheets/a.xml"/></Relationships>`),
			'xl/worksheets/a.xml': strToU8('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>ok</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>')
		};
		expect(readXlsx(zipSync(files), L)).toEqual([{ name: 'P', rows: [[{ text: 'ok' }]] }]);
	});
});

describe('refusals of the container: zip, file type, encryption', () => {
	it('stops a zip bomb while inflating: one entry of 5 MB against 1 MB', () => {
		const limits: TableLimits = { ...L, maxUnpackedBytes: 1 * MiB };
		// A valid worksheet padded with 5 MB of blanks: harmless XML, but far beyond the limit once inflated.
		const padded = `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>${' '.repeat(5 * MiB)}</worksheet>`;
		const bomb = handMade({ extra: { 'xl/worksheets/sheet1.xml': strToU8(padded) } });
		expect(bomb.length).toBeLessThan(64 * 1024); // small on disk
		const e = refusal(() => readTable(bomb, 'bombe.xlsx', limits));
		expect(e.code).toBe('zip-bomb');
		expect(e.message).toMatch(/1 MB/);
		// Also when the bomb is a part nobody needs, and when the header claims a small size.
		const hidden = handMade({ extra: { 'xl/media/image1.png': new Uint8Array(5 * MiB) } });
		expect(refusal(() => readTable(hidden, 'bombe.xlsx', limits)).code).toBe('zip-bomb');
		const lying = handMade({ extra: { 'xl/media/x.bin': new Uint8Array(5 * MiB) } });
		const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
		for (let i = 0; i + 30 < lying.length; i++) {
			const sig = view.getUint32(i, true);
			if (sig === 0x04034b50) view.setUint32(i + 22, 10, true); // local header: uncompressed size 10
			if (sig === 0x02014b50) view.setUint32(i + 24, 10, true); // central directory: the same lie
		}
		expect(refusal(() => readTable(lying, 'bombe.xlsx', limits)).code).toBe('zip-bomb');
		// The same file under the default limits is read.
		expect(readTable(bomb, 'ok.xlsx').sheets[0]!.rows).toEqual([[{ text: 'x' }]]);
	});

	it('refuses too many zip entries', () => {
		const extra: Zippable = {};
		for (let i = 0; i < 60; i++) extra[`xl/media/p${i}.xml`] = strToU8('<a/>');
		const e = refusal(() => readTable(handMade({ extra }), 'viele.xlsx', { ...L, maxZipEntries: 50 }));
		expect(e.code).toBe('zip-bomb');
		expect(e.message).toMatch(/mehr als 50 Teilen/);
		expect(readTable(handMade({ extra }), 'viele.xlsx', { ...L, maxZipEntries: 70 }).format).toBe('xlsx');
	});

	it('calls a truncated or corrupt zip broken', () => {
		const file = writeXlsx([{ name: 'A', columns: [{ header: 'x' }], rows: Array.from({ length: 2000 }, (_, i) => [`Zeile ${i} ${'lang '.repeat(10)}`]) }]);
		for (const cut of [0.3, 0.6, 0.95]) {
			expect(refusal(() => readTable(file.subarray(0, Math.floor(file.length * cut)), 'kaputt.xlsx')).code, String(cut)).toBe('broken');
		}
		const garbled = file.slice();
		for (let i = 200; i < 400; i++) garbled[i] = 0x55;
		expect(refusal(() => readTable(garbled, 'kaputt.xlsx')).code).toBe('broken');
	});

	it('knows other files by their first bytes, not by their names', () => {
		const pdf = strToU8('%PDF-1.7\n1 0 obj\n<< >>\nendobj\n');
		expect(refusal(() => readTable(pdf, 'liste.csv')).message).toMatch(/PDF-Dokument/);
		expect(refusal(() => readTable(pdf, 'liste.csv')).code).toBe('wrong-type');
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
		expect(refusal(() => readTable(png, 'liste.xlsx')).code).toBe('wrong-type');
		expect(refusal(() => readTable(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'a.csv')).code).toBe('wrong-type');
		expect(refusal(() => readTable(new Uint8Array([0x41, 0x42, 0, 0x43]), 'a.csv')).code).toBe('wrong-type');
		expect(refusal(() => readTable(strToU8('<html><body><table><tr><td>1</td></tr></table></body></html>'), 'export.xls')).code).toBe('wrong-type');
	});

	it('tells a legacy .xls from an encrypted workbook (both OLE compound files)', () => {
		const cfb = (streamName: string) => {
			const b = new Uint8Array(512 * 3);
			b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
			const entry = 512 + 128; // second directory entry
			for (let i = 0; i < streamName.length; i++) b[entry + 2 * i] = streamName.charCodeAt(i);
			b[entry + 0x40] = (streamName.length + 1) * 2;
			b[entry + 0x42] = 2;
			return b;
		};
		const xls = refusal(() => readTable(cfb('Workbook'), 'alt.xls'));
		expect(xls.code).toBe('legacy-xls');
		expect(xls.message).toMatch(/\.xlsx oder \.csv speichern/);
		expect(refusal(() => readTable(cfb('EncryptionInfo'), 'geheim.xlsx')).code).toBe('encrypted');
		expect(refusal(() => readTable(cfb('EncryptedPackage'), 'geheim.xlsx')).code).toBe('encrypted');
	});

	it('refuses a zip that is not a workbook (.docx, plain zip, .ods)', () => {
		const docx = zipSync({
			'[Content_Types].xml': strToU8('<Types/>'),
			'_rels/.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`),
			'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
		});
		const e = refusal(() => readTable(docx, 'tabelle.xlsx'));
		expect(e.code).toBe('wrong-type');
		expect(e.message).toMatch(/Word-Dokument/);
		expect(refusal(() => readTable(zipSync({ 'liste.csv': strToU8('a;b') }), 'a.zip')).code).toBe('wrong-type');
		const ods = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8('<x/>') });
		expect(refusal(() => readTable(ods, 'a.xlsx')).message).toMatch(/OpenDocument-Tabelle/);
	});

});

describe('refusals of the content: XML tricks, limits, damage, emptiness', () => {
	it('refuses DOCTYPE and entity tricks (XXE, billion laughs) as broken', () => {
		const laughs = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>';
		const sheet = '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>';
		const e = refusal(() => readTable(handMade({ strings: laughs, sheets: [sheet] }), 'a.xlsx'));
		expect(e.code).toBe('broken');
		expect(e.message).toMatch(/DOCTYPE/);
		const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst><si><t>&e;</t></si></sst>';
		expect(refusal(() => readTable(handMade({ strings: xxe, sheets: [sheet] }), 'a.xlsx')).code).toBe('broken');
		expect(refusal(() => readTable(handMade({ strings: '<sst><si><t>&e;</t></si></sst>', sheets: [sheet] }), 'a.xlsx')).code).toBe('broken');
		expect(refusal(() => readTable(handMade({ strings: '<sst><si><t>offen</si></sst>', sheets: [sheet] }), 'a.xlsx')).code).toBe('broken');
		expect(refusal(() => readTable(handMade({ strings: '<sst></sst>', sheets: [sheet] }), 'a.xlsx')).message).toMatch(/fehlenden Text/);
	});

	it('enforces rows, columns, cell length and file size with the numbers in the message', () => {
		const rows = Array.from({ length: 30 }, (_, i) => [i + 1, `Zeile ${i + 1}`]);
		const file = writeXlsx([{ name: 'Liste', columns: [{ header: 'Nr.' }, { header: 'Titel' }], rows }]);
		const many = refusal(() => readTable(file, 'a.xlsx', { ...L, maxRows: 20 }));
		expect(many.code).toBe('too-many-rows');
		expect(many.message).toBe('Das Tabellenblatt „Liste“ hat mehr als 20 Zeilen; erlaubt sind höchstens 20.');
		expect(readTable(file, 'a.xlsx', { ...L, maxRows: 31 }).sheets[0]!.rows).toHaveLength(31);
		// A single filled cell far down counts with all rows above it.
		const far = handMade({ sheets: ['<sheetData><row r="50000"><c r="A50000"><v>1</v></c></row></sheetData>'] });
		expect(refusal(() => readTable(far, 'a.xlsx')).code).toBe('too-many-rows');
		const wide = handMade({ sheets: ['<sheetData><row r="1"><c r="DA1"><v>1</v></c></row></sheetData>'] });
		const cols = refusal(() => readTable(wide, 'a.xlsx'));
		expect(cols.code).toBe('too-many-columns');
		expect(cols.message).toMatch(/DA1 .*Spalte 105.*höchstens 100 Spalten/);
		const long = writeXlsx([{ name: 'L', columns: [{ header: 'x' }], rows: [['y'.repeat(11_000)]] }]);
		expect(refusal(() => readTable(long, 'a.xlsx')).message).toMatch(/A2 .*11\.000 Zeichen; erlaubt sind höchstens 10\.000/);
		const big = refusal(() => readTable(new Uint8Array(13 * MiB), 'riesig.csv'));
		expect([big.code, big.message]).toEqual(['too-large', 'Die Datei ist 13 MB groß; erlaubt sind höchstens 10 MB.']);
		expect(refusal(() => readTable(new Uint8Array(Math.round(10.4 * MiB)), 'a.csv')).message).toBe('Die Datei ist 10,4 MB groß; erlaubt sind höchstens 10 MB.');
	});

	it('answers every damaged variant of a file with a TableError or a result, never another exception', () => {
		let seed = 42;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
		const base = writeXlsx([{ name: 'K', columns: [{ header: 'Nr.' }, { header: 'T' }, { header: 'D' }], rows: Array.from({ length: 30 }, (_, i) => [i, `Text ${i} äöü`, { date: '2014-01-01' }]) }]);
		const parts = unzipGuarded(base, L, () => true).files;
		const names = [...parts.keys()];
		const junk = ['<', '>', '&', '"', '</c>', '<c r="ZZZZ9">', 'r:id="x"', '<v>1e400</v>', 't="s"', '<v>-1</v>', '\u0000', '<!DOCTYPE x>', ''];
		const outcomes = new Map<string, number>();
		for (let i = 0; i < 400; i++) {
			let file: Uint8Array;
			if (i % 2 === 0) {
				file = base.slice();
				for (let k = 0; k < 1 + Math.floor(rnd() * 5); k++) file[Math.floor(rnd() * file.length)] = Math.floor(rnd() * 256);
			} else {
				const name = names[Math.floor(rnd() * names.length)]!;
				const xml = new TextDecoder().decode(parts.get(name));
				const at = Math.floor(rnd() * xml.length);
				const damaged = xml.slice(0, at) + junk[Math.floor(rnd() * junk.length)] + xml.slice(at + Math.floor(rnd() * 10));
				file = zipSync({ ...Object.fromEntries(parts), [name]: strToU8(damaged) });
			}
			let outcome = 'read';
			try {
				readTable(file, 'kaputt.xlsx');
			} catch (e) {
				if (!(e instanceof TableError)) throw e;
				outcome = e.code;
			}
			outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
		}
		expect(outcomes.get('broken')).toBeGreaterThan(100);
	});

	it('calls a file without any filled cell empty', () => {
		expect(refusal(() => readTable(new Uint8Array(0), 'a.csv')).code).toBe('empty');
		expect(refusal(() => readTable(strToU8(';;;\r\n;;\r\n'), 'a.csv')).code).toBe('empty');
		expect(refusal(() => readTable(handMade({ sheets: ['<sheetData/>'] }), 'a.xlsx')).code).toBe('empty');
	});
});
