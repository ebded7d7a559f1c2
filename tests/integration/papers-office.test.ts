/**
 * The conference papers open in LibreOffice (issue 4, item 3): the generated PPTX and DOCX are
 * converted with `soffice --headless --convert-to pdf` (a fresh user profile per run, so no
 * earlier state or recovery dialog plays a part), then `pdfinfo` counts the pages and `pdftotext`
 * reads the text back: the title, umlauts, the complete longest partner list, a towns' row,
 * the measures and the footer's office. The own PDF is read the same way.
 *
 * Needs LibreOffice and poppler-utils (tests/support/office.ts: skipped with a warning without
 * them, except in CI, where it fails).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { loadedDatabase } from './helpers';
import { officeAvailable, pdfPages as pages, pdfText as text, sofficeConvert } from '../support/office';
import { buildPaper, type PaperModel } from '../../src/lib/server/papers/model';
import { planSlides } from '../../src/lib/server/papers/slides';
import { renderPptx } from '../../src/lib/server/papers/pptx';
import { renderPdf } from '../../src/lib/server/papers/pdf';
import { renderDocx } from '../../src/lib/server/papers/docx';


const CONVERT_TIMEOUT = 120_000;

let dir: string;
let model: PaperModel;

/**
 * Text without whitespace and hyphens: line breaks in table cells fall anywhere, and pdftotext
 * drops the hyphen of a word broken at one ("E-Mail-Verkehr" → "EMail-Verkehr").
 */
const squash = (s: string) => s.replace(/[\s\u00ad-]+/g, '');

/**
 * True when the words of `cell` appear in `text` in their order. A Word table row broken over a
 * page, or the next cell read in between ("… Stilllegung des 2008 Kohlebergbaus …"), leaves other
 * text between them; a missing or cut word still fails.
 */
function containsInOrder(text: string, cell: string): boolean {
	const flat = squash(text);
	let at = 0;
	for (const word of cell.split(/\s+/).map(squash).filter(Boolean)) {
		const i = flat.indexOf(word, at);
		if (i < 0) return false;
		at = i + word.length;
	}
	return true;
}

/** The cell with the longest partner list (Kreis: Aufgabenbereich; towns: Partner) and its last partner. */
function longestPartnerList(m: PaperModel): { cell: string; last: string } {
	const cells = m.tables.flatMap((t) => t.rows.map((r) => r.cells[2]!));
	const cell = cells.reduce((a, b) => (b.length > a.length ? b : a));
	const last = cell.replace(/\)$/, '').split(', ').at(-1)!;
	return { cell, last };
}

function checkText(t: string, m: PaperModel) {
	const flat = squash(t);
	for (const s of [m.title, 'Fröndenberg/Ruhr', 'Bönen', 'Gemeinsame Erziehungsberatungsstelle', m.office]) {
		expect(flat, s).toContain(squash(s));
	}
	const { cell, last } = longestPartnerList(m);
	expect(containsInOrder(t, cell), `längste Partnerliste vollständig: ${cell}`).toBe(true);
	expect(flat).toContain(squash(last));
	for (const r of m.measures!.rows) expect(flat, `Maßnahme ${r.cells[0]}`).toContain(squash(r.cells[1]!));
}

/**
 * What the rows must say (issue 16): the towns' no. 16 ended in 2006, Selm left no. 6 in 2006,
 * Fröndenberg works by contract in no. 49, no. 43's "davon 6", the source's "gemeinsamer
 * Kaufvertrag zu je 50 %" and "Geschäftsführung"; the agenda of the conference with its section
 * slides; every measure's slide with its mandate text and "Realisierung des Projektes".
 */
function checkTruth(t: string) {
	const flat = squash(t);
	for (const s of [
		'Zusammenarbeit im Büchereiwesen (gekündigt in 2006)', '1992–2006, beendet',
		'nicht mehr beteiligt: Selm (bis 2006)', 'nicht Mitglied im Zweckverband',
		'37 Kommunen RgBz Arnsberg, davon 6 aus dem Kreis Unna', 'gemeinsamer Kaufvertrag zu je 50 %', 'Geschäftsführung',
		'Klausurtagung der Bürgermeisterkonferenz', 'Sundern', 'Ausblick / Kommune hat Zukunft',
		'Realisierung des Projektes', 'Ideen / Vorschau auf neue Projekte'
	]) expect(containsInOrder(t, s), s).toBe(true);
	// Selm is no current partner of the music school: it appears only after "nicht mehr beteiligt:".
	expect(flat).not.toContain(squash('Werne, Selm, Lüdinghausen'));
	expect(flat).not.toContain('GesamtesRegister');
	for (const m of model.measureSlides) {
		expect(containsInOrder(t, m.mandate), `Auftrag ${m.number}`).toBe(true);
		expect(flat, `Maßnahme ${m.number}`).toContain(squash(`${m.number} ${m.title}`));
	}
}

describe.skipIf(!officeAvailable)('papers in LibreOffice', () => {
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-papers-'));
		const db = (await loadedDatabase()).db;
		model = await buildPaper(db, { regionId: 'kreis-unna' }, new Date('2026-01-12T10:00:00Z'));
		fs.writeFileSync(path.join(dir, 'sitzungsunterlage.pptx'), await renderPptx(model));
		fs.writeFileSync(path.join(dir, 'sitzungsunterlage.docx'), await renderDocx(model));
		fs.writeFileSync(path.join(dir, 'sitzungsunterlage.pdf'), await renderPdf(model));
	}, 120_000);
	afterAll(() => {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('has the tools (CI must have them)', () => {
	});

	it('PPTX: converts, one page per slide (the appendix is in the speaker notes), all text there', () => {
		const pdf = sofficeConvert(path.join(dir, 'sitzungsunterlage.pptx'), 'pdf', path.join(dir, 'out'));
		const slides = planSlides(model).filter((s) => !(s.kind === 'text' && s.appendix));
		expect(pages(pdf)).toBe(slides.length);
		const t = text(pdf);
		checkText(t, model);
		checkTruth(t);
		expect(t).toContain('Tagesordnungspunkt 7');
		// "Folie N" as in the deck, on every slide (the number is a field, the word a run before it).
		for (let n = 1; n <= slides.length; n++) expect(t, `Folie ${n}`).toMatch(new RegExp(`Folie\\s+${n}\\b`));
	}, CONVERT_TIMEOUT + 30_000);

	it('PPTX: every slide heading is a title placeholder from a slide master; the slide number says "Folie"', () => {
		const files = unzipSync(fs.readFileSync(path.join(dir, 'sitzungsunterlage.pptx')));
		const slideFiles = Object.keys(files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
		expect(slideFiles.length).toBe(planSlides(model).filter((s) => !(s.kind === 'text' && s.appendix)).length);
		for (const n of slideFiles) {
			const xml = strFromU8(files[n]!);
			expect(xml, n).toMatch(/<p:ph\s[^>]*type="title"/);
			expect(xml, n).toMatch(/<a:t>Folie <\/a:t><\/a:r><a:fld [^>]*type="slidenum"/);
		}
		const layouts = Object.keys(files).filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => strFromU8(files[n]!));
		expect(layouts.filter((x) => /<p:ph\s[^>]*type="title"/.test(x)).length).toBeGreaterThanOrEqual(2);
		// The method notes are the agenda slide's speaker notes.
		const notes = Object.keys(files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).map((n) => strFromU8(files[n]!)).join('');
		expect(notes).toContain('Hinweise zur Erstellung');
	});

	it('DOCX: no table row may split across pages (cantSplit on every row)', () => {
		const files = unzipSync(fs.readFileSync(path.join(dir, 'sitzungsunterlage.docx')));
		const xml = strFromU8(files['word/document.xml']!);
		const rows = xml.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? [];
		expect(rows.length).toBeGreaterThan(100);
		for (const r of rows) expect(r.slice(0, 400)).toMatch(/<w:cantSplit\/>|<w:cantSplit w:val="(true|1|on)"\/>/);
	});

	it('DOCX: converts, landscape A4 pages, all text there', () => {
		const pdf = sofficeConvert(path.join(dir, 'sitzungsunterlage.docx'), 'pdf', path.join(dir, 'out'));
		expect(pages(pdf)).toBeGreaterThanOrEqual(4);
		const t = text(pdf);
		checkText(t, model);
		checkTruth(t);
		expect(squash(t)).toContain(squash(`Seite 1 von ${pages(pdf)}`));
	}, CONVERT_TIMEOUT + 30_000);

	it('own PDF: one page per slide, all text there', () => {
		const pdf = path.join(dir, 'sitzungsunterlage.pdf');
		expect(pages(pdf)).toBe(planSlides(model).length);
		const t = text(pdf);
		checkText(t, model);
		checkTruth(t);
		expect(t).toContain(`Folie ${planSlides(model).length}`);
		expect(squash(t)).toContain(squash('Anhang: Hinweise zur Erstellung'));
	});
});
