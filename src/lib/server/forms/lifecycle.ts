/**
 * The legal lifecycle form of a cooperation (/kooperationen/[id]/recht): `lifecycleForm(bodies)`
 * reads the post into the values as typed (each field trimmed and cut one past its limit, so an
 * overlong entry is reported rather than silently shortened; council decisions and notices only
 * for the given bodies) and the lock version; `checkLifecycle` checks them, German messages at the
 * fields. The steps and findings of the lifecycle stay in the domain (domain/gkg-lifecycle.ts).
 */
import { z } from 'zod';
import { lockVersion, text } from './form-data';
import {
	addDays, councilField, LIFECYCLE_LIMITS, noticeField, OBJECTION_KINDS, parseDay, SUB_TYPES,
	type CouncilDecision, type LifecycleBody, type LifecycleFormValues, type LifecycleRecord, type ObjectionKind, type PartnerNotice, type SubType
} from '../../domain/gkg-lifecycle';
import type { FieldError } from './form-data';

/** A text field: CRLF as LF, trimmed, cut to one character over `max` (files and missing fields → ''). */
const cut = (max: number) => text().catch('').transform((s) => s.replace(/\r\n/g, '\n').trim().slice(0, max + 1));

const FIELDS = {
	sub_type: 20, authority: LIFECYCLE_LIMITS.text, submitted_at: 20, approval_date: 20, objection_kind: 20, objection_date: 20, meeting_set_at: 20,
	gazette: LIFECYCLE_LIMITS.text, issue: LIFECYCLE_LIMITS.text, publication_date: 20, effective_date: 20, end_date: 20, years: 10,
	termination_rule: LIFECYCLE_LIMITS.rule, notified_date: 20, termination_published_date: 20
} as const;
type ScalarField = keyof typeof FIELDS;

/** The form for a cooperation whose `bodies` may have a council decision and a notice (the field
 * names are built from them, nothing else is read). Never fails. */
export function lifecycleForm(bodies: readonly LifecycleBody[]) {
	const shape: Record<string, z.ZodType> = { open_ended: text().catch(''), version: lockVersion() };
	for (const [name, max] of Object.entries(FIELDS)) shape[name] = cut(max);
	for (const b of bodies) {
		for (const field of [councilField, noticeField]) Object.assign(shape, { [field(b.id, 'date')]: cut(20), [field(b.id, 'reference')]: cut(LIFECYCLE_LIMITS.reference) });
	}
	return z.object(shape).transform((p): { values: LifecycleFormValues; version: number | null } => {
		const get = (name: string): string => (p[name] as string | undefined) ?? '';
		const pair = (field: typeof councilField) => Object.fromEntries(bodies.map((b) => [b.id, { date: get(field(b.id, 'date')), reference: get(field(b.id, 'reference')) }]));
		const scalars = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, get(k)])) as Record<ScalarField, string>;
		return { values: { ...scalars, open_ended: get('open_ended') === 'on', council: pair(councilField), notices: pair(noticeField) }, version: p.version as number | null };
	});
}

/** The rules of the form. Past events must not lie after `today`; decisions already stored for
 * other bodies are kept by the caller. `record` is null while there are errors. */
export function checkLifecycle(values: LifecycleFormValues, bodies: readonly LifecycleBody[], today: string): { record: LifecycleRecord | null; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const { council, notices } = values;
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
	// Each body's council decision and its notice of the publication: a past day, a reference only with it.
	const dated = (entries: LifecycleFormValues['council'], field: typeof councilField, what: string, reference: string): (CouncilDecision & PartnerNotice)[] => {
		const out: (CouncilDecision & PartnerNotice)[] = [];
		for (const b of bodies) {
			const e = entries[b.id]!;
			const d = day(field(b.id, 'date'), e.date, `${what} ${b.name}`, true);
			long(field(b.id, 'reference'), e.reference, LIFECYCLE_LIMITS.reference, `${reference} ${b.name}`);
			if (!d && e.reference) errors.push({ field: field(b.id, 'date'), message: `${what} ${b.name}: bitte auch das Datum angeben.` });
			if (d) out.push({ body: b.id, date: d, reference: e.reference || null });
		}
		return out;
	};
	const decisions = dated(council, councilField, 'Beschluss', 'Fundstelle des Beschlusses');
	const partnerNotices = dated(notices, noticeField, 'Hinweis', 'Fundstelle des Hinweises');
	let objectionKind: ObjectionKind | null = null;
	if (values.objection_kind) {
		if ((OBJECTION_KINDS as readonly string[]).includes(values.objection_kind)) objectionKind = values.objection_kind as ObjectionKind;
		else errors.push({ field: 'objection_kind', message: 'Reaktion der Aufsichtsbehörde: bitte einen der angebotenen Werte wählen.' });
	}
	const objectionDate = day('objection_date', values.objection_date, 'Versagt oder Änderungen angekündigt am', true);
	const meetingSet = day('meeting_set_at', values.meeting_set_at, 'Erörterungstermin bestimmt am', true);
	if (objectionDate && !values.objection_kind) errors.push({ field: 'objection_kind', message: 'Reaktion der Aufsichtsbehörde: bitte angeben, ob sie die Genehmigung versagt oder Änderungen angekündigt hat.' });
	if (meetingSet && !values.objection_kind) errors.push({ field: 'meeting_set_at', message: 'Erörterungstermin bestimmt am: einen Erörterungstermin gibt es nur nach einer Versagung oder angekündigten Änderungen.' });
	if (meetingSet && objectionDate && meetingSet < objectionDate) errors.push({ field: 'meeting_set_at', message: 'Erörterungstermin bestimmt am: das Datum kann nicht vor der Versagung oder Änderungsankündigung liegen.' });
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

	if (submitted && objectionDate && objectionDate < submitted) errors.push({ field: 'objection_date', message: 'Versagt oder Änderungen angekündigt am: das Datum kann nicht vor dem Eingang liegen.' });
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

	if (errors.length) return { record: null, errors };
	return {
		errors,
		record: {
			sub_type: subType, council_decisions: decisions, authority: values.authority || null, submitted_at: submitted, approval_date: approval,
			objection: objectionKind !== null, objection_kind: objectionKind, objection_date: objectionDate, meeting_set_at: meetingSet,
			partner_notices: partnerNotices, publication: { gazette: values.gazette || null, issue: values.issue || null, date: published },
			effective_date: effective, term: { open_ended: values.open_ended, end_date: endDate, years },
			termination_rule: values.termination_rule || null, termination: { notified_date: notified, published_date: terminationPublished }
		}
	};
}
