/**
 * Recognising council papers that concern a cooperation (issue 21, item 3): the rules of
 * data/oparl/rules.yaml score what a paper names (legal forms, words of cooperation, other bodies
 * of the region); a hit is matched to a cooperation of the paper's body (title words, partners,
 * topic, legal form) or to none, and gets a kind (new cooperation, council decision, termination,
 * new member) and the passage that matched.
 */
import type { Rules } from './rules';

/** Lower case, umlauts and ß folded, whitespace collapsed: one form for words and papers. */
export function fold(s: string): string {
	return s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
		.replace(/[\u2010-\u2015]/g, '-').replace(/\s+/g, ' ');
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new Map<string, RegExp>();
/** One pattern for a group of phrases: the first one found at the start of a word. */
function groupPattern(phrases: readonly string[]): RegExp {
	const key = `|${phrases.join('|')}`;
	let p = patterns.get(key);
	if (!p) {
		p = new RegExp(`(?<![a-z0-9])(?:${phrases.map((ph) => esc(fold(ph))).join('|')})`);
		patterns.set(key, p);
	}
	return p;
}

function firstIndex(text: string, phrases: readonly string[]): { index: number } | null {
	const m = groupPattern(phrases).exec(text);
	return m ? { index: m.index } : null;
}

export interface RecogniseBody { id: string; names: readonly string[] }
export interface RecogniseCooperation { id: string; title: string; bodyIds: readonly string[]; topicWords: readonly string[]; legalForm: string }

export interface RecogniseContext {
	rules: Rules;
	/** The body whose council system the paper comes from. */
	ownBodyId: string;
	/** The other bodies of the region with their names. */
	bodies: readonly RecogniseBody[];
	/** Cooperations the own body takes part in. */
	cooperations: readonly RecogniseCooperation[];
}

export type HitKind = 'new_cooperation' | 'council_decision' | 'termination' | 'new_member';

export interface Recognition {
	score: number;
	kind: HitKind;
	event: 'termination' | 'partner_joined' | 'extension' | 'new_version' | 'founding' | 'continuation';
	legalForm: string | null;
	cooperationId: string | null;
	/** Other bodies of the region the paper names. */
	partnerIds: string[];
	/** The sentence(s) around the strongest match, from the paper's own text. */
	passage: string;
}

function passageAt(original: string, folded: string, index: number): string {
	// Folding lengthens ä → ae etc.: map the index back by counting characters of the original.
	let oi = 0;
	let fi = 0;
	while (fi < index && oi < original.length) {
		fi += fold(original.charAt(oi)).length;
		oi++;
	}
	const start = Math.max(0, original.lastIndexOf('.', Math.max(0, oi - 1)) + 1, oi - 220);
	let end = original.indexOf('.', oi + 1);
	if (end < 0 || end - oi > 300) end = Math.min(original.length, oi + 300);
	return original.slice(start, end + 1).replace(/\s+/g, ' ').trim();
}

interface Prepared {
	bodies: { id: string; pattern: RegExp | null }[];
	cooperations: (RecogniseCooperation & { stems: RegExp[]; topic: RegExp | null })[];
}
const preparedOf = new WeakMap<RecogniseContext, Prepared>();
/** The context's names and titles as patterns, once per context (a run recognises many papers with one). */
function prepare(ctx: RecogniseContext): Prepared {
	let p = preparedOf.get(ctx);
	if (p) return p;
	const alt = (words: string[]) => (words.length ? new RegExp(`(?<![a-z0-9])(?:${words.map(esc).join('|')})`) : null);
	// Names of bodies in a title are partners, counted as such, not title words.
	const stop = new Set([...ctx.rules.match.stop_words, ...ctx.bodies.flatMap((b) => b.names)].flatMap((w) => fold(w).split(/[^a-z0-9]+/)));
	p = {
		bodies: ctx.bodies.map((b) => {
			const names = b.names.filter((n) => n.length >= 3).map((n) => esc(fold(n)));
			return { id: b.id, pattern: names.length ? new RegExp(`(?<![a-z0-9])(?:${names.join('|')})(?![a-z0-9])`) : null };
		}),
		cooperations: ctx.cooperations.map((c) => {
			const words = fold(c.title).split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !stop.has(w));
			const stems = [...new Set(words.map((w) => (w.length > 6 ? w.slice(0, -1) : w)))];
			return { ...c, stems: stems.map((w) => new RegExp(`(?<![a-z0-9])${esc(w)}`)), topic: alt(c.topicWords.filter((w) => w.length >= 4).map(fold)) };
		})
	};
	preparedOf.set(ctx, p);
	return p;
}

/** Does this paper concern a cooperation, and which? Null when the rules do not reach the threshold. */
export function recognise(paper: { name: string; text: string }, ctx: RecogniseContext): Recognition | null {
	const original = `${paper.name}. ${paper.text}`;
	const text = fold(original);
	const { rules } = ctx;
	let strongest: { index: number; weight: number } | null = null;
	let legalForm: string | null = null;
	let formWeight = 0;
	for (const lf of rules.legal_forms) {
		const hit = firstIndex(text, lf.words);
		if (!hit) continue;
		if (lf.weight > formWeight) {
			formWeight = lf.weight;
			legalForm = lf.form;
		}
		if (!strongest || lf.weight > strongest.weight || (lf.weight === strongest.weight && hit.index < strongest.index)) strongest = { index: hit.index, weight: lf.weight };
	}
	// Several legal-form groups in one paper count as much as the strongest one.
	let score = formWeight;
	for (const s of rules.signals) {
		const hit = firstIndex(text, s.words);
		if (!hit) continue;
		score += s.weight;
		if (!strongest || s.weight > strongest.weight) strongest = { index: hit.index, weight: s.weight };
	}
	const prepared = prepare(ctx);
	const partnerIds: string[] = [];
	for (const b of prepared.bodies) {
		if (b.id !== ctx.ownBodyId && b.pattern && b.pattern.test(text)) partnerIds.push(b.id);
	}
	score += Math.min(partnerIds.length, rules.partner_max) * rules.partner_weight;
	if (score < rules.threshold || !strongest) return null;

	let kind: HitKind = 'council_decision';
	let event: Recognition['event'] = 'new_version';
	for (const e of rules.events) {
		if (firstIndex(text, e.words)) {
			kind = e.kind;
			event = e.event;
			break;
		}
	}
	let best: { id: string; score: number } | null = null;
	for (const c of prepared.cooperations) {
		const stems = c.stems;
		const titleShare = stems.length ? stems.filter((w) => w.test(text)).length / stems.length : 0;
		const others = c.bodyIds.filter((id) => id !== ctx.ownBodyId);
		const partnerShare = others.length ? others.filter((id) => partnerIds.includes(id)).length / others.length : 0;
		const topic = c.topic && c.topic.test(text) ? 1 : 0;
		const s = rules.match.title_weight * titleShare + rules.match.partner_weight * partnerShare + rules.match.topic_weight * topic
			+ (legalForm && legalForm === c.legalForm ? rules.match.legal_form_weight : 0);
		if (titleShare > 0 && s >= rules.match.threshold && (!best || s > best.score)) best = { id: c.id, score: s };
	}
	if (!best) kind = 'new_cooperation';
	return { score, kind, event, legalForm, cooperationId: best?.id ?? null, partnerIds, passage: passageAt(original, text, strongest.index) };
}
