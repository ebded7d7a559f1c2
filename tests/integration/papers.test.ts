/**
 * Conference papers (issue 4, item 3) on the shipped Kreis Unna data: the model lists what the
 * register search lists for the same scope (whole register, a body, a topic, a period), read
 * against the data files independently; the Kreis table's "Aufgabenbereich" carries the partners;
 * the slides fit (the real font measured against the estimate); and the three renderers produce
 * well-formed files: PPTX and DOCX are zips whose XML parts parse, the PDF has one page per slide.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unzipSync, strFromU8 } from 'fflate';
import { SaxesParser } from 'saxes';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import { readSettings } from '../../src/lib/server/settings';
import { foldGerman } from '../../src/lib/domain/text-fold';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { buildPaper, paperOptions, parsePaperScope, scopeParams, type PaperModel, type PaperLookups } from '../../src/lib/server/papers/model';
import { BODY_BOTTOM, BODY_Y, outline, planSlides } from '../../src/lib/server/papers/slides';
import { CONTINUED } from '../../src/lib/server/papers/paginate';
import { renderPptx } from '../../src/lib/server/papers/pptx';
import { renderPdf, measuredLayout } from '../../src/lib/server/papers/pdf';
import { renderDocx } from '../../src/lib/server/papers/docx';

type Db = Kysely<Database>;
const REGION = 'kreis-unna';
const NOW = new Date('2026-01-12T10:00:00Z');

interface YamlCoop { id: string; number: number; title: string; title_source?: string; topics?: string[]; participants: { body: string; role: string }[] }
const kreisYaml = parse(fs.readFileSync('data/kreis-unna/cooperations-kreis.yaml', 'utf8')) as YamlCoop[];
const townsYaml = parse(fs.readFileSync('data/kreis-unna/cooperations-kommunen.yaml', 'utf8')) as YamlCoop[];
const steeringYaml = parse(fs.readFileSync('data/kreis-unna/steering.yaml', 'utf8')) as { measures: { id: string; title: string; status: string }[] };

const ids = (m: PaperModel, list?: string) => m.tables.filter((t) => !list || t.id === list).flatMap((t) => t.rows.map((r) => r.id));
const byNumber = (a: YamlCoop, b: YamlCoop) => a.number - b.number;

/** Ids the register search gives for these parameters: the Kreis list, then the towns' list (the deck's order). */
async function registerIds(db: Db, params: Record<string, string>): Promise<string[]> {
	const out: string[] = [];
	for (const liste of ['kreis', 'kommunen']) {
		const page = await searchPage(db, new URLSearchParams({ ...params, liste, sort: 'nr' }), readSettings(), 'export');
		out.push(...page.rows.map((r) => r.id));
	}
	return out;
}

/** Parse every XML part of a zip with saxes; returns the parts' text. */
function xmlParts(file: Uint8Array): Map<string, string> {
	const parts = unzipSync(file);
	const out = new Map<string, string>();
	for (const [name, data] of Object.entries(parts)) {
		if (!/\.(xml|rels)$/.test(name)) continue;
		const text = strFromU8(data);
		const errors: string[] = [];
		const parser = new SaxesParser({ xmlns: true });
		parser.on('error', (e) => errors.push(`${name}: ${e.message}`));
		parser.write(text).close();
		expect(errors).toEqual([]);
		out.set(name, text);
	}
	return out;
}

const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/\s+/g, ' ');

function pdfPageCount(pdf: Uint8Array): number {
	return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

let db: Db;
let whole: PaperModel;
let lookups: PaperLookups;

beforeAll(async () => {
	db = (await loadedDatabase()).db;
	whole = await buildPaper(db, { regionId: REGION }, NOW);
	lookups = (await paperOptions(db, REGION)).lookups;
});

describe('buildPaper on the whole register', () => {
	it('lists both tables with all rows in Nr. order, like the data files', () => {
		expect(whole.tables.map((t) => t.id)).toEqual(['kreis', 'kommunen']);
		expect(ids(whole, 'kreis')).toEqual([...kreisYaml].sort(byNumber).map((c) => c.id));
		expect(ids(whole, 'kommunen')).toEqual([...townsYaml].sort(byNumber).map((c) => c.id));
		expect(whole.rowCount).toBe(kreisYaml.length + townsYaml.length);
		expect(whole.tooLarge).toBe(false);
		expect(whole.tables[0]!.columns.map((c) => c.label)).toEqual(['Nr.', 'Org.', 'Aufgabenbereich', 'Beginn']);
		expect(whole.tables[1]!.columns.map((c) => c.label)).toEqual(['Nr.', 'Aufgabenbereich', 'Partner', 'Aufgabenerledigung durch', 'Rechtsform', 'seit']);
	});

	it('has title, date, office and footer', () => {
		expect(whole.title).toBe('Interkommunale Zusammenarbeit im Kreis Unna');
		expect(whole.scopeLine).toBe('Gesamtes Register');
		expect(whole.date).toBe('12.01.2026');
		expect(whole.office).toBe('Kreis Unna – Steuerungsdienst');
		expect(whole.footer).toBe('12.01.2026 · Kreis Unna – Steuerungsdienst');
		expect(whole.agenda).toEqual([
			'Kooperationen mit Beteiligung des Kreises Unna (48)', 'Kooperationen der Städte und Gemeinden untereinander (55)',
			'Stand der Maßnahmen (15)', 'Zusammenfassung in Zahlen'
		]);
	});

	it('dates the paper in Berlin time', async () => {
		const late = await buildPaper(db, { regionId: REGION }, new Date('2026-01-12T23:30:00Z'));
		expect(late.date).toBe('13.01.2026');
		expect(late.day).toBe('2026-01-13');
	});

	it('shows the towns\' rows with the deck\'s columns', () => {
		const row = (id: string) => whole.tables[1]!.rows.find((r) => r.id === id)!.cells;
		expect(row('kommunen-1')).toEqual(['1', 'Gemeinsame Erziehungsberatungsstelle', 'Lünen, Selm, Werne', 'Caritas', 'e.V.', '1969']);
		expect(row('kommunen-3')).toEqual(['3', 'Volkshochschule', 'Unna, Holzwickede, Fröndenberg/Ruhr', 'Unna', 'örV', '1977']);
		expect(row('kommunen-39')[2]).toBe('Bergkamen, Fröndenberg/Ruhr, Kamen, Unna, weitere 192 Städte und Gemeinden in NRW');
	});

	it('puts the partners into the Kreis table\'s Aufgabenbereich', () => {
		const task = (id: string) => whole.tables[0]!.rows.find((r) => r.id === id)!.cells[2]!;
		// No partners in the source title: title plus all eleven partners.
		expect(task('kreis-1')).toBe('Wirtschaftsförderung für das gesamte Kreisgebiet (Kreis Unna, Bergkamen, Bönen, Fröndenberg/Ruhr, Holzwickede, Kamen, Lünen, Schwerte, Selm, Unna, Werne)');
		// Partners in brackets in the source: the source as it is.
		const k2 = kreisYaml.find((c) => c.id === 'kreis-2')!;
		expect(task('kreis-2')).toBe(k2.title_source);
		// Slide artefacts are cleaned ("Aufgabenüber- nahme").
		expect(task('kreis-19')).toBe('Winterdienst – Vereinbarung über gegenseitige Aufgabenübernahme (Kreis Unna, Landesbetrieb Straßenbau NRW, Städte Lünen und Schwerte)');
		// The title already names the partner.
		expect(task('kreis-6')).toBe('Aufgaben des Veterinärwesens und der Lebensmittelüberwachung für die Stadt Hamm');
	});

	it('names every partner of every Kreis row in its Aufgabenbereich (by name or alias; the Kreis itself may be implied)', async () => {
		const names = new Map<string, string[]>();
		for (const b of await db.selectFrom('body').select(['id', 'name']).execute()) names.set(b.id, [b.name]);
		for (const a of await db.selectFrom('body_alias').select(['body_id', 'alias']).execute()) names.get(a.body_id)?.push(a.alias);
		const fold = (s: string) => ` ${foldGerman(s)} `;
		for (const r of whole.tables[0]!.rows) {
			const coop = kreisYaml.find((c) => c.id === r.id)!;
			const text = fold(r.cells[2]!);
			for (const p of coop.participants.filter((x) => x.role !== 'performer' && x.body !== 'kreis-unna')) {
				expect(names.get(p.body)!.some((n) => text.includes(fold(n))), `${r.id}: ${p.body}`).toBe(true);
			}
		}
	});

	it('lists the measures with their status and counts them', () => {
		expect(whole.measures!.rows.map((r) => r.id).sort()).toEqual(steeringYaml.measures.map((m) => m.id).sort());
		expect(whole.measures!.rows[0]!.cells).toEqual(['1.1', 'IT-Arbeitskreis', '1 Informationstechnologien', 'realisiert']);
		const block = whole.figures.find((f) => f.title === 'Maßnahmen nach Status')!;
		expect(block.rows.at(-1)).toEqual({ label: 'zusammen', value: String(steeringYaml.measures.length) });
		const sum = block.rows.slice(0, -1).reduce((n, r) => n + Number(r.value), 0);
		expect(sum).toBe(steeringYaml.measures.length);
	});

	it('sums the figures to the number of cooperations', () => {
		const total = whole.figures.find((f) => f.title === 'Kooperationen')!;
		expect(total.rows[0]).toEqual({ label: 'insgesamt', value: '103' });
		for (const title of ['Nach Rechtsform', 'Nach Status']) {
			const b = whole.figures.find((f) => f.title === title)!;
			expect(b.rows.reduce((n, r) => n + Number(r.value), 0)).toBe(103);
		}
		const top = whole.figures.find((f) => f.title.startsWith('Häufigste Partner'))!;
		expect(top.rows[0]).toEqual({ label: 'Kreis Unna', value: '48' });
		const kamen = [...kreisYaml, ...townsYaml].filter((c) => c.participants.some((p) => p.body === 'kamen' && p.role !== 'performer')).length;
		expect(top.rows.find((r) => r.label === 'Kamen')?.value).toBe(String(kamen));
	});
});

describe('buildPaper for a scope', () => {
	it('a body: only the rows it takes part in, as the register lists them', async () => {
		const m = await buildPaper(db, { regionId: REGION, bodyId: 'kamen' }, NOW);
		const expected = [...kreisYaml.sort(byNumber), ...townsYaml.sort(byNumber)].filter((c) => c.participants.some((p) => p.body === 'kamen')).map((c) => c.id);
		expect(ids(m)).toEqual(expected);
		expect(ids(m)).toEqual(await registerIds(db, { partner: 'kamen' }));
		expect(m.scopeLine).toBe('Körperschaft: Kamen');
		expect(m.figures.find((f) => f.title.startsWith('Häufigste Partner'))!.rows.some((r) => r.label === 'Kamen')).toBe(false);
	});

	it('a topic: the rows of that topic field', async () => {
		const m = await buildPaper(db, { regionId: REGION, topicId: 'verkehr' }, NOW);
		const expected = [...kreisYaml.sort(byNumber), ...townsYaml.sort(byNumber)].filter((c) => c.topics?.includes('verkehr')).map((c) => c.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(m)).toEqual(expected);
		expect(m.scopeLine).toBe('Themenfeld: Verkehr');
	});

	it('a single year equals the register\'s year filter', async () => {
		const m = await buildPaper(db, { regionId: REGION, bodyId: 'kamen', fromYear: 2015, toYear: 2015 }, NOW);
		expect(ids(m)).toEqual(await registerIds(db, { partner: 'kamen', jahr: '2015' }));
		const page = await searchPage(db, new URLSearchParams({ partner: 'kamen', jahr: '2015' }), readSettings(), 'export');
		expect(page.result.uncertainInYear).toBeGreaterThan(0);
		expect(m.tables.reduce((n, t) => n + (t.uncertainInPeriod ?? 0), 0)).toBe(page.result.uncertainInYear);
		expect(m.scopeLine).toBe('Körperschaft: Kamen · Jahr: 2015');
	});

	it('a period keeps the rows active in any of its years', async () => {
		const m = await buildPaper(db, { regionId: REGION, fromYear: 1975, toYear: 1980 }, NOW);
		const union = new Set<string>();
		for (let y = 1975; y <= 1980; y++) for (const id of await registerIds(db, { jahr: String(y) })) union.add(id);
		expect(new Set(ids(m))).toEqual(union);
		expect(ids(m)).toContain('kreis-1'); // since 1961
		expect(ids(m)).toContain('kommunen-9'); // since 1980
		expect(ids(m)).not.toContain('kommunen-55'); // 2016
		expect(m.notes.some((n) => n.includes('in mindestens einem Jahr von 1975 bis 1980'))).toBe(true);
		const open = await buildPaper(db, { regionId: REGION, fromYear: 2016 }, NOW);
		expect(ids(open)).toContain('kommunen-55');
		expect(open.scopeLine).toBe('Zeitraum: ab 2016');
	});

	it('an empty scope has no tables but still a paper', async () => {
		// Olfen: two cooperations, both with a known start (1978, 1982).
		const m = await buildPaper(db, { regionId: REGION, bodyId: 'olfen', fromYear: 1900, toYear: 1901 }, NOW);
		expect(m.tables).toEqual([]);
		expect(m.rowCount).toBe(0);
		expect(m.agenda).toEqual(['Stand der Maßnahmen (15)', 'Zusammenfassung in Zahlen']);
		expect(planSlides(m).length).toBeGreaterThanOrEqual(4);
	});
});

describe('parsePaperScope', () => {
	const p = (q: string) => parsePaperScope(new URLSearchParams(q), lookups);

	it('reads body, topic and years and writes them back', () => {
		const r = p('koerperschaft=kamen&thema=verkehr&von=2010&bis=2015');
		expect(r.errors).toEqual([]);
		expect(r.scope).toEqual({ regionId: REGION, bodyId: 'kamen', topicId: 'verkehr', fromYear: 2010, toYear: 2015 });
		expect(scopeParams(r.scope).toString()).toBe('koerperschaft=kamen&thema=verkehr&von=2010&bis=2015');
		expect(p('koerperschaft=alle&thema=&von=&bis=')).toEqual({ scope: { regionId: REGION, bodyId: null, topicId: null, fromYear: null, toYear: null }, errors: [] });
	});

	it('offers the region\'s bodies that take part in cooperations', async () => {
		const { bodies } = await paperOptions(db, REGION);
		expect(bodies[0]).toMatchObject({ id: 'kreis-unna', group: 'own' });
		expect(bodies.filter((b) => b.group === 'own').map((b) => b.name)).toContain('Fröndenberg/Ruhr');
		expect(bodies.every((b) => b.cooperations > 0)).toBe(true);
	});

	it('names each problem at its field', () => {
		expect(p('koerperschaft=atlantis').errors.map((e) => e.field)).toEqual(['koerperschaft']);
		expect(p('thema=<script>').errors.map((e) => e.field)).toEqual(['thema']);
		expect(p('von=1899').errors.map((e) => e.field)).toEqual(['von']);
		expect(p('bis=2101').errors.map((e) => e.field)).toEqual(['bis']);
		expect(p('von=20x5').errors[0]!.message).toMatch(/zwischen 1900 und 2100/);
		const r = p('von=2015&bis=2010');
		expect(r.errors).toEqual([{ field: 'bis', message: expect.stringContaining('nicht vor') }]);
		expect(r.scope.toYear).toBeNull();
		expect(p(`koerperschaft=${'x'.repeat(5000)}`).errors).toHaveLength(1);
	});
});

describe('slides', () => {
	it('cut the tables so that the real font fits every slide', async () => {
		for (const m of [whole, await buildPaper(db, { regionId: REGION, bodyId: 'kamen' }, NOW)]) {
			for (const s of measuredLayout(m)) {
				expect(s.headingBottom, `slide ${s.slide} heading`).toBeLessThanOrEqual(BODY_Y);
				for (const b of s.tableBottoms) expect(b, `slide ${s.slide} table`).toBeLessThanOrEqual(BODY_BOTTOM);
			}
		}
	});

	it('repeat every row once, in order, and describe the outline', () => {
		const slides = planSlides(whole);
		const rows = slides.flatMap((s) => (s.kind === 'table' && s.section === 'kreis' ? s.table.rows : []));
		expect(rows.map((r) => r.index)).toEqual(whole.tables[0]!.rows.map((_, i) => i));
		const o = outline(whole);
		expect(o.slides).toBe(slides.length);
		expect(o.sections.reduce((n, s) => n + s.slides, 0)).toBe(slides.length);
		expect(o.sections.find((s) => s.title === whole.tables[1]!.title)!.rows).toBe(55);
	});

	it('split a row taller than a slide with "(Fortsetzung)" and lose nothing', async () => {
		const long = structuredClone(whole);
		const partners = Array.from({ length: 400 }, (_, i) => `Partnergemeinde Nr. ${i + 1}`).join(', ');
		long.tables[1]!.rows[0]!.cells[2] = partners;
		const parts = planSlides(long).flatMap((s) => (s.kind === 'table' && s.section === 'kommunen' ? s.table.rows : [])).filter((r) => r.index === 0);
		expect(parts.length).toBeGreaterThan(1);
		expect(parts.slice(1).every((r) => r.cells[0] === `1 ${CONTINUED}`)).toBe(true);
		expect(parts.map((r) => r.cells[2]).join(' ').replace(/\s+/g, ' ')).toBe(partners);
		for (const s of measuredLayout(long)) for (const b of s.tableBottoms) expect(b).toBeLessThanOrEqual(BODY_BOTTOM);
		const pdf = await renderPdf(long);
		expect(pdfPageCount(pdf)).toBe(planSlides(long).length);
	});
});

describe('renderers', () => {
	it('PPTX: a zip of well-formed XML, one slide per planned slide, tables with the header on each slide', async () => {
		const file = await renderPptx(whole);
		const parts = xmlParts(file);
		const slides = [...parts.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
		expect(slides.length).toBe(planSlides(whole).length);
		const all = [...parts.values()].map(xmlText).join(' ');
		for (const text of ['Interkommunale Zusammenarbeit im Kreis Unna', 'Fröndenberg/Ruhr', 'Bönen', 'Gemeinsame Erziehungsberatungsstelle', 'Kreis Unna – Steuerungsdienst', 'Straßenbau']) {
			expect(all).toContain(text);
		}
		const plan = planSlides(whole);
		plan.forEach((s, i) => {
			const xml = parts.get(`ppt/slides/slide${i + 1}.xml`)!;
			expect(xml).toContain('lang="de-DE"');
			expect(xml).toContain('type="slidenum"');
			expect(xmlText(xml)).toContain(whole.footer);
			if (s.kind === 'table') {
				expect(xml).toContain('<a:tbl>');
				const firstRow = xml.slice(xml.indexOf('<a:tr'), xml.indexOf('</a:tr>'));
				expect(xmlText(firstRow)).toContain('Nr.');
			}
		});
		expect(parts.get('docProps/core.xml')).toContain('Kreis Unna – Steuerungsdienst');
	});

	it('DOCX: a zip of well-formed XML with repeated header rows, footer with page numbers, German', async () => {
		const file = await renderDocx(whole);
		const parts = xmlParts(file);
		const doc = parts.get('word/document.xml')!;
		expect((doc.match(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/g) ?? []).length).toBe(whole.tables.length + 1 + whole.figures.length);
		expect(doc).toContain('w:orient="landscape"');
		const text = xmlText(doc);
		for (const t of ['Interkommunale Zusammenarbeit im Kreis Unna', 'Fröndenberg/Ruhr', 'Gemeinsame Erziehungsberatungsstelle', 'IT-Arbeitskreis', 'Zusammenfassung in Zahlen']) expect(text).toContain(t);
		const footer = [...parts].find(([n]) => /^word\/footer\d*\.xml$/.test(n))![1];
		expect(xmlText(footer)).toContain(whole.footer);
		expect(footer).toMatch(/PAGE/);
		expect(footer).toMatch(/NUMPAGES/);
		expect(parts.get('word/styles.xml')).toContain('w:val="de-DE"');
		expect(parts.get('word/styles.xml')).toContain('Arial');
	});

	it('PDF: %PDF, one page per slide, Noto Sans embedded, title, author and language', async () => {
		const pdf = await renderPdf(whole);
		const raw = Buffer.from(pdf).toString('latin1');
		expect(raw.startsWith('%PDF-1.7')).toBe(true);
		expect(pdfPageCount(pdf)).toBe(planSlides(whole).length);
		expect(raw).toMatch(/\/FontFile2/);
		expect(raw).toMatch(/NotoSans-Regular/);
		expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
		expect(raw).toMatch(/\/Lang \(de-DE\)/);
		expect(raw).toMatch(/\/StructTreeRoot/);
		expect(raw).toMatch(/\/S \/Table/);
		expect(raw).toMatch(/\/Scope \/Column/);
		expect(raw).toMatch(/\/Title/);
		expect(raw).toMatch(/\/Author/);
	});
});
