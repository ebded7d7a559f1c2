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
import type { BlockId, PaperColumn, PaperModel, PaperTable } from './model';

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
			...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((text, i) => cell(text, w[i]!, { right: rightAligned.includes(i) })) }))
		]
	});
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1, pageBreakBefore = false) =>
	new Paragraph({ heading: level, pageBreakBefore, keepNext: true, children: [new TextRun(text)] });

const para = (text: string, opts: { bold?: boolean; color?: string; size?: number; after?: number; keepNext?: boolean } = {}) =>
	new Paragraph({
		keepNext: opts.keepNext,
		spacing: { after: opts.after ?? 0 },
		children: text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: opts.bold, color: opts.color, size: opts.size }))
	});

function tableBlock(t: PaperTable, pageBreak: boolean): (Paragraph | Table)[] {
	return [heading(t.title, HeadingLevel.HEADING_2, pageBreak), table(t.columns, t.rows.map((r) => r.cells))];
}

function blockContent(model: PaperModel, id: BlockId): (Paragraph | Table)[] {
	if (id.startsWith('table:')) {
		const t = model.tables.find((x) => `table:${x.id}` === id);
		return t ? tableBlock(t, false) : [];
	}
	switch (id) {
		case 'measures': {
			if (!model.measures) return [];
			const out: (Paragraph | Table)[] = tableBlock(model.measures, false);
			for (const m of model.measureSlides) {
				out.push(heading(`${m.number} ${m.title}`, HeadingLevel.HEADING_3));
				const fields: [string, string][] = [
					['Zusammenarbeitsfeld', m.field], ['Auftrag', m.mandate], ['Federführung', m.lead],
					['Status', m.statusDate ? `${m.status} (Stand ${m.statusDate})` : m.status], ['Realisierung des Projektes', m.result]
				];
				for (const [label, text] of fields) {
					if (!text) continue;
					out.push(para(label, { bold: true, color: ACCENT, keepNext: true }), para(text, { after: 120 }));
				}
			}
			return out;
		}
		case 'savings':
			return model.savings ? tableBlock(model.savings, false) : [];
		case 'groups':
			return model.groups.flatMap((g) => tableBlock(g, false));
		case 'ideas':
			return model.ideas ? tableBlock(model.ideas, false) : [];
		case 'figures': {
			const out: (Paragraph | Table)[] = [];
			const figureColumns: PaperColumn[] = [{ label: '', weight: 80 }, { label: 'Anzahl', weight: 20 }];
			for (const b of model.figures) {
				out.push(
					heading(b.title, HeadingLevel.HEADING_2),
					table([{ ...figureColumns[0]!, label: b.title }, figureColumns[1]!], b.rows.map((r) => [r.label, r.value]), [1], Math.floor(CONTENT_W / 2)),
					new Paragraph({ children: [] })
				);
			}
			return out;
		}
	}
	return [];
}

/** The paper as a DOCX file: title page, agenda, one chapter per agenda item, the method notes as an appendix. */
export async function renderDocx(model: PaperModel): Promise<Uint8Array> {
	const body: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }),
		...(model.meetingLine ? [new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: model.meetingLine, size: 32 })] })] : []),
		...(model.scopeLine ? [new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: model.scopeLine, size: 28 })] })] : []),
		new Paragraph({ children: [new TextRun({ text: `Stand ${model.date}`, color: MUTED, size: 24 })] }),
		new Paragraph({ spacing: { after: 360 }, children: [new TextRun({ text: model.office, color: MUTED, size: 24 })] }),
		heading('Agenda'),
		...model.agenda.map((item) => new Paragraph({
			numbering: { reference: AGENDA, level: 0 },
			children: [item.title, ...item.sub].map((line, i) => new TextRun({ text: line, size: 24, break: i > 0 ? 1 : undefined }))
		}))
	];
	let emptySaid = false;
	model.agenda.forEach((item, i) => {
		body.push(heading(`${i + 1}. ${item.title}`, HeadingLevel.HEADING_1, true));
		for (const sub of item.sub) body.push(para(sub, { size: 24 }));
		if (model.emptyNote && !emptySaid && /kooperation/i.test([item.title, ...item.sub].join(' '))) {
			body.push(para(model.emptyNote, { after: 120 }));
			emptySaid = true;
		}
		for (const b of item.blocks) body.push(...blockContent(model, b));
	});
	if (model.emptyNote && !emptySaid) body.push(para(model.emptyNote, { after: 120 }));
	body.push(heading('Anhang: Hinweise zur Erstellung', HeadingLevel.HEADING_1, true));
	for (const n of model.notes) body.push(para(n, { color: MUTED, after: 80 }));

	const doc = new Document({
		title: [model.title, model.meetingLine, model.scopeLine].filter(Boolean).join(' – '),
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
				heading2: { run: { font: FONT, size: 24, bold: true, color: ACCENT }, paragraph: { spacing: { before: 200, after: 100 } } },
				heading3: { run: { font: FONT, size: 22, bold: true, color: ACCENT }, paragraph: { spacing: { before: 200, after: 80 } } }
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
