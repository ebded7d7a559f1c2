import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
	applicableLaw, FAMILIES, landLifecycleSteps, landOfAgs, landScope, makeLegalFormNormaliser, noRulesText, parseLawBook,
	type LawBody, type TaxonomyForm
} from './land-law';
import { EMPTY_LIFECYCLE, LIFECYCLE_FORMS, type LifecycleRecord } from './gkg-lifecycle';

const raw = parseYaml(fs.readFileSync('data/law/laender.yaml', 'utf8'));
const book = parseLawBook(raw);
const taxonomy = parseYaml(fs.readFileSync('data/taxonomies/legal-forms.yaml', 'utf8')) as TaxonomyForm[];
const normalise = makeLegalFormNormaliser(book, taxonomy);

// Bodies of other Länder (AGS from the official directory; names as people write them).
const hof: LawBody = { id: 'hof', name: 'Stadt Hof', kind: 'kreisfreie-stadt', ags: '09464000' };
const rehau: LawBody = { id: 'rehau', name: 'Rehau', kind: 'stadt', ags: '09475163' };
const lkrHof: LawBody = { id: 'lkr-hof', name: 'Lkr. Hof', kind: 'kreis', ags: '09475' };
const goerlitz: LawBody = { id: 'goerlitz', name: 'Görlitz, Große Kreisstadt', kind: 'stadt', ags: '14626110' };
const zittau: LawBody = { id: 'zittau', name: 'Zittau', kind: 'stadt', ags: '14626610' };
const plauen: LawBody = { id: 'plauen', name: 'Plauen', kind: 'stadt', ags: '14523320' };
const wiesbaden: LawBody = { id: 'wiesbaden', name: 'Wiesbaden', kind: 'kreisfreie-stadt', ags: '06414000' };
const mainz: LawBody = { id: 'mainz', name: 'Mainz', kind: 'kreisfreie-stadt', ags: '07315000' };
const potsdam: LawBody = { id: 'potsdam', name: 'Potsdam', kind: 'kreisfreie-stadt', ags: '12054000' };
const werder: LawBody = { id: 'werder', name: 'Werder (Havel)', kind: 'stadt', ags: '12069656' };
const unna: LawBody = { id: 'unna', name: 'Unna', kind: 'stadt', ags: '05978036' };
const kamen: LawBody = { id: 'kamen', name: 'Kamen', kind: 'stadt', ags: '05978020' };
const verein: LawBody = { id: 'verein', name: 'Förderverein', kind: 'verein', ags: null };

const rec = (over: Partial<LifecycleRecord> = {}): LifecycleRecord => ({ ...structuredClone(EMPTY_LIFECYCLE), ...over });

describe('the law book (data/law/laender.yaml)', () => {
	it('holds all sixteen Länder and the laws of the seven the issue names, each form in a stored family', () => {
		expect(book.laender).toHaveLength(16);
		const law = (code: string) => book.byCode.get(code)?.law?.short;
		expect([law('05'), law('09'), law('08'), law('06'), law('03'), law('07'), law('14')]).toEqual(['GkG NRW', 'KommZG', 'GKZ', 'KGG', 'NKomZG', 'KomZG', 'SächsKomZG']);
		expect(book.byCode.get('08')!.also.map((a) => a.short)).toEqual(['GemO']);
		expect(book.byCode.get('09')!.forms.map((f) => f.name)).toEqual(['kommunale Arbeitsgemeinschaft', 'Zweckvereinbarung', 'Zweckverband', 'gemeinsames Kommunalunternehmen']);
		const stored = new Set(taxonomy.map((t) => t.id));
		for (const l of book.laender) for (const f of l.forms) expect(stored.has(f.family), `${l.name}: ${f.name}`).toBe(true);
		expect(FAMILIES.every((f) => stored.has(f))).toBe(true);
		expect(book.byCode.get('12')!.law).toBeUndefined();
		// Every Land with a law has its knowledge-base text, and the text names the law.
		for (const l of book.laender.filter((x) => x.law)) {
			expect(l.article, l.name).toBeTruthy();
			const text = fs.readFileSync(`data/knowledge/${l.article}.md`, 'utf8');
			expect(text).toContain(`id: ${l.article}`);
			expect(text).toContain(l.law!.short);
			expect(text).toContain('§ 2b UStG');
		}
	});

	it('refuses a file with a Land twice, rules without a law, or a family that is no stored key', () => {
		const copy = structuredClone(raw) as { laender: Record<string, unknown>[] };
		expect(() => parseLawBook({ laender: [...copy.laender, copy.laender[0]] })).toThrow(/doppelt/);
		const noLaw = structuredClone(raw) as { laender: Record<string, unknown>[] };
		noLaw.laender[11] = { code: '12', name: 'Brandenburg', rules: 'by' };
		expect(() => parseLawBook(noLaw)).toThrow(/Prüfregeln ohne Gesetz/);
		const badFamily = structuredClone(raw) as { laender: { forms?: { family: string }[] }[] };
		badFamily.laender[4]!.forms![0]!.family = 'agreement';
		expect(() => parseLawBook(badFamily)).toThrow();
		expect(() => parseLawBook({ laender: copy.laender.slice(0, 15) })).toThrow(/15 statt 16/);
	});

	it('reads the Land from an AGS or ARS and nothing else', () => {
		expect(landOfAgs('09464000')).toBe('09');
		expect(landOfAgs('146260000000')).toBe('14');
		expect(landOfAgs('05')).toBe('05');
		expect(landOfAgs('17000000')).toBeNull();
		expect(landOfAgs('00')).toBeNull();
		expect(landOfAgs(null)).toBeNull();
		expect(landOfAgs('Unna')).toBeNull();
	});
});

describe('which law applies', () => {
	it('Bayern: a Zweckvereinbarung (stored as the agreement family) is named by the KommZG, with rules', () => {
		const l = applicableLaw(book, { legalForm: 'oerv', bodies: [hof, rehau, lkrHof] });
		expect(l.land).toEqual({ code: '09', name: 'Bayern' });
		expect(l.law?.short).toBe('KommZG');
		expect(l.form).toEqual({ family: 'oerv', name: 'Zweckvereinbarung', norms: 'Art. 7 ff. KommZG' });
		expect(l.rules).toBe('by');
		expect(l.article).toBe('landesrecht-bayern');
		expect(l.crossLand).toBe(false);
		expect(l.notes.join(' ')).toContain('Zweckvereinbarung');
		expect(l.notes.join(' ')).not.toContain('GkG');
		expect(landScope(l, 'oerv', 'public-law', LIFECYCLE_FORMS)).toBe('lifecycle');
		// The gemeinsames Kommunalunternehmen has no rules here: the app says so.
		expect(landScope(applicableLaw(book, { legalForm: 'aoer', bodies: [hof, rehau] }), 'aoer', 'public-law', LIFECYCLE_FORMS)).toBe('no-rules');
	});

	it('Sachsen: a Zweckverband is named by the SächsKomZG', () => {
		const l = applicableLaw(book, { legalForm: 'zweckverband', bodies: [goerlitz, zittau, verein] });
		expect(l.land?.name).toBe('Sachsen');
		expect(l.law?.title).toBe('Sächsisches Gesetz über kommunale Zusammenarbeit');
		expect(l.form?.name).toBe('Zweckverband');
		expect(l.form?.norms).toBe('§§ 44 ff. SächsKomZG');
		expect(l.rules).toBe('sn');
		expect(l.basis).toBe('partners');
	});

	it('Hessen: the law is named, but the app holds no rules and says so instead of applying NRW\'s', () => {
		const l = applicableLaw(book, { legalForm: 'oerv', bodies: [wiesbaden, { ...wiesbaden, id: 'lkr', ags: '06439' }] });
		expect(l.law?.short).toBe('KGG');
		expect(l.form?.name).toBe('öffentlich-rechtliche Vereinbarung');
		expect(l.rules).toBeNull();
		expect(landScope(l, 'oerv', 'public-law', LIFECYCLE_FORMS)).toBe('no-rules');
		expect(noRulesText(l.land!.name)).toBe('Für Hessen hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt.');
		// A GmbH stays a private-law form wherever it is.
		expect(landScope(l, 'gmbh', 'private-law', LIFECYCLE_FORMS)).toBe('not-public-law');
	});

	it('Brandenburg: no law in the book, no rules, the sentence names the Land', () => {
		const l = applicableLaw(book, { legalForm: 'zweckverband', bodies: [potsdam, werder] });
		expect(l.land).toEqual({ code: '12', name: 'Brandenburg' });
		expect(l.law).toBeNull();
		expect(l.form).toBeNull();
		expect(l.rules).toBeNull();
		expect(l.notes[0]).toContain('noch kein Landesrecht');
		expect(landScope(l, 'zweckverband', 'public-law', LIFECYCLE_FORMS)).toBe('no-rules');
		expect(noRulesText('Brandenburg')).toBe('Für Brandenburg hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt.');
	});

	it('NRW (Kreis Unna): the GkG NRW and its rules, as before', () => {
		const l = applicableLaw(book, { legalForm: 'oerv', bodies: [unna, kamen] });
		expect(l.law?.short).toBe('GkG NRW');
		expect(l.form?.name).toBe('öffentlich-rechtliche Vereinbarung');
		expect(l.rules).toBe('nrw');
		expect(landScope(l, 'oerv', 'public-law', LIFECYCLE_FORMS)).toBe('lifecycle');
		expect(landScope(l, 'arbeitsgemeinschaft', 'public-law', LIFECYCLE_FORMS)).toBe('other-public-law');
		expect(landScope(l, 'absprache', 'informal', LIFECYCLE_FORMS)).toBe('not-public-law');
	});

	it('partners in several Länder: the lead body\'s Land, else the region\'s, marked cross-Land with the state-treaty note', () => {
		const lead = applicableLaw(book, { legalForm: 'zweckverband', bodies: [hof, plauen], leadBodyId: 'plauen' });
		expect(lead.crossLand).toBe(true);
		expect(lead.basis).toBe('lead');
		expect(lead.land?.name).toBe('Sachsen');
		expect(lead.partnerLands.map((p) => p.name)).toEqual(['Bayern', 'Sachsen']);
		expect(lead.notes.join(' ')).toMatch(/Staatsverträge/);
		const region = applicableLaw(book, { legalForm: 'zweckverband', bodies: [hof, plauen], leadBodyId: null, regionAgs: '09475' });
		expect([region.basis, region.land?.name]).toEqual(['region', 'Bayern']);
		// A region in a third Land does not decide for partners of two others.
		const neither = applicableLaw(book, { legalForm: 'oerv', bodies: [mainz, wiesbaden], regionAgs: '05978' });
		expect([neither.basis, neither.land?.name, neither.crossLand]).toEqual(['partners', 'Rheinland-Pfalz', true]);
		expect(neither.form?.name).toBe('Zweckvereinbarung');
	});

	it('no partner with a Land: the region\'s Land, or none at all', () => {
		expect(applicableLaw(book, { legalForm: 'oerv', bodies: [verein], regionAgs: '05978' }).law?.short).toBe('GkG NRW');
		const none = applicableLaw(book, { legalForm: 'oerv', bodies: [verein] });
		expect([none.land, none.rules, none.basis]).toEqual([null, null, 'none']);
		expect(noRulesText(null)).toContain('die NRW-Regeln werden nicht angewandt');
	});
});

describe('lifecycle rules of Bayern and Sachsen', () => {
	it('Bayern, Zweckvereinbarung: a notice is enough; an approval needs the publication; every step cites the KommZG', () => {
		const c = { status: 'active', participants: [hof, rehau, verein] };
		const empty = landLifecycleSteps('by', 'KommZG', 'oerv', null, c);
		expect(empty.filter((s) => s.finding === 'council_decision_missing').map((s) => s.body?.id)).toEqual(['hof', 'rehau']);
		expect(empty.find((s) => s.id === 'approval')).toMatchObject({ state: 'missing', finding: 'approval_missing', norm: 'Art. 12 KommZG', simplified: true });
		const notified = landLifecycleSteps('by', 'KommZG', 'oerv', rec({ authority: 'Regierung von Oberfranken', submitted_at: '2026-02-02' }), c);
		expect(notified.find((s) => s.id === 'approval')?.state).toBe('done');
		expect(notified.find((s) => s.id === 'publication')?.state).toBe('not_applicable');
		const approved = landLifecycleSteps('by', 'KommZG', 'oerv', rec({ authority: 'Regierung von Oberfranken', approval_date: '2026-03-01' }), c);
		expect(approved.find((s) => s.id === 'publication')?.finding).toBe('approved_not_published');
		for (const s of [...empty, ...approved]) {
			expect(s.reason).toMatch(/KommZG|GO\/LKrO|Vereinbarung bzw\. Verbandssatzung/);
			expect(s.reason).not.toContain('GkG');
		}
		expect(empty.some((s) => s.reason.includes('Vereinfachung'))).toBe(true);
	});

	it('Sachsen, Zweckverband: approval, publication, and the day of coming into being no earlier than the day after publication', () => {
		const c = { status: 'active', participants: [goerlitz, zittau] };
		const steps = landLifecycleSteps('sn', 'SächsKomZG', 'zweckverband', rec({
			council_decisions: [{ body: 'goerlitz', date: '2026-01-15' }, { body: 'zittau', date: '2026-01-20' }],
			authority: 'Landratsamt Görlitz', approval_date: '2026-03-02',
			publication: { gazette: 'Sächsisches Amtsblatt', issue: '12/2026', date: '2026-03-19' }, effective_date: '2026-03-19'
		}), c);
		expect(steps.filter((s) => s.state === 'missing').map((s) => s.finding)).toEqual(['effective_before_publication']);
		expect(steps.every((s) => s.reason.includes('SächsKomZG') || s.id === 'termination')).toBe(true);
		const ok = landLifecycleSteps('sn', 'SächsKomZG', 'zweckverband', rec({
			council_decisions: [{ body: 'goerlitz', date: '2026-01-15' }, { body: 'zittau', date: '2026-01-20' }],
			authority: 'Landratsamt Görlitz', approval_date: '2026-03-02',
			publication: { gazette: 'Sächsisches Amtsblatt', issue: '12/2026', date: '2026-03-19' }, effective_date: '2026-03-20'
		}), c);
		expect(ok.filter((s) => s.state === 'missing')).toEqual([]);
		// Published before the approval, and an ended one without termination.
		const bad = landLifecycleSteps('sn', 'SächsKomZG', 'zweckverband', rec({ approval_date: '2026-03-02', publication: { gazette: null, issue: null, date: '2026-02-01' } }), { ...c, status: 'ended' });
		expect(bad.map((s) => s.finding).filter(Boolean)).toEqual(['council_decision_missing', 'council_decision_missing', 'authority_missing', 'published_before_approval', 'published_no_effective_date', 'termination_missing']);
	});

	it('a form without rules in a Land with rules says so and applies nothing', () => {
		const steps = landLifecycleSteps('by', 'KommZG', 'aoer', null, { participants: [hof, rehau] });
		expect(steps).toHaveLength(1);
		expect(steps[0]).toMatchObject({ state: 'not_applicable', finding: null });
		expect(steps[0]!.reason).toBe('Für diese Rechtsform hält IKZ-Atlas keine Prüfregeln nach dem KommZG; die NRW-Regeln werden nicht angewandt.');
	});
});

describe('normaliseLegalForm', () => {
	it('maps the spellings sources write to the stored key and the Land\'s form name', () => {
		expect(normalise('ZV')).toEqual({ key: 'zweckverband', landForm: 'Zweckverband', land: null });
		expect(normalise(' zv ')?.key).toBe('zweckverband');
		expect(normalise('Zweckverb.')?.key).toBe('zweckverband');
		expect(normalise('Zweckvereinb.')).toEqual({ key: 'oerv', landForm: 'Zweckvereinbarung', land: null });
		expect(normalise('öff.-rechtl. Vereinbarung')).toEqual({ key: 'oerv', landForm: 'öffentlich-rechtliche Vereinbarung', land: null });
		expect(normalise('Öffentlich-rechtliche Vereinbarung')?.key).toBe('oerv');
		expect(normalise('ö-rV')?.key).toBe('oerv');
		expect(normalise('gKU')).toEqual({ key: 'aoer', landForm: 'gemeinsames Kommunalunternehmen', land: null });
		expect(normalise('KAG')).toEqual({ key: 'arbeitsgemeinschaft', landForm: 'kommunale Arbeitsgemeinschaft', land: '09' });
		expect(normalise('Gemeindeverwaltungsverband')).toEqual({ key: 'zweckverband', landForm: 'Gemeindeverwaltungsverband', land: '08' });
		expect(normalise('GmbH')).toEqual({ key: 'gmbh', landForm: null, land: null });
		expect(normalise('e.V.')?.key).toBe('ev');
		expect(normalise('AöR')?.key).toBe('aoer');
	});

	it('names the given Land\'s form (by key or by any AGS of the Land)', () => {
		expect(normalise('öffentlich-rechtliche Vereinbarung', '09')).toEqual({ key: 'oerv', landForm: 'Zweckvereinbarung', land: '09' });
		expect(normalise('Zweckvereinbarung', '05978036')).toEqual({ key: 'oerv', landForm: 'öffentlich-rechtliche Vereinbarung', land: '05' });
		expect(normalise('ZV', '14626110')).toEqual({ key: 'zweckverband', landForm: 'Zweckverband', land: '14' });
		expect(normalise('AöR', '09')).toEqual({ key: 'aoer', landForm: 'gemeinsames Kommunalunternehmen', land: '09' });
		// Brandenburg holds no forms: the key, no Land name.
		expect(normalise('Zweckverband', '12')).toEqual({ key: 'zweckverband', landForm: null, land: null });
	});

	it('gives null for text that names no form, and does not take a word without a dot as an abbreviation', () => {
		expect(normalise('')).toBeNull();
		expect(normalise('  – ')).toBeNull();
		expect(normalise('Kooperationsrat')).toBeNull();
		expect(normalise('Zweckverb')).toBeNull();
		expect(normalise('Z.')).toBeNull();
	});
});
