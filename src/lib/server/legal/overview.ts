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
	findingsOf, FINDING_CODES, formatDay, FINDING_LABEL, lifecycleScope, lifecycleSteps, stepSummary, type Finding, type FindingCode, type LifecycleStep
} from '../../domain/gkg-lifecycle';
import {
	ANSWER_LABEL, daysUntilVat2b, VAT_2B_APPLIES_FROM, VAT_QUESTIONS, VAT_RESULT_SHORT, type VatResult
} from '../../domain/vat-2b';
import { berlinDay } from '../steering/measures';
import { bodyRows, readLifecycles, readVats, resolveBodies, type LegalCooperation, type StoredLifecycle, type StoredVat } from './store';

/** Kinds of body that are legal persons under public law (or part of one, like a state office). */
export const PUBLIC_BODY_KINDS: readonly string[] = [
	'kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt', 'landschaftsverband', 'regionalverband', 'zweckverband', 'aoer', 'bezirksregierung', 'landesbetrieb', 'kammer'
];

export const isPublicBody = (kind: string): boolean => PUBLIC_BODY_KINDS.includes(kind);

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
	return rows.map((c) => {
		const ids = [...new Set([...(parts.get(c.seq) ?? []), ...(c.performer_body_id ? [c.performer_body_id] : [])])];
		return {
			id: c.id, title: c.title, regionId, list: c.list, number: c.number, status: c.status, archived: false,
			legalForm: { id: c.legal_form_id, label: c.lf_label ?? c.legal_form_id, group: c.lf_group ?? null },
			bodies: resolveBodies(ids, bodies), bodyIds: ids, performerBodyId: c.performer_body_id
		};
	});
}

export function stepsFor(c: LegalCooperation, stored: StoredLifecycle | null, today: string): LifecycleStep[] {
	return lifecycleSteps(stored?.record ?? null, { legal_form: c.legalForm.id, legal_form_group: c.legalForm.group, status: c.status, participants: c.bodies }, today);
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
	const coops = (await regionCooperations(db, regionId)).filter((c) => lifecycleScope({ legal_form: c.legalForm.id, legal_form_group: c.legalForm.group }) === 'lifecycle');
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

export type VatState = VatResult | 'not_assessed';

export const VAT_STATE_LABEL: Record<VatState, string> = { ...VAT_RESULT_SHORT, not_assessed: 'nicht bewertet' };

export interface VatCounts {
	/** Cooperations that need an assessment. */
	total: number;
	/** With a result: not taxable or taxable. */
	assessed: number;
	/** Not assessed at all, or assessed with an open result. */
	open: number;
	notAssessed: number;
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

export interface VatDashboard {
	regionId: string;
	today: string;
	appliesFrom: string;
	daysLeft: number;
	counts: VatCounts;
	byBody: ({ id: string; name: string; own: boolean } & VatCounts)[];
	open: VatListItem[];
	overdue: VatListItem[];
}

const zero = (): VatCounts => ({ total: 0, assessed: 0, open: 0, notAssessed: 0, openResult: 0, taxable: 0, notTaxable: 0, overdue: 0 });

function count(c: VatCounts, v: StoredVat | undefined, today: string): void {
	c.total++;
	if (!v) {
		c.notAssessed++;
		c.open++;
		return;
	}
	if (v.result === 'open') {
		c.openResult++;
		c.open++;
	} else {
		c.assessed++;
		if (v.result === 'taxable') c.taxable++;
		else c.notTaxable++;
	}
	if (v.reviewDate && v.reviewDate < today) c.overdue++;
}

async function vatScope(db: Kysely<Database>, regionId: string) {
	const coops = (await regionCooperations(db, regionId)).filter(needsVatAssessment);
	const vats = await readVats(db, coops.map((c) => c.id));
	return { coops, vats };
}

const item = (c: LegalCooperation, v: StoredVat | undefined): VatListItem => ({
	id: c.id, title: c.title, list: c.list, number: c.number, partners: c.bodies.map((b) => b.name).join(', '),
	state: v ? v.result : 'not_assessed', assessedAt: v?.assessedAt ?? null, reviewDate: v?.reviewDate ?? null
});

/** The figures of the § 2b dashboard for a region on a day (an ISO day in Berlin). */
export async function vatDashboard(db: Kysely<Database>, regionId: string, today: string = berlinDay()): Promise<VatDashboard> {
	const { coops, vats } = await vatScope(db, regionId);
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
	const byBody = [...perBody.values()]
		.map((b) => ({ ...b, own: own.has(b.id) }))
		.sort((a, b) => Number(b.id === kreis) - Number(a.id === kreis) || Number(b.own) - Number(a.own) || a.name.localeCompare(b.name, 'de'));
	return {
		regionId, today, appliesFrom: VAT_2B_APPLIES_FROM, daysLeft: daysUntilVat2b(today), counts, byBody,
		open: coops.filter((c) => { const v = vats.get(c.id); return !v || v.result === 'open'; }).map((c) => item(c, vats.get(c.id))),
		overdue: coops.filter((c) => { const r = vats.get(c.id)?.reviewDate; return !!r && r < today; }).map((c) => item(c, vats.get(c.id)))
	};
}

export const VAT_EXPORT_HEADER: readonly string[] = [
	'Liste', 'Nr.', 'Kooperation', 'Beteiligte Körperschaften', 'Aufgabenerledigung durch', 'Rechtsform', 'Ergebnis', 'Begründung',
	...VAT_QUESTIONS.map((q) => `${q.question} (${q.norm})`), 'Anmerkungen', 'bewertet von', 'bewertet am', 'Wiedervorlage', 'Kennung'
];

/**
 * One row per cooperation that needs an assessment, for the tax advisers (CSV now, a spreadsheet
 * later): the answers, the result and its reasoning, who assessed it and when, the review date.
 */
export async function vatExportRows(db: Kysely<Database>, regionId: string): Promise<(string | number | null)[][]> {
	const { coops, vats } = await vatScope(db, regionId);
	const region = await db.selectFrom('region').select('lists_json').where('id', '=', regionId).executeTakeFirst();
	const lists = new Map((JSON.parse(region?.lists_json ?? '[]') as { id: string; label: string }[]).map((l) => [l.id, l.label]));
	const bodies = await bodyRows(db);
	return coops.map((c) => {
		const v = vats.get(c.id);
		return [
			lists.get(c.list) ?? c.list, c.number, c.title, c.bodies.map((b) => b.name).join(', '),
			c.performerBodyId ? (bodies.get(c.performerBodyId)?.name ?? c.performerBodyId) : null, c.legalForm.label,
			VAT_STATE_LABEL[v ? v.result : 'not_assessed'], v ? v.reasoning.join(' ') : null,
			...VAT_QUESTIONS.map((q) => { const a = v?.answers[q.id]; return a ? ANSWER_LABEL[a] : null; }),
			v?.note ?? null, v?.assessedBy ?? null, v ? formatDay(berlinDay(new Date(v.assessedAt))) : null, v?.reviewDate ? formatDay(v.reviewDate) : null, c.id
		];
	});
}

// ---- the cooperation profile --------------------------------------------------------------------------

export interface LegalProfile {
	/** 'lifecycle' when the GkG procedure applies. */
	scope: ReturnType<typeof lifecycleScope>;
	recorded: boolean;
	summary: { done: number; missing: number; notApplicable: number };
	missing: { label: string; reason: string }[];
	findings: Finding[];
	needsVat: boolean;
	/** Only for those who may read assessments. */
	vat: { result: VatResult; label: string; assessedAt: string; reviewDate: string | null; overdue: boolean } | null;
}

/** The "Rechtlicher Stand" section of a cooperation profile. */
export async function legalProfile(db: Kysely<Database>, c: LegalCooperation, today: string, withVat: boolean): Promise<LegalProfile> {
	const stored = (await readLifecycles(db, [c.id])).get(c.id) ?? null;
	const steps = stepsFor(c, stored, today);
	const v = withVat ? (await readVats(db, [c.id])).get(c.id) : undefined;
	return {
		scope: lifecycleScope({ legal_form: c.legalForm.id, legal_form_group: c.legalForm.group }),
		recorded: !!stored,
		summary: stepSummary(steps),
		missing: steps.filter((s) => s.state === 'missing').map((s) => ({ label: s.label, reason: s.reason })),
		findings: findingsOf(steps),
		needsVat: needsVatAssessment(c),
		vat: v ? { result: v.result, label: VAT_STATE_LABEL[v.result], assessedAt: v.assessedAt, reviewDate: v.reviewDate, overdue: !!v.reviewDate && v.reviewDate < today } : null
	};
}
