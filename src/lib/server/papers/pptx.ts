/**
 * The conference paper as PowerPoint (pptxgenjs, 16:9 "Widescreen" 13.33 × 7.5 in like the deck):
 * editable text boxes and real tables, the header row repeated on each slide, slide numbers,
 * "date · office" in the footer of every slide. Same slides as the PDF (slides.ts).
 *
 * Font: Arial. It is on every office PC; LibreOffice maps it to the metric-compatible Liberation
 * Sans (installed in CI), so line breaks match the estimate in paginate.ts, which is generous for
 * both. Text runs carry lang="de-DE" (spell checking, hyphenation, screen readers).
 */
import PptxGenJS from 'pptxgenjs';
import type { PaperModel } from './model';
import { CELL_PADDING_X, CELL_PADDING_Y, LINE_HEIGHT_EM } from './paginate';
import {
	BODY_Y, CONTENT_W, FIGURE_GAP, FOOTER_H, FOOTER_SIZE, FOOTER_Y, HEADING_H, HEADING_Y, MARGIN_X, TABLE_FONT,
	planSlides, type Slide, type SlideTable
} from './slides';

const FONT = 'Arial';
const LANG = 'de-DE';
const TEXT = '1A1A1A';
const ACCENT = '1B3A5C';
const MUTED = '555555';
const RULE = '9A9A9A';
const HEADER_FILL = 'E6EBF1';

/** Points to inches (pptxgenjs positions are in inches). */
const inch = (pt: number) => pt / 72;

type PptxSlide = PptxGenJS.Slide;

function tableRows(table: SlideTable): PptxGenJS.TableRow[] {
	const lineSpacing = TABLE_FONT * LINE_HEIGHT_EM;
	const header: PptxGenJS.TableRow = table.columns.map((c) => ({
		text: c.label,
		options: { bold: true, fill: { color: HEADER_FILL }, align: c.align ?? 'left', lang: LANG, lineSpacing }
	}));
	const body: PptxGenJS.TableRow[] = table.rows.map((r) => r.cells.map((text, i) => ({
		text,
		options: { align: table.columns[i]?.align ?? 'left', lang: LANG, lineSpacing }
	})));
	return [header, ...body];
}

function addTable(slide: PptxSlide, table: SlideTable, x: number) {
	const widths = table.columns.map((c) => inch(c.width));
	slide.addTable(tableRows(table), {
		x: inch(x), y: inch(BODY_Y), w: widths.reduce((a, b) => a + b, 0), colW: widths,
		fontFace: FONT, fontSize: TABLE_FONT, color: TEXT, valign: 'top',
		// pptxgenjs reads cell margins of 1 or more as points: [top, right, bottom, left].
		margin: [CELL_PADDING_Y, CELL_PADDING_X, CELL_PADDING_Y, CELL_PADDING_X],
		border: { type: 'solid', pt: 0.5, color: RULE },
		autoPage: false
	});
}

function addHeading(slide: PptxSlide, text: string, size: number) {
	slide.addText(text, {
		x: inch(MARGIN_X), y: inch(HEADING_Y), w: inch(CONTENT_W), h: inch(HEADING_H), margin: 0,
		fontFace: FONT, fontSize: size, bold: true, color: ACCENT, valign: 'top', lang: LANG, lineSpacing: size * LINE_HEIGHT_EM
	});
}

function fill(slide: PptxSlide, s: Slide) {
	switch (s.kind) {
		case 'title':
			slide.addText(s.title, {
				x: inch(MARGIN_X), y: inch(140), w: inch(CONTENT_W), h: inch(100), margin: 0,
				fontFace: FONT, fontSize: 32, bold: true, color: ACCENT, valign: 'bottom', lang: LANG
			});
			slide.addText(s.scopeLine, {
				x: inch(MARGIN_X), y: inch(250), w: inch(CONTENT_W), h: inch(60), margin: 0,
				fontFace: FONT, fontSize: 20, color: TEXT, valign: 'top', lang: LANG
			});
			slide.addText([
				{ text: `Sitzungsunterlage · Stand ${s.date}`, options: { breakLine: true } },
				{ text: s.office }
			], {
				x: inch(MARGIN_X), y: inch(320), w: inch(CONTENT_W), h: inch(60), margin: 0,
				fontFace: FONT, fontSize: 14, color: MUTED, valign: 'top', lang: LANG
			});
			break;
		case 'agenda':
			addHeading(slide, s.heading, s.headingSize);
			slide.addText(s.items.map((item, i) => ({
				text: item,
				options: { bullet: { type: 'number' as const }, breakLine: i < s.items.length - 1, paraSpaceAfter: 8 }
			})), {
				x: inch(MARGIN_X), y: inch(BODY_Y), w: inch(CONTENT_W), h: inch(200), margin: 0,
				fontFace: FONT, fontSize: 16, color: TEXT, valign: 'top', lang: LANG
			});
			if (s.notes.length) {
				slide.addText([
					{ text: 'Hinweise', options: { bold: true, breakLine: true } },
					...s.notes.map((n, i) => ({ text: n, options: { breakLine: i < s.notes.length - 1, paraSpaceBefore: 4 } }))
				], {
					x: inch(MARGIN_X), y: inch(300), w: inch(CONTENT_W), h: inch(180), margin: 0,
					fontFace: FONT, fontSize: 10, color: MUTED, valign: 'top', lang: LANG
				});
			}
			break;
		case 'table':
			addHeading(slide, s.heading, s.headingSize);
			addTable(slide, s.table, MARGIN_X);
			break;
		case 'figures': {
			addHeading(slide, s.heading, s.headingSize);
			let x = MARGIN_X;
			for (const block of s.blocks) {
				addTable(slide, block, x);
				x += block.columns.reduce((n, c) => n + c.width, 0) + FIGURE_GAP;
			}
			break;
		}
	}
}

/** The paper as a PPTX file. */
export async function renderPptx(model: PaperModel): Promise<Uint8Array> {
	const pptx = new PptxGenJS();
	pptx.layout = 'LAYOUT_WIDE';
	pptx.title = `${model.title} – ${model.scopeLine}`;
	pptx.subject = `Sitzungsunterlage, Stand ${model.date}`;
	pptx.author = model.office;
	pptx.company = model.office;
	pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
	for (const s of planSlides(model)) {
		const slide = pptx.addSlide();
		fill(slide, s);
		slide.addShape('line', {
			x: inch(MARGIN_X), y: inch(FOOTER_Y - 6), w: inch(CONTENT_W), h: 0, line: { color: RULE, width: 0.5 }
		});
		slide.addText(model.footer, {
			x: inch(MARGIN_X), y: inch(FOOTER_Y), w: inch(CONTENT_W - 80), h: inch(FOOTER_H), margin: 0,
			fontFace: FONT, fontSize: FOOTER_SIZE, color: MUTED, valign: 'top', lang: LANG
		});
		slide.slideNumber = {
			x: inch(MARGIN_X + CONTENT_W - 80), y: inch(FOOTER_Y), w: inch(80), h: inch(FOOTER_H), margin: 0,
			fontFace: FONT, fontSize: FOOTER_SIZE, color: MUTED, align: 'right', valign: 'top'
		};
	}
	// 'STREAM' is the only Node output type pptxgenjs compresses (DEFLATE); the others are stored.
	const out = await pptx.write({ outputType: 'STREAM', compression: true });
	if (!(out instanceof Uint8Array)) throw new Error('pptxgenjs lieferte keine Binärdaten');
	return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
