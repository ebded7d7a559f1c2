/**
 * The § 2b UStG assessment of a cooperation (issue 7, item 2): the guided questionnaire as data
 * and the result it leads to. It supports the tax advisers' work; it does not replace it.
 *
 * The structure follows § 2b UStG:
 * - Abs. 1: a public body is not an entrepreneur for what it does on a public-law basis (entry
 *   question), unless that leads to greater distortions of competition (last question).
 * - Abs. 3: for services to another public body such distortions are not assumed when
 *   Nr. 1 only public bodies may perform the service by law, or
 *   Nr. 2 the cooperation is shaped by shared public interests: (a) long-term public-law
 *   agreement, (b) a public task all parties share, (c) payment only as cost reimbursement,
 *   (d) the provider serves essentially only public bodies.
 *
 * Result: 'taxable' (within the scope of VAT, § 2b does not apply) as soon as a required
 * condition is answered no; 'not_taxable' only when every required condition holds; 'open' while a
 * required question is unanswered or unclear, or when the answers contradict each other. Nr. 1 and
 * Nr. 2 are alternatives: when one holds, the other is not required.
 */

export const VAT_2B_APPLIES_FROM = '2027-01-01';

export const VAT_DISCLAIMER =
	'Dieser Fragebogen hilft, die Voraussetzungen des § 2b UStG strukturiert zu prüfen und das Ergebnis zu dokumentieren. ' +
	'Er ersetzt keine steuerliche Beratung: Das Ergebnis ist eine Einschätzung der Bearbeitenden und sollte mit der Steuerberatung abgestimmt werden.';

export const ANSWERS = ['yes', 'no', 'unclear'] as const;
export type Answer = (typeof ANSWERS)[number];

export const ANSWER_LABEL: Record<Answer, string> = { yes: 'ja', no: 'nein', unclear: 'unklar' };

export const VAT_QUESTION_IDS = [
	'public_law_basis', 'only_public_by_law', 'long_term_agreement', 'shared_public_task', 'cost_reimbursement_only', 'serves_public_bodies', 'no_competition_distortion'
] as const;
export type VatQuestionId = (typeof VAT_QUESTION_IDS)[number];

export interface VatQuestion {
	id: VatQuestionId;
	/** Where the condition comes from. */
	norm: string;
	question: string;
	/** Plain German: what is meant and how to answer. */
	explanation: string;
	/** Short name of the condition for reasoning lines and tables. */
	short: string;
	options: readonly Answer[];
}

export const VAT_QUESTIONS: readonly VatQuestion[] = [
	{
		id: 'public_law_basis',
		norm: '§ 2b Abs. 1 Satz 1 UStG',
		short: 'öffentlich-rechtliche Grundlage',
		question: 'Wird die Leistung auf öffentlich-rechtlicher Grundlage erbracht?',
		explanation:
			'§ 2b UStG gilt nur für Tätigkeiten, die eine Körperschaft im Rahmen der öffentlichen Gewalt ausübt – zum Beispiel auf Grund eines Gesetzes, ' +
			'einer Satzung, einer öffentlich-rechtlichen Vereinbarung oder als Zweckverband. Beruht die Leistung auf einem privatrechtlichen Vertrag ' +
			'oder wird sie über eine GmbH erbracht, antworten Sie „nein“: Dann gelten die allgemeinen Regeln des Umsatzsteuerrechts.',
		options: ANSWERS
	},
	{
		id: 'only_public_by_law',
		norm: '§ 2b Abs. 3 Nr. 1 UStG',
		short: 'nur durch öffentliche Stellen erlaubt',
		question: 'Dürfen nach gesetzlichen Bestimmungen nur juristische Personen des öffentlichen Rechts diese Leistung erbringen?',
		explanation:
			'Gemeint ist: Ein privates Unternehmen dürfte diese Leistung rechtlich gar nicht anbieten. Dann ist eine größere Wettbewerbsverzerrung ' +
			'nicht anzunehmen, und es kommt auf die folgenden vier Fragen nicht mehr an. Dürften auch Private die Leistung erbringen, antworten Sie „nein“.',
		options: ANSWERS
	},
	{
		id: 'long_term_agreement',
		norm: '§ 2b Abs. 3 Nr. 2 Buchst. a UStG',
		short: 'langfristige öffentlich-rechtliche Vereinbarung',
		question: 'Beruht die Leistung auf einer langfristigen öffentlich-rechtlichen Vereinbarung?',
		explanation:
			'Zum Beispiel eine öffentlich-rechtliche Vereinbarung nach dem GkG NRW oder die Satzung eines Zweckverbands, die auf Dauer angelegt ist. ' +
			'Eine mündliche Absprache, ein Projekt oder ein privatrechtlicher Vertrag genügt nicht. Wie lange „langfristig“ ist, klären Sie im Zweifel mit der Steuerberatung.',
		options: ANSWERS
	},
	{
		id: 'shared_public_task',
		norm: '§ 2b Abs. 3 Nr. 2 Buchst. b UStG',
		short: 'allen Beteiligten obliegende öffentliche Aufgabe',
		question: 'Dient die Leistung dem Erhalt der öffentlichen Infrastruktur und einer öffentlichen Aufgabe, die allen Beteiligten obliegt?',
		explanation:
			'Alle Beteiligten müssen für diese Aufgabe selbst zuständig sein – etwa wenn jede Kommune ihre eigenen Vergaben durchführen muss und sie ' +
			'gemeinsam erledigen lässt. Erledigt ein Partner eine Aufgabe, für die nur er selbst oder nur der andere zuständig ist, antworten Sie „nein“.',
		options: ANSWERS
	},
	{
		id: 'cost_reimbursement_only',
		norm: '§ 2b Abs. 3 Nr. 2 Buchst. c UStG',
		short: 'nur Kostenerstattung',
		question: 'Wird die Leistung ausschließlich gegen Kostenerstattung erbracht?',
		explanation:
			'Die Partner zahlen nur die Kosten, die tatsächlich entstehen (zum Beispiel anteilige Personal- und Sachkosten nach einem Schlüssel), ' +
			'ohne Gewinnzuschlag. Enthält das Entgelt einen Aufschlag über die Kosten hinaus oder einen festen Preis, der die Kosten übersteigt, antworten Sie „nein“.',
		options: ANSWERS
	},
	{
		id: 'serves_public_bodies',
		norm: '§ 2b Abs. 3 Nr. 2 Buchst. d UStG',
		short: 'Leistungen im Wesentlichen an öffentliche Stellen',
		question: 'Erbringt die leistende Stelle gleichartige Leistungen im Wesentlichen nur an andere juristische Personen des öffentlichen Rechts?',
		explanation:
			'Bietet die leistende Stelle dieselbe Leistung in nennenswertem Umfang auch Privaten an – Unternehmen, Vereinen, Bürgerinnen und Bürgern –, ' +
			'antworten Sie „nein“.',
		options: ANSWERS
	},
	{
		id: 'no_competition_distortion',
		norm: '§ 2b Abs. 1 Satz 2, Abs. 2 und 3 UStG',
		short: 'keine größeren Wettbewerbsverzerrungen',
		question: 'Sind größere Wettbewerbsverzerrungen ausgeschlossen?',
		explanation:
			'Auch auf öffentlich-rechtlicher Grundlage gilt die Regel nicht, wenn sie zu größeren Wettbewerbsverzerrungen führen würde. § 2b Abs. 2 und 3 ' +
			'UStG nennen Fälle, in denen das nicht anzunehmen ist – unter anderem die oben gefragten. Antworten Sie nur dann „ja“ oder „nein“, ' +
			'wenn Sie sich sicher sind; sonst „unklar“ – dann klärt die Steuerberatung diesen Punkt.',
		options: ANSWERS
	}
];

export type VatAnswers = Partial<Record<VatQuestionId, Answer>>;
export type VatResult = 'not_taxable' | 'taxable' | 'open';

export const VAT_RESULT_LABEL: Record<VatResult, string> = {
	not_taxable: 'nicht steuerbar – § 2b UStG greift',
	taxable: 'steuerbar – § 2b UStG greift nicht',
	open: 'offen'
};

/** Short labels for tables and counts. */
export const VAT_RESULT_SHORT: Record<VatResult, string> = { not_taxable: 'nicht steuerbar', taxable: 'steuerbar', open: 'offen' };

const NR2: readonly VatQuestionId[] = ['long_term_agreement', 'shared_public_task', 'cost_reimbursement_only', 'serves_public_bodies'];
const Q = Object.fromEntries(VAT_QUESTIONS.map((q) => [q.id, q])) as Record<VatQuestionId, VatQuestion>;

const settled = (a: Answer | undefined): a is 'yes' | 'no' => a === 'yes' || a === 'no';
const line = (id: VatQuestionId, a: Answer | undefined) => `${Q[id].norm} (${Q[id].short}): ${a ? ANSWER_LABEL[a] : 'nicht beantwortet'}.`;

/** The result and the reasons that lead to it, in German. */
export function assessVat(answers: VatAnswers): { result: VatResult; reasoning: string[] } {
	const a = (id: VatQuestionId) => answers[id];
	const reasoning: string[] = [];
	const taxable: string[] = [];
	const openReasons: string[] = [];

	// Entry condition.
	if (a('public_law_basis') === 'no') taxable.push('Die Leistung wird nicht auf öffentlich-rechtlicher Grundlage erbracht; § 2b UStG ist nicht anwendbar, es gelten die allgemeinen Regeln.');
	else if (!settled(a('public_law_basis'))) openReasons.push('Offen ist, ob die Leistung auf öffentlich-rechtlicher Grundlage erbracht wird.');

	// Abs. 3: Nr. 1 or all of Nr. 2.
	const nr1 = a('only_public_by_law');
	const nr2 = NR2.map((id) => a(id));
	const nr2Holds = nr2.every((x) => x === 'yes');
	const nr2Fails = nr2.some((x) => x === 'no');
	const abs3Holds = nr1 === 'yes' || nr2Holds;
	const abs3Fails = nr1 === 'no' && nr2Fails;
	if (nr1 === 'yes') reasoning.push('Nach § 2b Abs. 3 Nr. 1 UStG dürfen nur juristische Personen des öffentlichen Rechts die Leistung erbringen; auf die Bedingungen der Nr. 2 kommt es nicht an.');
	else if (nr2Holds) reasoning.push('Alle Bedingungen des § 2b Abs. 3 Nr. 2 UStG sind erfüllt (langfristige Vereinbarung, gemeinsame öffentliche Aufgabe, nur Kostenerstattung, Leistungen im Wesentlichen an öffentliche Stellen).');
	else if (abs3Fails) {
		const failed = NR2.filter((id) => a(id) === 'no').map((id) => Q[id].short);
		const why = `Weder § 2b Abs. 3 Nr. 1 UStG (die Leistung dürften auch Private erbringen) noch Nr. 2 ist erfüllt: nicht erfüllt ist ${failed.join(', ')}.`;
		// Abs. 3 names the usual cases; only a case of Abs. 2 could still exclude distortions.
		if (a('no_competition_distortion') === 'yes') openReasons.push(`${why} Trotzdem werden größere Wettbewerbsverzerrungen als ausgeschlossen angegeben. Ob ein Fall des § 2b Abs. 2 UStG vorliegt, bitte mit der Steuerberatung klären.`);
		else taxable.push(`${why} Ein Fall des § 2b Abs. 2 UStG ist nicht angegeben.`);
	} else {
		const unsettled = [...(settled(nr1) ? [] : ['only_public_by_law' as const]), ...NR2.filter((id) => !settled(a(id)))];
		openReasons.push(`Offen ist, ob § 2b Abs. 3 UStG erfüllt ist: ${unsettled.map((id) => Q[id].short).join(', ')} ${unsettled.length === 1 ? 'ist' : 'sind'} nicht geklärt.`);
	}

	// Competition.
	const w = a('no_competition_distortion');
	if (w === 'no') taxable.push('Größere Wettbewerbsverzerrungen sind nicht ausgeschlossen (§ 2b Abs. 1 Satz 2 UStG).');
	else if (!settled(w) && !abs3Fails) openReasons.push('Offen ist, ob größere Wettbewerbsverzerrungen ausgeschlossen sind.');

	const answered = VAT_QUESTIONS.map((q) => line(q.id, a(q.id)));
	if (taxable.length) {
		return { result: 'taxable', reasoning: [...taxable, ...reasoning, 'Ob eine Steuerbefreiung greift, ist gesondert zu prüfen.', ...answered] };
	}
	if (openReasons.length || !abs3Holds || w !== 'yes') {
		return { result: 'open', reasoning: [...openReasons, ...reasoning, ...answered] };
	}
	return {
		result: 'not_taxable',
		reasoning: ['Die Leistung wird auf öffentlich-rechtlicher Grundlage erbracht.', ...reasoning, 'Größere Wettbewerbsverzerrungen sind ausgeschlossen.', ...answered]
	};
}

/** Questions that do not matter for the result any more (Nr. 2 once Nr. 1 holds). */
export function notRequired(answers: VatAnswers): VatQuestionId[] {
	return answers.only_public_by_law === 'yes' ? [...NR2] : [];
}

// ---- the no-JS form ----------------------------------------------------------------------------

export interface VatFormValues {
	answers: Record<VatQuestionId, string>;
	review_date: string;
	note: string;
}

export const VAT_NOTE_MAX = 2000;

export const answerField = (id: VatQuestionId) => `q-${id}`;

/** Read the posted questionnaire. Unanswered questions are allowed (the result stays open); the review date must not lie before `today`. */
export function parseVatForm(get: (name: string) => string, today: string): { values: VatFormValues; answers: VatAnswers | null; reviewDate: string | null; note: string | null; errors: { field: string; message: string }[] } {
	const errors: { field: string; message: string }[] = [];
	const values: VatFormValues = {
		answers: Object.fromEntries(VAT_QUESTIONS.map((q) => [q.id, get(answerField(q.id)).trim().slice(0, 20)])) as Record<VatQuestionId, string>,
		review_date: get('review_date').trim().slice(0, 20),
		note: get('note').replace(/\r\n/g, '\n').trim().slice(0, VAT_NOTE_MAX + 1)
	};
	const answers: VatAnswers = {};
	for (const q of VAT_QUESTIONS) {
		const v = values.answers[q.id];
		if (!v) continue;
		if ((ANSWERS as readonly string[]).includes(v)) answers[q.id] = v as Answer;
		else errors.push({ field: `${answerField(q.id)}-yes`, message: `${q.question} Bitte „ja“, „nein“ oder „unklar“ wählen.` });
	}
	let reviewDate: string | null = null;
	if (values.review_date) {
		const iso = /^\d{4}-\d{2}-\d{2}$/.test(values.review_date) ? values.review_date : germanDay(values.review_date);
		if (!iso || !isRealDay(iso)) errors.push({ field: 'review_date', message: 'Wiedervorlage: bitte ein Datum wie 01.10.2026 angeben.' });
		else if (iso < today) errors.push({ field: 'review_date', message: 'Wiedervorlage: das Datum liegt in der Vergangenheit.' });
		else reviewDate = iso;
	}
	if (values.note.length > VAT_NOTE_MAX) errors.push({ field: 'note', message: `Anmerkungen: höchstens ${VAT_NOTE_MAX.toLocaleString('de-DE')} Zeichen.` });
	if (errors.length) return { values, answers: null, reviewDate: null, note: null, errors };
	return { values, answers, reviewDate, note: values.note || null, errors };
}

function germanDay(s: string): string | null {
	const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
	return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

function isRealDay(iso: string): boolean {
	const t = Date.parse(`${iso}T00:00:00Z`);
	return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
}

/** Whole days from `today` until 1 January 2027 (0 on and after that day). */
export function daysUntilVat2b(today: string): number {
	const d = Math.round((Date.parse(`${VAT_2B_APPLIES_FROM}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
	return Math.max(0, d);
}
