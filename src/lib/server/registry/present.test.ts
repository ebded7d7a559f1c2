import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './present';

describe('csvCell', () => {
	it('neutralises formula starts', () => {
		expect(csvCell('=HYPERLINK("x")', ';')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvCell('+49 2303', ';')).toBe(`'+49 2303`);
		expect(csvCell('-1', ',')).toBe(`'-1`);
		expect(csvCell('@SUM(A1)', ',')).toBe(`'@SUM(A1)`);
	});
	it('keeps numbers and ordinary text', () => {
		expect(csvCell(14, ';')).toBe('14');
		expect(csvCell('Kamen, Bönen', ';')).toBe('Kamen, Bönen');
		expect(csvCell('Kamen, Bönen', ',')).toBe('"Kamen, Bönen"');
		expect(csvCell(null, ',')).toBe('');
	});
});

describe('toCsv', () => {
	it('writes a BOM, CRLF lines and the chosen separator', () => {
		const csv = toCsv(['a', 'b'], [['x;y', 'Zeile\nzwei']], ';');
		expect(csv.startsWith('\uFEFFa;b\r\n')).toBe(true);
		expect(csv).toContain('"x;y";"Zeile\nzwei"');
	});
});
