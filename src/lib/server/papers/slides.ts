/**
 * The slides of a conference paper, shared by the PPTX and the PDF (one slide = one PDF page):
 * geometry in points on a 16:9 page of 960 × 540 pt (13.33 × 7.5 in, PowerPoint's "Widescreen",
 * like the deck), and the tables cut into slides by paginate.ts.
 */
import { CELL_PADDING_X, LINE_HEIGHT_EM, cellLines, paginate, type PageRow } from './paginate';
import type { FigureBlock, PaperColumn, PaperModel, PaperTable } from './model';

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
export const TABLE_FONT = 11;
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

export interface SlideTable {
	columns: { label: string; width: number; align?: 'right' }[];
	rows: PageRow[];
}

export type Slide =
	| { kind: 'title'; title: string; scopeLine: string; date: string; office: string }
	| { kind: 'agenda'; heading: string; headingSize: number; items: string[]; notes: string[] }
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

function tableSlides(t: PaperTable): Slide[] {
	const widths = columnWidths(t.columns, CONTENT_W);
	const header = t.columns.map((c) => c.label);
	const pages = paginate(t.rows.map((r) => r.cells), { columns: widths, fontSize: TABLE_FONT, maxLines: TABLE_MAX_LINES, header });
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

/** All slides of the paper, in order. */
export function planSlides(model: PaperModel): Slide[] {
	const slides: Slide[] = [
		{ kind: 'title', title: model.title, scopeLine: model.scopeLine, date: model.date, office: model.office },
		{ kind: 'agenda', heading: 'Agenda', headingSize: HEADING_SIZE, items: model.agenda, notes: model.notes }
	];
	for (const t of model.tables) slides.push(...tableSlides(t));
	if (model.measures) slides.push(...tableSlides(model.measures));
	const blocks = figureTables(model.figures);
	for (let i = 0; i < blocks.length; i += FIGURE_BLOCKS_PER_SLIDE) {
		slides.push({ kind: 'figures', heading: 'Zusammenfassung in Zahlen', headingSize: HEADING_SIZE, blocks: blocks.slice(i, i + FIGURE_BLOCKS_PER_SLIDE) });
	}
	return slides;
}

/** An outline for the preview: sections with their rows and slides. */
export function outline(model: PaperModel): { sections: { title: string; rows: number; slides: number }[]; slides: number } {
	const slides = planSlides(model);
	const count = (id: string) => slides.filter((s) => s.kind === 'table' && s.section === id).length;
	const sections = [
		{ title: 'Titel', rows: 0, slides: 1 },
		{ title: 'Agenda', rows: 0, slides: 1 },
		...model.tables.map((t) => ({ title: t.title, rows: t.rows.length, slides: count(t.id) })),
		...(model.measures ? [{ title: model.measures.title, rows: model.measures.rows.length, slides: count(model.measures.id) }] : []),
		{ title: 'Zusammenfassung in Zahlen', rows: 0, slides: slides.filter((s) => s.kind === 'figures').length }
	];
	return { sections, slides: slides.length };
}
