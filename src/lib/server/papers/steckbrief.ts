/**
 * The one-page profile ("Steckbrief", issue 16 item 6) of a cooperation or a body: what a mayor
 * takes to a meeting. Public data only (the same as the public profile pages; no contacts, no
 * § 2b UStG assessment). One model for the print page and the PDF; the PDF is A4 portrait on one
 * page: the font shrinks from 10 to 7 pt, and only then a long list is cut with
 * "… und N weitere" (the profile page has them all).
 */
import { legalCooperation } from '../legal/store';
import { FAMILIES } from '../../domain/land-law';
import PDFDocument from 'pdfkit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { bodyProfile, cooperationProfile } from '../registry/profiles';
import { BODY_KIND_LABEL, ROLE_LABEL, fmtNumber } from '../../i18n/de';
import { berlinDay, germanDay, measuresForCooperation } from '../steering/measures';
import { legalFormCell, partnerCell, performerCell, startCell, titleCell } from './truth';
import { pdfFonts } from './fonts';

export interface SheetFact {
	label: string;
	value: string;
}

export interface SheetSection {
	heading: string;
	/** Paragraph text, or list items. */
	text?: string;
	items?: string[];
}

export interface Steckbrief {
	kind: 'kooperation' | 'koerperschaft';
	id: string;
	title: string;
	subtitle: string;
	facts: SheetFact[];
	sections: SheetSection[];
	/** dd.mm.yyyy (Europe/Berlin). */
	stand: string;
	/** Path of the full profile, e.g. /kooperationen/kommunen-6. */
	path: string;
}

const LIST_LABEL_SHORT = (list: string, label: string) => (list === 'kreis' ? 'Kreis' : list === 'kommunen' ? 'Kommunen' : label);

/** Issue 13: the Land law of a public-law cooperation ("Zweckverband nach SächsKomZG (§§ 44 ff. SächsKomZG)"), as one fact; none for other forms. */
async function landLawFact(db: Kysely<Database>, id: string): Promise<SheetFact[]> {
	const c = await legalCooperation(db, id);
	if (!c || !(FAMILIES as readonly string[]).includes(c.legalForm.id) || !c.law.land) return [];
	const { law, form, land, crossLand } = c.law;
	const value = law
		? `${form ? `${form.name} nach ` : ''}${law.short}${form?.norms ? ` (${form.norms})` : ''}`
		: `${land.name}: Landesrecht in IKZ-Atlas nicht hinterlegt`;
	return [{ label: 'Landesrecht', value: crossLand ? `${value}; Beteiligte aus mehreren Ländern` : value }];
}

/** The Steckbrief of a cooperation, or null when there is none (archived ones keep theirs: they have a page). */
export async function cooperationSteckbrief(db: Kysely<Database>, id: string, now = new Date()): Promise<Steckbrief | null> {
	const p = await cooperationProfile(db, id);
	if (!p) return null;
	const partnerNotes = new Map(p.participants.filter((x) => x.note).map((x) => [x.id, x.note!]));
	const extras = { partnerNotes, groupNotes: p.groups.map((g) => g.note), performerKind: p.performer.id ? 'body' : 'other', performerSource: p.performerSource, titleSource: p.titleSource };
	const facts: SheetFact[] = [
		{ label: 'Aufgabenbereich', value: titleCell(p, p.titleSource) },
		{ label: 'Partner', value: partnerCell(p, extras) || '–' },
		{ label: 'Aufgabenerledigung durch', value: performerCell(p, extras) },
		{ label: 'Rechtsform', value: [legalFormCell(p), p.legalForm.label !== legalFormCell(p) ? `(${p.legalForm.label})` : ''].filter(Boolean).join(' ') },
		...(await landLawFact(db, id)),
		{ label: 'seit', value: startCell(p, false) || 'nicht angegeben' },
		...(p.end && p.status !== 'ended' ? [{ label: 'bis', value: p.end }] : []),
		{ label: 'Status', value: p.statusLabel },
		{ label: 'Themenfelder', value: p.topics.map((t) => t.label).join(', ') || '–' },
		...(p.orgUnit ? [{ label: 'Org.-Einheit', value: p.orgUnit }] : [])
	];
	const sections: SheetSection[] = [];
	if (p.description?.trim()) sections.push({ heading: 'Beschreibung', text: p.description.trim() });
	const roles = p.participants.filter((x) => x.role !== 'member' || x.note);
	if (roles.length) {
		sections.push({ heading: 'Beteiligte mit besonderer Rolle', items: roles.map((x) => `${x.name}: ${ROLE_LABEL[x.role] ?? x.role}${x.note ? ` – ${x.note}` : ''}`) });
	}
	if (p.events.length) sections.push({ heading: 'Verlauf', items: p.events.map((e) => [e.date, e.text].filter(Boolean).join(': ')) });
	const measures = await measuresForCooperation(db, id);
	if (measures.length) sections.push({ heading: 'Maßnahmen der Bürgermeisterkonferenz', items: measures.map((m) => `${m.number} ${m.title}`) });
	if (p.notes?.trim()) sections.push({ heading: 'Hinweise', text: p.notes.trim() });
	const src = p.source;
	sections.push({ heading: 'Quelle', text: [src.document, src.list, src.number !== null ? `Nr. ${src.number}` : null, src.slide !== null ? `Folie ${src.slide}` : null].filter(Boolean).join(', ') });
	return {
		kind: 'kooperation', id, title: p.title,
		subtitle: [`${LIST_LABEL_SHORT(p.list, p.listLabel)}-Liste`, p.number !== null ? `Nr. ${p.number}` : null].filter(Boolean).join(' · '),
		facts, sections, stand: germanDay(berlinDay(now)), path: `/kooperationen/${id}`
	};
}

const coopLine = (r: { list: string; listLabel: string; number: number | null; title: string; start: string | null; status: string; end: string | null }, sayEnd = true) =>
	`${LIST_LABEL_SHORT(r.list, r.listLabel)} ${r.number ?? '–'}: ${r.title}${r.start ? ` (seit ${r.start}${sayEnd && r.status === 'ended' ? `, beendet${r.end ? ` ${r.end}` : ''}` : ''})` : sayEnd && r.status === 'ended' ? ' (beendet)' : ''}`;

/** The Steckbrief of a body: what it is, its cooperations (current ones; those it left or that ended apart), partners and topics. */
export async function bodySteckbrief(db: Kysely<Database>, id: string, now = new Date()): Promise<Steckbrief | null> {
	const b = await bodyProfile(db, id);
	if (!b) return null;
	const left = new Set(b.leftOrEnded.map((x) => x.row.id));
	const current = b.takesPart.filter((r) => !left.has(r.id));
	const facts: SheetFact[] = [
		{ label: 'Art', value: BODY_KIND_LABEL[b.kind] ?? b.kind },
		...(b.officialName && b.officialName !== b.name ? [{ label: 'Amtlicher Name', value: b.officialName }] : []),
		...(b.parent ? [{ label: 'gehört zu', value: b.parent.name }] : []),
		...(b.ags ? [{ label: 'Gemeindeschlüssel', value: b.ags }] : []),
		{ label: 'Kooperationen', value: `${fmtNumber(current.length)} laufend beteiligt${b.leftOrEnded.length ? `, ${fmtNumber(b.leftOrEnded.length)} beendet oder ausgeschieden` : ''}` },
		...(b.performs.length ? [{ label: 'erledigt Aufgaben für andere', value: `${fmtNumber(b.performs.length)} Kooperationen` }] : []),
		...(b.partnersMost.length ? [{ label: 'häufigste Partner', value: b.partnersMost.slice(0, 6).map((x) => `${x.name} (${fmtNumber(x.count)})`).join(', ') }] : []),
		...(b.topics.length ? [{ label: 'Themenfelder', value: b.topics.slice(0, 6).map((t) => `${t.label} (${fmtNumber(t.count)})`).join(', ') }] : [])
	];
	const sections: SheetSection[] = [];
	if (current.length) sections.push({ heading: 'Kooperationen', items: current.map((r) => coopLine(r)) });
	if (b.leftOrEnded.length) sections.push({ heading: 'Beendet oder ausgeschieden', items: b.leftOrEnded.map((x) => `${coopLine(x.row, false)} – ${x.reason}`) });
	const performsOnly = b.performs.filter((r) => !b.takesPart.some((t) => t.id === r.id));
	if (performsOnly.length) sections.push({ heading: 'Aufgabenerledigung für andere', items: performsOnly.map((r) => coopLine(r)) });
	if (b.note?.trim()) sections.push({ heading: 'Hinweise', text: b.note.trim() });
	return {
		kind: 'koerperschaft', id, title: b.name, subtitle: BODY_KIND_LABEL[b.kind] ?? b.kind,
		facts, sections, stand: germanDay(berlinDay(now)), path: `/koerperschaften/${id}`
	};
}

// ---------------------------------------------------------------------------------------------
// PDF

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const WIDTH = A4[0] - 2 * MARGIN;
const BOTTOM = A4[1] - MARGIN - 16;
const LABEL_W = 150;
const ACCENT = '#1b3a5c';
const TEXT = '#1a1a1a';
const MUTED = '#555555';
const SIZES = [10, 9.5, 9, 8.5, 8, 7.5, 7];

type Doc = PDFKit.PDFDocument;

/** Items of the sections cut to at most `max` each ("… und N weitere"); Infinity keeps all. */
function cut(sheet: Steckbrief, max: number): Steckbrief {
	if (!Number.isFinite(max)) return sheet;
	return {
		...sheet,
		sections: sheet.sections.map((s) => (s.items && s.items.length > max
			? { ...s, items: [...s.items.slice(0, max), `… und ${fmtNumber(s.items.length - max)} weitere (vollständig im Profil ${sheet.path})`] }
			: s))
	};
}

/** Lays the sheet out from the top; draws only when `draw`. Returns the bottom of the content. */
function layout(doc: Doc, sheet: Steckbrief, size: number, root: PDFKit.PDFStructureElement | null): number {
	const draw = root !== null;
	const gap = size * 0.2;
	let y = MARGIN;
	const put = (font: string, fs: number, color: string, text: string, x: number, w: number, struct?: string) => {
		doc.font(font).fontSize(fs);
		const h = doc.heightOfString(text, { width: w, lineGap: gap });
		if (draw) {
			const paint = () => doc.fillColor(color).text(text, x, y, { width: w, lineGap: gap });
			if (struct) root!.add(doc.struct(struct, {}, paint));
			else paint();
		}
		return h;
	};
	y += put('B', size * 0.9, MUTED, `Steckbrief · ${sheet.subtitle}`, MARGIN, WIDTH, 'P') + 4;
	y += put('B', size * 1.8, ACCENT, sheet.title, MARGIN, WIDTH, 'H1') + size;
	for (const f of sheet.facts) {
		const hl = put('B', size, TEXT, f.label, MARGIN, LABEL_W - 8, 'P');
		const hv = put('R', size, TEXT, f.value, MARGIN + LABEL_W, WIDTH - LABEL_W, 'P');
		y += Math.max(hl, hv) + size * 0.4;
	}
	for (const s of sheet.sections) {
		y += size * 0.6;
		y += put('B', size * 1.15, ACCENT, s.heading, MARGIN, WIDTH, 'H2') + size * 0.3;
		if (s.text) y += put('R', size, TEXT, s.text, MARGIN, WIDTH, 'P') + size * 0.2;
		for (const item of s.items ?? []) y += put('R', size, TEXT, `– ${item}`, MARGIN + 8, WIDTH - 8, 'P') + size * 0.1;
	}
	return y;
}

/** The sheet that fits one page: the largest font, then the fewest cuts. */
export function fitSheet(sheet: Steckbrief): { sheet: Steckbrief; size: number } {
	const d = measuringDoc();
	for (const max of [Infinity, 40, 30, 20, 12, 6]) {
		const s = cut(sheet, max);
		for (const size of SIZES) if (layout(d, s, size, null) <= BOTTOM) return { sheet: s, size };
	}
	return { sheet: cut(sheet, 3), size: SIZES.at(-1)! };
}

let measurer: Doc | null = null;

/** One document for measuring (never written out): fonts load once. */
function measuringDoc(): Doc {
	if (measurer) return measurer;
	const fonts = pdfFonts();
	const doc = new PDFDocument({ size: A4, margin: 0, autoFirstPage: false });
	doc.registerFont('R', fonts.regular);
	doc.registerFont('B', fonts.bold);
	// Measuring needs a page: without one pdfkit's line wrapper has no page bounds.
	doc.addPage({ size: A4, margin: 0 });
	measurer = doc;
	return doc;
}

/** The Steckbrief as a one-page PDF (A4 portrait, Noto Sans, tagged, de-DE). */
export async function renderSteckbriefPdf(input: Steckbrief, siteName = 'IKZ-Atlas'): Promise<Uint8Array> {
	const fonts = pdfFonts();
	const doc = new PDFDocument({
		size: A4, margin: 0, autoFirstPage: false, pdfVersion: '1.7', tagged: true, lang: 'de-DE', displayTitle: true,
		info: { Title: `Steckbrief: ${input.title}`, Author: siteName, Subject: `Steckbrief, Stand ${input.stand}`, Creator: siteName }
	});
	doc.registerFont('R', fonts.regular);
	doc.registerFont('B', fonts.bold);
	const chunks: Buffer[] = [];
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	const { sheet, size } = fitSheet(input);
	doc.addPage({ size: A4, margin: 0 });
	const root = doc.struct('Document');
	doc.addStructure(root);
	layout(doc, sheet, size, root);
	root.end();
	doc.markContent('Artifact', { type: 'Pagination' });
	doc.font('R').fontSize(8).fillColor(MUTED).text(`Stand ${sheet.stand} · ${siteName} · öffentliche Angaben des Registers · ${sheet.path}`, MARGIN, A4[1] - MARGIN - 4, { width: WIDTH, lineBreak: false });
	doc.endMarkedContent();
	doc.end();
	return done;
}

/** The one-page profile as a PDF download (A4 portrait, public data only), for both Steckbrief routes. */
export async function steckbriefPdfResponse(sheet: Steckbrief, id: string): Promise<Response> {
	const body = await renderSteckbriefPdf(sheet);
	return new Response(new Blob([body as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="steckbrief-${id}.pdf"`,
			'Content-Length': String(body.byteLength),
			'Cache-Control': 'no-store'
		}
	});
}
