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

describe.skipIf(!officeAvailable)('papers in LibreOffice', () => {
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-papers-'));
		const db = (await loadedDatabase()).db;
		model = await buildPaper(db, { regionId: 'kreis-unna' }, new Date('2026-01-12T10:00:00Z'));
		fs.writeFileSync(path.join(dir, 'sitzungsunterlage.pptx'), await renderPptx(model));
		fs.writeFileSync(path.join(dir, 'sitzungsunterlage.docx'), await renderDocx(model));
		fs.writeFileSync(path.join(dir, 'sitzungsunterlage.pdf'), await renderPdf(model));
	});
	afterAll(() => {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('has the tools (CI must have them)', () => {
	});

	it('PPTX: converts, one page per slide, all text there', () => {
		const pdf = sofficeConvert(path.join(dir, 'sitzungsunterlage.pptx'), 'pdf', path.join(dir, 'out'));
		expect(pages(pdf)).toBe(planSlides(model).length);
		checkText(text(pdf), model);
	}, CONVERT_TIMEOUT + 30_000);

	it('DOCX: converts, landscape A4 pages, all text there', () => {
		const pdf = sofficeConvert(path.join(dir, 'sitzungsunterlage.docx'), 'pdf', path.join(dir, 'out'));
		expect(pages(pdf)).toBeGreaterThanOrEqual(4);
		const t = text(pdf);
		checkText(t, model);
		expect(squash(t)).toContain(squash(`Seite 1 von ${pages(pdf)}`));
	}, CONVERT_TIMEOUT + 30_000);

	it('own PDF: one page per slide, all text there', () => {
		const pdf = path.join(dir, 'sitzungsunterlage.pdf');
		expect(pages(pdf)).toBe(planSlides(model).length);
		const t = text(pdf);
		checkText(t, model);
		expect(t).toContain(`Folie ${planSlides(model).length}`);
	});
});
