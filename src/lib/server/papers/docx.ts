/**
 * The conference paper as a Word document (docx): A4 landscape (the tables are wide), headings,
 * real Word tables whose header row repeats on every page (Word paginates them itself), a footer
 * with "date · office" and "Seite X von Y", document language de-DE.
 *
 * Font: Arial. It is on every office PC; LibreOffice maps it to the metric-compatible Liberation
 * Sans (installed in CI).
 */
import {
	AlignmentType, BorderStyle, Document, Footer, HeadingLevel, LevelFormat, Packer, PageNumber, PageOrientation, Paragraph,
	ShadingType, Table, TableCell, TableLayoutType, TableRow, TabStopType, TextRun, WidthType
} from 'docx';
import type { PaperColumn, PaperModel } from './model';

const FONT = 'Arial';
const LANG = 'de-DE';
const ACCENT = '1B3A5C';
const MUTED = '555555';
const RULE = '9A9A9A';
const HEADER_FILL = 'E6EBF1';
/** A4 in twentieths of a point (portrait numbers; docx swaps them for landscape). */
const A4_W = 11906;
const A4_H = 16838;
const MARGIN = 1134; // 2 cm
const CONTENT_W = A4_H - 2 * MARGIN;
const AGENDA = 'agenda';

const border = { style: BorderStyle.SINGLE, size: 4, color: RULE };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(text: string, width: number, opts: { header?: boolean; right?: boolean } = {}): TableCell {
	// One paragraph per line of the text, so line breaks survive.
	const lines = text === '' ? [''] : text.split('\n');
	return new TableCell({
		width: { size: width, type: WidthType.DXA },
		borders,
		margins: { top: 60, bottom: 60, left: 80, right: 80 },
		shading: opts.header ? { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL } : undefined,
		children: lines.map((l) => new Paragraph({
			alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
			children: [new TextRun({ text: l, bold: opts.header })]
		}))
	});
}

function widths(columns: readonly PaperColumn[], total: number): number[] {
	const sum = columns.reduce((n, c) => n + c.weight, 0);
	return columns.map((c) => Math.floor((c.weight / sum) * total));
}

function table(columns: readonly PaperColumn[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = [], total = CONTENT_W): Table {
	const w = widths(columns, total);
	return new Table({
		width: { size: w.reduce((a, b) => a + b, 0), type: WidthType.DXA },
		columnWidths: w,
		layout: TableLayoutType.FIXED,
		rows: [
			new TableRow({
				tableHeader: true,
				cantSplit: true,
				children: columns.map((c, i) => cell(c.label, w[i]!, { header: true, right: rightAligned.includes(i) }))
			}),
			...rows.map((r) => new TableRow({ children: r.map((text, i) => cell(text, w[i]!, { right: rightAligned.includes(i) })) }))
		]
	});
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1, pageBreakBefore = false) =>
	new Paragraph({ heading: level, pageBreakBefore, keepNext: true, children: [new TextRun(text)] });

/** The paper as a DOCX file. */
export async function renderDocx(model: PaperModel): Promise<Uint8Array> {
	const body: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }),
		new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: model.scopeLine, size: 32 })] }),
		new Paragraph({ children: [new TextRun({ text: `Sitzungsunterlage · Stand ${model.date}`, color: MUTED, size: 24 })] }),
		new Paragraph({ spacing: { after: 360 }, children: [new TextRun({ text: model.office, color: MUTED, size: 24 })] }),
		heading('Agenda'),
		...model.agenda.map((item) => new Paragraph({ numbering: { reference: AGENDA, level: 0 }, children: [new TextRun({ text: item, size: 24 })] })),
		heading('Hinweise', HeadingLevel.HEADING_2),
		...model.notes.map((n) => new Paragraph({ spacing: { after: 80 }, children: [new TextRun({ text: n, color: MUTED })] }))
	];
	for (const t of model.tables) {
		body.push(heading(t.title, HeadingLevel.HEADING_1, true), table(t.columns, t.rows.map((r) => r.cells)));
	}
	if (model.measures) {
		body.push(heading(model.measures.title, HeadingLevel.HEADING_1, true), table(model.measures.columns, model.measures.rows.map((r) => r.cells)));
	}
	body.push(heading('Zusammenfassung in Zahlen', HeadingLevel.HEADING_1, true));
	const figureColumns: PaperColumn[] = [{ label: '', weight: 80 }, { label: 'Anzahl', weight: 20 }];
	for (const b of model.figures) {
		body.push(
			heading(b.title, HeadingLevel.HEADING_2),
			table([{ ...figureColumns[0]!, label: b.title }, figureColumns[1]!], b.rows.map((r) => [r.label, r.value]), [1], Math.floor(CONTENT_W / 2)),
			new Paragraph({ children: [] })
		);
	}

	const doc = new Document({
		title: `${model.title} – ${model.scopeLine}`,
		subject: `Sitzungsunterlage, Stand ${model.date}`,
		creator: model.office,
		lastModifiedBy: model.office,
		description: 'Sitzungsunterlage aus dem IKZ-Atlas',
		keywords: 'Interkommunale Zusammenarbeit, IKZ, Sitzungsunterlage',
		styles: {
			default: {
				document: { run: { font: FONT, size: 20, language: { value: LANG } }, paragraph: { spacing: { after: 0 } } },
				title: { run: { font: FONT, size: 48, bold: true, color: ACCENT }, paragraph: { spacing: { before: 1200, after: 240 } } },
				heading1: { run: { font: FONT, size: 30, bold: true, color: ACCENT }, paragraph: { spacing: { before: 240, after: 160 } } },
				heading2: { run: { font: FONT, size: 24, bold: true, color: ACCENT }, paragraph: { spacing: { before: 200, after: 100 } } }
			}
		},
		numbering: {
			config: [{
				reference: AGENDA,
				levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 397 } } } }]
			}]
		},
		sections: [{
			properties: {
				page: {
					size: { width: A4_W, height: A4_H, orientation: PageOrientation.LANDSCAPE },
					margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, footer: 567 }
				}
			},
			footers: {
				default: new Footer({
					children: [new Paragraph({
						tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_W }],
						children: [
							new TextRun({ text: model.footer, size: 16, color: MUTED }),
							new TextRun({ children: ['\tSeite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES], size: 16, color: MUTED })
						]
					})]
				})
			},
			children: body
		}]
	});
	const buf = await Packer.toBuffer(doc);
	return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
