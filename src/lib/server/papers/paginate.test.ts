import { describe, expect, it } from 'vitest';
import {
	CONTINUED, cellLines, charsPerLine, lineStarts, paddingLines, paginate, rowLines, type PaginateOptions
} from './paginate';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every row's parts joined back, in page order. */
function reassemble(pages: ReturnType<typeof paginate>, columnCount: number): { index: number; cells: string[] }[] {
	const out: { index: number; cells: string[] }[] = [];
	for (const p of pages) {
		for (const r of p.rows) {
			if (r.part === 0) out.push({ index: r.index, cells: [...r.cells] });
			else {
				const last = out[out.length - 1]!;
				expect(last.index).toBe(r.index);
				for (let i = 1; i < columnCount; i++) last.cells[i] = `${last.cells[i]} ${r.cells[i]}`;
			}
		}
	}
	return out.map((r) => ({ index: r.index, cells: r.cells.map(squash) }));
}

describe('charsPerLine and wrapping', () => {
	it('gets narrower with a bigger font and never drops below one character', () => {
		expect(charsPerLine(400, 10)).toBeGreaterThan(charsPerLine(400, 14));
		expect(charsPerLine(400, 10)).toBe(Math.floor((400 - 8) / 5.6));
		expect(charsPerLine(3, 10)).toBe(1);
	});

	it('wraps at word boundaries and breaks words longer than a line', () => {
		const text = 'Gemeinsame Erziehungsberatungsstelle Lünen';
		const starts = lineStarts(text, 12);
		const lines = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length).trim());
		expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
		expect(lines.every((l) => l.length <= 12)).toBe(true);
		expect(lines).toEqual(['Gemeinsame', 'Erziehungsbe', 'ratungsstell', 'e Lünen']);
	});

	it('starts a new line for every paragraph and counts an empty cell as one line', () => {
		expect(lineStarts('a\nb\nc', 50)).toEqual([0, 2, 4]);
		expect(cellLines('', 100, 10)).toBe(1);
	});

	it('counts at least ceil(chars / charsPerLine) lines', () => {
		const cpl = charsPerLine(100, 10);
		const text = 'x '.repeat(cpl * 3).trim();
		expect(cellLines(text, 100, 10)).toBeGreaterThanOrEqual(Math.ceil(text.length / cpl));
	});
});

describe('paginate', () => {
	const opts: PaginateOptions = { columns: [40, 200, 120], fontSize: 10, maxLines: 12, header: ['Nr.', 'Aufgabenbereich', 'Partner'] };
	const header = rowLines(opts.header, opts.columns, opts.fontSize);

	it('keeps every row in order and never exceeds a page', () => {
		const rows = Array.from({ length: 40 }, (_, i) => [String(i + 1), `Aufgabe ${i + 1} `.repeat((i % 5) + 1), i % 3 ? 'Bönen, Kamen' : 'Fröndenberg/Ruhr, Holzwickede, Unna']);
		const pages = paginate(rows, opts);
		const back = reassemble(pages, 3);
		expect(back.map((r) => r.index)).toEqual(rows.map((_, i) => i));
		expect(back.map((r) => r.cells)).toEqual(rows.map((r) => r.map(squash)));
		for (const p of pages) {
			expect(p.rows.length).toBeGreaterThan(0);
			expect(p.lines).toBeLessThanOrEqual(opts.maxLines);
			expect(p.lines).toBeCloseTo(header + p.rows.reduce((n, r) => n + r.lines, 0));
		}
		expect(pages.flatMap((p) => p.rows).every((r) => r.part === 0 && !r.continues)).toBe(true);
	});

	it('gives the page count the line budget allows', () => {
		// One-line rows: each takes 1 + padding lines; a page fits floor((12 - header) / that).
		const rows = Array.from({ length: 25 }, (_, i) => [String(i + 1), 'kurz', 'Kamen']);
		const perRow = 1 + paddingLines(10);
		const perPage = Math.floor((opts.maxLines - header) / perRow);
		const pages = paginate(rows, opts);
		expect(pages.length).toBe(Math.ceil(25 / perPage));
		expect(pages[0]!.rows.length).toBe(perPage);
		expect(paginate([], opts)).toEqual([]);
	});

	it('moves a row that does not fit the rest of a page to the next page whole', () => {
		const tall = ['2', 'Wort '.repeat(60), 'Kamen'];
		const tallLines = rowLines(tall, opts.columns, 10);
		expect(tallLines).toBeLessThan(opts.maxLines - header);
		const pages = paginate([['1', 'kurz', 'Kamen'], ['1b', 'kurz', 'Kamen'], tall], opts);
		expect(header + 2 * rowLines(['1', 'kurz', 'Kamen'], opts.columns, 10) + tallLines).toBeGreaterThan(opts.maxLines);
		expect(pages.length).toBe(2);
		expect(pages[0]!.rows.map((r) => r.index)).toEqual([0, 1]);
		expect(pages[1]!.rows).toHaveLength(1);
		expect(pages[1]!.rows[0]!.cells).toEqual(tall);
		expect(pages[1]!.rows[0]!.part).toBe(0);
	});

	it('splits a row taller than a page with "(Fortsetzung)" in the first cell and loses no text', () => {
		const partners = Array.from({ length: 120 }, (_, i) => `Partnerkommune ${i + 1}`).join(', ');
		const rows = [['1', 'kurz', 'Kamen'], ['7', 'Teilnahme am Landesprojekt „Kulturrucksack NRW“', partners], ['8', 'danach', 'Bönen']];
		const pages = paginate(rows, opts);
		const parts = pages.flatMap((p) => p.rows).filter((r) => r.index === 1);
		expect(parts.length).toBeGreaterThan(2);
		expect(parts[0]!.cells[0]).toBe('7');
		expect(parts[0]!.part).toBe(0);
		for (const p of parts.slice(1)) expect(p.cells[0]).toBe(`7 ${CONTINUED}`);
		expect(parts.slice(0, -1).every((p) => p.continues)).toBe(true);
		expect(parts[parts.length - 1]!.continues).toBe(false);
		// The long row starts on a fresh page, every part has a page of its own.
		const pagesWithParts = pages.filter((p) => p.rows.some((r) => r.index === 1));
		expect(pagesWithParts.length).toBe(parts.length);
		expect(pagesWithParts[0]!.rows[0]!.index).toBe(1);
		for (const p of pages) expect(p.lines).toBeLessThanOrEqual(opts.maxLines);
		const back = reassemble(pages, 3);
		expect(back.map((r) => r.index)).toEqual([0, 1, 2]);
		expect(back[1]!.cells[2]).toBe(partners);
		expect(back[1]!.cells[2]!.endsWith('Partnerkommune 120')).toBe(true);
		expect(back[2]!.cells).toEqual(['8', 'danach', 'Bönen']);
	});

	it('splits a single word longer than a page without losing characters', () => {
		const word = 'x'.repeat(2000);
		const pages = paginate([['1', word, '']], opts);
		expect(pages.length).toBeGreaterThan(1);
		expect(pages.flatMap((p) => p.rows).map((r) => r.cells[1]).join('')).toBe(word);
	});

	it('refuses a page too small for any row', () => {
		expect(() => paginate([['1', 'a', 'b']], { ...opts, maxLines: 2 })).toThrow(/no room/);
	});
});
