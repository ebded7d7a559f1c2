import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv, sniffSeparator } from './csv';
import { readTable } from './read-table';
import { DEFAULT_TABLE_LIMITS, TableError, type TableLimits } from './types';
import { CSV_HEADER, toCsv } from '../registry/present';

const L = DEFAULT_TABLE_LIMITS;
const bytes = (s: string) => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		if (e instanceof TableError) return e.code;
		throw e;
	}
	return 'no error';
}

describe('parseCsv', () => {
	it('reads RFC 4180 quotes: doubled quotes, separators and line breaks inside quotes', () => {
		const text = 'Nr.,Aufgabenbereich,Partner\r\n1,"Abfall, Wertstoffe","Kamen\r\nBönen"\r\n2,"Sagt ""Hallo""",Unna\r\n';
		const { rows, separator } = parseCsv(text, L);
		expect(separator).toBe(',');
		expect(rows).toEqual([
			['Nr.', 'Aufgabenbereich', 'Partner'],
			['1', 'Abfall, Wertstoffe', 'Kamen\r\nBönen'],
			['2', 'Sagt "Hallo"', 'Unna']
		]);
	});

	it('accepts LF and lone CR line ends and keeps empty rows in between (row numbers stay right)', () => {
		expect(parseCsv('a;b\nc;d\re;f', L).rows).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
		expect(parseCsv('a;b\n\nc;d\n\n\n', L).rows).toEqual([['a', 'b'], [], ['c', 'd']]);
	});

	it('trims trailing empty fields (German Excel writes ";;;" to the full width)', () => {
		expect(parseCsv('Titel;;;\nx;y;;\n;;;\n', L).rows).toEqual([['Titel'], ['x', 'y']]);
	});

	it('finds the separator: semicolon when commas are only inside values', () => {
		expect(sniffSeparator('Nr.;Aufgabenbereich;Partner\n1;Abfall;Kamen, Bönen, Unna\n2;Schule;Lünen, Selm')).toBe(';');
		expect(sniffSeparator('Name;Betrag\nA;1,50\nB;2,75')).toBe(';');
		expect(sniffSeparator('Titel,Partner\nA,"Kamen; Bönen"\nB,Lünen; Selm')).toBe(',');
		expect(sniffSeparator('Titel\tPartner\nA\tKamen, Bönen, Unna\nB\tLünen, Selm')).toBe('\t');
		expect(sniffSeparator('nur eine Spalte\nzweite Zeile')).toBe(',');
	});

	it('ignores separators inside quotes when sniffing', () => {
		const text = '"a;b;c";x\n"d;e;f";y\n';
		expect(parseCsv(text, L)).toEqual({ rows: [['a;b;c', 'x'], ['d;e;f', 'y']], separator: ';' });
	});

	it('strips a BOM', () => {
		expect(parseCsv('\uFEFFNr.;Titel\n1;A', L).rows[0]).toEqual(['Nr.', 'Titel']);
	});

	it("drops the apostrophe our export puts before = + - @ TAB CR, and only there", () => {
		const { rows } = parseCsv("'=SUMME(A1);'+49 2303;'-5;'@x;\"'\tTab\";'Hallo;'", L);
		expect(rows[0]).toEqual(['=SUMME(A1)', '+49 2303', '-5', '@x', '\tTab', "'Hallo", "'"]);
	});

	it('refuses an unterminated quote with the row number', () => {
		const e = (() => {
			try {
				parseCsv('a;b\n1;"offen\n2;x\n', L);
			} catch (err) {
				return err as TableError;
			}
		})();
		expect(e?.code).toBe('broken');
		expect(e?.message).toMatch(/Zeile 2/);
	});

	it('enforces rows, columns and cell length with the numbers in the message', () => {
		const limits: TableLimits = { ...L, maxRows: 3, maxColumns: 4, maxCellChars: 10 };
		expect(() => parseCsv('a\nb\nc\nd\n', limits)).toThrow(/4 Zeilen; erlaubt sind höchstens 3/);
		expect(codeOf(() => parseCsv('a\nb\nc\n\n\n', limits))).toBe('no error'); // trailing empty rows do not count
		expect(() => parseCsv('a;b;c;d;e\n', limits)).toThrow(/Zeile 1 hat 5 Spalten; erlaubt sind höchstens 4/);
		expect(codeOf(() => parseCsv('a;b;c;d;e\n', limits))).toBe('too-many-columns');
		expect(codeOf(() => parseCsv('a;b;c;d;;;;;;\n', limits))).toBe('no error');
		expect(() => parseCsv('a;12345678901\n', limits)).toThrow(/B1 .*11 Zeichen; erlaubt sind höchstens 10/);
	});
});

describe('decoding', () => {
	it('reads Windows-1252 bytes as German Excel writes them ("CSV (Trennzeichen-getrennt)")', () => {
		// "Bönen; Fröndenberg/Ruhr; Straße" in Windows-1252: ö = F6, ß = DF.
		const cp1252 = new Uint8Array([
			...bytes('B'), 0xf6, ...bytes('nen;Fr'), 0xf6, ...bytes('ndenberg/Ruhr;Stra'), 0xdf, ...bytes('e\r\n'),
			...bytes('Geb'), 0xfc, 0x68, 0x72, ...bytes(' 5 '), 0x80, ...bytes(';x;y\r\n')
		]);
		const r = readTable(cp1252, 'kommunen.csv');
		expect(r.encoding).toBe('windows-1252');
		expect(r.separator).toBe(';');
		expect(r.sheets[0]!.rows.map((row) => row.map((c) => c.text))).toEqual([
			['Bönen', 'Fröndenberg/Ruhr', 'Straße'],
			['Gebühr 5 €', 'x', 'y']
		]);
	});

	it('reads UTF-8 with and without BOM as UTF-8', () => {
		expect(decodeText(bytes('\uFEFFBönen;Straße'))).toEqual({ text: 'Bönen;Straße', encoding: 'utf-8' });
		expect(decodeText(bytes('Bönen;Straße'))).toEqual({ text: 'Bönen;Straße', encoding: 'utf-8' });
		const r = readTable(bytes('\uFEFFBönen;Fröndenberg/Ruhr;Straße\r\n'), 'a.csv');
		expect(r.encoding).toBe('utf-8');
		expect(r.sheets[0]!.rows[0]!.map((c) => c.text)).toEqual(['Bönen', 'Fröndenberg/Ruhr', 'Straße']);
	});

	it("reads Excel's tab-separated Unicode text (UTF-16LE with BOM)", () => {
		const s = '\uFEFFNr.\tAufgabenbereich\r\n1\tÖffentlicher Verkehr\r\n';
		const b = new Uint8Array(s.length * 2);
		for (let i = 0; i < s.length; i++) [b[2 * i], b[2 * i + 1]] = [s.charCodeAt(i) & 0xff, s.charCodeAt(i) >> 8];
		const r = readTable(b, 'liste.txt');
		expect([r.encoding, r.separator]).toEqual(['utf-16le', '\t']);
		expect(r.sheets[0]!.rows[1]!.map((c) => c.text)).toEqual(['1', 'Öffentlicher Verkehr']);
	});
});

describe('our CSV export read back', () => {
	it('gives the same cells, formulas neutralised on the way out and restored on the way in, with both separators', () => {
		const records: (string | number | null)[][] = [
			['Kreisliste', 1, '=HYPERLINK("http://x")', 'Kamen, Bönen', '+Unna', 'örV', '-', '03.12.1979', null, 'aktiv', 'Verkehr; Umwelt', '@32', 'kreis-1'],
			['Kommunen', 2, 'Mehrzeilig\nzweite Zeile', 'Lünen', 'Caritas', 'e.V.', 'e.V.', '1969', '2014 - 2020', 'beendet', '', '', 'kommunen-2']
		];
		for (const sep of [',', ';'] as const) {
			const r = readTable(bytes(toCsv(CSV_HEADER, records, sep)), 'ikz-kooperationen.csv');
			expect(r.separator).toBe(sep);
			const rows = r.sheets[0]!.rows.map((row) => row.map((c) => c.text));
			expect(rows[0]).toEqual(CSV_HEADER);
			const expected = records.map((rec) => {
				const cells = rec.map((v) => (v === null ? '' : String(v)));
				while (cells.at(-1) === '') cells.pop();
				return cells;
			});
			expect(rows.slice(1)).toEqual(expected);
		}
	});
});
