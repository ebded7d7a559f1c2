/**
 * The conference paper as PDF (pdfkit): the same slides as the PPTX, one slide per landscape
 * 16:9 page, Noto Sans embedded (fonts.ts), document info Title/Author, language de-DE, tagged
 * (headings, lists, tables with header cells; rules, fills and footers marked as artifacts).
 */
import PDFDocument from 'pdfkit';
import type { PaperModel } from './model';
import { logoSize, type PaperLogo } from './pptx';
import { CELL_PADDING_X, CELL_PADDING_Y, LINE_HEIGHT_EM } from './paginate';
import { pdfFonts } from './fonts';
import {
	BODY_Y, CONTENT_W, FIGURE_GAP, FOOTER_SIZE, FOOTER_Y, HEADING_Y, MARGIN_X,
	SLIDE_H, SLIDE_W, TABLE_FONT, TEXT_LABEL_GAP, TEXT_PARA_GAP, planSlides, type Slide, type SlideTable
} from './slides';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const REGULAR = 'NotoSans';
const BOLD = 'NotoSans-Bold';
const TEXT = '#1a1a1a';
const ACCENT = '#1b3a5c';
const MUTED = '#555555';
const RULE = '#9a9a9a';
const HEADER_FILL = '#e6ebf1';

/** A column header cell (pdfkit writes /A << /O /Table /Scope /Column >>; @types/pdfkit lacks `scope`). */
const COLUMN_HEADER = { scope: 'Column' } as unknown as Parameters<Doc['struct']>[1];

/** Line gap that makes a line of Noto Sans exactly `size * LINE_HEIGHT_EM` high (as estimated). */
function lineGap(doc: Doc, font: string, size: number): number {
	doc.font(font).fontSize(size);
	return size * LINE_HEIGHT_EM - doc.currentLineHeight();
}

/** Draw decoration that is not content (tagged PDF: an artifact). */
function artifact(doc: Doc, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout') {
	doc.markContent('Artifact', { type });
	draw();
	doc.endMarkedContent();
}

/** The height a table row takes with the real font (padding included). */
export function measuredRowHeight(doc: Doc, cells: readonly string[], widths: readonly number[], bold: boolean): number {
	const font = bold ? BOLD : REGULAR;
	const gap = lineGap(doc, font, TABLE_FONT);
	let h = 0;
	cells.forEach((c, i) => {
		doc.font(font).fontSize(TABLE_FONT);
		h = Math.max(h, doc.heightOfString(c || ' ', { width: widths[i]! - 2 * CELL_PADDING_X, lineGap: gap }));
	});
	return h + 2 * CELL_PADDING_Y;
}

function drawTable(doc: Doc, parent: Struct, table: SlideTable, x: number, y: number): number {
	const widths = table.columns.map((c) => c.width);
	const total = widths.reduce((a, b) => a + b, 0);
	const struct = doc.struct('Table');
	parent.add(struct);
	const rows: { cells: string[]; header: boolean }[] = [
		{ cells: table.columns.map((c) => c.label), header: true },
		...table.rows.map((r) => ({ cells: r.cells, header: false }))
	];
	let top = y;
	for (const row of rows) {
		const h = measuredRowHeight(doc, row.cells, widths, row.header);
		if (row.header) artifact(doc, () => doc.rect(x, top, total, h).fill(HEADER_FILL));
		const tr = doc.struct('TR');
		struct.add(tr);
		let left = x;
		row.cells.forEach((text, i) => {
			const w = widths[i]!;
			const align = table.columns[i]?.align ?? 'left';
			const font = row.header ? BOLD : REGULAR;
			const gap = lineGap(doc, font, TABLE_FONT);
			const cell = row.header
				? doc.struct('TH', COLUMN_HEADER, () => {
					doc.font(font).fontSize(TABLE_FONT).fillColor(TEXT).text(text, left + CELL_PADDING_X, top + CELL_PADDING_Y, { width: w - 2 * CELL_PADDING_X, lineGap: gap, align });
				})
				: doc.struct('TD', {}, () => {
					doc.font(font).fontSize(TABLE_FONT).fillColor(TEXT).text(text || ' ', left + CELL_PADDING_X, top + CELL_PADDING_Y, { width: w - 2 * CELL_PADDING_X, lineGap: gap, align });
				});
			tr.add(cell);
			left += w;
		});
		tr.end();
		const rowTop = top;
		artifact(doc, () => {
			doc.lineWidth(0.5).strokeColor(RULE);
			let lx = x;
			for (const w of widths) {
				doc.rect(lx, rowTop, w, h).stroke();
				lx += w;
			}
		});
		top += h;
	}
	struct.end();
	return top;
}

function heading(doc: Doc, parent: Struct, text: string, size: number) {
	const gap = lineGap(doc, BOLD, size);
	parent.add(doc.struct('H2', {}, () => {
		doc.font(BOLD).fontSize(size).fillColor(ACCENT).text(text, MARGIN_X, HEADING_Y, { width: CONTENT_W, lineGap: gap });
	}));
}

function footer(doc: Doc, model: PaperModel, number: number) {
	artifact(doc, () => {
		doc.lineWidth(0.5).strokeColor(RULE).moveTo(MARGIN_X, FOOTER_Y - 6).lineTo(MARGIN_X + CONTENT_W, FOOTER_Y - 6).stroke();
		doc.font(REGULAR).fontSize(FOOTER_SIZE).fillColor(MUTED);
		doc.text(model.footer, MARGIN_X, FOOTER_Y, { width: CONTENT_W - 80, lineBreak: false });
		doc.text(`Folie ${number}`, MARGIN_X + CONTENT_W - 80, FOOTER_Y, { width: 80, align: 'right', lineBreak: false });
	}, 'Pagination');
}

function drawSlide(doc: Doc, root: Struct, slide: Slide, logo: PaperLogo | null) {
	const sect = doc.struct('Sect');
	root.add(sect);
	switch (slide.kind) {
		case 'title': {
			if (logo) {
				const { w, h } = logoSize(logo);
				sect.add(doc.struct('Figure', { alt: 'Logo' }, () => {
					doc.image(Buffer.from(logo.data), MARGIN_X + CONTENT_W - w, HEADING_Y, { width: w, height: h });
				}));
			}
			sect.add(doc.struct('H1', {}, () => {
				doc.font(BOLD).fontSize(32).fillColor(ACCENT).text(slide.title, MARGIN_X, 130, { width: CONTENT_W });
			}));
			let y = doc.y + 16;
			for (const [text, size, color] of [[slide.meetingLine, 20, TEXT], [slide.scopeLine, 16, TEXT]] as const) {
				if (!text) continue;
				const at = y;
				sect.add(doc.struct('P', {}, () => {
					doc.font(REGULAR).fontSize(size).fillColor(color).text(text, MARGIN_X, at, { width: CONTENT_W });
				}));
				y = doc.y + 8;
			}
			const y2 = y + 16;
			sect.add(doc.struct('P', {}, () => {
				doc.font(REGULAR).fontSize(14).fillColor(MUTED).text(`Stand ${slide.date}`, MARGIN_X, y2, { width: CONTENT_W });
				doc.text(slide.office, { width: CONTENT_W });
			}));
			break;
		}
		case 'agenda': {
			heading(doc, sect, slide.heading, slide.headingSize);
			const list = doc.struct('L');
			sect.add(list);
			let y = BODY_Y + 4;
			const size = slide.size;
			slide.items.forEach((item, i) => {
				const li = doc.struct('LI');
				list.add(li);
				const at = y;
				li.add(doc.struct('Lbl', {}, () => {
					doc.font(BOLD).fontSize(size).fillColor(ACCENT).text(`${i + 1}.`, MARGIN_X, at, { width: 28 });
				}));
				li.add(doc.struct('LBody', {}, () => {
					doc.font(REGULAR).fontSize(size).fillColor(TEXT).text([item.title, ...item.sub].join('\n'), MARGIN_X + 30, at, { width: CONTENT_W - 30, lineGap: lineGap(doc, REGULAR, size) });
				}));
				li.end();
				y = doc.y + 8;
			});
			list.end();
			break;
		}
		case 'section': {
			heading(doc, sect, slide.heading, slide.headingSize);
			sect.add(doc.struct('P', {}, () => {
				doc.font(BOLD).fontSize(20).fillColor(ACCENT).text(`Tagesordnungspunkt ${slide.number}`, MARGIN_X, BODY_Y + 40, { width: CONTENT_W });
				if (slide.sub.length) doc.font(REGULAR).fontSize(20).fillColor(TEXT).text(slide.sub.join('\n'), { width: CONTENT_W });
			}));
			break;
		}
		case 'text': {
			heading(doc, sect, slide.heading, slide.headingSize);
			let y = BODY_Y;
			const gap = lineGap(doc, REGULAR, slide.size);
			for (const para of slide.paras) {
				if (para.label) {
					const at = y;
					sect.add(doc.struct('H3', {}, () => {
						doc.font(BOLD).fontSize(slide.size).fillColor(ACCENT).text(para.label!, MARGIN_X, at, { width: CONTENT_W, lineGap: lineGap(doc, BOLD, slide.size) });
					}));
					y = doc.y + TEXT_LABEL_GAP;
				}
				const at = y;
				sect.add(doc.struct('P', {}, () => {
					doc.font(REGULAR).fontSize(slide.size).fillColor(TEXT).text(para.text, MARGIN_X, at, { width: CONTENT_W, lineGap: gap });
				}));
				y = doc.y + TEXT_PARA_GAP;
			}
			break;
		}
		case 'table':
			heading(doc, sect, slide.heading, slide.headingSize);
			drawTable(doc, sect, slide.table, MARGIN_X, BODY_Y);
			break;
		case 'figures': {
			heading(doc, sect, slide.heading, slide.headingSize);
			let x = MARGIN_X;
			for (const block of slide.blocks) {
				drawTable(doc, sect, block, x, BODY_Y);
				x += block.columns.reduce((n, c) => n + c.width, 0) + FIGURE_GAP;
			}
			break;
		}
	}
	sect.end();
}

/** The paper as a PDF file; the logo, if given, on the title page. */
export async function renderPdf(model: PaperModel, logo: PaperLogo | null = null): Promise<Uint8Array> {
	const fonts = pdfFonts();
	const doc = new PDFDocument({
		size: [SLIDE_W, SLIDE_H],
		margin: 0,
		autoFirstPage: false,
		pdfVersion: '1.7',
		tagged: true,
		lang: 'de-DE',
		displayTitle: true,
		info: {
			Title: [model.title, model.meetingLine, model.scopeLine].filter(Boolean).join(' – '),
			Author: model.office,
			Subject: `Sitzungsunterlage, Stand ${model.date}`,
			Creator: 'IKZ-Atlas',
			Keywords: 'Interkommunale Zusammenarbeit, IKZ, Sitzungsunterlage'
		}
	});
	doc.registerFont(REGULAR, fonts.regular);
	doc.registerFont(BOLD, fonts.bold);
	doc.font(REGULAR);
	const chunks: Buffer[] = [];
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	const root = doc.struct('Document');
	doc.addStructure(root);
	planSlides(model).forEach((slide, i) => {
		doc.addPage({ size: [SLIDE_W, SLIDE_H], margin: 0 });
		drawSlide(doc, root, slide, logo);
		footer(doc, model, i + 1);
	});
	root.end();
	doc.end();
	return done;
}

/**
 * What the real font needs on every slide (for the tests): the bottom of the heading (must stay
 * above BODY_Y) and of each table or text (must stay above BODY_BOTTOM). The slides were cut by the
 * estimate in paginate.ts; this checks the estimate against Noto Sans.
 */
export function measuredLayout(model: PaperModel): { slide: number; headingBottom: number; tableBottoms: number[] }[] {
	const fonts = pdfFonts();
	const doc = new PDFDocument({ size: [SLIDE_W, SLIDE_H], margin: 0, autoFirstPage: false });
	doc.registerFont(REGULAR, fonts.regular);
	doc.registerFont(BOLD, fonts.bold);
	return planSlides(model).map((s, i) => {
		let headingBottom = 0;
		if (s.kind !== 'title') {
			const gap = lineGap(doc, BOLD, s.headingSize);
			doc.font(BOLD).fontSize(s.headingSize);
			headingBottom = HEADING_Y + doc.heightOfString(s.heading, { width: CONTENT_W, lineGap: gap });
		}
		const tables = s.kind === 'table' ? [s.table] : s.kind === 'figures' ? s.blocks : [];
		if (s.kind === 'text') {
			// Text slides (measures, appendix): the bottom of the last paragraph.
			let y = BODY_Y;
			for (const p of s.paras) {
				if (p.label) {
					doc.font(BOLD).fontSize(s.size);
					y += doc.heightOfString(p.label, { width: CONTENT_W, lineGap: lineGap(doc, BOLD, s.size) }) + TEXT_LABEL_GAP;
				}
				doc.font(REGULAR).fontSize(s.size);
				y += doc.heightOfString(p.text, { width: CONTENT_W, lineGap: lineGap(doc, REGULAR, s.size) }) + TEXT_PARA_GAP;
			}
			return { slide: i + 1, headingBottom, tableBottoms: [y - TEXT_PARA_GAP] };
		}
		const tableBottoms = tables.map((t) => {
			const widths = t.columns.map((c) => c.width);
			let bottom = BODY_Y + measuredRowHeight(doc, t.columns.map((c) => c.label), widths, true);
			for (const r of t.rows) bottom += measuredRowHeight(doc, r.cells, widths, false);
			return bottom;
		});
		return { slide: i + 1, headingBottom, tableBottoms };
	});
}
