/**
 * The legal lifecycle of a public-law cooperation under the GkG NRW (issue 7, item 1): what a
 * coordinator records (council decisions, approval by the supervisory authority, publication,
 * effective date, term, termination) and the ordered steps derived from it, each done, missing,
 * not applicable or derived, with a German label and reason, plus finding codes for the list of
 * gaps ("approved but not published", "no termination rule" …).
 *
 * Rules (shared/design/domain.md, "Legal forms"):
 * - Only for the public-law forms with an approval procedure: öffentlich-rechtliche Vereinbarung
 *   (sub-type delegating or mandating), Zweckverband, gemeinsames Kommunalunternehmen (AöR).
 *   Other public-law forms (Arbeitsgemeinschaft) get no steps here; private-law and informal
 *   forms none at all.
 * - A decision of the representative body (Rat, Kreistag, Verbandsversammlung …) of every
 *   municipal body taking part; companies, associations and state offices have none.
 * - Approval by the supervisory authority, deemed given when four weeks passed after submission
 *   without objection: the period ends with the day four weeks after submission (day 28), the
 *   approval is deemed given from the day after (day 29) and marked as derived.
 * - Publication in the authority's gazette; effective the day after publication unless a date is
 *   recorded (derived).
 * - Open-ended agreements or terms over 20 years must set termination rules.
 * - A termination must be notified and published.
 *
 * Dates are ISO days (YYYY-MM-DD); German output through `formatDay`.
 */

export const SUB_TYPES = ['delegating', 'mandating'] as const;
export type SubType = (typeof SUB_TYPES)[number];

export const SUB_TYPE_LABEL: Record<SubType, string> = {
	delegating: 'delegierend: die Aufgabe geht auf den Partner über',
	mandating: 'mandatierend: der Partner erledigt die Aufgabe, die Zuständigkeit bleibt bei den anderen'
};

export interface CouncilDecision {
	/** Body id. */
	body: string;
	date: string;
	/** Minutes or document number (Drucksache), optional. */
	reference?: string | null;
}

export interface LifecycleRecord {
	sub_type: SubType | null;
	council_decisions: CouncilDecision[];
	/** The approving supervisory authority, e.g. "Landrat des Kreises Unna" or "Bezirksregierung Arnsberg". */
	authority: string | null;
	/** The day the agreement was submitted for approval. */
	submitted_at: string | null;
	approval_date: string | null;
	/** The authority raised an objection within the period: no deemed approval. */
	objection: boolean;
	publication: { gazette: string | null; issue: string | null; date: string | null };
	effective_date: string | null;
	term: { open_ended: boolean; end_date: string | null; years: number | null };
	termination_rule: string | null;
	termination: { notified_date: string | null; published_date: string | null };
}

export const EMPTY_LIFECYCLE: LifecycleRecord = Object.freeze({
	sub_type: null,
	council_decisions: [],
	authority: null,
	submitted_at: null,
	approval_date: null,
	objection: false,
	publication: { gazette: null, issue: null, date: null },
	effective_date: null,
	term: { open_ended: false, end_date: null, years: null },
	termination_rule: null,
	termination: { notified_date: null, published_date: null }
}) as LifecycleRecord;

/** A body taking part (participants and performer), as the service resolves it. */
export interface LifecycleBody {
	id: string;
	name: string;
	kind: string;
}

export interface LifecycleCooperation {
	legal_form: string;
	/** The form's group in data/taxonomies/legal-forms.yaml ('public-law', 'private-law', …), when known. */
	legal_form_group?: string | null;
	/** The cooperation's status: an ended one needs a termination. */
	status?: string | null;
	participants: LifecycleBody[];
}

/** The forms with approval, publication and effective date under the GkG NRW. */
export const LIFECYCLE_FORMS = ['oerv', 'zweckverband', 'aoer'] as const;

/** Body kinds with a representative body that decides on joining (and its German name). */
export const COUNCIL_OF_KIND: Record<string, string> = {
	stadt: 'Rat',
	gemeinde: 'Rat',
	'kreisfreie-stadt': 'Rat',
	kreis: 'Kreistag',
	landschaftsverband: 'Landschaftsversammlung',
	regionalverband: 'Verbandsversammlung',
	zweckverband: 'Verbandsversammlung',
	aoer: 'Verwaltungsrat'
};

export type StepState = 'done' | 'missing' | 'not_applicable' | 'derived';

export const STEP_STATE_LABEL: Record<StepState, string> = {
	done: 'erledigt',
	missing: 'fehlt',
	not_applicable: 'entfällt',
	derived: 'abgeleitet'
};

export const FINDING_CODES = [
	'sub_type_missing',
	'council_decision_missing',
	'authority_missing',
	'approval_missing',
	'approval_pending',
	'approval_objection',
	'approved_not_published',
	'published_before_approval',
	'published_no_effective_date',
	'effective_before_publication',
	'term_missing',
	'no_termination_rule',
	'termination_missing',
	'termination_not_published'
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const FINDING_LABEL: Record<FindingCode, string> = {
	sub_type_missing: 'Art der Vereinbarung (delegierend/mandatierend) fehlt',
	council_decision_missing: 'Ratsbeschluss fehlt',
	authority_missing: 'Aufsichtsbehörde nicht angegeben',
	approval_missing: 'Genehmigung fehlt',
	approval_pending: 'Genehmigung beantragt, Frist läuft',
	approval_objection: 'Aufsichtsbehörde hat Einwände erhoben',
	approved_not_published: 'genehmigt, aber nicht bekannt gemacht',
	published_before_approval: 'vor der Genehmigung bekannt gemacht',
	published_no_effective_date: 'bekannt gemacht, aber kein Datum des Wirksamwerdens',
	effective_before_publication: 'Wirksamkeit vor dem Tag nach der Bekanntmachung',
	term_missing: 'Laufzeit nicht erfasst',
	no_termination_rule: 'keine Kündigungsregelung',
	termination_missing: 'beendet, aber keine Kündigung erfasst',
	termination_not_published: 'Kündigung nicht bekannt gemacht'
};

export interface LifecycleStep {
	/** Stable id: 'sub_type', 'council:<body>', 'authority', 'submission', 'approval', 'publication', 'effective', 'term', 'termination_rule', 'termination'. */
	id: string;
	label: string;
	state: StepState;
	/** German explanation of the state (what is recorded, what is missing, how it was derived). */
	reason: string;
	/** The day the step happened or is deemed to have happened, if any. */
	date: string | null;
	finding: FindingCode | null;
	/** For council decisions: the body. */
	body?: { id: string; name: string };
}

export interface Finding {
	code: FindingCode;
	label: string;
	step: string;
	body?: { id: string; name: string };
}

/** Weeks after which an approval is deemed given without objection. */
export const DEEMED_APPROVAL_DAYS = 28;
/** A term longer than this many years needs termination rules. */
export const MAX_TERM_YEARS_WITHOUT_RULE = 20;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD. */
export function isIsoDay(s: string | null | undefined): s is string {
	if (!s) return false;
	const m = ISO_DAY.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The same calendar day n years later (29 February becomes 28 February in common years). */
export function addYears(day: string, n: number): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const year = y + n;
	const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
	return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** "2026-03-05" → "05.03.2026"; anything else is returned as it is. */
export function formatDay(day: string | null | undefined): string {
	if (!day) return '';
	const m = ISO_DAY.exec(day);
	return m ? `${m[3]}.${m[2]}.${m[1]}` : day;
}

/** Parse a day typed as "2026-03-05", "5.3.2026" or "05.03.2026"; '' → null; invalid → undefined. */
export function parseDay(raw: string): string | null | undefined {
	const s = raw.trim();
	if (!s) return null;
	if (isIsoDay(s)) return s;
	const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
	if (!m) return undefined;
	const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
	return isIsoDay(iso) ? iso : undefined;
}

export type LifecycleScope = 'lifecycle' | 'other-public-law' | 'not-public-law';

/** Whether the lifecycle applies to a legal form. */
export function lifecycleScope(c: Pick<LifecycleCooperation, 'legal_form' | 'legal_form_group'>): LifecycleScope {
	if ((LIFECYCLE_FORMS as readonly string[]).includes(c.legal_form)) return 'lifecycle';
	return c.legal_form_group === 'public-law' ? 'other-public-law' : 'not-public-law';
}

/** The bodies that need a decision of their representative body, in the order given, once each. */
export function councilBodies(participants: readonly LifecycleBody[]): LifecycleBody[] {
	const seen = new Set<string>();
	return participants.filter((b) => {
		if (!COUNCIL_OF_KIND[b.kind] || seen.has(b.id)) return false;
		seen.add(b.id);
		return true;
	});
}

/** The day an approval counts from: recorded, or deemed after four weeks without objection (only once that period has passed). */
export function approvalOf(r: LifecycleRecord, today: string): { date: string; derived: boolean } | null {
	if (r.approval_date) return { date: r.approval_date, derived: false };
	if (r.submitted_at && !r.objection) {
		const periodEnd = addDays(r.submitted_at, DEEMED_APPROVAL_DAYS);
		if (today > periodEnd) return { date: periodEnd, derived: true };
	}
	return null;
}

/** The effective day: recorded, or the day after publication (derived). */
export function effectiveOf(r: LifecycleRecord): { date: string; derived: boolean } | null {
	if (r.effective_date) return { date: r.effective_date, derived: false };
	if (r.publication.date) return { date: addDays(r.publication.date, 1), derived: true };
	return null;
}

/** Whether the term needs termination rules: open-ended, or longer than 20 years. null when it cannot be told. */
export function needsTerminationRule(r: LifecycleRecord): { needed: boolean | null; why: string } {
	const t = r.term;
	if (t.open_ended) return { needed: true, why: 'unbefristet' };
	if (t.years !== null && t.years !== undefined) {
		return t.years > MAX_TERM_YEARS_WITHOUT_RULE
			? { needed: true, why: `Laufzeit ${t.years} Jahre, also über ${MAX_TERM_YEARS_WITHOUT_RULE} Jahre` }
			: { needed: false, why: `Laufzeit ${t.years} Jahre, nicht über ${MAX_TERM_YEARS_WITHOUT_RULE} Jahre` };
	}
	if (t.end_date) {
		const start = effectiveOf(r)?.date ?? null;
		if (!start) return { needed: null, why: `Laufzeit bis ${formatDay(t.end_date)}, Beginn unbekannt` };
		const limit = addYears(start, MAX_TERM_YEARS_WITHOUT_RULE);
		return t.end_date > limit
			? { needed: true, why: `Laufzeit vom ${formatDay(start)} bis ${formatDay(t.end_date)}, also über ${MAX_TERM_YEARS_WITHOUT_RULE} Jahre` }
			: { needed: false, why: `Laufzeit vom ${formatDay(start)} bis ${formatDay(t.end_date)}, nicht über ${MAX_TERM_YEARS_WITHOUT_RULE} Jahre` };
	}
	return { needed: null, why: 'Laufzeit nicht erfasst' };
}

const step = (s: Omit<LifecycleStep, 'date' | 'finding'> & Partial<Pick<LifecycleStep, 'date' | 'finding'>>): LifecycleStep => ({ date: null, finding: null, ...s });

/**
 * The ordered steps of a cooperation's legal lifecycle. `record` null means nothing is recorded
 * yet (every step missing). Forms without the procedure give one not-applicable step.
 */
export function lifecycleSteps(record: LifecycleRecord | null, cooperation: LifecycleCooperation, today: string): LifecycleStep[] {
	const scope = lifecycleScope(cooperation);
	if (scope !== 'lifecycle') {
		return [step({
			id: 'form', label: 'Verfahren nach GkG NRW', state: 'not_applicable',
			reason: scope === 'other-public-law'
				? 'Für diese öffentlich-rechtliche Form sind in der Anwendung keine Verfahrensschritte (Genehmigung, Bekanntmachung) hinterlegt.'
				: 'Nur öffentlich-rechtliche Vereinbarungen, Zweckverbände und gemeinsame Kommunalunternehmen durchlaufen Genehmigung und Bekanntmachung nach dem GkG NRW.'
		})];
	}
	const r = record ?? EMPTY_LIFECYCLE;
	const steps: LifecycleStep[] = [];
	const isOerv = cooperation.legal_form === 'oerv';

	// 1. Sub-type of an öffentlich-rechtliche Vereinbarung.
	if (isOerv) {
		steps.push(r.sub_type
			? step({ id: 'sub_type', label: 'Art der Vereinbarung', state: 'done', reason: SUB_TYPE_LABEL[r.sub_type] })
			: step({ id: 'sub_type', label: 'Art der Vereinbarung', state: 'missing', reason: 'Nicht angegeben, ob die Vereinbarung delegierend oder mandatierend ist.', finding: 'sub_type_missing' }));
	} else {
		steps.push(step({ id: 'sub_type', label: 'Art der Vereinbarung', state: 'not_applicable', reason: 'Nur bei öffentlich-rechtlichen Vereinbarungen (delegierend oder mandatierend).' }));
	}

	// 2. A decision of each municipal body taking part.
	const needed = councilBodies(cooperation.participants);
	if (!needed.length) {
		steps.push(step({ id: 'council', label: 'Beschlüsse der Beteiligten', state: 'missing', reason: 'Für diese Kooperation ist keine beteiligte Kommune erfasst, deren Beschluss nötig wäre. Bitte die Beteiligten im Steckbrief prüfen.' }));
	}
	for (const b of needed) {
		const organ = COUNCIL_OF_KIND[b.kind]!;
		const d = r.council_decisions.find((x) => x.body === b.id && x.date);
		steps.push(d
			? step({
				id: `council:${b.id}`, label: `Beschluss ${b.name} (${organ})`, state: 'done', date: d.date, body: { id: b.id, name: b.name },
				reason: `Beschlossen am ${formatDay(d.date)}${d.reference ? ` (${d.reference})` : ''}.`
			})
			: step({
				id: `council:${b.id}`, label: `Beschluss ${b.name} (${organ})`, state: 'missing', body: { id: b.id, name: b.name },
				reason: `Kein Beschluss des ${organ === 'Kreistag' ? 'Kreistags' : organ === 'Rat' ? 'Rates' : organ} von ${b.name} erfasst.`, finding: 'council_decision_missing'
			}));
	}

	// 3. The supervisory authority.
	steps.push(r.authority
		? step({ id: 'authority', label: 'Aufsichtsbehörde', state: 'done', reason: r.authority })
		: step({ id: 'authority', label: 'Aufsichtsbehörde', state: 'missing', reason: 'Nicht angegeben, welche Aufsichtsbehörde genehmigt (Landrat oder Bezirksregierung).', finding: 'authority_missing' }));

	// 4. Submission for approval (only needed to count the four weeks).
	if (r.submitted_at) {
		steps.push(step({ id: 'submission', label: 'Zur Genehmigung vorgelegt', state: 'done', date: r.submitted_at, reason: `Vorgelegt am ${formatDay(r.submitted_at)}.` }));
	} else if (r.approval_date) {
		steps.push(step({ id: 'submission', label: 'Zur Genehmigung vorgelegt', state: 'not_applicable', reason: 'Nicht erfasst; nicht nötig, da die Genehmigung erfasst ist.' }));
	} else {
		steps.push(step({ id: 'submission', label: 'Zur Genehmigung vorgelegt', state: 'missing', reason: 'Nicht erfasst, wann die Vereinbarung der Aufsichtsbehörde vorgelegt wurde.' }));
	}

	// 5. Approval, recorded or deemed.
	const approval = approvalOf(r, today);
	if (approval && !approval.derived) {
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'done', date: approval.date, reason: `Genehmigt am ${formatDay(approval.date)}${r.authority ? ` durch ${r.authority}` : ''}.` }));
	} else if (approval) {
		steps.push(step({
			id: 'approval', label: 'Genehmigung', state: 'derived', date: approval.date,
			reason: `Gilt als genehmigt: am ${formatDay(r.submitted_at)} vorgelegt, keine Einwände innerhalb von vier Wochen (Frist endete am ${formatDay(approval.date)}).`
		}));
	} else if (r.submitted_at && r.objection) {
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'missing', reason: `Am ${formatDay(r.submitted_at)} vorgelegt; die Aufsichtsbehörde hat Einwände erhoben, daher keine Genehmigung durch Fristablauf.`, finding: 'approval_objection' }));
	} else if (r.submitted_at) {
		const periodEnd = addDays(r.submitted_at, DEEMED_APPROVAL_DAYS);
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'missing', reason: `Am ${formatDay(r.submitted_at)} vorgelegt; ohne Einwände gilt sie nach Ablauf des ${formatDay(periodEnd)} als genehmigt.`, finding: 'approval_pending' }));
	} else if (r.objection) {
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'missing', reason: 'Die Aufsichtsbehörde hat Einwände erhoben; keine Genehmigung erfasst.', finding: 'approval_objection' }));
	} else {
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'missing', reason: 'Weder eine Genehmigung noch die Vorlage bei der Aufsichtsbehörde ist erfasst.', finding: 'approval_missing' }));
	}

	// 6. Publication in the gazette.
	const pub = r.publication;
	if (pub.gazette || pub.date) {
		const where = [pub.gazette, pub.issue ? `Ausgabe ${pub.issue}` : null].filter(Boolean).join(', ');
		const early = approval && pub.date && pub.date < approval.date;
		steps.push(step({
			id: 'publication', label: 'Öffentliche Bekanntmachung', state: 'done', date: pub.date,
			reason: `${where || 'Amtsblatt nicht angegeben'}${pub.date ? `, vom ${formatDay(pub.date)}` : ', Datum nicht erfasst'}.${early ? ' Das Datum liegt vor der Genehmigung.' : ''}`,
			finding: early ? 'published_before_approval' : null
		}));
	} else if (approval) {
		steps.push(step({ id: 'publication', label: 'Öffentliche Bekanntmachung', state: 'missing', reason: 'Genehmigt, aber keine Bekanntmachung im Amtsblatt erfasst.', finding: 'approved_not_published' }));
	} else {
		steps.push(step({ id: 'publication', label: 'Öffentliche Bekanntmachung', state: 'missing', reason: 'Folgt nach der Genehmigung: Bekanntmachung im Amtsblatt der Aufsichtsbehörde.' }));
	}

	// 7. Effective date.
	const effective = effectiveOf(r);
	if (effective && !effective.derived) {
		const earliest = pub.date ? addDays(pub.date, 1) : null;
		const early = earliest !== null && effective.date < earliest;
		steps.push(step({
			id: 'effective', label: 'Wirksam ab', state: 'done', date: effective.date,
			reason: `Wirksam ab ${formatDay(effective.date)}.${early ? ` Wirksam wird sie frühestens am Tag nach der Bekanntmachung (${formatDay(earliest)}).` : ''}`,
			finding: early ? 'effective_before_publication' : null
		}));
	} else if (effective) {
		steps.push(step({ id: 'effective', label: 'Wirksam ab', state: 'derived', date: effective.date, reason: `Am Tag nach der Bekanntmachung vom ${formatDay(pub.date)}: ${formatDay(effective.date)}.` }));
	} else if (pub.gazette) {
		steps.push(step({ id: 'effective', label: 'Wirksam ab', state: 'missing', reason: 'Bekannt gemacht, aber weder das Datum der Bekanntmachung noch das Datum des Wirksamwerdens ist erfasst.', finding: 'published_no_effective_date' }));
	} else {
		steps.push(step({ id: 'effective', label: 'Wirksam ab', state: 'missing', reason: 'Wird am Tag nach der Bekanntmachung wirksam, sofern kein späterer Tag bestimmt ist.' }));
	}

	// 8. Term.
	const t = r.term;
	const rule = needsTerminationRule(r);
	if (t.open_ended || t.years !== null || t.end_date) {
		steps.push(step({ id: 'term', label: 'Laufzeit', state: 'done', date: t.end_date, reason: t.open_ended ? 'Unbefristet.' : `${rule.why}.` }));
	} else {
		steps.push(step({ id: 'term', label: 'Laufzeit', state: 'missing', reason: 'Nicht erfasst, ob die Vereinbarung befristet oder unbefristet ist.', finding: 'term_missing' }));
	}

	// 9. Termination rules: required when open-ended or longer than 20 years.
	if (r.termination_rule) {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'done', reason: r.termination_rule }));
	} else if (rule.needed === true) {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'missing', reason: `Erforderlich (${rule.why}), aber nicht erfasst.`, finding: 'no_termination_rule' }));
	} else if (rule.needed === false) {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'not_applicable', reason: `Nicht vorgeschrieben (${rule.why}).` }));
	} else {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'missing', reason: `Ob sie vorgeschrieben ist, hängt von der Laufzeit ab (${rule.why}).` }));
	}

	// 10. Termination: notified and published.
	const term = r.termination;
	if (term.notified_date && term.published_date) {
		steps.push(step({ id: 'termination', label: 'Kündigung', state: 'done', date: term.published_date, reason: `Gekündigt am ${formatDay(term.notified_date)}, bekannt gemacht am ${formatDay(term.published_date)}.` }));
	} else if (term.notified_date) {
		steps.push(step({ id: 'termination', label: 'Kündigung', state: 'missing', date: term.notified_date, reason: `Gekündigt am ${formatDay(term.notified_date)}, aber die Bekanntmachung der Kündigung ist nicht erfasst.`, finding: 'termination_not_published' }));
	} else if (term.published_date) {
		steps.push(step({ id: 'termination', label: 'Kündigung', state: 'done', date: term.published_date, reason: `Kündigung bekannt gemacht am ${formatDay(term.published_date)}; Datum der Kündigung nicht erfasst.` }));
	} else if (cooperation.status === 'ended') {
		steps.push(step({ id: 'termination', label: 'Kündigung', state: 'missing', reason: 'Die Kooperation ist beendet, aber keine Kündigung erfasst.', finding: 'termination_missing' }));
	} else {
		steps.push(step({ id: 'termination', label: 'Kündigung', state: 'not_applicable', reason: 'Nicht gekündigt.' }));
	}
	return steps;
}

/** The findings of a list of steps, in step order. */
export function findingsOf(steps: readonly LifecycleStep[]): Finding[] {
	return steps.filter((s) => s.finding).map((s) => ({
		code: s.finding!, step: s.id, ...(s.body ? { body: s.body } : {}),
		label: s.finding === 'council_decision_missing' && s.body ? `Ratsbeschluss von ${s.body.name} fehlt` : FINDING_LABEL[s.finding!]
	}));
}

/** Counts for a summary: how many steps are done (or derived), missing, not applicable. */
export function stepSummary(steps: readonly LifecycleStep[]): { done: number; missing: number; notApplicable: number } {
	return {
		done: steps.filter((s) => s.state === 'done' || s.state === 'derived').length,
		missing: steps.filter((s) => s.state === 'missing').length,
		notApplicable: steps.filter((s) => s.state === 'not_applicable').length
	};
}

// ---- the no-JS form ----------------------------------------------------------------------------

export interface FieldError {
	field: string;
	message: string;
}

/** The flat form values as typed, to render the form again. */
export interface LifecycleFormValues {
	sub_type: string;
	authority: string;
	submitted_at: string;
	approval_date: string;
	objection: boolean;
	gazette: string;
	issue: string;
	publication_date: string;
	effective_date: string;
	open_ended: boolean;
	end_date: string;
	years: string;
	termination_rule: string;
	notified_date: string;
	termination_published_date: string;
	council: Record<string, { date: string; reference: string }>;
}

export const councilField = (bodyId: string, part: 'date' | 'reference') => `council-${bodyId}-${part}`;

export const LIFECYCLE_LIMITS = { text: 200, reference: 100, rule: 2000, years: 100 } as const;

/** The form values of a stored record (dates as ISO days, which `<input type="date">` shows). */
export function lifecycleValues(r: LifecycleRecord | null, bodies: readonly LifecycleBody[]): LifecycleFormValues {
	const x = r ?? EMPTY_LIFECYCLE;
	const council: LifecycleFormValues['council'] = {};
	for (const b of bodies) {
		const d = x.council_decisions.find((c) => c.body === b.id);
		council[b.id] = { date: d?.date ?? '', reference: d?.reference ?? '' };
	}
	return {
		sub_type: x.sub_type ?? '', authority: x.authority ?? '', submitted_at: x.submitted_at ?? '', approval_date: x.approval_date ?? '',
		objection: x.objection, gazette: x.publication.gazette ?? '', issue: x.publication.issue ?? '', publication_date: x.publication.date ?? '',
		effective_date: x.effective_date ?? '', open_ended: x.term.open_ended, end_date: x.term.end_date ?? '',
		years: x.term.years === null ? '' : String(x.term.years), termination_rule: x.termination_rule ?? '',
		notified_date: x.termination.notified_date ?? '', termination_published_date: x.termination.published_date ?? '', council
	};
}

type Get = (name: string) => string;

/**
 * Read the posted form. `bodies` are the bodies that may have a council decision (the field names
 * are built from them, nothing else is read); decisions already stored for other bodies are kept by
 * the caller. Past events must not lie after `today`.
 */
export function parseLifecycleForm(get: Get, bodies: readonly LifecycleBody[], today: string): { values: LifecycleFormValues; record: LifecycleRecord | null; errors: FieldError[] } {
	const text = (name: string, max: number) => get(name).replace(/\r\n/g, '\n').trim().slice(0, max + 1);
	const errors: FieldError[] = [];
	const council: LifecycleFormValues['council'] = {};
	for (const b of bodies) council[b.id] = { date: text(councilField(b.id, 'date'), 20), reference: text(councilField(b.id, 'reference'), LIFECYCLE_LIMITS.reference) };
	const values: LifecycleFormValues = {
		sub_type: text('sub_type', 20), authority: text('authority', LIFECYCLE_LIMITS.text), submitted_at: text('submitted_at', 20),
		approval_date: text('approval_date', 20), objection: get('objection') === 'on', gazette: text('gazette', LIFECYCLE_LIMITS.text),
		issue: text('issue', LIFECYCLE_LIMITS.text), publication_date: text('publication_date', 20), effective_date: text('effective_date', 20),
		open_ended: get('open_ended') === 'on', end_date: text('end_date', 20), years: text('years', 10),
		termination_rule: text('termination_rule', LIFECYCLE_LIMITS.rule), notified_date: text('notified_date', 20),
		termination_published_date: text('termination_published_date', 20), council
	};

	const day = (field: string, raw: string, label: string, past: boolean): string | null => {
		const d = parseDay(raw);
		if (d === undefined) {
			errors.push({ field, message: `${label}: bitte ein Datum wie 05.03.2026 angeben.` });
			return null;
		}
		if (d && past && d > today) errors.push({ field, message: `${label}: das Datum liegt in der Zukunft.` });
		return d;
	};
	const long = (field: string, value: string, max: number, label: string) => {
		if (value.length > max) errors.push({ field, message: `${label}: höchstens ${max.toLocaleString('de-DE')} Zeichen.` });
	};

	let subType: SubType | null = null;
	if (values.sub_type) {
		if ((SUB_TYPES as readonly string[]).includes(values.sub_type)) subType = values.sub_type as SubType;
		else errors.push({ field: 'sub_type', message: 'Art der Vereinbarung: bitte einen der angebotenen Werte wählen.' });
	}
	const decisions: CouncilDecision[] = [];
	for (const b of bodies) {
		const c = council[b.id]!;
		const d = day(councilField(b.id, 'date'), c.date, `Beschluss ${b.name}`, true);
		long(councilField(b.id, 'reference'), c.reference, LIFECYCLE_LIMITS.reference, `Fundstelle des Beschlusses ${b.name}`);
		if (!d && c.reference) errors.push({ field: councilField(b.id, 'date'), message: `Beschluss ${b.name}: bitte auch das Datum angeben.` });
		if (d) decisions.push({ body: b.id, date: d, reference: c.reference || null });
	}
	long('authority', values.authority, LIFECYCLE_LIMITS.text, 'Aufsichtsbehörde');
	long('gazette', values.gazette, LIFECYCLE_LIMITS.text, 'Amtsblatt');
	long('issue', values.issue, LIFECYCLE_LIMITS.text, 'Ausgabe');
	long('termination_rule', values.termination_rule, LIFECYCLE_LIMITS.rule, 'Kündigungsregelung');
	const submitted = day('submitted_at', values.submitted_at, 'Vorgelegt am', true);
	const approval = day('approval_date', values.approval_date, 'Genehmigt am', true);
	const published = day('publication_date', values.publication_date, 'Bekannt gemacht am', true);
	const effective = day('effective_date', values.effective_date, 'Wirksam ab', false);
	const endDate = day('end_date', values.end_date, 'Befristet bis', false);
	const notified = day('notified_date', values.notified_date, 'Gekündigt am', true);
	const terminationPublished = day('termination_published_date', values.termination_published_date, 'Kündigung bekannt gemacht am', true);

	if (submitted && approval && approval < submitted) errors.push({ field: 'approval_date', message: 'Genehmigt am: die Genehmigung kann nicht vor der Vorlage liegen.' });
	if ((published || values.issue) && !values.gazette) errors.push({ field: 'gazette', message: 'Amtsblatt: bitte angeben, wo die Vereinbarung bekannt gemacht wurde.' });
	let years: number | null = null;
	if (values.years) {
		if (!/^\d{1,3}$/.test(values.years) || Number(values.years) < 1 || Number(values.years) > LIFECYCLE_LIMITS.years) {
			errors.push({ field: 'years', message: `Laufzeit in Jahren: bitte eine ganze Zahl von 1 bis ${LIFECYCLE_LIMITS.years}.` });
		} else years = Number(values.years);
	}
	if (values.open_ended && (values.end_date || values.years)) errors.push({ field: 'open_ended', message: 'Laufzeit: „unbefristet“ schließt ein Enddatum und eine Zahl von Jahren aus.' });
	if (endDate && years !== null) errors.push({ field: 'years', message: 'Laufzeit: bitte entweder das Enddatum oder die Zahl der Jahre angeben.' });
	const start = effective ?? (published ? addDays(published, 1) : null);
	if (endDate && start && endDate <= start) errors.push({ field: 'end_date', message: 'Befristet bis: das Ende muss nach dem Wirksamwerden liegen.' });
	if (notified && terminationPublished && terminationPublished < notified) errors.push({ field: 'termination_published_date', message: 'Kündigung bekannt gemacht am: die Bekanntmachung kann nicht vor der Kündigung liegen.' });

	if (errors.length) return { values, record: null, errors };
	return {
		values, errors,
		record: {
			sub_type: subType, council_decisions: decisions, authority: values.authority || null, submitted_at: submitted, approval_date: approval,
			objection: values.objection, publication: { gazette: values.gazette || null, issue: values.issue || null, date: published },
			effective_date: effective, term: { open_ended: values.open_ended, end_date: endDate, years },
			termination_rule: values.termination_rule || null, termination: { notified_date: notified, published_date: terminationPublished }
		}
	};
}
