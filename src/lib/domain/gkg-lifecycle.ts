/**
 * The legal lifecycle of a public-law cooperation under the GkG NRW (issue 7, item 1; made exact in
 * issue 22): what a coordinator records (council decisions, approval by the supervisory authority
 * and its reaction within the periods, publication and the partners' notices of it, effective date,
 * term, termination) and the ordered steps derived from it, each done, missing, not applicable or
 * derived, with a German label and reason, plus finding codes for the list of gaps.
 *
 * Rules (GkG NRW in the version of the Gesetz über kommunale Gemeinschaftsarbeit, SGV. NRW. 202):
 * - Only for the public-law forms with an approval procedure: öffentlich-rechtliche Vereinbarung
 *   (§§ 23 ff., sub-type delegating or mandating, § 23 Abs. 1), Zweckverband (§§ 4 ff.),
 *   gemeinsames Kommunalunternehmen (AöR, §§ 27 f.). Other public-law forms (Arbeitsgemeinschaft,
 *   § 2) get no steps here; private-law and informal forms none at all.
 * - A decision of the representative body (Rat, Kreistag, Verbandsversammlung …) of every
 *   municipal body taking part; companies, associations and state offices have none.
 * - Deemed approval, § 24 Abs. 2 GkG (öffentlich-rechtliche Vereinbarung only), in two steps:
 *   (1) the approval is deemed given unless the supervisory authority refuses it or announces
 *   changes (raises concerns) within four weeks of receipt; (2) if it did, it must set a meeting
 *   (Erörterungstermin) with the parties within a further four weeks, otherwise the approval is
 *   deemed given all the same. Both periods are computed by nrw-periods.ts (§ 31 VwVfG NRW with
 *   §§ 187, 188, 190 BGB; an end on a Saturday, Sunday or NRW holiday moves to the next working
 *   day, § 31 Abs. 3 S. 1 VwVfG NRW). The deemed approval is dated at the end of the period that
 *   lapsed and marked as derived. For Zweckverband and AöR the app derives no deemed approval (a
 *   fiction for them is not modelled; the recorded approval counts).
 * - Publication by the supervisory authority in its gazette (§ 24 Abs. 3 S. 1), and the notice
 *   (Hinweis) of each party on that publication in the form prescribed for its own announcements
 *   (§ 24 Abs. 3 S. 2), recorded per party. Effective the day after publication unless a later
 *   date is set (§ 24 GkG NRW; derived) – a fixed day, not a period, so it is not moved.
 * - § 23 Abs. 5 GkG: an öffentlich-rechtliche Vereinbarung concluded for an indefinite period or
 *   for more than twenty years must say under which conditions and in which form a party may
 *   terminate it. This applies to öffentlich-rechtliche Vereinbarungen only; withdrawal from a
 *   Zweckverband or an AöR is governed by its statutes, so no "keine Kündigungsregelung" finding
 *   is raised for them.
 * - A termination must be notified and published.
 *
 * Dates are ISO days (YYYY-MM-DD); German output through `formatDay`.
 */
import { furtherPeriodEnd, weeksPeriodEnd, type PeriodEnd } from './nrw-periods';

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

export const OBJECTION_KINDS = ['refusal', 'changes'] as const;
export type ObjectionKind = (typeof OBJECTION_KINDS)[number];
export const OBJECTION_KIND_LABEL: Record<ObjectionKind, string> = {
	refusal: 'Genehmigung versagt',
	changes: 'Änderungen angekündigt (Bedenken geltend gemacht)'
};

export interface PartnerNotice {
	/** Body id. */
	body: string;
	/** The day of the party's own notice (Hinweis) on the publication. */
	date: string;
	/** Where, e.g. "Amtsblatt der Stadt Unna Nr. 9/2025", optional. */
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
	/**
	 * The authority refused the approval or announced changes (§ 24 Abs. 2 GkG). Kept in step with
	 * `objection_kind` (true exactly when a kind is recorded); older records only have this flag.
	 */
	objection: boolean;
	/** What the authority did: refused the approval, or announced changes (raised concerns). */
	objection_kind?: ObjectionKind | null;
	/** The day of the refusal or the announcement of changes. */
	objection_date?: string | null;
	/** The day the authority set the meeting (Erörterungstermin) with the parties. */
	meeting_set_at?: string | null;
	/** Each party's own notice of the publication (§ 24 Abs. 3 S. 2 GkG), by body id. */
	partner_notices?: PartnerNotice[];
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
	objection_kind: null,
	objection_date: null,
	meeting_set_at: null,
	partner_notices: [],
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

/**
 * A stored record with every field of the current shape: records saved before issue 22 lack the
 * objection details and the partners' notices; an old "objection" flag stays as it is and counts
 * as "changes announced" without a date (see objectionKindOf).
 */
export function normalizeLifecycle(r: LifecycleRecord): LifecycleRecord {
	return {
		...r,
		objection_kind: r.objection_kind ?? null,
		objection_date: r.objection_date ?? null,
		meeting_set_at: r.meeting_set_at ?? null,
		partner_notices: r.partner_notices ?? []
	};
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
	'objection_date_missing',
	'meeting_pending',
	'objection_after_period',
	'meeting_after_period',
	'approved_not_published',
	'partner_notice_missing',
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
	approval_objection: 'Aufsichtsbehörde hat Bedenken erhoben, Entscheidung steht aus',
	objection_date_missing: 'Datum der Versagung oder Änderungsankündigung fehlt',
	meeting_pending: 'Erörterungstermin noch nicht bestimmt, zweite Frist läuft',
	objection_after_period: 'Einwände erst nach Ablauf der Vier-Wochen-Frist, Genehmigung gilt als erteilt',
	meeting_after_period: 'Erörterungstermin erst nach Ablauf der weiteren vier Wochen bestimmt, Genehmigung gilt als erteilt',
	approved_not_published: 'genehmigt, aber nicht bekannt gemacht',
	partner_notice_missing: 'Hinweis eines Beteiligten auf die Bekanntmachung fehlt',
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
	/** Issue 13: the norm of a Land rule (other than NRW) the step checks, and whether the rule simplifies the law. */
	norm?: string;
	simplified?: boolean;
}

export interface Finding {
	code: FindingCode;
	label: string;
	step: string;
	body?: { id: string; name: string };
}

/** § 24 Abs. 2 GkG: weeks after receipt within which the authority may refuse or announce changes. */
export const DEEMED_APPROVAL_WEEKS = 4;
/** § 24 Abs. 2 GkG: further weeks within which the authority must then set a meeting with the parties. */
export const MEETING_WEEKS = 4;
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

/**
 * Where the deemed approval of § 24 Abs. 2 GkG stands for a submitted öffentlich-rechtliche
 * Vereinbarung without a recorded approval:
 * - 'running': the first four weeks after receipt are running, no refusal or changes recorded;
 * - 'deemed': the approval is deemed given at the end of `date` – because nothing came within the
 *   first period ('no_objection'), because the refusal or changes came only after it ('late_objection'),
 *   or because no meeting was set within the further four weeks ('no_meeting' / 'late_meeting');
 * - 'objection_undated': refusal or changes recorded without a day, so the periods cannot be judged;
 * - 'meeting_running': refusal or changes in time, the further four weeks for the meeting are running;
 * - 'blocked': refusal or changes in time and the meeting set in time: no deemed approval, the
 *   authority's decision is to be recorded.
 */
export type DeemedApproval =
	| { state: 'running'; first: PeriodEnd }
	| { state: 'deemed'; date: string; why: 'no_objection' | 'late_objection' | 'no_meeting' | 'late_meeting'; first: PeriodEnd; further: PeriodEnd | null }
	| { state: 'objection_undated'; first: PeriodEnd }
	| { state: 'meeting_running'; first: PeriodEnd; further: PeriodEnd }
	| { state: 'blocked'; first: PeriodEnd; further: PeriodEnd };

/** The objection kind of a record, taking older records (only the flag) as "changes announced". */
export function objectionKindOf(r: LifecycleRecord): ObjectionKind | null {
	return r.objection_kind ?? (r.objection ? 'changes' : null);
}

/**
 * The two-step deemed approval of § 24 Abs. 2 GkG for a record with a day of receipt
 * (`submitted_at`), on `today`. A period counts as lapsed once its (moved) end day is over,
 * i.e. from the day after.
 */
export function deemedApproval(r: LifecycleRecord, today: string): DeemedApproval | null {
	if (!r.submitted_at) return null;
	const first = weeksPeriodEnd(r.submitted_at, DEEMED_APPROVAL_WEEKS);
	const kind = objectionKindOf(r);
	if (!kind) return today > first.end ? { state: 'deemed', date: first.end, why: 'no_objection', first, further: null } : { state: 'running', first };
	if (!r.objection_date) return { state: 'objection_undated', first };
	if (r.objection_date > first.end) {
		return today > first.end ? { state: 'deemed', date: first.end, why: 'late_objection', first, further: null } : { state: 'running', first };
	}
	const further = furtherPeriodEnd(first.end, MEETING_WEEKS);
	if (r.meeting_set_at && r.meeting_set_at <= further.end) return { state: 'blocked', first, further };
	if (r.meeting_set_at) return { state: 'deemed', date: further.end, why: 'late_meeting', first, further };
	return today > further.end ? { state: 'deemed', date: further.end, why: 'no_meeting', first, further } : { state: 'meeting_running', first, further };
}

/**
 * The day an approval counts from: recorded, or deemed under § 24 Abs. 2 GkG (öffentlich-rechtliche
 * Vereinbarung only, `fiction` true) once the relevant period has lapsed.
 */
export function approvalOf(r: LifecycleRecord, today: string, fiction = true): { date: string; derived: boolean } | null {
	if (r.approval_date) return { date: r.approval_date, derived: false };
	if (!fiction) return null;
	const d = deemedApproval(r, today);
	return d?.state === 'deemed' ? { date: d.date, derived: true } : null;
}

const endText = (p: PeriodEnd) => p.movedBecause
	? `${formatDay(p.end)} (rechnerisch ${formatDay(p.nominal)}, ein ${p.movedBecause}; verschoben auf den nächsten Werktag nach § 31 Abs. 3 VwVfG NRW)`
	: formatDay(p.end);

/** The approval step of an öffentlich-rechtliche Vereinbarung submitted and not (yet) approved by decision. */
function deemedApprovalStep(r: LifecycleRecord, d: DeemedApproval): LifecycleStep {
	const received = `Am ${formatDay(r.submitted_at)} bei der Aufsichtsbehörde eingegangen`;
	const kind = objectionKindOf(r);
	const what = kind === 'refusal' ? 'die Genehmigung versagt' : 'Änderungen angekündigt';
	const base = { id: 'approval', label: 'Genehmigung' };
	switch (d.state) {
		case 'running':
			return step({ ...base, state: 'missing', finding: 'approval_pending',
				reason: `${received}. Versagt die Aufsichtsbehörde die Genehmigung nicht und kündigt sie keine Änderungen an, gilt sie nach Ablauf des ${endText(d.first)} als erteilt (§ 24 Abs. 2 GkG NRW).` });
		case 'objection_undated':
			return step({ ...base, state: 'missing', finding: 'objection_date_missing',
				reason: `${received}; die Aufsichtsbehörde hat ${what}, aber das Datum fehlt. Nur wenn das innerhalb der vier Wochen bis ${endText(d.first)} geschah, entfällt die Genehmigung durch Fristablauf.` });
		case 'meeting_running':
			return step({ ...base, state: 'missing', finding: 'meeting_pending',
				reason: `${received}; am ${formatDay(r.objection_date)} hat die Aufsichtsbehörde innerhalb der vier Wochen ${what}. Sie muss bis ${endText(d.further)} einen Erörterungstermin mit den Beteiligten bestimmen; sonst gilt die Genehmigung als erteilt (§ 24 Abs. 2 GkG NRW).` });
		case 'blocked':
			return step({ ...base, state: 'missing', finding: 'approval_objection',
				reason: `${received}; am ${formatDay(r.objection_date)} hat die Aufsichtsbehörde innerhalb der vier Wochen ${what} und am ${formatDay(r.meeting_set_at)} innerhalb der weiteren vier Wochen (bis ${formatDay(d.further.end)}) einen Erörterungstermin bestimmt. Eine Genehmigung durch Fristablauf gibt es daher nicht; die Entscheidung der Aufsichtsbehörde ist zu erfassen.` });
		case 'deemed': {
			const why = d.why === 'no_objection'
				? `keine Versagung und keine angekündigten Änderungen innerhalb von vier Wochen (Frist endete am ${endText(d.first)})`
				: d.why === 'late_objection'
					? `die Aufsichtsbehörde hat erst am ${formatDay(r.objection_date)} ${what}, nach Ablauf der vier Wochen (Frist endete am ${endText(d.first)})`
					: d.why === 'late_meeting'
						? `die Aufsichtsbehörde hat am ${formatDay(r.objection_date)} ${what}, den Erörterungstermin aber erst am ${formatDay(r.meeting_set_at)} bestimmt, nach Ablauf der weiteren vier Wochen (Frist endete am ${endText(d.further!)})`
						: `die Aufsichtsbehörde hat am ${formatDay(r.objection_date)} ${what}, aber innerhalb der weiteren vier Wochen keinen Erörterungstermin bestimmt (Frist endete am ${endText(d.further!)})`;
			return step({ ...base, state: 'derived', date: d.date,
				finding: d.why === 'late_objection' ? 'objection_after_period' : d.why === 'late_meeting' ? 'meeting_after_period' : null,
				reason: `Gilt als genehmigt (§ 24 Abs. 2 GkG NRW): am ${formatDay(r.submitted_at)} bei der Aufsichtsbehörde eingegangen, ${why}.` });
		}
	}
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
	const r = normalizeLifecycle(record ?? EMPTY_LIFECYCLE);
	const steps: LifecycleStep[] = [];
	const isOerv = cooperation.legal_form === 'oerv';
	const needed = councilBodies(cooperation.participants);
	stepsToSubmission(steps, r, needed, isOerv);
	approvalAndPublicationSteps(steps, r, needed, isOerv, today);
	stepsFromEffect(steps, r, cooperation, isOerv);
	return steps;
}

/** Steps 1–4a: sub-type, the participants' decisions, authority, submission, the authority's reaction. */
function stepsToSubmission(steps: LifecycleStep[], r: LifecycleRecord, needed: LifecycleBody[], isOerv: boolean): void {
	// 1. Sub-type of an öffentlich-rechtliche Vereinbarung.
	if (isOerv) {
		steps.push(r.sub_type
			? step({ id: 'sub_type', label: 'Art der Vereinbarung', state: 'done', reason: SUB_TYPE_LABEL[r.sub_type] })
			: step({ id: 'sub_type', label: 'Art der Vereinbarung', state: 'missing', reason: 'Nicht angegeben, ob die Vereinbarung delegierend oder mandatierend ist.', finding: 'sub_type_missing' }));
	} else {
		steps.push(step({ id: 'sub_type', label: 'Art der Vereinbarung', state: 'not_applicable', reason: 'Nur bei öffentlich-rechtlichen Vereinbarungen (delegierend oder mandatierend).' }));
	}

	// 2. A decision of each municipal body taking part.
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
		steps.push(step({ id: 'submission', label: 'Zur Genehmigung vorgelegt', state: 'done', date: r.submitted_at, reason: `Bei der Aufsichtsbehörde eingegangen am ${formatDay(r.submitted_at)}.` }));
	} else if (r.approval_date) {
		steps.push(step({ id: 'submission', label: 'Zur Genehmigung vorgelegt', state: 'not_applicable', reason: 'Nicht erfasst; nicht nötig, da die Genehmigung erfasst ist.' }));
	} else {
		steps.push(step({ id: 'submission', label: 'Zur Genehmigung vorgelegt', state: 'missing', reason: 'Nicht erfasst, wann die Vereinbarung der Aufsichtsbehörde vorgelegt wurde.' }));
	}

	// 4a. The authority's reaction within the periods of § 24 Abs. 2 GkG, as recorded.
	const kind = objectionKindOf(r);
	if (kind) {
		steps.push(step({
			id: 'objection', label: 'Reaktion der Aufsichtsbehörde', state: r.objection_date ? 'done' : 'missing', date: r.objection_date ?? null,
			reason: `${OBJECTION_KIND_LABEL[kind]}${r.objection_date ? ` am ${formatDay(r.objection_date)}` : ', Datum nicht erfasst'}.`
		}));
	}
	if (r.meeting_set_at) {
		steps.push(step({ id: 'meeting', label: 'Erörterungstermin bestimmt', state: 'done', date: r.meeting_set_at, reason: `Die Aufsichtsbehörde hat am ${formatDay(r.meeting_set_at)} einen Erörterungstermin mit den Beteiligten bestimmt.` }));
	}
}

/** Steps 5–6a: approval (recorded or deemed), publication, each party's notice of it. */
function approvalAndPublicationSteps(steps: LifecycleStep[], r: LifecycleRecord, needed: LifecycleBody[], isOerv: boolean, today: string): void {
	// 5. Approval, recorded or deemed (§ 24 Abs. 2 GkG: öffentlich-rechtliche Vereinbarung only).
	const approval = approvalOf(r, today, isOerv);
	const deemed = isOerv && !r.approval_date ? deemedApproval(r, today) : null;
	if (approval && !approval.derived) {
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'done', date: approval.date, reason: `Genehmigt am ${formatDay(approval.date)}${r.authority ? ` durch ${r.authority}` : ''}.` }));
	} else if (deemed) {
		steps.push(deemedApprovalStep(r, deemed));
	} else if (r.submitted_at) {
		steps.push(step({
			id: 'approval', label: 'Genehmigung', state: 'missing', finding: 'approval_missing',
			reason: `Am ${formatDay(r.submitted_at)} vorgelegt; keine Genehmigung erfasst. Eine Genehmigung durch Fristablauf leitet die Anwendung nur für öffentlich-rechtliche Vereinbarungen ab (§ 24 Abs. 2 GkG NRW).`
		}));
	} else if (objectionKindOf(r)) {
		steps.push(step({ id: 'approval', label: 'Genehmigung', state: 'missing', reason: 'Die Aufsichtsbehörde hat die Genehmigung versagt oder Änderungen angekündigt; keine Genehmigung und kein Eingangsdatum erfasst.', finding: 'approval_objection' }));
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

	// 6a. Each party's own notice of the publication (§ 24 Abs. 3 S. 2 GkG, öffentlich-rechtliche Vereinbarung).
	if (isOerv) {
		for (const b of needed) {
			const n = (r.partner_notices ?? []).find((x) => x.body === b.id && x.date);
			const base = { id: `notice:${b.id}`, label: `Hinweis auf die Bekanntmachung: ${b.name}`, body: { id: b.id, name: b.name } };
			if (n) {
				const early = pub.date && n.date < pub.date;
				steps.push(step({ ...base, state: 'done', date: n.date,
					reason: `Hingewiesen am ${formatDay(n.date)}${n.reference ? ` (${n.reference})` : ''}.${early ? ' Das Datum liegt vor der Bekanntmachung durch die Aufsichtsbehörde.' : ''}` }));
			} else if (pub.gazette || pub.date) {
				steps.push(step({ ...base, state: 'missing', finding: 'partner_notice_missing',
					reason: `Kein Hinweis von ${b.name} auf die Veröffentlichung erfasst; jeder Beteiligte hat in der für seine Bekanntmachungen vorgeschriebenen Form darauf hinzuweisen (§ 24 Abs. 3 S. 2 GkG NRW).` }));
			} else {
				steps.push(step({ ...base, state: 'missing', reason: 'Folgt nach der Bekanntmachung durch die Aufsichtsbehörde (§ 24 Abs. 3 S. 2 GkG NRW).' }));
			}
		}
	}
}

/** Steps 7–10: effective date, term, termination rules, termination. */
function stepsFromEffect(steps: LifecycleStep[], r: LifecycleRecord, cooperation: LifecycleCooperation, isOerv: boolean): void {
	const pub = r.publication;
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

	// 8. Term. For an öffentlich-rechtliche Vereinbarung it decides on § 23 Abs. 5; for the other forms it is informative.
	const t = r.term;
	const rule = needsTerminationRule(r);
	if (t.open_ended || t.years !== null || t.end_date) {
		steps.push(step({ id: 'term', label: 'Laufzeit', state: 'done', date: t.end_date, reason: t.open_ended ? 'Unbefristet.' : `${rule.why}.` }));
	} else if (isOerv) {
		steps.push(step({ id: 'term', label: 'Laufzeit', state: 'missing', reason: 'Nicht erfasst, ob die Vereinbarung befristet oder unbefristet ist; davon hängt ab, ob sie eine Kündigungsregelung braucht (§ 23 Abs. 5 GkG NRW).', finding: 'term_missing' }));
	} else {
		steps.push(step({ id: 'term', label: 'Laufzeit', state: 'not_applicable', reason: 'Nicht erfasst; für Zweckverbände und gemeinsame Kommunalunternehmen schreibt das GkG NRW keine Laufzeitangabe vor.' }));
	}

	// 9. Termination rules: § 23 Abs. 5 GkG, for öffentlich-rechtliche Vereinbarungen only.
	if (!isOerv) {
		steps.push(step({
			id: 'termination_rule', label: 'Kündigungsregelung', state: r.termination_rule ? 'done' : 'not_applicable',
			reason: r.termination_rule ?? `§ 23 Abs. 5 GkG NRW gilt nur für öffentlich-rechtliche Vereinbarungen; Austritt und Auflösung ${cooperation.legal_form === 'zweckverband' ? 'eines Zweckverbands regelt die Verbandssatzung' : 'eines gemeinsamen Kommunalunternehmens regelt die Unternehmenssatzung'}.`
		}));
	} else if (r.termination_rule) {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'done', reason: r.termination_rule }));
	} else if (rule.needed === true) {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'missing', reason: `Erforderlich nach § 23 Abs. 5 GkG NRW (${rule.why}), aber nicht erfasst.`, finding: 'no_termination_rule' }));
	} else if (rule.needed === false) {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'not_applicable', reason: `Nicht vorgeschrieben (${rule.why}; § 23 Abs. 5 GkG NRW).` }));
	} else {
		steps.push(step({ id: 'termination_rule', label: 'Kündigungsregelung', state: 'missing', reason: `Ob sie vorgeschrieben ist, hängt von der Laufzeit ab (${rule.why}; § 23 Abs. 5 GkG NRW).` }));
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

// ---- the no-JS form (read and checked by src/lib/server/forms/lifecycle.ts) ----------------------

/** The flat form values as typed, to render the form again. */
export interface LifecycleFormValues {
	sub_type: string;
	authority: string;
	submitted_at: string;
	approval_date: string;
	objection_kind: string;
	objection_date: string;
	meeting_set_at: string;
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
	/** Each party's notice of the publication (§ 24 Abs. 3 S. 2 GkG), by body id. */
	notices: Record<string, { date: string; reference: string }>;
}

export const councilField = (bodyId: string, part: 'date' | 'reference') => `council-${bodyId}-${part}`;
export const noticeField = (bodyId: string, part: 'date' | 'reference') => `notice-${bodyId}-${part}`;

export const LIFECYCLE_LIMITS = { text: 200, reference: 100, rule: 2000, years: 100 } as const;

/** The form values of a stored record (dates as ISO days, which `<input type="date">` shows). */
export function lifecycleValues(r: LifecycleRecord | null, bodies: readonly LifecycleBody[]): LifecycleFormValues {
	const x = r ?? EMPTY_LIFECYCLE;
	const council: LifecycleFormValues['council'] = {};
	for (const b of bodies) {
		const d = x.council_decisions.find((c) => c.body === b.id);
		council[b.id] = { date: d?.date ?? '', reference: d?.reference ?? '' };
	}
	const notices: LifecycleFormValues['notices'] = {};
	for (const b of bodies) {
		const n = (x.partner_notices ?? []).find((c) => c.body === b.id);
		notices[b.id] = { date: n?.date ?? '', reference: n?.reference ?? '' };
	}
	return {
		sub_type: x.sub_type ?? '', authority: x.authority ?? '', submitted_at: x.submitted_at ?? '', approval_date: x.approval_date ?? '',
		objection_kind: objectionKindOf(x) ?? '', objection_date: x.objection_date ?? '', meeting_set_at: x.meeting_set_at ?? '', gazette: x.publication.gazette ?? '', issue: x.publication.issue ?? '', publication_date: x.publication.date ?? '',
		effective_date: x.effective_date ?? '', open_ended: x.term.open_ended, end_date: x.term.end_date ?? '',
		years: x.term.years === null ? '' : String(x.term.years), termination_rule: x.termination_rule ?? '',
		notified_date: x.termination.notified_date ?? '', termination_published_date: x.termination.published_date ?? '', council, notices
	};
}

