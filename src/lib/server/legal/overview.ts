/**
 * Region-wide views of issue 7: the list of lifecycle findings (what is missing in the legal
 * procedure of each public-law cooperation) and the § 2b UStG dashboard (how many cooperations
 * need an assessment, how many are assessed, open, taxable, by body, with 1 January 2027 in view),
 * plus the rows of the export for the tax advisers.
 *
 * Archived cooperations are left out (they left the register). A cooperation needs a § 2b
 * assessment when at least two public bodies take part (institutions count as the body they belong
 * to) and it has not ended.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import {
	findingsOf, FINDING_CODES, formatDay, FINDING_LABEL, LIFECYCLE_FORMS, lifecycleSteps, stepSummary, type Finding, type FindingCode, type LifecycleStep
} from '../../domain/gkg-lifecycle';
import {
	ABS4_LABEL, ANSWER_LABEL, daysUntilVat2b, OPTION_FILED_LABEL, PAYMENT_LABEL, TRANSITION_END_NEXT_DAY, vat2bAppliesFrom, VAT_RESULT_SHORT, type OptionFiled, type VatResult
} from '../../domain/vat-2b';
import { berlinDay } from '../steering/measures';
import { readJson, REGION_LISTS } from '../db/json-columns';
import { landLifecycleSteps, landScope, noRulesText, type ApplicableLaw, type LandScope } from '../../domain/land-law';
import { bodyRows, isPublicBodyKind, lawOf, readLifecycles, regionAgs, readVatOptions, readVats, resolveBodies, type LegalCooperation, type StoredLifecycle, type StoredVat } from './store';

export { PUBLIC_BODY_KINDS } from './store';
export const isPublicBody = isPublicBodyKind;

/** Whether a cooperation needs a § 2b assessment: two or more public bodies take part, and it has not ended. */
export function needsVatAssessment(c: Pick<LegalCooperation, 'bodies' | 'status'>): boolean {
	return c.status !== 'ended' && c.bodies.filter((b) => isPublicBody(b.kind)).length >= 2;
}

/** Every cooperation of a region that is not archived, in list order, with its bodies resolved. */
export async function regionCooperations(db: Kysely<Database>, regionId: string): Promise<LegalCooperation[]> {
	const rows = await db.selectFrom('cooperation').leftJoin('legal_form', 'legal_form.id', 'cooperation.legal_form_id')
		.select(['cooperation.seq', 'cooperation.id', 'cooperation.title', 'cooperation.list', 'cooperation.number', 'cooperation.status',
			'cooperation.legal_form_id', 'cooperation.performer_body_id', 'legal_form.label as lf_label', 'legal_form.grp as lf_group'])
		.where('cooperation.region_id', '=', regionId).where('cooperation.archived_at', 'is', null)
		.orderBy('cooperation.list').orderBy('cooperation.number', (o) => o.asc().nullsFirst()).orderBy('cooperation.seq').execute();
	const parts = new Map<number, string[]>();
	for (let i = 0; i < rows.length; i += 500) {
		const seqs = rows.slice(i, i + 500).map((r) => r.seq);
		if (!seqs.length) continue;
		const ps = await db.selectFrom('participation').select(['cooperation_seq', 'body_id']).where('cooperation_seq', 'in', seqs)
			.orderBy('cooperation_seq').orderBy('position').execute();
		for (const p of ps) parts.set(p.cooperation_seq, [...(parts.get(p.cooperation_seq) ?? []), p.body_id]);
	}
	const bodies = await bodyRows(db);
	const kreisAgs = await regionAgs(db, regionId);
	return rows.map((c) => {
		const ids = [...new Set([...(parts.get(c.seq) ?? []), ...(c.performer_body_id ? [c.performer_body_id] : [])])];
		const resolved = resolveBodies(ids, bodies);
		return {
			id: c.id, title: c.title, regionId, list: c.list, number: c.number, status: c.status, archived: false,
			legalForm: { id: c.legal_form_id, label: c.lf_label ?? c.legal_form_id, group: c.lf_group ?? null },
			bodies: resolved, bodyIds: ids, performerBodyId: c.performer_body_id,
			law: lawOf(c.legal_form_id, resolved, c.performer_body_id, kreisAgs, bodies)
		};
	});
}

/**
 * Issue 13: whether the app checks a procedure for the cooperation under the law that applies –
 * the GkG NRW forms where NRW law applies, the Land's rule set elsewhere, 'no-rules' where the app
 * holds none for the Land (NRW's are never applied to another Land).
 */
export function cooperationScope(c: Pick<LegalCooperation, 'law' | 'legalForm'>): LandScope {
	return landScope(c.law, c.legalForm.id, c.legalForm.group, LIFECYCLE_FORMS);
}

export function stepsFor(c: LegalCooperation, stored: StoredLifecycle | null, today: string): LifecycleStep[] {
	const rules = c.law.rules;
	if (rules === 'nrw') {
		return lifecycleSteps(stored?.record ?? null, { legal_form: c.legalForm.id, legal_form_group: c.legalForm.group, status: c.status, participants: c.bodies }, today);
	}
	if (rules && cooperationScope(c) !== 'not-public-law') {
		return landLifecycleSteps(rules, c.law.law?.short ?? c.law.land?.name ?? '', c.legalForm.id, stored?.record ?? null, { status: c.status, participants: c.bodies });
	}
	return [{
		id: 'form', label: 'Verfahren nach Landesrecht', state: 'not_applicable', date: null, finding: null,
		reason: cooperationScope(c) === 'not-public-law' ? 'Keine öffentlich-rechtliche Form: kein Genehmigungs- und Bekanntmachungsverfahren nach Landesrecht.' : noRulesText(c.law.land?.name ?? null)
	}];
}

// ---- lifecycle findings ------------------------------------------------------------------------------

/** The list's finding codes: the domain's plus "nothing recorded yet". */
export type ListFindingCode = FindingCode | 'not_recorded';
export const LIST_FINDING_CODES: readonly ListFindingCode[] = ['not_recorded', ...FINDING_CODES];
export const LIST_FINDING_LABEL: Record<ListFindingCode, string> = { not_recorded: 'Rechtlicher Stand nicht erfasst', ...FINDING_LABEL };

export interface FindingRow {
	id: string;
	title: string;
	list: string;
	number: number | null;
	legalForm: string;
	recorded: boolean;
	findings: (Omit<Finding, 'code'> & { code: ListFindingCode })[];
	done: number;
	missing: number;
}

export interface FindingList {
	rows: FindingRow[];
	/** Cooperations with at least one finding of each code. */
	counts: { code: ListFindingCode; label: string; count: number }[];
	/** Public-law cooperations with the procedure, and how many of them have a record. */
	total: number;
	recorded: number;
}

/**
 * Every cooperation of a region with the GkG procedure, with its findings. A cooperation without
 * a record has one finding, "not recorded" (listing every missing step of it would bury the rest).
 */
export async function lifecycleFindings(db: Kysely<Database>, regionId: string, today: string = berlinDay()): Promise<FindingList> {
	const coops = (await regionCooperations(db, regionId)).filter((c) => cooperationScope(c) === 'lifecycle');
	const stored = await readLifecycles(db, coops.map((c) => c.id));
	const rows: FindingRow[] = coops.map((c) => {
		const s = stored.get(c.id) ?? null;
		const steps = stepsFor(c, s, today);
		const sum = stepSummary(steps);
		return {
			id: c.id, title: c.title, list: c.list, number: c.number, legalForm: c.legalForm.label, recorded: !!s,
			findings: s ? findingsOf(steps) : [{ code: 'not_recorded', label: LIST_FINDING_LABEL.not_recorded, step: 'record' }],
			done: sum.done, missing: sum.missing
		};
	});
	const counts = LIST_FINDING_CODES.map((code) => ({ code, label: LIST_FINDING_LABEL[code], count: rows.filter((r) => r.findings.some((f) => f.code === code)).length }));
	return { rows, counts, total: rows.length, recorded: rows.filter((r) => r.recorded).length };
}

// ---- § 2b UStG dashboard ------------------------------------------------------------------------------

/** 'reassess': saved with the questionnaire before issue 22; its result is not reinterpreted, it must be assessed again. */
export type VatState = VatResult | 'not_assessed' | 'reassess';

export const VAT_STATE_LABEL: Record<VatState, string> = { ...VAT_RESULT_SHORT, not_assessed: 'nicht bewertet', reassess: 'neu zu prüfen (alter Fragebogen)' };

export const vatState = (v: StoredVat | undefined): VatState => (!v ? 'not_assessed' : v.legacy ? 'reassess' : v.result);

export interface VatCounts {
	/** Cooperations that need an assessment. */
	total: number;
	/** With a result under the current questionnaire: not taxable or taxable. */
	assessed: number;
	/** Not assessed at all, to be re-assessed, or assessed with an open result. */
	open: number;
	notAssessed: number;
	reassess: number;
	openResult: number;
	taxable: number;
	notTaxable: number;
	/** Review date passed. */
	overdue: number;
}

export interface VatListItem {
	id: string;
	title: string;
	list: string;
	number: number | null;
	partners: string;
	state: VatState;
	assessedAt: string | null;
	reviewDate: string | null;
}

export interface VatBodyRow extends VatCounts {
	id: string;
	name: string;
	own: boolean;
	/** The Optionserklärung as recorded ('unknown' when nothing is recorded). */
	option: OptionFiled;
	optionLabel: string;
	revokedOn: string | null;
	/** The day § 2b applies to this body from, null when the Optionserklärung is unknown. */
	appliesFrom: string | null;
	appliesReason: string;
	/** Whether § 2b already applies on `today`. */
	applies: boolean | null;
	/** Service relationships (current questionnaire) in which this body is the provider – it would owe the tax: all, taxable, open. */
	provides: number;
	providesTaxable: number;
	providesOpen: number;
}

export interface VatDashboard {
	regionId: string;
	today: string;
	/** 01.01.2027: the end of the transition for bodies that filed the Optionserklärung. */
	transitionEnd: string;
	daysLeft: number;
	counts: VatCounts;
	byBody: VatBodyRow[];
	/** Bodies by the day § 2b applies from: since 2017, later after revocation, from 2027, unknown. */
	byDate: { date: string | null; bodies: number; cooperations: number; notFinal: number }[];
	open: VatListItem[];
	overdue: VatListItem[];
}

const zero = (): VatCounts => ({ total: 0, assessed: 0, open: 0, notAssessed: 0, reassess: 0, openResult: 0, taxable: 0, notTaxable: 0, overdue: 0 });

function count(c: VatCounts, v: StoredVat | undefined, today: string): void {
	c.total++;
	const s = vatState(v);
	if (s === 'not_assessed') c.notAssessed++;
	else if (s === 'reassess') c.reassess++;
	else if (s === 'open') c.openResult++;
	else {
		c.assessed++;
		if (s === 'taxable') c.taxable++;
		else c.notTaxable++;
	}
	if (s === 'not_assessed' || s === 'reassess' || s === 'open') c.open++;
	if (v?.reviewDate && v.reviewDate < today) c.overdue++;
}

async function vatScope(db: Kysely<Database>, regionId: string) {
	const coops = (await regionCooperations(db, regionId)).filter(needsVatAssessment);
	const vats = await readVats(db, coops.map((c) => c.id));
	return { coops, vats };
}

const item = (c: LegalCooperation, v: StoredVat | undefined): VatListItem => ({
	id: c.id, title: c.title, list: c.list, number: c.number, partners: c.bodies.map((b) => b.name).join(', '),
	state: vatState(v), assessedAt: v?.assessedAt ?? null, reviewDate: v?.reviewDate ?? null
});

/** The figures of the § 2b dashboard for a region on a day (an ISO day in Berlin). */
export async function vatDashboard(db: Kysely<Database>, regionId: string, today: string = berlinDay()): Promise<VatDashboard> {
	const { coops, vats } = await vatScope(db, regionId);
	const options = await readVatOptions(db);
	const counts = zero();
	const perBody = new Map<string, { id: string; name: string } & VatCounts>();
	for (const c of coops) {
		const v = vats.get(c.id);
		count(counts, v, today);
		for (const b of c.bodies.filter((x) => isPublicBody(x.kind))) {
			if (!perBody.has(b.id)) perBody.set(b.id, { id: b.id, name: b.name, ...zero() });
			count(perBody.get(b.id)!, v, today);
		}
	}
	// The region's own bodies first (its Kreis, then the Kreis' towns), then the others, by name.
	const region = await db.selectFrom('region').select('kreis_body_id').where('id', '=', regionId).executeTakeFirst();
	const kreis = region?.kreis_body_id ?? null;
	const own = new Set<string>(kreis ? [kreis] : []);
	if (kreis) for (const b of await db.selectFrom('body').select('id').where('parent_id', '=', kreis).where('kind', 'in', ['stadt', 'gemeinde']).execute()) own.add(b.id);
	const provided = new Map<string, { all: number; taxable: number; open: number }>();
	for (const c of coops) {
		const v = vats.get(c.id);
		if (!v || v.legacy) continue;
		for (const r of v.relationships) {
			const e = provided.get(r.provider) ?? { all: 0, taxable: 0, open: 0 };
			e.all++;
			if (r.result === 'taxable') e.taxable++;
			if (r.result === 'open') e.open++;
			provided.set(r.provider, e);
		}
	}
	const byBody: VatBodyRow[] = [...perBody.values()]
		.map((b) => {
			const o = options.get(b.id) ?? null;
			const when = vat2bAppliesFrom(o);
			const p = provided.get(b.id);
			return {
				...b, own: own.has(b.id), option: o?.filed ?? 'unknown', optionLabel: OPTION_FILED_LABEL[o?.filed ?? 'unknown'], revokedOn: o?.revokedOn ?? null,
				appliesFrom: when.date, appliesReason: when.reason, applies: when.date ? when.date <= today : null,
				provides: p?.all ?? 0, providesTaxable: p?.taxable ?? 0, providesOpen: p?.open ?? 0
			};
		})
		.sort((a, b) => Number(b.id === kreis) - Number(a.id === kreis) || Number(b.own) - Number(a.own) || a.name.localeCompare(b.name, 'de'));
	const dates = new Map<string, { date: string | null; bodies: number; cooperations: number; notFinal: number }>();
	for (const b of byBody) {
		const k = b.appliesFrom ?? 'unbekannt';
		const e = dates.get(k) ?? { date: b.appliesFrom, bodies: 0, cooperations: 0, notFinal: 0 };
		e.bodies++;
		e.cooperations += b.total;
		e.notFinal += b.open;
		dates.set(k, e);
	}
	const byDate = [...dates.values()].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
	return {
		regionId, today, transitionEnd: TRANSITION_END_NEXT_DAY, daysLeft: daysUntilVat2b(today), counts, byBody, byDate,
		open: coops.filter((c) => { const s = vatState(vats.get(c.id)); return s === 'not_assessed' || s === 'reassess' || s === 'open'; }).map((c) => item(c, vats.get(c.id))),
		overdue: coops.filter((c) => { const r = vats.get(c.id)?.reviewDate; return !!r && r < today; }).map((c) => item(c, vats.get(c.id)))
	};
}

export const VAT_EXPORT_HEADER: readonly string[] = [
	'Liste', 'Nr.', 'Kooperation', 'Beteiligte Körperschaften', 'Aufgabenerledigung durch', 'Rechtsform', 'Ergebnis', 'Leistungsbeziehung', 'leistende Stelle',
	'empfangende Stellen', 'Leistung', 'Gegenleistung', 'Betrag je Jahr (€)', 'Ergebnis der Leistungsbeziehung', 'maßgebliche Norm', 'Begründung',
	'Gegenleistung (§ 1 Abs. 1 Nr. 1 UStG)', '§ 2b Abs. 4 UStG', 'Antworten', 'Anmerkungen', 'bewertet von', 'bewertet am', 'Wiedervorlage', 'Kennung'
];

/**
 * One row per service relationship of each cooperation that needs an assessment (one row for a
 * cooperation without any), for the tax advisers: what was entered, the result and its reasoning,
 * who assessed it and when, the review date. Old assessments are marked "neu zu prüfen" with their
 * old answers.
 */
export async function vatExportRows(db: Kysely<Database>, regionId: string): Promise<(string | number | null)[][]> {
	const { coops, vats } = await vatScope(db, regionId);
	const region = await db.selectFrom('region').select('lists_json').where('id', '=', regionId).executeTakeFirst();
	const lists = new Map(readJson(REGION_LISTS, region?.lists_json ?? '[]').map((l) => [l.id, l.label]));
	const bodies = await bodyRows(db);
	const name = (id: string) => bodies.get(id)?.name ?? id;
	return coops.flatMap((c) => {
		const v = vats.get(c.id);
		const head = [
			lists.get(c.list) ?? c.list, c.number, c.title, c.bodies.map((b) => b.name).join(', '),
			c.performerBodyId ? name(c.performerBodyId) : null, c.legalForm.label, VAT_STATE_LABEL[vatState(v)]
		];
		const tail = [v?.note ?? null, v?.assessedBy ?? null, v ? formatDay(berlinDay(new Date(v.assessedAt))) : null, v?.reviewDate ? formatDay(v.reviewDate) : null, c.id];
		if (!v || v.legacy || !v.relationships.length) {
			const old = v?.legacy ? Object.entries(v.legacyAnswers).map(([k, a]) => `${k}: ${ANSWER_LABEL[a as keyof typeof ANSWER_LABEL] ?? a}`).join('; ') : null;
			return [[...head, null, null, null, null, null, null, null, null, v ? v.reasoning.join(' ') : null, null, null, old, ...tail]];
		}
		return v.relationships.map((r, i) => [
			...head, i + 1, name(r.provider), r.recipients.map(name).join(', '), r.service, r.consideration, r.annual_amount, VAT_RESULT_SHORT[r.result], r.basis,
			r.steps.map((s) => `${s.text} (${s.norm})`).join(' '), r.answers.payment ? PAYMENT_LABEL[r.answers.payment] : null, r.answers.abs4 ? ABS4_LABEL[r.answers.abs4] : null,
			Object.entries(r.answers).filter(([k]) => k !== 'payment' && k !== 'abs4').map(([k, a]) => `${k}: ${typeof a === 'string' ? (ANSWER_LABEL[a as keyof typeof ANSWER_LABEL] ?? a) : a}`).join('; '),
			...tail
		]);
	});
}

// ---- the cooperation profile --------------------------------------------------------------------------

export interface LegalProfile {
	/** 'lifecycle' when the app checks a procedure under the Land law that applies; 'no-rules' when it holds none for that Land. */
	scope: LandScope;
	/** Issue 13: the Land law that applies (name, law, the Land's form name, notes). */
	law: ApplicableLaw;
	/** The sentence shown where the app holds no rules for the Land, else null. */
	noRules: string | null;
	recorded: boolean;
	summary: { done: number; missing: number; notApplicable: number };
	missing: { label: string; reason: string }[];
	findings: Finding[];
	needsVat: boolean;
	/** Only for those who may read assessments. */
	vat: { result: VatState; label: string; assessedAt: string; reviewDate: string | null; overdue: boolean } | null;
}

/** The "Rechtlicher Stand" section of a cooperation profile. */
export async function legalProfile(db: Kysely<Database>, c: LegalCooperation, today: string, withVat: boolean): Promise<LegalProfile> {
	const stored = (await readLifecycles(db, [c.id])).get(c.id) ?? null;
	const steps = stepsFor(c, stored, today);
	const v = withVat ? (await readVats(db, [c.id])).get(c.id) : undefined;
	return {
		scope: cooperationScope(c),
		law: c.law,
		noRules: cooperationScope(c) === 'no-rules' ? (c.law.rules ? `Für diese Rechtsform hält IKZ-Atlas keine Prüfregeln nach dem ${c.law.law?.short ?? 'Landesrecht'}; die NRW-Regeln werden nicht angewandt.` : noRulesText(c.law.land?.name ?? null)) : null,
		recorded: !!stored,
		summary: stepSummary(steps),
		missing: steps.filter((s) => s.state === 'missing').map((s) => ({ label: s.label, reason: s.reason })),
		findings: findingsOf(steps),
		needsVat: needsVatAssessment(c),
		vat: v ? { result: vatState(v), label: VAT_STATE_LABEL[vatState(v)], assessedAt: v.assessedAt, reviewDate: v.reviewDate, overdue: !!v.reviewDate && v.reviewDate < today } : null
	};
}
