/**
 * The law of each Land on inter-municipal cooperation (issue 13, part 4).
 *
 * Municipal cooperation law is Land law: NRW has the GkG NRW, Bayern the KommZG, Sachsen the
 * SächsKomZG, and so on. `data/law/laender.yaml` holds, per Land, the statute and its names for the
 * public-law forms, each mapped to a common family – the stored legal-form key of
 * data/taxonomies/legal-forms.yaml (a Bavarian Zweckvereinbarung and an NRW öffentlich-rechtliche
 * Vereinbarung are both stored as `oerv`, so search, facets and analysis treat them as one).
 *
 * This module answers, without I/O:
 * - which Land's law applies to a cooperation: the Land of its partners (AGS, first two digits);
 *   where partners span Länder, the Land of the lead body (performer), else of the region's Kreis,
 *   and the result is marked `crossLand` (state treaties or the Länder's rules on cooperation
 *   across borders apply, which IKZ-Atlas does not check);
 * - the Land's name for the stored form and its norms;
 * - whether IKZ-Atlas holds lifecycle rules for that Land (`nrw`: the GkG NRW checks of
 *   gkg-lifecycle.ts; `by`, `sn`: the rules below) and, where it holds none, the sentence that says so;
 * - the normalisation of a written legal form ("ZV", "Zweckvereinb.", "öff.-rechtl. Vereinbarung",
 *   "gKU", "KAG") to the stored key and the Land's form name.
 *
 * The rules for Bayern and Sachsen are written from the laws' own requirements; every step names
 * its norm and says where the app simplifies (`simplified`). See docs/land-law.md.
 */
import { z } from 'zod';
import { foldGerman } from './text-fold';
import {
	COUNCIL_OF_KIND, councilBodies, EMPTY_LIFECYCLE, formatDay, addDays, normalizeLifecycle,
	type FindingCode, type LifecycleBody, type LifecycleRecord, type LifecycleStep
} from './gkg-lifecycle';

/** The stored legal-form keys a Land form can belong to (its family). */
export const FAMILIES = ['oerv', 'zweckverband', 'aoer', 'arbeitsgemeinschaft'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_LABEL: Record<Family, string> = {
	oerv: 'Vereinbarung (öffentlich-rechtliche Vereinbarung, Zweckvereinbarung)',
	zweckverband: 'Verband (Zweckverband und verwandte Körperschaften)',
	aoer: 'gemeinsame Anstalt (gemeinsames Kommunalunternehmen, gemeinsame kommunale Anstalt)',
	arbeitsgemeinschaft: 'kommunale Arbeitsgemeinschaft'
};

/** The lifecycle rule sets the app holds. */
export const RULE_SETS = ['nrw', 'by', 'sn'] as const;
export type RuleSetId = (typeof RULE_SETS)[number];

const lawRef = z.object({ short: z.string().min(2).max(40), title: z.string().min(5).max(200), citation: z.string().max(100).optional() }).strict();
const form = z.object({
	family: z.enum(FAMILIES),
	name: z.string().min(2).max(100),
	short: z.string().min(1).max(20).optional(),
	norms: z.string().min(3).max(100).optional(),
	spellings: z.array(z.string().min(1).max(100)).default([])
}).strict();
const land = z.object({
	code: z.string().regex(/^(0[1-9]|1[0-6])$/, 'Landesschlüssel 01–16'),
	name: z.string().min(4).max(60),
	/** The knowledge-base article on the Land's law (data/knowledge/<id>.md). */
	article: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
	law: lawRef.optional(),
	also: z.array(lawRef).default([]),
	rules: z.enum(RULE_SETS).optional(),
	forms: z.array(form).default([])
}).strict()
	.refine((l) => !l.rules || l.law, { message: 'Prüfregeln ohne Gesetz' })
	.refine((l) => !l.forms.length || l.law, { message: 'Rechtsformen ohne Gesetz' });
export const landLawFile = z.object({ laender: z.array(land) }).strict();

export type LandForm = z.infer<typeof form>;
export type LandLaw = z.infer<typeof land>;
export interface LawBook {
	laender: LandLaw[];
	byCode: ReadonlyMap<string, LandLaw>;
}

/** Validate the parsed YAML: every Land once, all sixteen present, families valid. Throws with German messages. */
export function parseLawBook(raw: unknown): LawBook {
	const r = landLawFile.safeParse(raw);
	if (!r.success) throw new Error(`data/law/laender.yaml: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
	const byCode = new Map<string, LandLaw>();
	for (const l of r.data.laender) {
		if (byCode.has(l.code)) throw new Error(`data/law/laender.yaml: Land ${l.code} doppelt`);
		byCode.set(l.code, l);
	}
	if (byCode.size !== 16) throw new Error(`data/law/laender.yaml: ${byCode.size} statt 16 Länder`);
	return { laender: r.data.laender, byCode };
}

/** The Land key (01–16) of an AGS or ARS, or null. */
export function landOfAgs(ags: string | null | undefined): string | null {
	const m = /^(0[1-9]|1[0-6])\d*$/.exec((ags ?? '').trim());
	return m ? m[1]! : null;
}

export interface LawBody extends LifecycleBody {
	ags?: string | null;
}

export interface ApplicableLaw {
	/** The Land whose law applies, null when no body's Land is known. */
	land: { code: string; name: string } | null;
	law: { short: string; title: string } | null;
	/** The knowledge-base article on that Land's law, if any. */
	article: string | null;
	/** The Länder of the partners (known ones), in order of first appearance. */
	partnerLands: { code: string; name: string }[];
	/** Partners in more than one Land. */
	crossLand: boolean;
	/** How the Land was chosen. */
	basis: 'partners' | 'lead' | 'region' | 'none';
	/** The Land's form for the stored legal form, when it is a public-law family the Land names. */
	form: { family: Family; name: string; norms: string | null } | null;
	/** The lifecycle rule set the app holds for that Land, or null. */
	rules: RuleSetId | null;
	/** German sentences for the profile: the law that applies, cross-Land and no-rules notes. */
	notes: string[];
}

const isFamily = (id: string): id is Family => (FAMILIES as readonly string[]).includes(id);

/** The Land's form of a family: the first listed, which the data file lists as the law's main name. */
export function landForm(book: LawBook, code: string | null, family: string): LandForm | null {
	if (!code || !isFamily(family)) return null;
	return book.byCode.get(code)?.forms.find((f) => f.family === family) ?? null;
}

/** "Für Brandenburg hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt." */
export function noRulesText(landName: string | null): string {
	return landName
		? `Für ${landName} hält IKZ-Atlas keine Prüfregeln; die NRW-Regeln werden nicht angewandt.`
		: 'Das Land der Beteiligten ist nicht bekannt, daher hält IKZ-Atlas keine Prüfregeln für diese Kooperation; die NRW-Regeln werden nicht angewandt.';
}

/**
 * The law that applies to a cooperation. `bodies`: participants and performer (institutions already
 * replaced by their body); `leadBodyId`: the performer; `regionAgs`: the AGS of the region's Kreis
 * (used only when no partner's Land is known or partners span Länder without a lead in one).
 */
export function applicableLaw(book: LawBook, input: { legalForm: string; bodies: readonly LawBody[]; leadBodyId?: string | null; regionAgs?: string | null }): ApplicableLaw {
	const nameOf = (code: string) => book.byCode.get(code)?.name ?? code;
	const codes: string[] = [];
	for (const b of input.bodies) {
		const c = landOfAgs(b.ags);
		if (c && !codes.includes(c)) codes.push(c);
	}
	const crossLand = codes.length > 1;
	let code: string | null = null;
	let basis: ApplicableLaw['basis'] = 'none';
	if (codes.length === 1) { code = codes[0]!; basis = 'partners'; }
	else {
		const lead = input.leadBodyId ? landOfAgs(input.bodies.find((b) => b.id === input.leadBodyId)?.ags) : null;
		const region = landOfAgs(input.regionAgs);
		if (crossLand && lead) { code = lead; basis = 'lead'; }
		else if (region && (!crossLand || codes.includes(region))) { code = region; basis = 'region'; }
		else if (crossLand) { code = codes[0]!; basis = 'partners'; }
	}
	const l = code ? book.byCode.get(code) ?? null : null;
	const f = landForm(book, code, input.legalForm);
	const notes: string[] = [];
	if (l?.law) notes.push(`Es gilt das Recht des Landes ${l.name}: ${l.law.title} (${l.law.short})${f ? `; die Rechtsform heißt dort „${f.name}“${f.norms ? ` (${f.norms})` : ''}` : ''}.`);
	else if (l) notes.push(`Die Beteiligten gehören zum Land ${l.name}. IKZ-Atlas hält für ${l.name} noch kein Landesrecht zur kommunalen Zusammenarbeit.`);
	if (crossLand) {
		notes.push(`Die Beteiligten gehören zu mehreren Ländern (${codes.map(nameOf).join(', ')}). Für länderübergreifende Zusammenarbeit gelten Staatsverträge oder besondere Vorschriften der Länder; IKZ-Atlas prüft sie nicht und zeigt das Recht ${basis === 'lead' ? 'des Landes der federführenden Stelle' : basis === 'region' ? 'des Landes der Region' : 'des zuerst genannten Landes'}.`);
	}
	return {
		land: l ? { code: l.code, name: l.name } : null,
		law: l?.law ? { short: l.law.short, title: l.law.title } : null,
		article: l?.article ?? null,
		partnerLands: codes.map((c) => ({ code: c, name: nameOf(c) })),
		crossLand, basis,
		form: f ? { family: f.family, name: f.name, norms: f.norms ?? null } : null,
		rules: l?.rules ?? null,
		notes
	};
}

// ---- lifecycle rules for Länder other than NRW ------------------------------------------------------

/** One requirement of a Land's procedure for a family. */
interface LandRule {
	kind: 'council' | 'authority' | 'approval' | 'notice_or_approval' | 'publication' | 'effective' | 'termination';
	norm: string;
	/** Where the app simplifies the law (shown as "Vereinfachung: …"). */
	simplified?: string;
	/** For 'effective': the body comes into being no earlier than the day after publication. */
	notBeforePublication?: boolean;
}

const COUNCIL_SIMPLE = 'IKZ-Atlas verlangt einen erfassten Beschluss der Vertretung jeder beteiligten Kommune; Zuständigkeit und Form regelt die Gemeinde- bzw. Landkreisordnung.';
const TERMINATION: LandRule = { kind: 'termination', norm: 'Vereinbarung bzw. Verbandssatzung', simplified: 'Eine beendete Kooperation braucht eine erfasste Kündigung oder Aufhebung; deren Verfahren prüft IKZ-Atlas nicht.' };

/**
 * The rules the app holds, per rule set and family. Only requirements the laws state; each names
 * its norm. Families without an entry get no steps (and the profile says so).
 */
export const LAND_RULES: Record<Exclude<RuleSetId, 'nrw'>, Partial<Record<Family, LandRule[]>>> = {
	by: {
		oerv: [
			{ kind: 'council', norm: 'Art. 7 KommZG mit GO/LKrO', simplified: COUNCIL_SIMPLE },
			{ kind: 'authority', norm: 'Art. 12 KommZG' },
			{
				kind: 'notice_or_approval', norm: 'Art. 12 KommZG',
				simplified: 'Eine Zweckvereinbarung, nach der nur Aufgaben übertragen oder gemeinsam durchgeführt werden, ist anzuzeigen (Abs. 1); erhält ein Beteiligter auch Befugnisse, bedarf sie der Genehmigung (Abs. 2). IKZ-Atlas unterscheidet das nicht und verlangt Anzeige oder Genehmigung.'
			},
			{ kind: 'publication', norm: 'Art. 12 ff. KommZG', simplified: 'Die Bekanntmachung durch die Aufsichtsbehörde wird nur verlangt, wenn eine Genehmigung erfasst ist.' },
			{ kind: 'effective', norm: 'Art. 12 ff. KommZG', simplified: 'IKZ-Atlas verlangt nach der Bekanntmachung ein erfasstes Datum des Wirksamwerdens und leitet keines ab.' },
			TERMINATION
		],
		zweckverband: [
			{ kind: 'council', norm: 'Art. 17 ff. KommZG mit GO/LKrO', simplified: COUNCIL_SIMPLE },
			{ kind: 'authority', norm: 'Art. 17 ff. KommZG' },
			{ kind: 'approval', norm: 'Art. 17 ff. KommZG (Genehmigung der Verbandssatzung)' },
			{ kind: 'publication', norm: 'Art. 17 ff. KommZG (Verbandssatzung und Genehmigung im Amtsblatt der Aufsichtsbehörde)' },
			{ kind: 'effective', norm: 'Art. 17 ff. KommZG (Entstehung frühestens am Tag nach der Bekanntmachung)', notBeforePublication: true },
			TERMINATION
		]
	},
	sn: {
		oerv: [
			{ kind: 'council', norm: '§ 71 SächsKomZG mit SächsGemO/SächsLKrO', simplified: COUNCIL_SIMPLE },
			{ kind: 'authority', norm: '§§ 71 f. SächsKomZG (Rechtsaufsichtsbehörde)' },
			{ kind: 'approval', norm: '§§ 71 f. SächsKomZG', simplified: 'Gilt für die Zweckvereinbarung; eine Verwaltungsgemeinschaft (§§ 36 ff.) wird derselben Familie zugeordnet und ebenso geprüft.' },
			{ kind: 'publication', norm: '§§ 71 f. SächsKomZG', simplified: 'IKZ-Atlas verlangt eine erfasste öffentliche Bekanntmachung nach der Genehmigung.' },
			{ kind: 'effective', norm: '§§ 71 f. SächsKomZG', simplified: 'IKZ-Atlas verlangt nach der Bekanntmachung ein erfasstes Datum des Wirksamwerdens und leitet keines ab.' },
			TERMINATION
		],
		zweckverband: [
			{ kind: 'council', norm: '§§ 44 ff. SächsKomZG mit SächsGemO/SächsLKrO', simplified: COUNCIL_SIMPLE },
			{ kind: 'authority', norm: '§§ 44 ff. SächsKomZG (Rechtsaufsichtsbehörde)' },
			{ kind: 'approval', norm: '§§ 44 ff. SächsKomZG (Genehmigung der Verbandssatzung)', simplified: 'Ein Verwaltungsverband (§§ 3 ff., Genehmigung § 12) wird derselben Familie zugeordnet und ebenso geprüft.' },
			{ kind: 'publication', norm: '§§ 44 ff. SächsKomZG (öffentliche Bekanntmachung der Genehmigung und der Verbandssatzung)' },
			{ kind: 'effective', norm: '§§ 44 ff. SächsKomZG (Entstehung am Tag nach der Bekanntmachung, sofern die Satzung keinen späteren Tag bestimmt)', notBeforePublication: true },
			TERMINATION
		]
	}
};

export type LandScope = 'lifecycle' | 'no-rules' | 'other-public-law' | 'not-public-law';

/** Whether the app checks a lifecycle for this cooperation under the law that applies. */
export function landScope(law: Pick<ApplicableLaw, 'rules'>, legalForm: string, group: string | null, nrwForms: readonly string[]): LandScope {
	if (!isFamily(legalForm) && group !== 'public-law') return 'not-public-law';
	if (law.rules === 'nrw') return nrwForms.includes(legalForm) ? 'lifecycle' : group === 'public-law' ? 'other-public-law' : 'not-public-law';
	if (!law.rules) return isFamily(legalForm) || group === 'public-law' ? 'no-rules' : 'not-public-law';
	return isFamily(legalForm) && LAND_RULES[law.rules][legalForm] ? 'lifecycle' : 'no-rules';
}

const normText = (r: LandRule) => `${r.norm}${r.simplified ? `; Vereinfachung: ${r.simplified}` : ''}`;

function mk(id: string, label: string, state: LifecycleStep['state'], rule: LandRule, reason: string, extra: Partial<LifecycleStep> = {}): LifecycleStep {
	return { id, label, state, reason: `${reason} (${normText(rule)})`, date: null, finding: null, norm: rule.norm, simplified: !!rule.simplified, ...extra };
}

/**
 * The steps of a cooperation's procedure under a Land rule set other than NRW. Uses the same
 * record as the GkG NRW lifecycle (decisions, authority, submission/notice, approval, publication,
 * effective date, termination) and the same finding codes, so the lists of gaps work unchanged.
 */
export function landLifecycleSteps(rules: Exclude<RuleSetId, 'nrw'>, lawShort: string, family: string, record: LifecycleRecord | null, c: { status?: string | null; participants: readonly LifecycleBody[] }): LifecycleStep[] {
	const set = isFamily(family) ? LAND_RULES[rules][family] : undefined;
	if (!set) {
		return [{ id: 'form', label: `Verfahren nach ${lawShort}`, state: 'not_applicable', reason: `Für diese Rechtsform hält IKZ-Atlas keine Prüfregeln nach dem ${lawShort}; die NRW-Regeln werden nicht angewandt.`, date: null, finding: null }];
	}
	const r = normalizeLifecycle(record ?? EMPTY_LIFECYCLE);
	const out: LifecycleStep[] = [];
	const approved = r.approval_date;
	for (const rule of set) {
		switch (rule.kind) {
			case 'council': {
				const needed = councilBodies(c.participants);
				if (!needed.length) out.push(mk('council', 'Beschlüsse der Beteiligten', 'missing', rule, 'Keine beteiligte Kommune erfasst, deren Beschluss nötig wäre.'));
				for (const b of needed) {
					const d = r.council_decisions.find((x) => x.body === b.id && x.date);
					const label = `Beschluss ${b.name} (${COUNCIL_OF_KIND[b.kind]})`;
					out.push(d
						? mk(`council:${b.id}`, label, 'done', rule, `Beschlossen am ${formatDay(d.date)}.`, { date: d.date, body: { id: b.id, name: b.name } })
						: mk(`council:${b.id}`, label, 'missing', rule, 'Kein Beschluss erfasst.', { finding: 'council_decision_missing', body: { id: b.id, name: b.name } }));
				}
				break;
			}
			case 'authority':
				out.push(r.authority
					? mk('authority', 'Aufsichtsbehörde', 'done', rule, r.authority + '.')
					: mk('authority', 'Aufsichtsbehörde', 'missing', rule, 'Nicht angegeben.', { finding: 'authority_missing' }));
				break;
			case 'notice_or_approval':
				out.push(approved
					? mk('approval', 'Anzeige oder Genehmigung', 'done', rule, `Genehmigt am ${formatDay(approved)}.`, { date: approved })
					: r.submitted_at
						? mk('approval', 'Anzeige oder Genehmigung', 'done', rule, `Der Aufsichtsbehörde vorgelegt (angezeigt) am ${formatDay(r.submitted_at)}.`, { date: r.submitted_at })
						: mk('approval', 'Anzeige oder Genehmigung', 'missing', rule, 'Weder eine Anzeige noch eine Genehmigung erfasst.', { finding: 'approval_missing' }));
				break;
			case 'approval':
				out.push(approved
					? mk('approval', 'Genehmigung', 'done', rule, `Genehmigt am ${formatDay(approved)}.`, { date: approved })
					: mk('approval', 'Genehmigung', 'missing', rule, r.submitted_at ? `Vorgelegt am ${formatDay(r.submitted_at)}, Genehmigung nicht erfasst.` : 'Keine Genehmigung erfasst.', { finding: 'approval_missing' }));
				break;
			case 'publication': {
				const pub = r.publication.date;
				const needsApproval = set.some((x) => x.kind === 'approval');
				if (pub) {
					const early = approved && pub < approved;
					out.push(mk('publication', 'Bekanntmachung', early ? 'missing' : 'done', rule,
						`Bekannt gemacht am ${formatDay(pub)}${r.publication.gazette ? ` (${r.publication.gazette}${r.publication.issue ? ` ${r.publication.issue}` : ''})` : ''}${early ? ', vor der Genehmigung' : ''}.`,
						{ date: pub, finding: early ? 'published_before_approval' : null }));
				} else if (approved || needsApproval) {
					out.push(mk('publication', 'Bekanntmachung', 'missing', rule, approved ? 'Genehmigt, aber keine Bekanntmachung erfasst.' : 'Keine Bekanntmachung erfasst.', { finding: approved ? 'approved_not_published' : null }));
				} else {
					out.push(mk('publication', 'Bekanntmachung', 'not_applicable', rule, 'Nur angezeigt, keine Genehmigung erfasst: ob eine Bekanntmachung nötig ist, prüft IKZ-Atlas nicht.'));
				}
				break;
			}
			case 'effective': {
				const pub = r.publication.date;
				if (r.effective_date) {
					const early = rule.notBeforePublication && pub && r.effective_date < addDays(pub, 1);
					out.push(mk('effective', 'Wirksam ab', early ? 'missing' : 'done', rule, `${formatDay(r.effective_date)}${early ? `, vor dem Tag nach der Bekanntmachung (${formatDay(addDays(pub!, 1))})` : ''}.`, { date: r.effective_date, finding: early ? 'effective_before_publication' : null }));
				} else {
					out.push(mk('effective', 'Wirksam ab', 'missing', rule, pub ? 'Bekannt gemacht, aber kein Datum des Wirksamwerdens erfasst.' : 'Nicht erfasst.', { finding: pub ? 'published_no_effective_date' : null }));
				}
				break;
			}
			case 'termination':
				if (c.status === 'ended') {
					out.push(r.termination.notified_date
						? mk('termination', 'Kündigung oder Aufhebung', 'done', rule, `Erklärt am ${formatDay(r.termination.notified_date)}.`, { date: r.termination.notified_date })
						: mk('termination', 'Kündigung oder Aufhebung', 'missing', rule, 'Die Kooperation ist beendet, eine Kündigung oder Aufhebung ist nicht erfasst.', { finding: 'termination_missing' as FindingCode }));
				}
				break;
		}
	}
	return out;
}

// ---- normalising written legal forms -------------------------------------------------------------------

/** A taxonomy entry as in data/taxonomies/legal-forms.yaml. */
export interface TaxonomyForm {
	id: string;
	label: string;
	short: string;
	spellings: string[];
}

export interface NormalisedForm {
	/** The stored legal-form key. */
	key: string;
	/** The Land's name for the form, when the text names a Land form (or the Land is given). */
	landForm: string | null;
	/** The Land whose form name matched, when one did. */
	land: string | null;
}

interface Token { text: string; abbrev: boolean }

/** Tokens of a written form: words split at spaces, hyphens and slashes, folded; a trailing dot marks an abbreviation. */
function tokens(s: string): Token[] {
	return s.split(/[\s\-‐–/]+/).map((t) => ({ text: foldGerman(t).replace(/\s+/g, ''), abbrev: /\.\s*$/.test(t) })).filter((t) => t.text);
}

const compact = (s: string) => foldGerman(s).replace(/\s+/g, '');

/** Whether the written text is the candidate, word by word, where a word written with a trailing dot may be a prefix. */
function matches(typed: Token[], candidate: Token[]): boolean {
	if (!typed.length || typed.length !== candidate.length) return false;
	return typed.every((t, i) => t.text === candidate[i]!.text || (t.abbrev && t.text.length >= 2 && candidate[i]!.text.startsWith(t.text)));
}

/**
 * A normaliser over the law book and the taxonomy. Order: the given Land's form names, short forms
 * and spellings; then every Land's (the first Land listing it); then the taxonomy's labels, short
 * forms and spellings. Case, umlauts, punctuation and abbreviations with a trailing dot are folded
 * ("öff.-rechtl. Vereinbarung", "Zweckvereinb."). Unknown text gives null.
 */
export function makeLegalFormNormaliser(book: LawBook, taxonomy: readonly TaxonomyForm[]): (text: string, land?: string | null) => NormalisedForm | null {
	type Cand = { key: string; landForm: string | null; land: string | null; exact: string; toks: Token[] };
	const landCands = (l: LandLaw): Cand[] => l.forms.flatMap((f) => [f.name, ...(f.short ? [f.short] : []), ...f.spellings]
		.map((s) => ({ key: f.family, landForm: f.name, land: l.code, exact: compact(s), toks: tokens(s) })));
	const taxCands: Cand[] = taxonomy.filter((t) => t.id !== 'unknown').flatMap((t) => [t.label, t.short, ...t.spellings]
		.filter(Boolean).map((s) => ({ key: t.id, landForm: null, land: null, exact: compact(s), toks: tokens(s) })));
	const all = book.laender.flatMap(landCands);
	const findAll = (cands: Cand[], typed: string): Cand[] => {
		const exact = compact(typed);
		const hits = cands.filter((c) => c.exact === exact);
		if (hits.length) return hits;
		const toks = tokens(typed);
		return cands.filter((c) => matches(toks, c.toks));
	};
	const one = <T>(xs: T[]): T | null => (new Set(xs).size === 1 ? xs[0]! : null);
	return (text, landCode) => {
		if (!text || !compact(text)) return null;
		const code = landCode ? landOfAgs(landCode) : null;
		const own = code ? book.byCode.get(code) : undefined;
		const ownHit = own ? findAll(landCands(own), text)[0] : undefined;
		if (ownHit) return { key: ownHit.key, landForm: ownHit.landForm, land: ownHit.land };
		const hits = findAll(all, text);
		const key = hits[0]?.key ?? findAll(taxCands, text)[0]?.key;
		if (!key) return null;
		// With the Land: that Land's main name for the family (another Land's name was written).
		if (own) {
			const lf = landForm(book, own.code, key);
			return { key, landForm: lf?.name ?? null, land: lf ? own.code : null };
		}
		// Without the Land: the name and the Land only where every hit of the family agrees.
		const same = hits.filter((h) => h.key === key);
		return { key, landForm: one(same.map((h) => h.landForm)), land: one(same.map((h) => h.land)) };
	};
}
