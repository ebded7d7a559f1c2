/**
 * The § 2b UStG questionnaire of a cooperation (/kooperationen/[id]/umsatzsteuer): `vatQuestionnaireForm`
 * reads the post into the values as typed (up to MAX_RELATIONSHIPS + 1 relationship blocks, each
 * field trimmed and cut to a size no input sends) and the lock version; `checkVatQuestionnaire`
 * checks them against the cooperation's bodies and today, German messages at the fields. The
 * assessment of the answers stays in the domain (domain/vat-2b.ts).
 */
import { z } from 'zod';
import { lockVersion, many, text } from './form-data';
import {
	ABS4, ANNEX_I, ANSWERS, germanDay, isRealDay, MAX_RELATIONSHIPS, parseEuro, PAYMENTS, REL_QUESTION_IDS, REL_QUESTIONS, relAnswerField, relField, VAT_NOTE_MAX,
	type Abs4, type Answer, type Payment, type RelAnswers, type RelFormValues, type RelQuestionId, type VatFormValues, type VatRelationship
} from '../../domain/vat-2b';
import type { FieldError } from './form-data';

/** A text field, trimmed and cut to `max` characters (files and missing fields → ''). */
const cut = (max: number) => text().catch('').transform((s) => s.trim().slice(0, max));
const BLOCK_FIELDS = { provider: 100, service: 301, consideration: 301, amount: 30, payment: 20, abs4: 20, annex1: 3, remove: 10 } as const;

/** The fields of relationship block i. */
function blockShape(i: number): Record<string, z.ZodType> {
	return {
		...Object.fromEntries(Object.entries(BLOCK_FIELDS).map(([name, max]) => [relField(i, name), cut(max)])),
		[relField(i, 'recipients')]: many().catch([]).transform((v) => v.map((x) => x.slice(0, 100)).slice(0, 200)),
		...Object.fromEntries(REL_QUESTION_IDS.map((id) => [relAnswerField(i, id), cut(20)]))
	};
}

const shape: Record<string, z.ZodType> = {
	blocks: text().catch(''),
	review_date: cut(20),
	note: text().catch('').transform((s) => s.replace(/\r\n/g, '\n').trim().slice(0, VAT_NOTE_MAX + 1)),
	version: lockVersion()
};
for (let i = 0; i <= MAX_RELATIONSHIPS; i++) Object.assign(shape, blockShape(i));

/** The questionnaire as posted: its values (to render again) and the lock version (null when missing or malformed). Never fails. */
export const vatQuestionnaireForm = z.object(shape).transform((p): { values: VatFormValues; version: number | null } => {
	const get = (name: string): string => (p[name] as string | undefined) ?? '';
	const blocks = Math.min(MAX_RELATIONSHIPS + 1, /^\d{1,2}$/.test(get('blocks')) ? Number(get('blocks')) : 0);
	const relationships = Array.from({ length: blocks }, (_, i): RelFormValues => ({
		provider: get(relField(i, 'provider')), recipients: p[relField(i, 'recipients')] as string[], service: get(relField(i, 'service')),
		consideration: get(relField(i, 'consideration')), amount: get(relField(i, 'amount')), payment: get(relField(i, 'payment')),
		abs4: get(relField(i, 'abs4')), annex1: get(relField(i, 'annex1')), remove: get(relField(i, 'remove')) === '1',
		answers: Object.fromEntries(REL_QUESTION_IDS.map((id) => [id, get(relAnswerField(i, id))])) as Record<RelQuestionId, string>
	}));
	return { values: { relationships, review_date: get('review_date'), note: get('note') }, version: p.version as number | null };
});

export interface VatQuestionnaireChecked {
	relationships: VatRelationship[] | null;
	reviewDate: string | null;
	note: string | null;
	errors: FieldError[];
}

/** One touched block as a relationship; its problems go to `errors`. */
function checkBlock(v: RelFormValues, i: number, bodyIds: readonly string[], errors: FieldError[]): VatRelationship {
	const n = i + 1;
	const push = (field: string, message: string) => errors.push({ field, message: `Leistungsbeziehung ${n}: ${message}` });
	if (!v.service) push(relField(i, 'service'), 'Bitte angeben, welche Leistung erbracht wird.');
	else if (v.service.length > 300) push(relField(i, 'service'), 'Die Leistung bitte in höchstens 300 Zeichen beschreiben.');
	if (v.consideration.length > 300) push(relField(i, 'consideration'), 'Die Gegenleistung bitte in höchstens 300 Zeichen beschreiben.');
	if (!v.provider) push(relField(i, 'provider'), 'Bitte die leistende Stelle wählen.');
	else if (!bodyIds.includes(v.provider)) push(relField(i, 'provider'), 'Die leistende Stelle ist an dieser Kooperation nicht beteiligt.');
	const recipients = [...new Set(v.recipients)].filter((x) => x !== v.provider);
	if (!recipients.length) push(relField(i, 'recipients'), 'Bitte mindestens eine empfangende Stelle wählen (nicht die leistende selbst).');
	else if (recipients.some((x) => !bodyIds.includes(x))) push(relField(i, 'recipients'), 'Eine empfangende Stelle ist an dieser Kooperation nicht beteiligt.');
	const amount = parseEuro(v.amount);
	if (amount !== null && (Number.isNaN(amount) || amount > 1e12)) push(relField(i, 'amount'), 'Betrag bitte als Zahl in Euro angeben, zum Beispiel 8.000 oder 12500,50.');
	const answers: RelAnswers = {};
	if (v.payment) {
		if ((PAYMENTS as readonly string[]).includes(v.payment)) answers.payment = v.payment as Payment;
		else push(relField(i, 'payment'), 'Bitte eine der Antworten zur Gegenleistung wählen.');
	}
	if (v.abs4) {
		if ((ABS4 as readonly string[]).includes(v.abs4)) answers.abs4 = v.abs4 as Abs4;
		else push(relField(i, 'abs4'), 'Bitte eine der Antworten zu § 2b Abs. 4 wählen.');
	}
	if (v.annex1 && answers.abs4 === 'nr5') {
		const k = Number(v.annex1);
		if (Number.isInteger(k) && k >= 1 && k <= ANNEX_I.length) answers.annex1_item = k;
		else push(relField(i, 'annex1'), 'Bitte eine Tätigkeit aus Anhang I wählen.');
	}
	for (const q of REL_QUESTIONS) {
		const x = v.answers[q.id];
		if (!x) continue;
		if ((ANSWERS as readonly string[]).includes(x)) answers[q.id] = x as Answer;
		else push(`${relAnswerField(i, q.id)}-yes`, `${q.question} Bitte „ja“, „nein“ oder „unklar“ wählen.`);
	}
	return { provider: v.provider, recipients, service: v.service, consideration: v.consideration || null, annual_amount: amount !== null && !Number.isNaN(amount) ? amount : null, answers };
}

/**
 * The rules of the questionnaire: an untouched empty block is skipped, a block marked for removal
 * dropped; a touched block needs a service, a taking-part provider and recipients; answers from
 * the lists; the review date not before `today`. Unanswered questions are allowed (the result stays open).
 */
export function checkVatQuestionnaire(values: VatFormValues, today: string, bodyIds: readonly string[]): VatQuestionnaireChecked {
	const errors: FieldError[] = [];
	const relationships: VatRelationship[] = [];
	values.relationships.forEach((v, i) => {
		if (v.remove) return;
		const touched = v.provider || v.recipients.length || v.service || v.consideration || v.amount || v.payment || v.abs4 || Object.values(v.answers).some(Boolean);
		if (touched) relationships.push(checkBlock(v, i, bodyIds, errors));
	});
	if (relationships.length > MAX_RELATIONSHIPS) errors.push({ field: 'fragebogen', message: `Höchstens ${MAX_RELATIONSHIPS} Leistungsbeziehungen je Kooperation.` });
	let reviewDate: string | null = null;
	if (values.review_date) {
		const iso = /^\d{4}-\d{2}-\d{2}$/.test(values.review_date) ? values.review_date : germanDay(values.review_date);
		if (!iso || !isRealDay(iso)) errors.push({ field: 'review_date', message: 'Wiedervorlage: bitte ein Datum wie 01.10.2026 angeben.' });
		else if (iso < today) errors.push({ field: 'review_date', message: 'Wiedervorlage: das Datum liegt in der Vergangenheit.' });
		else reviewDate = iso;
	}
	if (values.note.length > VAT_NOTE_MAX) errors.push({ field: 'note', message: `Anmerkungen: höchstens ${VAT_NOTE_MAX.toLocaleString('de-DE')} Zeichen.` });
	if (errors.length) return { relationships: null, reviewDate: null, note: null, errors };
	return { relationships, reviewDate, note: values.note || null, errors };
}
