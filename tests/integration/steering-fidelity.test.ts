/**
 * Every text of data/kreis-unna/steering.yaml that was copied from the deck is the deck's text,
 * verbatim. Reads the deck text from ../shared/seed (beside the repository in CI and on developer
 * machines), like source-fidelity.test.ts; the app itself never reads it. Compared after normalising
 * whitespace, with the deck's markdown emphasis (** and *) and link artefacts ("[x](#)") removed.
 * Multi-paragraph texts are compared paragraph by paragraph (the deck's bullet and check marks stand
 * between them). References to bodies and cooperations are checked without the deck.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DECK = '../shared/seed/000_ad825ee6a0a35707.txt';
const STEERING = 'data/kreis-unna/steering.yaml';
const present = fs.existsSync(DECK);
if (!present) console.warn(`\n*** ${DECK} fehlt: Abgleich von steering.yaml mit der Quelle wird ÜBERSPRUNGEN ***\n`);

type Item = { kind: string; title: string; text?: string | null; bodies?: string[]; cooperations?: string[]; slide?: number | null };
type Steering = {
	conferences: { id: string; date: string; place?: string | null; participants?: string[]; participants_note?: string | null; agenda?: string[]; decisions?: string[]; slide?: number | null }[];
	fields: { id: string; number: number; title: string }[];
	measures: {
		id: string; field: string; number: string; title: string; list_title?: string | null; decided_at?: string | null;
		mandate?: string | null; lead?: string[]; lead_note?: string | null; participants?: string[]; status: string;
		status_history?: { date: string; status: string; note?: string | null }[]; result?: string | null;
		cooperations?: string[]; slide?: number | null; derived?: string[];
	}[];
	working_groups: {
		id: string; name: string; lead?: string | null; members?: string[]; measure?: string | null;
		contacts?: { name: string; function?: string | null; body?: string | null }[]; items?: Item[];
	}[];
	ideas: { id: string; title: string; proposed_at?: string | null; proposed_by?: string | null; interested?: string[]; cooperations?: string[]; slide?: number | null }[];
};

const steering = parse(fs.readFileSync(STEERING, 'utf8')) as Steering;

const normalise = (s: string) =>
	s
		.replace(/\[([^\]]*)\]\(#\)/g, '$1')
		.replace(/\*/g, '')
		.replace(/\s+/g, ' ')
		.trim();

const paragraphs = (s: string) => s.split(/\n\s*\n/).map(normalise).filter(Boolean);

/** Ids defined in every region's bodies.yaml and cooperations-*.yaml. */
function dataIds(): { bodies: Set<string>; coops: Set<string> } {
	const bodies = new Set<string>();
	const coops = new Set<string>();
	for (const region of fs.readdirSync('data', { withFileTypes: true }).filter((d) => d.isDirectory())) {
		const dir = path.join('data', region.name);
		for (const file of fs.readdirSync(dir)) {
			const target = file === 'bodies.yaml' ? bodies : /^cooperations-.*\.yaml$/.test(file) ? coops : null;
			if (!target) continue;
			for (const rec of (parse(fs.readFileSync(path.join(dir, file), 'utf8')) ?? []) as { id: string }[]) target.add(rec.id);
		}
	}
	return { bodies, coops };
}

describe('steering.yaml references', () => {
	const { bodies, coops } = dataIds();
	const conferenceIds = new Set(steering.conferences.map((c) => c.id));
	const fieldIds = new Set(steering.fields.map((f) => f.id));
	const measureIds = new Set(steering.measures.map((m) => m.id));

	it('has unique ids per kind', () => {
		for (const list of [steering.conferences, steering.fields, steering.measures, steering.working_groups, steering.ideas]) {
			const ids = list.map((r) => r.id);
			expect(new Set(ids).size).toBe(ids.length);
		}
	});

	it('names only bodies, cooperations, conferences, fields and measures that exist', () => {
		const missing: string[] = [];
		const body = (where: string, id: string | null | undefined) => { if (id && !bodies.has(id)) missing.push(`${where}: body ${id}`); };
		const coop = (where: string, id: string) => { if (!coops.has(id)) missing.push(`${where}: cooperation ${id}`); };
		for (const c of steering.conferences) (c.participants ?? []).forEach((b) => body(c.id, b));
		for (const m of steering.measures) {
			if (!fieldIds.has(m.field)) missing.push(`${m.id}: field ${m.field}`);
			if (m.decided_at && !conferenceIds.has(m.decided_at)) missing.push(`${m.id}: conference ${m.decided_at}`);
			[...(m.lead ?? []), ...(m.participants ?? [])].forEach((b) => body(m.id, b));
			(m.cooperations ?? []).forEach((k) => coop(m.id, k));
		}
		for (const g of steering.working_groups) {
			body(g.id, g.lead);
			(g.members ?? []).forEach((b) => body(g.id, b));
			(g.contacts ?? []).forEach((c) => body(g.id, c.body));
			if (g.measure && !measureIds.has(g.measure)) missing.push(`${g.id}: measure ${g.measure}`);
			for (const item of g.items ?? []) {
				(item.bodies ?? []).forEach((b) => body(`${g.id}/${item.title}`, b));
				(item.cooperations ?? []).forEach((k) => coop(`${g.id}/${item.title}`, k));
			}
		}
		for (const i of steering.ideas) {
			if (i.proposed_at && !conferenceIds.has(i.proposed_at)) missing.push(`${i.id}: conference ${i.proposed_at}`);
			body(i.id, i.proposed_by);
			(i.interested ?? []).forEach((b) => body(i.id, b));
			(i.cooperations ?? []).forEach((k) => coop(i.id, k));
		}
		expect(missing).toEqual([]);
	});

	it('keeps contact names out of every other field', () => {
		const names = steering.working_groups.flatMap((g) => (g.contacts ?? []).map((c) => c.name));
		const withoutContacts = JSON.stringify({ ...steering, working_groups: steering.working_groups.map((g) => ({ ...g, contacts: [] })) });
		for (const name of names) for (const part of name.split(/\s+/).filter((p) => p.length > 3)) expect(withoutContacts).not.toContain(part);
	});
});

describe.skipIf(!present)('steering.yaml against the deck', () => {
	const raw = present ? fs.readFileSync(DECK, 'utf8') : '';
	const deck = normalise(raw);
	const lines = raw.split('\n');

	/** The "Liste der Empfehlungen": number → wording, and the field headings. */
	function recommendationList(): { measures: Map<string, string>; fields: Map<number, string>; count: number } {
		const start = lines.findIndex((l) => l.startsWith('Liste der Empfehlungen'));
		const measures = new Map<string, string>();
		const fields = new Map<number, string>();
		let count = 0;
		for (const line of lines.slice(start + 1)) {
			if (/Zusammenarbeitsfeld „/.test(line)) break; // the first measure slide
			const m = /^(\d+\.\d+)\t(.+)$/.exec(line);
			if (m) {
				count++;
				measures.set(m[1]!, m[2]!.trim());
			}
			const f = /^(\d+)\. Zusammenarbeitsfeld "(.+)"/.exec(line);
			if (f) fields.set(Number(f[1]), f[2]!);
		}
		return { measures, fields, count };
	}

	/** Where a text stands in the deck (line index of its first paragraph) and the footer that closes its page, if any. */
	function footerAfter(text: string): number | null {
		const first = normalise(paragraphs(text)[0] ?? '');
		const index = lines.findIndex((l) => normalise(l).includes(first));
		if (index < 0) return null;
		for (const line of lines.slice(index + 1)) {
			const folie = /Folie (\d+)/.exec(line);
			if (folie) return Number(folie[1]);
			if (/Zusammenarbeitsfeld „|^Baubetriebshof$|^Beispiele für erfolgreiche|^gemeinsamer Datenschutzbeauftragte$/.test(line.trim())) return null; // next page
		}
		return null;
	}

	const list = recommendationList();

	it('has exactly one measure per number of the list', () => {
		expect(list.count).toBe(list.measures.size);
		expect(list.measures.size).toBe(15);
		const numbers = steering.measures.map((m) => m.number);
		expect(numbers.length).toBe(new Set(numbers).size);
		expect([...numbers].sort()).toEqual([...list.measures.keys()].sort());
	});

	it("takes every measure's number and list title from the list", () => {
		const wrong = steering.measures.filter((m) => list.measures.get(m.number) !== m.list_title).map((m) => `${m.number}: ${m.list_title}`);
		expect(wrong).toEqual([]);
	});

	it('takes every field from the list and files each measure under its field', () => {
		expect(steering.fields.map((f) => [f.number, f.title])).toEqual([...list.fields.entries()]);
		const byId = new Map(steering.fields.map((f) => [f.id, f.number]));
		const wrong = steering.measures.filter((m) => String(byId.get(m.field)) !== m.number.split('.')[0]).map((m) => m.id);
		expect(wrong).toEqual([]);
	});

	it("keeps every measure's title, mandate, result and status note verbatim", () => {
		const missing: string[] = [];
		for (const m of steering.measures) {
			if (!deck.includes(normalise(m.title))) missing.push(`${m.id}.title`);
			for (const [key, value] of [['mandate', m.mandate], ['result', m.result]] as const) {
				if (!value) missing.push(`${m.id}.${key}: empty`);
				for (const p of paragraphs(value ?? '')) if (!deck.includes(p)) missing.push(`${m.id}.${key}: ${p}`);
			}
			for (const h of m.status_history ?? []) if (h.note && !deck.includes(normalise(h.note))) missing.push(`${m.id}.status_history: ${h.note}`);
		}
		expect(missing).toEqual([]);
	});

	it('dates every status entry with the deck date and infers the status', () => {
		expect(deck).toContain('12.01.2016 | Kreis Unna - Steuerungsdienst');
		for (const m of steering.measures) {
			expect(m.status_history?.map((h) => [h.date, h.status])).toEqual([['12.01.2016', m.status]]);
			expect(m.derived).toContain('status');
		}
	});

	it('names the slide of every measure whose page carries a footer, and slides ascend', () => {
		const wrong: string[] = [];
		for (const m of steering.measures) {
			const footer = footerAfter(m.result ?? '');
			if (footer !== null && footer !== m.slide) wrong.push(`${m.id}: ${m.slide} ≠ Folie ${footer}`);
		}
		expect(wrong).toEqual([]);
		const slides = steering.measures.map((m) => m.slide ?? 0);
		expect(slides).toEqual([...slides].sort((a, b) => a - b));
		expect(new Set(slides).size).toBe(slides.length);
	});

	it("keeps every working-group item's title and text verbatim, on its slide", () => {
		const wrong: string[] = [];
		for (const g of steering.working_groups) {
			for (const item of g.items ?? []) {
				if (!deck.includes(normalise(item.title))) wrong.push(`${g.id} title: ${item.title}`);
				if (item.text && !deck.includes(normalise(item.text))) wrong.push(`${g.id} text: ${item.text}`);
				const footer = item.text ? footerAfter(item.text) : null;
				if (footer !== null && footer !== item.slide) wrong.push(`${g.id}/${item.title}: ${item.slide} ≠ Folie ${footer}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('has every Bauhof table row and every IT success bullet', () => {
		const items = (id: string, kind: string) => steering.working_groups.find((g) => g.id === id)?.items?.filter((i) => i.kind === kind) ?? [];
		expect(items('it-arbeitskreis', 'success')).toHaveLength(11);
		expect(items('ak-bauhofleiter', 'result')).toHaveLength(5);
		expect(items('ak-bauhofleiter', 'proposal')).toHaveLength(4);
		expect(items('ak-bauhofleiter', 'problem')).toHaveLength(3);
		for (const row of [...items('ak-bauhofleiter', 'result'), ...items('ak-bauhofleiter', 'proposal')]) {
			expect(lines.some((l) => l.split('\t').map((c) => c.trim()).join('\t') === [row.title, row.text].join('\t'))).toBe(true);
		}
	});

	it("keeps the conferences' dates, places, agenda and decisions as the deck writes them", () => {
		const missing: string[] = [];
		for (const c of steering.conferences) {
			for (const value of [c.date, c.place]) if (value && !deck.includes(normalise(value))) missing.push(`${c.id}: ${value}`);
			for (const a of c.agenda ?? []) for (const line of a.split('\n')) if (!deck.includes(normalise(line))) missing.push(`${c.id} agenda: ${line}`);
			for (const d of c.decisions ?? []) if (!deck.includes(normalise(d))) missing.push(`${c.id} decision: ${d}`);
		}
		expect(missing).toEqual([]);
		expect(steering.conferences.map((c) => c.date)).toEqual(['20./21.09.2010', '18.07.2011', '13./14.01.2016']);
		expect(steering.conferences.find((c) => c.id === 'bmk-2016')?.agenda).toHaveLength(7);
	});

	it('takes the ideas from the slide "Ideen / Vorschau auf neue Projekte"', () => {
		const start = lines.findIndex((l) => l.startsWith('Ideen / Vorschau auf neue Projekte'));
		const bullets = lines.slice(start).slice(0, lines.slice(start).findIndex((l) => /Folie \d+/.test(l)))
			.map((l) => /^- (.+)$/.exec(l.trim())?.[1]).filter((b): b is string => !!b);
		expect(steering.ideas.map((i) => i.title)).toEqual(bullets);
		expect(steering.ideas.every((i) => i.slide === 63)).toBe(true);
	});
});
