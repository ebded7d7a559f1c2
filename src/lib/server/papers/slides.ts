/**
 * The slides of a conference paper, shared by the PPTX and the PDF (one slide = one PDF page):
 * geometry in points on a 16:9 page of 960 × 540 pt (13.33 × 7.5 in, PowerPoint's "Widescreen",
 * like the deck), and the tables cut into slides by paginate.ts.
 */
import { CELL_PADDING_X, LINE_HEIGHT_EM, cellLines, paginate, type PageRow } from './paginate';
import type { BlockId, FigureBlock, MeasureSlide, PaperColumn, PaperModel, PaperTable } from './model';

export const SLIDE_W = 960;
export const SLIDE_H = 540;
export const MARGIN_X = 40;
export const CONTENT_W = SLIDE_W - 2 * MARGIN_X;
/** Slide heading: 18 pt, smaller (down to 12 pt) when a long heading needs more than two lines. */
export const HEADING_Y = 18;
export const HEADING_H = 56;
export const HEADING_SIZE = 18;
export const HEADING_MIN_SIZE = 12;
/** Tables and other content. */
export const BODY_Y = 80;
export const BODY_BOTTOM = 490;
export const TABLE_FONT = 12;
/** Footer ("date · office" left, slide number right). */
export const FOOTER_Y = 506;
export const FOOTER_H = 20;
export const FOOTER_SIZE = 9;
/** Lines of table text a slide holds (header row and paddings included). */
export const TABLE_MAX_LINES = Math.floor((BODY_BOTTOM - BODY_Y) / (TABLE_FONT * LINE_HEIGHT_EM));
/** Summary figures: blocks side by side. */
export const FIGURE_BLOCKS_PER_SLIDE = 3;
export const FIGURE_GAP = 20;
export const FIGURE_BLOCK_W = (CONTENT_W - (FIGURE_BLOCKS_PER_SLIDE - 1) * FIGURE_GAP) / FIGURE_BLOCKS_PER_SLIDE;
export const FIGURE_VALUE_W = 64;

/** Rows a table slide holds at most (the deck had 6–8). */
export const TABLE_MAX_ROWS = 10;
/** Text slides (measures, notes): font size from this down to TEXT_MIN_SIZE until the text fits. */
export const TEXT_SIZE = 14;
export const TEXT_MIN_SIZE = 10;
export const TEXT_LABEL_GAP = 2;
export const TEXT_PARA_GAP = 8;
/** Agenda: font size from this down to 11 until the items fit. */
export const AGENDA_SIZE = 16;
/** Share of the font size the widest letters need (a long word must fit its column). */
const WIDE_CHAR_EM = 0.62;

export interface SlideTable {
	columns: { label: string; width: number; align?: 'right' }[];
	rows: PageRow[];
}

export interface TextPara {
	label?: string;
	text: string;
}

export type Slide =
	| { kind: 'title'; title: string; meetingLine: string; scopeLine: string; date: string; office: string }
	| { kind: 'agenda'; heading: string; headingSize: number; size: number; items: { title: string; sub: string[] }[] }
	| { kind: 'section'; heading: string; headingSize: number; number: number; sub: string[] }
	| { kind: 'text'; heading: string; headingSize: number; size: number; paras: TextPara[]; appendix?: boolean }
	| { kind: 'table'; heading: string; headingSize: number; section: string; table: SlideTable }
	| { kind: 'figures'; heading: string; headingSize: number; blocks: SlideTable[] };

/** The largest heading size (18 pt down to 12 pt) at which the estimated lines fit the heading box. */
export function headingSize(text: string): number {
	for (let size = HEADING_SIZE; size > HEADING_MIN_SIZE; size--) {
		if (cellLines(text, CONTENT_W + 2 * CELL_PADDING_X, size) * size * LINE_HEIGHT_EM <= HEADING_H) return size;
	}
	return HEADING_MIN_SIZE;
}

/** Column widths in points from the weights, summing to `total`. */
export function columnWidths(columns: readonly PaperColumn[], total: number): number[] {
	const sum = columns.reduce((n, c) => n + c.weight, 0);
	return columns.map((c) => (c.weight / sum) * total);
}

/**
 * Widths from the weights, then every column widened to hold its longest word (header included)
 * at `fontSize`, the room taken from the columns with the most to spare. No word is broken
 * inside ("Hochschulbibliothekszen|trum") unless the words together cannot fit the table.
 */
export function fittedWidths(columns: readonly PaperColumn[], rows: readonly (readonly string[])[], total: number, fontSize: number): number[] {
	const widths = columnWidths(columns, total);
	const need = columns.map((c, i) => {
		let longest = 0;
		for (const text of [c.label, ...rows.map((r) => r[i] ?? '')]) for (const w of text.split(/\s+/)) longest = Math.max(longest, w.length);
		return Math.ceil(longest * fontSize * WIDE_CHAR_EM + 2 * CELL_PADDING_X);
	});
	if (need.reduce((a, b) => a + b, 0) > total) return widths;
	for (let guard = 0; guard < columns.length * 4; guard++) {
		const short = widths.findIndex((w, i) => w < need[i]!);
		if (short < 0) break;
		let missing = need[short]! - widths[short]!;
		// Take from the columns with spare room, most spare first.
		const donors = widths.map((w, i) => ({ i, spare: w - need[i]! })).filter((d) => d.spare > 0 && d.i !== short).sort((a, b) => b.spare - a.spare);
		for (const d of donors) {
			const take = Math.min(d.spare, missing);
			widths[d.i]! -= take;
			widths[short]! += take;
			missing -= take;
			if (missing <= 0) break;
		}
		if (missing > 0) break;
	}
	return widths;
}

/**
 * Pages of at most TABLE_MAX_ROWS rows, balanced: with k pages the rows are spread evenly (the
 * last page never carries a single row when the rows could be shared), as the deck did.
 */
export function balancedPages(cells: readonly (readonly string[])[], widths: number[], header: string[]) {
	const opts = { columns: widths, fontSize: TABLE_FONT, maxLines: TABLE_MAX_LINES, header };
	let pages = paginate(cells, { ...opts, maxRows: TABLE_MAX_ROWS });
	for (let round = 0; round < 4 && pages.length > 1; round++) {
		const target = Math.ceil(cells.length / pages.length);
		const next = paginate(cells, { ...opts, maxRows: target });
		if (next.length > pages.length) break;
		pages = next;
		if (Math.min(...pages.map((p) => p.rows.length)) > 1) break;
	}
	return pages;
}

function tableSlides(t: PaperTable): Slide[] {
	const cells = t.rows.map((r) => r.cells);
	const widths = fittedWidths(t.columns, cells, CONTENT_W, TABLE_FONT);
	const header = t.columns.map((c) => c.label);
	const pages = balancedPages(cells, widths, header);
	return pages.map((p, i) => {
		const heading = pages.length > 1 ? `${t.title} (${i + 1}/${pages.length})` : t.title;
		return {
			kind: 'table' as const,
			heading,
			headingSize: headingSize(heading),
			section: t.id,
			table: { columns: t.columns.map((c, k) => ({ label: c.label, width: widths[k]! })), rows: p.rows }
		};
	});
}

/** Estimated height of text paragraphs at a size, in points. */
export function parasHeight(paras: readonly TextPara[], size: number): number {
	const line = size * LINE_HEIGHT_EM;
	let h = 0;
	for (const p of paras) {
		if (p.label) h += line + TEXT_LABEL_GAP;
		h += cellLines(p.text, CONTENT_W + 2 * CELL_PADDING_X, size) * line + TEXT_PARA_GAP;
	}
	return h;
}

/** Text slides: the largest size that fits; when even the smallest does not, the paragraphs go on on further slides. */
export function textSlides(heading: string, paras: readonly TextPara[], appendix = false): Slide[] {
	const room = BODY_BOTTOM - BODY_Y;
	for (let size = TEXT_SIZE; size >= TEXT_MIN_SIZE; size--) {
		if (parasHeight(paras, size) <= room) return [{ kind: 'text', heading, headingSize: headingSize(heading), size, paras: [...paras], appendix }];
	}
	const out: Slide[] = [];
	let page: TextPara[] = [];
	for (const p of paras) {
		if (page.length && parasHeight([...page, p], TEXT_MIN_SIZE) > room) {
			out.push({ kind: 'text', heading, headingSize: 0, size: TEXT_MIN_SIZE, paras: page, appendix });
			page = [];
		}
		page.push(p);
	}
	if (page.length) out.push({ kind: 'text', heading, headingSize: 0, size: TEXT_MIN_SIZE, paras: page, appendix });
	return out.map((s, i) => {
		const h = out.length > 1 ? `${heading} (${i + 1}/${out.length})` : heading;
		return { ...s, heading: h, headingSize: headingSize(h) } as Slide;
	});
}

function figureTables(blocks: readonly FigureBlock[]): SlideTable[] {
	const widths = [FIGURE_BLOCK_W - FIGURE_VALUE_W, FIGURE_VALUE_W];
	return blocks.flatMap((b) => {
		const header = [b.title, 'Anzahl'];
		const pages = paginate(b.rows.map((r) => [r.label, r.value]), { columns: widths, fontSize: TABLE_FONT, maxLines: TABLE_MAX_LINES, header });
		return (pages.length ? pages : [{ rows: [], lines: 0 }]).map((p, i) => ({
			columns: [{ label: i > 0 ? `${b.title} (Fortsetzung)` : b.title, width: widths[0]! }, { label: 'Anzahl', width: widths[1]!, align: 'right' as const }],
			rows: p.rows
		}));
	});
}

/** The agenda's font size: the largest (16 down to 11 pt) at which the items fit. */
function agendaSize(items: readonly { title: string; sub: string[] }[]): number {
	for (let size = AGENDA_SIZE; size > 11; size--) {
		const line = size * LINE_HEIGHT_EM;
		const h = items.reduce((n, it) => n + [it.title, ...it.sub].reduce((m, t) => m + cellLines(t, CONTENT_W - 30, size) * line, 0) + 8, 0);
		if (h <= BODY_BOTTOM - BODY_Y) return size;
	}
	return 11;
}

/** The slides of one measure, like the deck's. */
export function measureSlides(m: MeasureSlide): Slide[] {
	const paras: TextPara[] = [
		{ label: 'Zusammenarbeitsfeld', text: m.field },
		...(m.mandate ? [{ label: 'Auftrag', text: m.mandate }] : []),
		{ label: 'Federführung', text: m.lead },
		{ label: 'Status', text: m.statusDate ? `${m.status} (Stand ${m.statusDate})` : m.status },
		...(m.result ? [{ label: 'Realisierung des Projektes', text: m.result }] : [])
	];
	return textSlides(`${m.number} ${m.title}`, paras);
}

function blockSlides(model: PaperModel, id: BlockId): Slide[] {
	if (id.startsWith('table:')) {
		const t = model.tables.find((x) => `table:${x.id}` === id);
		return t ? tableSlides(t) : [];
	}
	switch (id) {
		case 'measures':
			return model.measures ? [...tableSlides(model.measures), ...model.measureSlides.flatMap(measureSlides)] : [];
		case 'savings':
			return model.savings ? tableSlides(model.savings) : [];
		case 'groups':
			return model.groups.flatMap(tableSlides);
		case 'ideas':
			return model.ideas ? tableSlides(model.ideas) : [];
		case 'figures': {
			const blocks = figureTables(model.figures);
			const out: Slide[] = [];
			for (let i = 0; i < blocks.length; i += FIGURE_BLOCKS_PER_SLIDE) {
				out.push({ kind: 'figures', heading: 'Zusammenfassung in Zahlen', headingSize: HEADING_SIZE, blocks: blocks.slice(i, i + FIGURE_BLOCKS_PER_SLIDE) });
			}
			return out;
		}
	}
	return [];
}

/** All slides of the paper, in order: title, agenda, per agenda item a section slide and its content, the appendix. */
export function planSlides(model: PaperModel): Slide[] {
	const items = model.agenda.map((a) => ({ title: a.title, sub: a.sub }));
	const slides: Slide[] = [
		{ kind: 'title', title: model.title, meetingLine: model.meetingLine, scopeLine: model.scopeLine, date: model.date, office: model.office },
		{ kind: 'agenda', heading: 'Agenda', headingSize: HEADING_SIZE, size: agendaSize(items), items }
	];
	let emptySaid = false;
	model.agenda.forEach((a, i) => {
		slides.push({ kind: 'section', heading: a.title, headingSize: headingSize(a.title), number: i + 1, sub: a.sub });
		if (model.emptyNote && !emptySaid && / kooperation/.test(` ${a.title.toLowerCase()} ${a.sub.join(' ').toLowerCase()}`)) {
			slides.push(...textSlides('Kooperationen', [{ text: model.emptyNote }]));
			emptySaid = true;
		}
		for (const b of a.blocks) slides.push(...blockSlides(model, b));
	});
	if (model.emptyNote && !emptySaid) slides.splice(2, 0, ...textSlides('Kooperationen', [{ text: model.emptyNote }]));
	slides.push(...textSlides('Anhang: Hinweise zur Erstellung', model.notes.map((text) => ({ text })), true));
	return slides;
}

/** An outline for the preview: the agenda's sections with their rows and slides. */
export function outline(model: PaperModel): { sections: { title: string; rows: number; slides: number }[]; slides: number; pptxSlides: number } {
	const rowsOf = (id: BlockId) => id.startsWith('table:') ? (model.tables.find((t) => `table:${t.id}` === id)?.rows.length ?? 0)
		: id === 'measures' ? model.measureSlides.length : id === 'savings' ? (model.savings?.rows.length ?? 0) : id === 'groups' ? model.groups.reduce((n, g) => n + g.rows.length, 0) : id === 'ideas' ? (model.ideas?.rows.length ?? 0) : 0;
	const sections = [
		{ title: 'Titel', rows: 0, slides: 1 },
		{ title: 'Agenda', rows: 0, slides: 1 },
		...model.agenda.map((a, i) => ({
			title: `${i + 1}. ${a.title}`,
			rows: a.blocks.reduce((n, b) => n + rowsOf(b), 0),
			slides: 1 + a.blocks.reduce((n, b) => n + blockSlides(model, b).length, 0)
		})),
		{ title: 'Anhang: Hinweise zur Erstellung', rows: 0, slides: textSlides('Anhang', model.notes.map((text) => ({ text })), true).length }
	];
	const plan = planSlides(model);
	// The PPTX carries the appendix as speaker notes, so it has fewer slides than the PDF has pages.
	return { sections, slides: plan.length, pptxSlides: plan.filter((x) => !(x.kind === 'text' && x.appendix)).length };
}
