/**
 * One-page profiles (issue 16, item 6): every cooperation and every body of the register fits one
 * A4 page, says the truth of its row (ended, partners who left), and shows public data only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import { bodySteckbrief, cooperationSteckbrief, fitSheet, renderSteckbriefPdf, type Steckbrief } from '../../src/lib/server/papers/steckbrief';
import { officeAvailable, pdfText } from '../support/office';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let db: Kysely<Database>;
const NOW = new Date('2026-01-12T10:00:00Z');
const pageCount = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
const flat = (s: Steckbrief) => JSON.stringify(s);

beforeAll(async () => {
	db = (await loadedDatabase()).db;
}, 120_000);

describe('Steckbrief', () => {
	it('a cooperation: the truth of its row', async () => {
		const music = (await cooperationSteckbrief(db, 'kommunen-6', NOW))!;
		expect(music.facts.find((f) => f.label === 'Partner')!.value).toBe('Werne, Lüdinghausen, Olfen, Nordkirchen, Senden; nicht mehr beteiligt: Selm (bis 2006)');
		const library = (await cooperationSteckbrief(db, 'kommunen-16', NOW))!;
		expect(library.facts.find((f) => f.label === 'seit')!.value).toBe('1992–2006, beendet');
		expect(library.facts.find((f) => f.label === 'Status')!.value).toBe('beendet');
		expect(library.stand).toBe('12.01.2026');
		expect(await cooperationSteckbrief(db, 'gibt-es-nicht', NOW)).toBeNull();
	});

	it('public data only: no contact persons, no tax assessment', async () => {
		await db.insertInto('contact').values({
			id: 'steckbrief-test', cooperation_id: 'kommunen-12', name: 'Erika Testperson', function: 'Leitung', body_id: 'kamen',
			phone: '02307 555-1234', email: 'erika.testperson@example.org', created_at: NOW.toISOString()
		}).execute();
		const sheet = (await cooperationSteckbrief(db, 'kommunen-12', NOW))!;
		for (const s of ['Erika Testperson', 'erika.testperson@example.org', '555-1234']) expect(flat(sheet)).not.toContain(s);
		expect(flat(sheet)).not.toMatch(/2b UStG|Umsatzsteuer/);
		const body = (await bodySteckbrief(db, 'kamen', NOW))!;
		for (const s of ['Erika Testperson', 'erika.testperson@example.org']) expect(flat(body)).not.toContain(s);
	});

	it('a body: its cooperations, those it left or that ended apart', async () => {
		const selm = (await bodySteckbrief(db, 'selm', NOW))!;
		const ended = selm.sections.find((s) => s.heading === 'Beendet oder ausgeschieden')!;
		expect(ended.items!.some((i) => i.includes('Musikschule'))).toBe(true);
		expect(selm.sections.find((s) => s.heading === 'Kooperationen')!.items!.some((i) => i.includes('Musikschule'))).toBe(false);
		expect(await bodySteckbrief(db, 'atlantis', NOW)).toBeNull();
	});

	it('every cooperation and every body fits one A4 page; lists are cut only when very long', async () => {
		const coops = (await db.selectFrom('cooperation').select('id').where('archived_at', 'is', null).execute()).map((c) => c.id);
		const bodies = (await db.selectFrom('body').select('id').execute()).map((b) => b.id);
		const sheets = [
			...await Promise.all(coops.map(async (id) => (await cooperationSteckbrief(db, id, NOW))!)),
			...await Promise.all(bodies.map(async (id) => (await bodySteckbrief(db, id, NOW))!))
		];
		const items = (s: Steckbrief) => s.sections.reduce((n, x) => n + (x.items?.length ?? 0), 0);
		for (const s of sheets) {
			const fitted = fitSheet(s);
			// A sheet keeps all its lines unless it lists more than 40 cooperations.
			if (items(s) <= 40) expect(fitted.sheet, s.id).toEqual(s);
		}
		// The PDF has one page: the longest sheets and a sample of the others.
		const longest = [...sheets].sort((a, b) => flat(b).length - flat(a).length).slice(0, 6);
		for (const s of [...longest, ...sheets.filter((_, i) => i % 25 === 0)]) expect(pageCount(await renderSteckbriefPdf(s)), s.id).toBe(1);
	}, 300_000);

	it('a body with very many cooperations is cut with "… und N weitere", still one page', async () => {
		const kamen = (await bodySteckbrief(db, 'kamen', NOW))!;
		const many = { ...kamen, sections: [{ heading: 'Kooperationen', items: Array.from({ length: 400 }, (_, i) => `Kooperation Nr. ${i + 1} mit einem längeren Titel über die gemeinsame Aufgabe`) }] };
		const { sheet } = fitSheet(many);
		expect(sheet.sections[0]!.items!.at(-1)).toMatch(/^… und \d+ weitere \(vollständig im Profil \/koerperschaften\/kamen\)$/);
		expect(pageCount(await renderSteckbriefPdf(many))).toBe(1);
	});

	it.skipIf(!officeAvailable)('the PDF text reads back', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-steckbrief-'));
		try {
			const file = path.join(dir, 's.pdf');
			fs.writeFileSync(file, await renderSteckbriefPdf((await cooperationSteckbrief(db, 'kommunen-6', NOW))!));
			const t = pdfText(file).replace(/\s+/g, ' ');
			for (const s of ['Steckbrief', 'Musikschule', 'nicht mehr beteiligt: Selm (bis 2006)', 'Stand 12.01.2026']) expect(t).toContain(s);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
