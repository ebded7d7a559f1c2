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
import { buildPaper, defaultChoices, paperOptions, parsePaperChoices, parsePaperScope, scopeParams, type PaperModel, type PaperLookups } from '../../src/lib/server/papers/model';
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
const steeringYaml = parse(fs.readFileSync('data/kreis-unna/steering.yaml', 'utf8')) as {
	measures: { id: string; title: string; status: string; mandate?: string; result?: string }[];
	conferences: { id: string; agenda?: string[] }[];
};

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
		// The whole register needs no scope line (no tool wording such as "Gesamtes Register").
		expect(whole.scopeLine).toBe('');
		expect(whole.date).toBe('12.01.2026');
		expect(whole.office).toBe('Kreis Unna – Steuerungsdienst');
		expect(whole.footer).toBe('Stand 12.01.2026 · Kreis Unna – Steuerungsdienst');
		// Meeting, date and place from the latest conference record.
		expect(whole.meetingLine).toBe('Klausurtagung der Bürgermeisterkonferenz · 13./14.01.2016 · Sundern');
		// The conference's seven agenda items, each holding what it names; the figures follow as an own section.
		expect(whole.agenda.map((a) => a.title)).toEqual([...steeringYaml.conferences.find((c) => c.id === 'bmk-2016')!.agenda!.map((a) => a.split('\n')[0]), 'Zusammenfassung in Zahlen']);
		expect(whole.agenda[0]!.blocks).toEqual(['measures', 'groups']);
		expect(whole.agenda[2]!.sub).toEqual(['a) Kooperationen mit Beteiligung des Kreises Unna', 'b) Kooperationen der Städte und Gemeinden untereinander']);
		expect(whole.agenda[2]!.blocks).toEqual(['table:kreis', 'table:kommunen']);
		expect(whole.agenda[4]!.blocks).toEqual(['ideas']);
		expect(whole.agenda[5]!.blocks).toEqual([]);
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
		expect(m.agenda.flatMap((a) => a.blocks)).toEqual(['measures', 'groups', 'ideas', 'figures']);
		// One sentence says the scope is empty, on a slide of its own under the cooperations' agenda item.
		expect(m.emptyNote).toMatch(/^Für Olfen, Zeitraum: 1900–1901 enthält das Register keine Kooperation\.$/);
		const slides = planSlides(m);
		expect(slides.filter((s) => s.kind === 'text' && s.paras.some((p) => p.text === m.emptyNote))).toHaveLength(1);
		expect(slides.some((s) => s.kind === 'agenda' && JSON.stringify(s).includes('Filter'))).toBe(false);
	});
});

describe('parsePaperScope', () => {
	const p = (q: string) => parsePaperScope(new URLSearchParams(q), lookups);

	it('reads body, topic and years and writes them back', () => {
		const r = p('koerperschaft=kamen&thema=verkehr&von=2010&bis=2015');
		expect(r.errors).toEqual([]);
		expect(r.scope).toEqual({ regionId: REGION, bodyId: 'kamen', topicId: 'verkehr', fromYear: 2010, toYear: 2015, onlyRunning: false });
		expect(scopeParams(r.scope).toString()).toBe('koerperschaft=kamen&thema=verkehr&von=2010&bis=2015');
		expect(p('koerperschaft=alle&thema=&von=&bis=')).toEqual({ scope: { regionId: REGION, bodyId: null, topicId: null, fromYear: null, toYear: null, onlyRunning: false }, errors: [] });
		expect(scopeParams(p('laufend=1').scope).toString()).toBe('laufend=1');
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
		expect(o.sections.find((s) => s.title.startsWith('3. Bewertung'))!.rows).toBe(48 + 55);
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
		const plan = planSlides(whole).filter((s) => !(s.kind === 'text' && s.appendix));
		expect(slides.length).toBe(plan.length);
		const all = [...parts.values()].map(xmlText).join(' ');
		for (const text of ['Interkommunale Zusammenarbeit im Kreis Unna', 'Fröndenberg/Ruhr', 'Bönen', 'Gemeinsame Erziehungsberatungsstelle', 'Kreis Unna – Steuerungsdienst', 'Straßenbau']) {
			expect(all).toContain(text);
		}
		// The footer is on the slide masters' layouts, once for all slides.
		const layouts = [...parts].filter(([n]) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map(([, x]) => xmlText(x));
		expect(layouts.filter((x) => x.includes(whole.footer)).length).toBe(2);
		plan.forEach((s, i) => {
			const xml = parts.get(`ppt/slides/slide${i + 1}.xml`)!;
			expect(xml).toContain('lang="de-DE"');
			expect(xml).toContain('type="slidenum"');
			expect(xml).toMatch(/<p:ph\s[^>]*type="title"/);
			if (s.kind === 'table') {
				expect(xml).toContain('<a:tbl>');
				const firstRow = xml.slice(xml.indexOf('<a:tr'), xml.indexOf('</a:tr>'));
				const table = [...whole.tables, whole.measures!, ...whole.groups, whole.ideas!].find((t) => t.id === s.section)!;
				expect(xmlText(firstRow)).toContain(table.columns[0]!.label);
			}
		});
		expect(parts.get('docProps/core.xml')).toContain('Kreis Unna – Steuerungsdienst');
	});

	it('PPTX: an optional logo goes onto both slide masters, with alt text', async () => {
		// A 1 × 1 PNG (red), made here.
		const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
		const parts = xmlParts(await renderPptx(whole, { type: 'image/png', data: new Uint8Array(png), width: 200, height: 100 }));
		const files = unzipSync(await renderPptx(whole, { type: 'image/png', data: new Uint8Array(png), width: 200, height: 100 }));
		expect(Object.keys(files).filter((n) => /^ppt\/media\/.+\.png$/.test(n)).length).toBeGreaterThanOrEqual(1);
		const layouts = [...parts].filter(([n]) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map(([, x]) => x);
		expect(layouts.filter((x) => x.includes('<p:pic>') && x.includes('descr="Logo"')).length).toBe(2);
		const without = [...xmlParts(await renderPptx(whole))].filter(([n]) => /^ppt\/slideLayouts\//.test(n)).map(([, x]) => x);
		expect(without.some((x) => x.includes('<p:pic>'))).toBe(false);
	});

	it('DOCX: a zip of well-formed XML with repeated header rows, footer with page numbers, German', async () => {
		const file = await renderDocx(whole);
		const parts = xmlParts(file);
		const doc = parts.get('word/document.xml')!;
		expect((doc.match(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/g) ?? []).length).toBe(whole.tables.length + 1 + whole.groups.length + 1 + whole.figures.length);
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

describe('the truth of each row (issue 16)', () => {
	const town = (m: PaperModel, id: string) => m.tables.find((t) => t.id === 'kommunen')!.rows.find((r) => r.id === id)?.cells;

	it('shows ended cooperations as ended, partners who left with their date, contract partners and group notes', () => {
		expect(town(whole, 'kommunen-16')).toEqual(['16', 'Zusammenarbeit im Büchereiwesen (gekündigt in 2006)', 'Kamen, Bönen', 'Kamen', 'örV', '1992–2006, beendet']);
		expect(town(whole, 'kommunen-6')![2]).toBe('Werne, Lüdinghausen, Olfen, Nordkirchen, Senden; nicht mehr beteiligt: Selm (bis 2006)');
		expect(town(whole, 'kommunen-49')![2]).toMatch(/^Fröndenberg\/Ruhr \(nicht Mitglied im Zweckverband, Zusammenarbeit auf Vertragsebene\), Schwerte/);
		expect(town(whole, 'kommunen-43')![2]).toBe('37 Kommunen RgBz Arnsberg, davon 6 aus dem Kreis Unna (Unna, Kamen, Bönen, Bergkamen, Lünen, Werne)');
		// Source wording where it says more than the short form.
		expect(town(whole, 'kommunen-38')![4]).toBe('gemeinsamer Kaufvertrag zu je 50 %');
		expect(town(whole, 'kommunen-54')![3]).toBe('Geschäftsführung');
	});

	it('"nur laufende Kooperationen" leaves the ended ones out and says how many', async () => {
		const running = await buildPaper(db, { regionId: REGION, onlyRunning: true }, NOW);
		const ended = townsYaml.filter((c) => (c as unknown as { status: string }).status === 'ended').map((c) => c.id);
		expect(ended.length).toBeGreaterThan(0);
		for (const id of ended) expect(town(running, id)).toBeUndefined();
		expect(running.rowCount).toBe(whole.rowCount - ended.length);
		expect(running.scopeLine).toBe('nur laufende Kooperationen');
		expect(running.notes.some((n) => n.includes(`${ended.length} beendete Kooperationen sind nicht aufgeführt`))).toBe(true);
	});

	it('marks rows only possibly active in the period', async () => {
		const m = await buildPaper(db, { regionId: REGION, fromYear: 2010, toYear: 2011 }, NOW);
		const unknownStart = town(m, 'kommunen-49')!; // start "?"
		expect(unknownStart[5]).toBe('? (im Zeitraum möglicherweise aktiv)');
		const sure = town(m, 'kommunen-1')!; // since 1969
		expect(sure[5]).toBe('1969');
		const marked = m.tables.flatMap((t) => t.rows).filter((r) => r.cells.at(-1)!.includes('möglicherweise aktiv')).length;
		expect(marked).toBe(m.tables.reduce((n, t) => n + (t.uncertainInPeriod ?? 0), 0));
	});

	it('one slide per measure with mandate, lead, status with date and result', () => {
		expect(whole.measureSlides.map((m) => m.id)).toEqual(whole.measures!.rows.map((r) => r.id));
		for (const m of whole.measureSlides) {
			const y = steeringYaml.measures.find((x) => x.id === m.id)!;
			if (y.mandate) expect(m.mandate).toBe(y.mandate.trim());
			if (y.result) expect(m.result).toBe(y.result.trim());
			expect(m.statusDate).toMatch(/\d{2}\.\d{2}\.\d{4}/);
		}
		const slides = planSlides(whole).filter((s) => s.kind === 'text' && !s.appendix);
		expect(slides.length).toBeGreaterThanOrEqual(whole.measureSlides.length);
	});
});

describe('the office decides the paper (issue 16)', () => {
	it('takes title, meeting, date, place, Stand and agenda from the form; absent fields take the conference defaults', async () => {
		const defaults = await defaultChoices(db, REGION, NOW);
		expect(defaults).toMatchObject({ meeting: 'Klausurtagung der Bürgermeisterkonferenz', meetingDate: '13./14.01.2016', place: 'Sundern', standDay: '2026-01-12' });
		const q = new URLSearchParams({
			titel: 'IKZ im Kreis – Sachstand', sitzung: 'Sitzung des Kreisausschusses', datum: '03.03.2027', ort: 'Kamen, Rathaus',
			stand: '28.02.2027', agenda: 'TOP 1. Begrüßung\r\n2) Stand der Kooperationen\r\n  a) des Kreises\r\n- der Städte\nIdeen für 2028\n\n'
		});
		const { choices, errors } = parsePaperChoices(q, defaults);
		expect(errors).toEqual([]);
		expect(choices.agenda).toEqual(['Begrüßung', 'Stand der Kooperationen\na) des Kreises\n- der Städte', 'Ideen für 2028']);
		const m = await buildPaper(db, { regionId: REGION, bodyId: 'kamen' }, NOW, undefined, choices);
		expect(m.title).toBe('IKZ im Kreis – Sachstand');
		expect(m.meetingLine).toBe('Sitzung des Kreisausschusses · 03.03.2027 · Kamen, Rathaus');
		expect(m.footer).toBe('Stand 28.02.2027 · Kreis Unna – Steuerungsdienst');
		expect(m.day).toBe('2027-02-28');
		expect(m.agenda.map((a) => [a.title, a.blocks])).toEqual([
			['Begrüßung', []], ['Stand der Kooperationen', ['table:kreis', 'table:kommunen']], ['Ideen für 2028', ['ideas']],
			['Stand der Maßnahmen (15)', ['measures']], ['Ergebnisse der Arbeitskreise', ['groups']], ['Zusammenfassung in Zahlen', ['figures']]
		]);
		// Emptied fields stay empty; an empty agenda is built from the content.
		const empty = parsePaperChoices(new URLSearchParams({ titel: '', sitzung: '', datum: '', ort: '', stand: '', agenda: '' }), defaults).choices;
		expect(empty).toMatchObject({ title: defaults.title, meeting: '', meetingDate: '', place: '', standDay: defaults.standDay, agenda: [] });
		const plain = await buildPaper(db, { regionId: REGION }, NOW, undefined, empty);
		expect(plain.meetingLine).toBe('');
		expect(plain.agenda.map((a) => a.title)).toEqual(['Kooperationen mit Beteiligung des Kreises Unna (48)', 'Kooperationen der Städte und Gemeinden untereinander (55)', 'Stand der Maßnahmen (15)', 'Ergebnisse der Arbeitskreise', 'Ideen / Vorschau auf neue Projekte', 'Zusammenfassung in Zahlen']);
	});

	it('takes the defaults from a chosen earlier conference; an unknown or foreign id falls back to the latest', async () => {
		expect(await defaultChoices(db, REGION, NOW, 'bmk-2011')).toMatchObject({ meeting: 'Bürgermeisterkonferenz', meetingDate: '18.07.2011', place: 'Haus Opherdicke', agenda: [] });
		expect(await defaultChoices(db, REGION, NOW, 'bmk-2010')).toMatchObject({ meetingDate: '20./21.09.2010', place: 'Balve-Eisborn' });
		for (const id of ['gibt-es-nicht', '', null]) {
			expect(await defaultChoices(db, REGION, NOW, id)).toMatchObject({ meetingDate: '13./14.01.2016', place: 'Sundern' });
		}
		expect(await defaultChoices(db, 'andere-region', NOW, 'bmk-2011')).toMatchObject({ meeting: '', place: '' });
	});

	it('names a wrong Stand date and a too long agenda at their fields', async () => {
		const defaults = await defaultChoices(db, REGION, NOW);
		for (const bad of ['31.02.2026', '2026-13-01', 'gestern', '1.1.1800']) {
			expect(parsePaperChoices(new URLSearchParams({ stand: bad }), defaults).errors.map((e) => e.field), bad).toEqual(['stand']);
		}
		expect(parsePaperChoices(new URLSearchParams({ stand: '2026-02-28' }), defaults).choices.standDay).toBe('2026-02-28');
		expect(parsePaperChoices(new URLSearchParams({ agenda: 'x'.repeat(5000) }), defaults).errors.map((e) => e.field)).toEqual(['agenda']);
		expect(parsePaperChoices(new URLSearchParams({ agenda: Array.from({ length: 30 }, (_, i) => `Punkt ${i}`).join('\n') }), defaults).errors.map((e) => e.field)).toEqual(['agenda']);
		// Control characters and long values are cut, never passed on.
		expect(parsePaperChoices(new URLSearchParams({ ort: 'Unna\u0000\u0007' + 'x'.repeat(500) }), defaults).choices.place.length).toBeLessThanOrEqual(120);
	});
});
