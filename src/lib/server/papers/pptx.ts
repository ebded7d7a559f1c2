/**
 * The conference paper as PowerPoint (pptxgenjs, 16:9 "Widescreen" 13.33 × 7.5 in like the deck):
 * two slide masters (title slide, content) whose headings are real title placeholders, so
 * PowerPoint's outline and accessibility check see the titles and a Kreis template can restyle
 * them; footer "Stand … · office" and "Folie N" (a slide-number field) on the masters; an optional
 * logo; editable text and real tables with the header row repeated on each slide. Same slides as
 * the PDF (slides.ts), except the method notes: speaker notes here, an appendix there.
 *
 * Font: Arial. It is on every office PC; LibreOffice maps it to the metric-compatible Liberation
 * Sans (installed in CI), so line breaks match the estimate in paginate.ts, which is generous for
 * both. Text runs carry lang="de-DE" (spell checking, hyphenation, screen readers).
 */
import PptxGenJS from 'pptxgenjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { PaperModel } from './model';
import { CELL_PADDING_X, CELL_PADDING_Y, LINE_HEIGHT_EM } from './paginate';
import {
	BODY_BOTTOM, BODY_Y, CONTENT_W, FIGURE_GAP, FOOTER_H, FOOTER_SIZE, FOOTER_Y, HEADING_H, HEADING_SIZE, HEADING_Y, MARGIN_X, SLIDE_W,
	TABLE_FONT, TEXT_LABEL_GAP, TEXT_PARA_GAP, planSlides, type Slide, type SlideTable, type TextPara
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

/** Slide masters: the title slide and the content slides, each with a real title placeholder. */
const MASTER_TITLE = 'IKZ_TITEL';
const MASTER_CONTENT = 'IKZ_INHALT';
const TITLE_PLACEHOLDER = 'title';

function defineMasters(pptx: PptxGenJS, model: PaperModel, logo: PaperLogo | null) {
	const footer: PptxGenJS.SlideMasterProps['objects'] = [
		{ line: { x: inch(MARGIN_X), y: inch(FOOTER_Y - 6), w: inch(CONTENT_W), h: 0, line: { color: RULE, width: 0.5 } } },
		{ text: { text: model.footer, options: { x: inch(MARGIN_X), y: inch(FOOTER_Y), w: inch(CONTENT_W - 80), h: inch(FOOTER_H), margin: 0, fontFace: FONT, fontSize: FOOTER_SIZE, color: MUTED, valign: 'top' } } }
	];
	const box = logo ? logoSize(logo) : null;
	const logoObject: PptxGenJS.SlideMasterProps['objects'] = logo && box
		? [{ image: { x: inch(SLIDE_W - MARGIN_X - box.w), y: inch(HEADING_Y), w: inch(box.w), h: inch(box.h), data: `data:${logo.type};base64,${Buffer.from(logo.data).toString('base64')}`, altText: 'Logo' } }]
		: [];
	const slideNumber = { x: inch(MARGIN_X + CONTENT_W - 80), y: inch(FOOTER_Y), w: inch(80), h: inch(FOOTER_H), fontFace: FONT, fontSize: FOOTER_SIZE, color: MUTED, align: 'right' as const };
	pptx.defineSlideMaster({
		title: MASTER_TITLE,
		background: { color: 'FFFFFF' },
		objects: [
			...logoObject,
			{ placeholder: { options: { name: TITLE_PLACEHOLDER, type: 'title', x: inch(MARGIN_X), y: inch(120), w: inch(CONTENT_W), h: inch(120), margin: 0, fontFace: FONT, fontSize: 32, bold: true, color: ACCENT, valign: 'bottom', align: 'left' }, text: '' } },
			...footer
		],
		slideNumber
	});
	const headingW = logo ? CONTENT_W - LOGO_W - 12 : CONTENT_W;
	pptx.defineSlideMaster({
		title: MASTER_CONTENT,
		background: { color: 'FFFFFF' },
		objects: [
			...logoObject,
			{ placeholder: { options: { name: TITLE_PLACEHOLDER, type: 'title', x: inch(MARGIN_X), y: inch(HEADING_Y), w: inch(headingW), h: inch(HEADING_H), margin: 0, fontFace: FONT, fontSize: HEADING_SIZE, bold: true, color: ACCENT, valign: 'top', align: 'left' }, text: '' } },
			...footer
		],
		slideNumber
	});
}

function addHeading(slide: PptxSlide, text: string, size: number) {
	slide.addText(text, {
		placeholder: TITLE_PLACEHOLDER, fontFace: FONT, fontSize: size, bold: true, color: ACCENT, lang: LANG, lineSpacing: size * LINE_HEIGHT_EM, align: 'left'
	});
}

function paraRuns(paras: readonly TextPara[]): PptxGenJS.TextProps[] {
	const runs: PptxGenJS.TextProps[] = [];
	paras.forEach((p, i) => {
		const last = i === paras.length - 1;
		if (p.label) runs.push({ text: p.label, options: { bold: true, color: ACCENT, breakLine: true, paraSpaceAfter: TEXT_LABEL_GAP } });
		p.text.split('\n').filter((l, k, all) => l.trim() !== '' || k === all.length - 1).forEach((line, k, all) => {
			const end = k === all.length - 1;
			runs.push({ text: line, options: { breakLine: !(last && end), paraSpaceAfter: end ? TEXT_PARA_GAP : 0 } });
		});
	});
	return runs;
}

function fill(slide: PptxSlide, s: Slide) {
	switch (s.kind) {
		case 'title':
			addHeading(slide, s.title, 32);
			slide.addText([
				...(s.meetingLine ? [{ text: s.meetingLine, options: { breakLine: true, fontSize: 20, color: TEXT } }] : []),
				...(s.scopeLine ? [{ text: s.scopeLine, options: { breakLine: true, fontSize: 16, color: TEXT } }] : []),
				{ text: `Stand ${s.date}`, options: { breakLine: true } },
				{ text: s.office }
			], {
				x: inch(MARGIN_X), y: inch(256), w: inch(CONTENT_W), h: inch(150), margin: 0,
				fontFace: FONT, fontSize: 14, color: MUTED, valign: 'top', lang: LANG, paraSpaceAfter: 6
			});
			break;
		case 'agenda': {
			addHeading(slide, s.heading, s.headingSize);
			const runs: PptxGenJS.TextProps[] = [];
			s.items.forEach((item, i) => {
				const last = i === s.items.length - 1;
				runs.push({ text: item.title, options: { bullet: { type: 'number' as const }, breakLine: !(last && item.sub.length === 0), paraSpaceAfter: item.sub.length ? 2 : 8 } });
				// Sub-points one level in, with an invisible bullet (a no-break space) so they are indented
				// like the item's text; the numbering of the items goes on after them.
				item.sub.forEach((sub, k) => runs.push({ text: sub, options: { indentLevel: 1, bullet: { code: '00A0' }, breakLine: !(last && k === item.sub.length - 1), paraSpaceAfter: k === item.sub.length - 1 ? 8 : 2 } }));
			});
			slide.addText(runs, {
				x: inch(MARGIN_X), y: inch(BODY_Y), w: inch(CONTENT_W), h: inch(BODY_BOTTOM - BODY_Y), margin: 0,
				fontFace: FONT, fontSize: s.size, color: TEXT, valign: 'top', lang: LANG
			});
			break;
		}
		case 'section':
			addHeading(slide, s.heading, s.headingSize);
			slide.addText([
				{ text: `Tagesordnungspunkt ${s.number}`, options: { bold: true, color: ACCENT, breakLine: s.sub.length > 0 } },
				...s.sub.map((line, k) => ({ text: line, options: { breakLine: k < s.sub.length - 1 } }))
			], {
				x: inch(MARGIN_X), y: inch(BODY_Y + 40), w: inch(CONTENT_W), h: inch(200), margin: 0,
				fontFace: FONT, fontSize: 20, color: TEXT, valign: 'top', lang: LANG, paraSpaceAfter: 8
			});
			break;
		case 'text':
			addHeading(slide, s.heading, s.headingSize);
			slide.addText(paraRuns(s.paras), {
				x: inch(MARGIN_X), y: inch(BODY_Y), w: inch(CONTENT_W), h: inch(BODY_BOTTOM - BODY_Y), margin: 0,
				fontFace: FONT, fontSize: s.size, color: TEXT, valign: 'top', lang: LANG, lineSpacing: s.size * LINE_HEIGHT_EM
			});
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

/** An optional logo for the slide master (PNG or JPEG, its pixel size for the aspect ratio). */
export interface PaperLogo {
	type: 'image/png' | 'image/jpeg';
	data: Uint8Array;
	width: number;
	height: number;
}

/** The box a logo fits into on the slides, in points (top right, beside the heading). */
const LOGO_W = 90;
const LOGO_H = 54;

/** The logo's size on a slide: its aspect ratio kept, fitted into LOGO_W × LOGO_H points. */
export function logoSize(logo: Pick<PaperLogo, 'width' | 'height'>): { w: number; h: number } {
	const scale = Math.min(LOGO_W / logo.width, LOGO_H / logo.height);
	return { w: logo.width * scale, h: logo.height * scale };
}

/**
 * "Folie N": pptxgenjs writes the slide number as a bare field; a run "Folie " goes before it,
 * so the number stays a field (PowerPoint renumbers when slides move).
 */
function sayFolie(xml: string): string {
	return xml.replace(/(<a:fld id="[^"]*" type="slidenum">)/g, `<a:r><a:rPr lang="${LANG}"/><a:t>Folie </a:t></a:r>$1`);
}

/** The paper as a PPTX file: slide masters with title placeholders, method notes as speaker notes of the agenda slide. */
export async function renderPptx(model: PaperModel, logo: PaperLogo | null = null): Promise<Uint8Array> {
	const pptx = new PptxGenJS();
	pptx.layout = 'LAYOUT_WIDE';
	pptx.title = [model.title, model.meetingLine].filter(Boolean).join(' – ');
	pptx.subject = `Sitzungsunterlage, Stand ${model.date}`;
	pptx.author = model.office;
	pptx.company = model.office;
	pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
	defineMasters(pptx, model, logo);
	for (const s of planSlides(model)) {
		// The appendix goes to the speaker notes of the agenda slide instead.
		if (s.kind === 'text' && s.appendix) continue;
		const slide = pptx.addSlide({ masterName: s.kind === 'title' ? MASTER_TITLE : MASTER_CONTENT });
		fill(slide, s);
		if (s.kind === 'agenda' && model.notes.length) slide.addNotes(`Hinweise zur Erstellung:\n${model.notes.join('\n')}`);
	}
	// 'STREAM' is the only Node output type pptxgenjs compresses (DEFLATE); the others are stored.
	const out = await pptx.write({ outputType: 'STREAM', compression: true });
	if (!(out instanceof Uint8Array)) throw new Error('pptxgenjs lieferte keine Binärdaten');
	const files = unzipSync(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
	for (const name of Object.keys(files)) {
		if (/^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name)) files[name] = strToU8(sayFolie(strFromU8(files[name]!)));
	}
	return zipSync(files, { level: 6 });
}
