/**
 * Splits table rows into slides (pages) by an estimated height, for the PPTX and the PDF of a
 * conference paper. Pure: no fonts are measured, so both renderers get the same pages.
 *
 * Estimate: a cell's text wraps into lines of at most `charsPerLine(column width, font size)`
 * characters; its line count is the larger of ceil(chars / charsPerLine) and a greedy word wrap
 * (long words do not fit where the plain division says they would). A row takes the lines of its
 * tallest cell plus the cell padding (in lines). A page holds at most `maxLines` lines, the
 * repeated header row included. A row that does not fit the rest of a page moves to the next one;
 * a row taller than a whole page is split at line boundaries and every part after the first gets
 * "(Fortsetzung)" in its first cell, so no text is ever cut off. The estimate is deliberately
 * generous (average character width 0.56 em; Arial/Liberation Sans average about 0.5, Noto Sans
 * about 0.53), and the PDF renderer checks it against the real font (tests/integration/papers.test.ts).
 */

/** Horizontal padding of a table cell on each side, in points (the renderers use the same). */
export const CELL_PADDING_X = 4;
/** Vertical padding of a table cell on each side, in points. */
export const CELL_PADDING_Y = 3;
/** Average character width as a share of the font size (generous, see above). */
export const AVG_CHAR_EM = 0.56;
/** Line height as a multiple of the font size (the renderers set the same spacing). */
export const LINE_HEIGHT_EM = 1.25;

export const CONTINUED = '(Fortsetzung)';

export interface PaginateOptions {
	/** Column widths in points. */
	columns: readonly number[];
	/** Font size of the table text in points. */
	fontSize: number;
	/** Most lines a page holds, header row and paddings included. */
	maxLines: number;
	/** The header row's cells: repeated on every page and counted there. */
	header: readonly string[];
	/** Most rows (or row parts) a page holds; unlimited without. */
	maxRows?: number;
}

/** One row (or one part of a row) on a page. */
export interface PageRow {
	cells: string[];
	/** Index of the row in the input. */
	index: number;
	/** Part of the row (0 = its beginning); later parts carry "(Fortsetzung)" in the first cell. */
	part: number;
	/** True when the row goes on on the next page. */
	continues: boolean;
	/** Estimated height in lines, padding included. */
	lines: number;
}

export interface TablePage {
	rows: PageRow[];
	/** Estimated height in lines, header included. */
	lines: number;
}

/** How many characters fit on one line of a column (at least 1). */
export function charsPerLine(width: number, fontSize: number): number {
	return Math.max(1, Math.floor((width - 2 * CELL_PADDING_X) / (fontSize * AVG_CHAR_EM)));
}

/** Padding of a row, in lines. */
export function paddingLines(fontSize: number): number {
	return (2 * CELL_PADDING_Y) / (fontSize * LINE_HEIGHT_EM);
}

/**
 * Greedy word wrap: the start offset of every line in `text`. Paragraphs (\n) start new lines;
 * a word longer than a line is broken inside. An empty text has one (empty) line.
 */
export function lineStarts(text: string, cpl: number): number[] {
	const starts: number[] = [];
	let paragraphStart = 0;
	for (const paragraph of text.split('\n')) {
		starts.push(paragraphStart);
		let lineStart = paragraphStart;
		let lineLength = 0;
		const words = /\S+/g;
		let m: RegExpExecArray | null;
		while ((m = words.exec(paragraph)) !== null) {
			let wordStart = paragraphStart + m.index;
			let word = m[0];
			const needed = lineLength === 0 ? word.length : lineLength + 1 + word.length;
			if (needed <= cpl) {
				lineLength = needed;
				continue;
			}
			if (lineLength > 0) {
				// The word opens the next line (lineLength is set below).
				starts.push(wordStart);
				lineStart = wordStart;
			} else if (wordStart !== lineStart && starts[starts.length - 1] !== wordStart) {
				// Leading spaces only: the word starts the line.
				starts[starts.length - 1] = wordStart;
				lineStart = wordStart;
			}
			while (word.length > cpl) {
				wordStart += cpl;
				word = word.slice(cpl);
				starts.push(wordStart);
				lineStart = wordStart;
			}
			lineLength = word.length;
		}
		paragraphStart += paragraph.length + 1;
	}
	return starts;
}

/** Estimated lines of one cell: max(ceil(chars / charsPerLine), word-wrapped lines), at least 1. */
export function cellLines(text: string, width: number, fontSize: number): number {
	const cpl = charsPerLine(width, fontSize);
	const plain = text.split('\n').reduce((n, p) => n + Math.max(1, Math.ceil(p.length / cpl)), 0);
	return Math.max(1, plain, lineStarts(text, cpl).length);
}

/** Estimated lines of a row: its tallest cell plus the padding. */
export function rowLines(cells: readonly string[], columns: readonly number[], fontSize: number): number {
	let lines = 1;
	cells.forEach((c, i) => (lines = Math.max(lines, cellLines(c, columns[i] ?? columns[columns.length - 1]!, fontSize))));
	return lines + paddingLines(fontSize);
}

/** The text of lines [from, to) of a cell (offsets from lineStarts), trimmed. */
function sliceLines(text: string, starts: number[], from: number, to: number): string {
	const a = starts[from] ?? text.length;
	const b = to < starts.length ? starts[to]! : text.length;
	return text.slice(a, b).trim();
}

/** The first cell of a continued part: its text followed by "(Fortsetzung)". */
export function continuedCell(first: string): string {
	return first ? `${first} ${CONTINUED}` : CONTINUED;
}

/**
 * Split `rows` into pages. Order is kept and no text is lost: joining the parts of a row (with
 * a space) gives its cells back, up to whitespace at the cut.
 */
export function paginate(rows: readonly (readonly string[])[], opts: PaginateOptions): TablePage[] {
	const { columns, fontSize, maxLines } = opts;
	const pad = paddingLines(fontSize);
	const headerLines = rowLines(opts.header, columns, fontSize);
	const bodyMax = maxLines - headerLines;
	if (bodyMax < 1 + pad) throw new Error(`paginate: maxLines ${maxLines} leaves no room for a row`);
	const cpls = columns.map((w) => charsPerLine(w, fontSize));

	const pages: TablePage[] = [];
	let page: TablePage = { rows: [], lines: headerLines };
	const flush = () => {
		if (page.rows.length) pages.push(page);
		page = { rows: [], lines: headerLines };
	};

	rows.forEach((cells, index) => {
		const own = [...cells];
		const lines = rowLines(own, columns, fontSize);
		if (lines <= bodyMax) {
			if (page.lines + lines > maxLines || page.rows.length >= (opts.maxRows ?? Infinity)) flush();
			page.rows.push({ cells: own, index, part: 0, continues: false, lines });
			page.lines += lines;
			return;
		}
		// Taller than a page: start on a fresh page and cut at line boundaries.
		if (page.rows.length) flush();
		const starts = own.map((c, i) => lineStarts(c, cpls[i] ?? cpls[cpls.length - 1]!));
		const taken = own.map(() => 0);
		let part = 0;
		for (;;) {
			const first = part === 0 ? own[0] ?? '' : continuedCell(own[0] ?? '');
			// The first cell (the number) is not cut; the other cells give up to `room` lines each.
			// The slices are estimated again (the plain division may count one more line), and
			// the room shrinks until the part fits.
			let room = Math.max(1, Math.floor(bodyMax - pad));
			let partCells: string[];
			let ends: number[];
			let partLines: number;
			for (;;) {
				ends = own.map((_, i) => (i === 0 ? 0 : Math.min(starts[i]!.length, taken[i]! + room)));
				partCells = own.map((c, i) => (i === 0 ? first : sliceLines(c, starts[i]!, taken[i]!, ends[i]!)));
				partLines = rowLines(partCells, columns, fontSize);
				if (partLines <= bodyMax || room === 1) break;
				room--;
			}
			ends.forEach((e, i) => {
				if (i > 0) taken[i] = e;
			});
			const continues = own.some((_, i) => i > 0 && taken[i]! < starts[i]!.length);
			page.rows.push({ cells: partCells, index, part, continues, lines: partLines });
			page.lines += partLines;
			if (!continues) break;
			flush();
			part++;
		}
	});
	flush();
	return pages;
}
