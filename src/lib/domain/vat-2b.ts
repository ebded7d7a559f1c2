/**
 * The § 2b UStG assessment (issue 7, item 2; corrected in issue 22): one assessment per service
 * relationship of a cooperation (who serves whom, what, for what payment or exchange), the gates
 * in the law's order, and the date from which § 2b applies to a body after its Optionserklärung.
 * It supports the tax advisers' work; it does not replace it.
 *
 * Gates, in order (each step of the reasoning names its norm; a BMF letter is cited with its
 * Randziffer only where the number was checked against the letter's text, see BMF_RZ and
 * docs/vat-2b.md; every other BMF citation stays by date):
 *  1. Payment at all (§ 1 Abs. 1 Nr. 1 UStG): without payment there is no service for
 *     consideration and nothing to tax. An exchange of services is payment (tauschähnlicher
 *     Umsatz, § 3 Abs. 12 Satz 2 UStG; the value of each service is the payment for the other,
 *     § 10 Abs. 2 Satz 2 UStG). Under a delegating public-law agreement (§ 23 Abs. 1 Alt. 1 GkG
 *     NRW: the task passes with discharging effect) the compensation is payment only where the
 *     taking-over body still serves the giving one. Likewise a Zweckverband fulfils the tasks its
 *     members passed to it as its own: their general Umlage is payment only where a member receives
 *     a service of its own (for its administration, or charged by use).
 *  2. The provider is a legal person under public law (BMF 16.12.2016 Rz. 3: Gebietskörperschaften
 *     including Zweckverbände, other Körperschaften, Anstalten and Stiftungen des öffentlichen
 *     Rechts); otherwise (GmbH, Verein …) § 2b does not apply and the general rules of § 2 Abs. 1
 *     UStG make it an entrepreneur.
 *  3. Acting under public law (§ 2b Abs. 1 Satz 1 UStG); otherwise the general rules apply.
 *  4. § 2b Abs. 4 UStG: the activities named there are always business (Nr. 1 notaries in state
 *     service, Nr. 2 spectacles from social insurance outlets, Nr. 3 surveying and cadastre
 *     authorities except mutual administrative assistance, Nr. 4 the Bundesanstalt für
 *     Landwirtschaft und Ernährung, Nr. 5 the activities of Annex I of Directive 2006/112/EC
 *     unless their extent is insignificant).
 *  5. § 2b Abs. 2 UStG: no greater distortion of competition when the body's turnover from
 *     activities of the same kind is expected not to exceed 17,500 € in the calendar year (Nr. 1),
 *     or when comparable private-law services would be tax-exempt without the option of § 9 UStG
 *     (Nr. 2).
 *  6. Delegation (Bund-Länder line 2023): a delegating agreement with discharging effect that
 *     Land law allows only between public bodies causes no significant distortion.
 *  7. § 2b Abs. 3 UStG, only for services to other legal persons under public law: Nr. 1 (only
 *     public bodies may perform it by law) or Nr. 2 a–d (long-term public-law agreement, public
 *     task of all parties, cost reimbursement only, essentially only public bodies served). Read
 *     with BMF 16.12.2016 and 14.11.2019: Nr. 2 a–d is a presumption; a separate test whether
 *     private providers could offer the service is always needed, and support services (IT,
 *     cleaning, grounds care, building works …) are regularly not privileged. "Langfristig" is
 *     derived from the term recorded in the legal lifecycle (BMF 16.12.2016: five years or more;
 *     an open-ended agreement always).
 *  8. Otherwise § 2b Abs. 1 Satz 2 UStG: with private providers able to offer the service, greater
 *     distortions are not excluded (taxable); without, the result stays open for the tax adviser.
 *
 * An unanswered or unclear gate keeps the result "offen" unless every way through it leads to the
 * same result; contradictions between answers keep it "offen" with the reason.
 */

export const VAT_DISCLAIMER =
	'Dieser Fragebogen hilft, die Voraussetzungen des § 2b UStG strukturiert zu prüfen und das Ergebnis zu dokumentieren. ' +
	'Er unterstützt die steuerliche Beratung, er ersetzt sie nicht: Das Ergebnis ist eine Einschätzung der Bearbeitenden und sollte mit der Steuerberatung abgestimmt werden.';

/** What § 2b covers, for the pages. */
export const VAT_SCOPE_TEXT =
	'§ 2b UStG regelt, wann juristische Personen des öffentlichen Rechts – Kreise, Städte, Gemeinden, Zweckverbände, Anstalten – ' +
	'Unternehmer im Sinne des Umsatzsteuerrechts sind. Er gilt für alle ihre Tätigkeiten gegen Entgelt, nicht nur für Leistungen zwischen öffentlichen Stellen: ' +
	'auch für Leistungen an Bürgerinnen und Bürger, Unternehmen und Vereine.';

export const BMF_2016 = 'BMF-Schreiben vom 16.12.2016, BStBl I S. 1451';
export const BMF_2019 = 'BMF-Schreiben vom 14.11.2019';

/**
 * The Randziffern (Rz.) of the BMF letters that the reasoning cites: the one place for them. Only
 * numbers checked against the text of the letter itself are here (docs/vat-2b.md names the source
 * of each); a step whose Randziffer could not be checked cites the letter by date (BMF_2016,
 * BMF_2019). Never add a number that was not checked against the letter.
 */
export const BMF_RZ = {
	/** § 2b Abs. 1 UStG: who is a legal person under public law (BMF 16.12.2016 Rz. 3, section I.1). */
	jpoer: `${BMF_2016}, Rz. 3`
} as const;
export const BUND_LAENDER_2023 = 'Abstimmung von Bund und Ländern 2023 zu delegierenden Vereinbarungen';

/** Abs. 2 Nr. 1: turnover limit per calendar year for activities of the same kind. */
export const SMALL_TURNOVER_LIMIT = 17_500;

/** Langfristig (Abs. 3 Nr. 2 Buchst. a) after BMF 16.12.2016: at least this many years, or open-ended. */
export const LONG_TERM_YEARS = 5;

export const ANSWERS = ['yes', 'no', 'unclear'] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABEL: Record<Answer, string> = { yes: 'ja', no: 'nein', unclear: 'unklar' };

export const PAYMENTS = ['money', 'exchange', 'none', 'unclear'] as const;
export type Payment = (typeof PAYMENTS)[number];
export const PAYMENT_LABEL: Record<Payment, string> = {
	money: 'ja, Geld (Entgelt, Gebühr, leistungsbezogene Umlage oder Kostenerstattung)',
	exchange: 'ja, eine Gegenleistung in Form einer anderen Leistung (Tausch)',
	none: 'nein, keine Gegenleistung',
	unclear: 'unklar'
};

export const ABS4 = ['none', 'nr1', 'nr2', 'nr3', 'nr4', 'nr5', 'unclear'] as const;
export type Abs4 = (typeof ABS4)[number];
export const ABS4_LABEL: Record<Abs4, string> = {
	none: 'nein, keine dieser Tätigkeiten',
	nr1: 'Nr. 1: Tätigkeit von Notarinnen und Notaren im Landesdienst (Baden-Württemberg)',
	nr2: 'Nr. 2: Abgabe von Brillen durch Selbstabgabestellen der Sozialversicherung',
	nr3: 'Nr. 3: Leistungen der Vermessungs- und Katasterbehörden (Landesvermessung, Liegenschaftskataster)',
	nr4: 'Nr. 4: Tätigkeit der Bundesanstalt für Landwirtschaft und Ernährung (Marktordnung, Vorratshaltung, Nahrungsmittelhilfe)',
	nr5: 'Nr. 5: eine Tätigkeit aus Anhang I der Mehrwertsteuer-Systemrichtlinie (zum Beispiel Wasser, Energie, Personenbeförderung)',
	unclear: 'unklar'
};

/** Annex I of Directive 2006/112/EC (referred to by § 2b Abs. 4 Nr. 5 UStG). */
export const ANNEX_I: readonly string[] = [
	'Telekommunikationswesen',
	'Lieferung von Wasser, Gas, Elektrizität und thermischer Energie',
	'Güterbeförderung',
	'Hafen- und Flughafendienstleistungen',
	'Personenbeförderung',
	'Lieferung von neuen Gegenständen zum Zwecke ihres Verkaufs',
	'Umsätze der landwirtschaftlichen Interventionsstellen aus landwirtschaftlichen Erzeugnissen',
	'Veranstaltung von Messen und Ausstellungen mit gewerblichem Charakter',
	'Lagerhaltung',
	'Tätigkeiten gewerblicher Werbebüros',
	'Tätigkeiten der Reisebüros',
	'Umsätze von betriebseigenen Kantinen, Verkaufsstellen und Genossenschaften und ähnlichen Einrichtungen',
	'Tätigkeiten der Rundfunk- und Fernsehanstalten, soweit nicht steuerbefreit'
];

/** The yes/no/unclear questions of a service relationship, in the order they are asked. */
export const REL_QUESTION_IDS = [
	'delegation_serves_giver', 'member_specific_service', 'public_law_basis', 'surveying_mutual_assistance', 'annex1_significant', 'small_turnover', 'exempt_if_private',
	'only_public_by_law', 'long_term_agreement', 'shared_public_task', 'cost_reimbursement_only', 'serves_public_bodies', 'private_market', 'support_service'
] as const;
export type RelQuestionId = (typeof REL_QUESTION_IDS)[number];

export interface RelQuestion {
	id: RelQuestionId;
	norm: string;
	short: string;
	question: string;
	/** Plain German: what is meant and how to answer. */
	explanation: string;
	/** Asked only in a situation (shown with the question). */
	only?: string;
}

export const REL_QUESTIONS: readonly RelQuestion[] = [
	{
		id: 'delegation_serves_giver', norm: '§ 1 Abs. 1 Nr. 1 UStG, § 23 Abs. 1 GkG NRW', short: 'Leistung an die abgebende Stelle trotz Delegation',
		only: 'Nur bei einer delegierenden öffentlich-rechtlichen Vereinbarung.',
		question: 'Erbringt die übernehmende Stelle trotz der Übertragung der Aufgabe eine Leistung an die abgebende Stelle?',
		explanation:
			'Bei einer delegierenden Vereinbarung geht die Aufgabe mit allen Rechten und Pflichten auf die übernehmende Stelle über; sie erledigt dann ihre eigene Aufgabe. ' +
			'Ein Ausgleich, den die abgebende Stelle dafür zahlt, ist nur dann ein Entgelt, wenn die übernehmende Stelle der abgebenden Stelle selbst etwas leistet ' +
			'(zum Beispiel für sie Bescheide vorbereitet oder Daten aufbereitet). Erledigt sie nur die übernommene Aufgabe gegenüber Bürgerinnen und Bürgern, antworten Sie „nein“.'
	},
	{
		id: 'member_specific_service', norm: '§ 1 Abs. 1 Nr. 1 UStG', short: 'eigene Leistung des Zweckverbands an das einzelne Mitglied',
		only: 'Nur wenn der Zweckverband selbst die leistende Stelle ist und die Empfänger seine Mitglieder sind.',
		question: 'Erhält das Mitglied für seine Zahlung eine bestimmte Leistung, die es selbst bekommt?',
		explanation:
			'Auf einen Zweckverband gehen die Aufgaben über, die ihm seine Mitglieder übertragen; er erfüllt sie als eigene Aufgaben. ' +
			'Eine Verbandsumlage, die nach dem Schlüssel der Satzung (etwa nach Einwohnern oder festen Anteilen) den Finanzbedarf des Verbands für diese Aufgaben deckt, ' +
			'ist kein Entgelt für eine Leistung an das einzelne Mitglied – dann antworten Sie „nein“. ' +
			'Erhält das Mitglied dagegen eine Leistung für seine eigene Verwaltung (zum Beispiel IT-Betrieb, Lohnabrechnung oder Vergaben für das Mitglied) ' +
			'oder wird nach Menge oder Inanspruchnahme abgerechnet, antworten Sie „ja“.'
	},
	{
		id: 'public_law_basis', norm: '§ 2b Abs. 1 Satz 1 UStG', short: 'Tätigkeit im Rahmen der öffentlichen Gewalt',
		question: 'Erbringt die leistende Stelle die Leistung auf öffentlich-rechtlicher Grundlage?',
		explanation:
			'Gemeint ist: Die Leistung beruht auf einem Gesetz, einer Satzung, einer öffentlich-rechtlichen Vereinbarung, einem öffentlich-rechtlichen Vertrag ' +
			'oder der Satzung eines Zweckverbands. Beruht sie auf einem privatrechtlichen Vertrag (zum Beispiel einem Kauf-, Miet- oder Dienstvertrag nach dem BGB), antworten Sie „nein“: ' +
			'Dann gelten die allgemeinen Regeln, und die Leistung ist steuerbar.'
	},
	{
		id: 'surveying_mutual_assistance', norm: '§ 2b Abs. 4 Nr. 3 UStG', short: 'Amtshilfe der Vermessungs- und Katasterbehörde',
		only: 'Nur bei Leistungen der Vermessungs- und Katasterbehörden.',
		question: 'Handelt es sich um Amtshilfe?',
		explanation:
			'Vermessungs- und Katasterbehörden sind bei Aufgaben der Landesvermessung und des Liegenschaftskatasters immer Unternehmer – außer bei Amtshilfe für eine andere Behörde. ' +
			'Antworten Sie nur dann „ja“, wenn die Leistung als Amtshilfe erbracht wird.'
	},
	{
		id: 'annex1_significant', norm: '§ 2b Abs. 4 Nr. 5 UStG', short: 'Umfang der Tätigkeit nach Anhang I nicht unbedeutend',
		only: 'Nur bei Tätigkeiten aus Anhang I.',
		question: 'Ist der Umfang dieser Tätigkeit nicht unbedeutend?',
		explanation:
			'Tätigkeiten aus Anhang I (zum Beispiel Wasserversorgung, Energie, Personenbeförderung) machen eine öffentliche Stelle immer zum Unternehmer, ' +
			'es sei denn, ihr Umfang ist unbedeutend. Antworten Sie „ja“, wenn die Tätigkeit mehr als nur geringfügig ist; im Zweifel „unklar“.'
	},
	{
		id: 'small_turnover', norm: '§ 2b Abs. 2 Nr. 1 UStG', short: 'Umsatz aus gleichartigen Tätigkeiten höchstens 17.500 € im Jahr',
		question: 'Erzielt die leistende Stelle aus gleichartigen Tätigkeiten im Kalenderjahr voraussichtlich höchstens 17.500 € Umsatz?',
		explanation:
			'Zu zählen sind alle Umsätze der leistenden Stelle aus Tätigkeiten derselben Art im Kalenderjahr – an alle Empfänger zusammen, nicht nur aus dieser Kooperation. ' +
			'Bei einem Tausch zählt der Wert der erhaltenen Gegenleistung. Liegt die Summe voraussichtlich bei höchstens 17.500 €, antworten Sie „ja“.'
	},
	{
		id: 'exempt_if_private', norm: '§ 2b Abs. 2 Nr. 2 UStG', short: 'bei Privaten steuerfrei ohne Optionsmöglichkeit',
		question: 'Wäre eine vergleichbare Leistung eines privaten Anbieters steuerfrei, ohne dass er auf die Steuerbefreiung verzichten könnte?',
		explanation:
			'Zum Beispiel Heilbehandlungen, Unterricht und Bildung oder Leistungen der Kinder- und Jugendhilfe sind auch bei privaten Anbietern steuerfrei (§ 4 UStG). ' +
			'Kann ein privater Anbieter auf die Befreiung verzichten (§ 9 UStG, etwa bei der Vermietung von Grundstücken), antworten Sie „nein“.'
	},
	{
		id: 'only_public_by_law', norm: '§ 2b Abs. 3 Nr. 1 UStG', short: 'nach Gesetz nur durch öffentliche Stellen erlaubt',
		question: 'Dürfen nach gesetzlichen Bestimmungen nur juristische Personen des öffentlichen Rechts diese Leistung erbringen?',
		explanation:
			'Gemeint ist: Ein privates Unternehmen dürfte diese Leistung rechtlich gar nicht anbieten – es genügt nicht, dass es das üblicherweise nicht tut. ' +
			'Dürften auch Private die Leistung erbringen (zum Beispiel als beauftragte Dienstleister), antworten Sie „nein“.'
	},
	{
		id: 'long_term_agreement', norm: '§ 2b Abs. 3 Nr. 2 Buchst. a UStG', short: 'langfristige öffentlich-rechtliche Vereinbarung',
		question: 'Beruht die Leistung auf einer langfristigen öffentlich-rechtlichen Vereinbarung?',
		explanation:
			'Langfristig heißt nach dem BMF-Schreiben vom 16.12.2016: für mindestens fünf Jahre geschlossen oder unbefristet. Ist die Laufzeit im Rechtlichen Stand der Kooperation erfasst, ' +
			'leitet die Anwendung die Antwort daraus ab; Ihre Antwort hier zählt dann nur, wenn sie nicht widerspricht.'
	},
	{
		id: 'shared_public_task', norm: '§ 2b Abs. 3 Nr. 2 Buchst. b UStG', short: 'öffentliche Aufgabe, die allen Beteiligten obliegt',
		question: 'Dient die Leistung dem Erhalt der öffentlichen Infrastruktur und einer öffentlichen Aufgabe, die allen Beteiligten obliegt?',
		explanation:
			'Alle Beteiligten müssen für diese Aufgabe selbst zuständig sein – etwa wenn jede Kommune ihre eigenen Vergaben durchführen muss und sie gemeinsam erledigen lässt. ' +
			'Erledigt ein Partner eine Aufgabe, für die nur er selbst oder nur der andere zuständig ist, antworten Sie „nein“.'
	},
	{
		id: 'cost_reimbursement_only', norm: '§ 2b Abs. 3 Nr. 2 Buchst. c UStG', short: 'nur Kostenerstattung',
		question: 'Wird die Leistung ausschließlich gegen Erstattung der Kosten erbracht?',
		explanation:
			'Die Partner zahlen nur die Kosten, die tatsächlich entstehen (zum Beispiel anteilige Personal- und Sachkosten nach einem Schlüssel), ohne Gewinnzuschlag. ' +
			'Enthält das Entgelt einen Aufschlag oder einen festen Preis über den Kosten, antworten Sie „nein“.'
	},
	{
		id: 'serves_public_bodies', norm: '§ 2b Abs. 3 Nr. 2 Buchst. d UStG', short: 'gleichartige Leistungen im Wesentlichen an öffentliche Stellen',
		question: 'Erbringt die leistende Stelle gleichartige Leistungen im Wesentlichen nur an andere juristische Personen des öffentlichen Rechts?',
		explanation: 'Bietet die leistende Stelle dieselbe Leistung in nennenswertem Umfang auch Unternehmen, Vereinen oder Bürgerinnen und Bürgern an, antworten Sie „nein“.'
	},
	{
		id: 'private_market', norm: '§ 2b Abs. 1 Satz 2 und Abs. 3 Nr. 2 UStG', short: 'private Anbieter könnten die Leistung erbringen',
		question: 'Könnten private Anbieter dieselbe Leistung anbieten?',
		explanation:
			'Diese Frage ist immer zu beantworten, auch wenn alle Bedingungen oben erfüllt sind: Nach dem BMF-Schreiben vom 14.11.2019 begründen die Bedingungen der Nr. 2 nur eine Vermutung. ' +
			'Gibt es für diese Leistung einen Markt mit privaten Anbietern (zum Beispiel externe Datenschutzbeauftragte, IT-Dienstleister, Reinigungs- oder Winterdienstfirmen), ' +
			'antworten Sie „ja“ – dann ist eine größere Wettbewerbsverzerrung nicht ausgeschlossen. Antworten Sie „nein“ nur, wenn Private diese Leistung tatsächlich nicht anbieten könnten.'
	},
	{
		id: 'support_service', norm: '§ 2b Abs. 3 Nr. 2 UStG', short: 'Unterstützungsleistung (IT, Reinigung, Grünpflege, Bauleistungen …)',
		question: 'Ist die Leistung eine Unterstützungsleistung wie IT, Gebäudereinigung, Grünpflege oder Bauleistungen?',
		explanation:
			'Unterstützungsleistungen dienen der Verwaltung, sind aber nicht die öffentliche Aufgabe selbst – etwa IT-Betrieb, Reinigung, Grünpflege, Bau- und Reparaturarbeiten, Druck oder Fuhrpark. ' +
			'Sie sind nach dem BMF-Schreiben vom 14.11.2019 in der Regel nicht nach Nr. 2 begünstigt.'
	}
];

export type RelAnswers = Partial<Record<RelQuestionId, Answer>> & {
	payment?: Payment;
	abs4?: Abs4;
	/** 1-based number of the Annex I item, when abs4 is 'nr5'. */
	annex1_item?: number;
};

/** A service relationship: who serves whom, what, for what payment or exchange. */
export interface VatRelationship {
	/** Body id of the provider. */
	provider: string;
	/** Body ids of the recipients. */
	recipients: string[];
	/** What is provided. */
	service: string;
	/** What is paid or given in exchange, in words. */
	consideration: string | null;
	/** The yearly payment or value of the exchange in this relationship, in euros, if known. */
	annual_amount: number | null;
	answers: RelAnswers;
}

/** What the register knows about a relationship: bodies, legal form, lifecycle. */
/** The agreement norm cited where no Land's law is recorded with the context (contexts stored before issue 13, part 4). */
export const NRW_AGREEMENT = { norm: '§ 23 Abs. 1 GkG NRW', law: 'GkG NRW' } as const;

export interface VatContext {
	provider: { name: string; public: boolean } | null;
	recipients: { name: string; public: boolean }[];
	/** Delegating or mandating, as recorded in the legal lifecycle; null when not recorded or not an agreement. */
	subType: 'delegating' | 'mandating' | null;
	/** The cooperation is a öffentlich-rechtliche Vereinbarung (GkG NRW), where the sub-type matters. */
	publicLawAgreement: boolean;
	/** Land law allows the delegation only between public bodies (GkG NRW: öffentlich-rechtliche Vereinbarungen of Gemeinden and Gemeindeverbände). */
	delegationOnlyPublic: boolean;
	/**
	 * The agreement's norm in the Land whose law applies (issue 13, part 4), e.g. "§ 23 Abs. 1 GkG NRW"
	 * or "Art. 7 ff. KommZG"; with its law's short name. Missing in contexts stored before: GkG NRW.
	 */
	agreementLaw?: { norm: string; law: string };
	/** The term as recorded in the legal lifecycle; null when not recorded. */
	term: { openEnded: boolean; years: number | null } | null;
	/**
	 * The provider is the cooperation's Zweckverband and the recipients are its members: the tasks
	 * passed to it are its own, so a general Umlage is no payment for a service to a member. With the
	 * Zweckverband norms of the Land whose law applies (e.g. "§§ 4 ff. GkG NRW", "Art. 17 ff. KommZG").
	 * Absent in contexts stored before issue 22's second part.
	 */
	association?: { norm: string; law: string } | null;
}

export type VatResult = 'not_taxable' | 'taxable' | 'open';

export const VAT_RESULT_LABEL: Record<VatResult, string> = { not_taxable: 'nicht steuerbar', taxable: 'steuerbar', open: 'offen' };
export const VAT_RESULT_SHORT = VAT_RESULT_LABEL;

export interface VatStep {
	norm: string;
	text: string;
}

export interface RelAssessment {
	result: VatResult;
	/** The norm that decides (or, when open, why it is open). */
	basis: string;
	steps: VatStep[];
}

/** A step as one German line: "text (norm)". */
export const stepLine = (s: VatStep) => (s.norm === 'Ergebnis' || s.norm === 'Hinweis' ? `${s.norm}: ${s.text}` : `${s.text} (${s.norm})`);

const Q = Object.fromEntries(REL_QUESTIONS.map((q) => [q.id, q])) as Record<RelQuestionId, RelQuestion>;
const fmtEuro = (n: number) => `${n.toLocaleString('de-DE')} €`;

/** Whether the term counts as "langfristig": open-ended, or five years or more (BMF 16.12.2016). null when not recorded. */
export function longTermFromTerm(term: VatContext['term']): { value: boolean; why: string } | null {
	if (!term) return null;
	if (term.openEnded) return { value: true, why: 'Die Vereinbarung ist nach dem Rechtlichen Stand unbefristet' };
	if (term.years === null) return null;
	return term.years >= LONG_TERM_YEARS
		? { value: true, why: `Die Laufzeit beträgt nach dem Rechtlichen Stand ${term.years} Jahre, also mindestens ${LONG_TERM_YEARS}` }
		: { value: false, why: `Die Laufzeit beträgt nach dem Rechtlichen Stand nur ${term.years} ${term.years === 1 ? 'Jahr' : 'Jahre'}, also weniger als ${LONG_TERM_YEARS}` };
}

type Exit = 'not_taxable' | 'taxable';
interface Gate {
	/** 'pass' to go on; an exit decides; 'unknown' lists which exits are still possible. */
	outcome: 'pass' | Exit | 'unknown';
	possible?: Exit[];
	step: VatStep;
	basis?: string;
}

/**
 * The result of one service relationship. Walks the gates in order; the first decided exit gives
 * the result unless an earlier open gate could have led to the other result.
 */
export function assessRelationship(ctx: VatContext, rel: Pick<VatRelationship, 'answers' | 'annual_amount'>): RelAssessment {
	const a = rel.answers;
	const yn = (id: RelQuestionId): Answer => a[id] ?? 'unclear';
	const said = (id: RelQuestionId) => (a[id] ? ANSWER_LABEL[a[id]!] : 'nicht beantwortet');
	const contradictions: VatStep[] = [];

	// ---- contradictions -------------------------------------------------------------------------
	if (a.only_public_by_law === 'yes' && a.private_market === 'yes') {
		contradictions.push({ norm: '§ 2b Abs. 3 Nr. 1 UStG', text: 'Widerspruch: Nach Ihren Angaben dürfen nur öffentliche Stellen die Leistung erbringen, zugleich könnten private Anbieter sie anbieten.' });
	}
	if (a.small_turnover === 'yes' && rel.annual_amount !== null && rel.annual_amount > SMALL_TURNOVER_LIMIT) {
		contradictions.push({ norm: '§ 2b Abs. 2 Nr. 1 UStG', text: `Widerspruch: Der Umsatz aus gleichartigen Tätigkeiten soll höchstens ${fmtEuro(SMALL_TURNOVER_LIMIT)} betragen, diese Leistungsbeziehung allein bringt aber ${fmtEuro(rel.annual_amount)} im Jahr.` });
	}
	if (a.payment === 'none' && (a.cost_reimbursement_only === 'yes' || (rel.annual_amount !== null && rel.annual_amount > 0))) {
		contradictions.push({ norm: '§ 1 Abs. 1 Nr. 1 UStG', text: 'Widerspruch: Es soll keine Gegenleistung geben, zugleich sind eine Kostenerstattung oder ein Jahresbetrag angegeben.' });
	}
	const derivedLong = ctx.publicLawAgreement ? longTermFromTerm(ctx.term) : null;
	if (derivedLong && a.long_term_agreement && a.long_term_agreement !== 'unclear' && (a.long_term_agreement === 'yes') !== derivedLong.value) {
		contradictions.push({ norm: '§ 2b Abs. 3 Nr. 2 Buchst. a UStG', text: `Widerspruch: ${derivedLong.why}; die Antwort zur Langfristigkeit lautet aber „${ANSWER_LABEL[a.long_term_agreement]}“.` });
	}
	if (contradictions.length) {
		return { result: 'open', basis: 'Widerspruch in den Angaben', steps: [...contradictions, { norm: 'Hinweis', text: 'Bitte die Angaben prüfen und mit der Steuerberatung klären.' }] };
	}

	const gates: Gate[] = [];

	// 1. Payment at all.
	const p = a.payment ?? 'unclear';
	if (p === 'none') gates.push({ outcome: 'not_taxable', basis: 'kein Leistungsaustausch (§ 1 Abs. 1 Nr. 1 UStG)', step: { norm: '§ 1 Abs. 1 Nr. 1 UStG', text: 'Für die Leistung wird keine Gegenleistung erbracht; ohne Entgelt liegt kein steuerbarer Umsatz vor.' } });
	else if (p === 'unclear') gates.push({ outcome: 'unknown', possible: ['not_taxable'], step: { norm: '§ 1 Abs. 1 Nr. 1 UStG', text: 'Offen ist, ob für die Leistung überhaupt eine Gegenleistung erbracht wird.' } });
	else if (p === 'exchange') gates.push({ outcome: 'pass', step: { norm: '§ 1 Abs. 1 Nr. 1, § 3 Abs. 12 Satz 2 und § 10 Abs. 2 Satz 2 UStG', text: 'Die Leistung wird gegen eine andere Leistung getauscht (tauschähnlicher Umsatz); der Wert der Gegenleistung gilt als Entgelt.' } });
	else gates.push({ outcome: 'pass', step: { norm: '§ 1 Abs. 1 Nr. 1 UStG', text: 'Für die Leistung wird ein Entgelt gezahlt.' } });

	// 1b. Delegating agreement: payment only where the taking-over body serves the giving one.
	if (ctx.publicLawAgreement && ctx.subType === 'delegating' && p !== 'none') {
		const agreement = (ctx.agreementLaw ?? NRW_AGREEMENT).norm;
		const d = yn('delegation_serves_giver');
		if (d === 'no') gates.push({ outcome: 'not_taxable', basis: 'kein Leistungsaustausch bei delegierender Vereinbarung (§ 1 Abs. 1 Nr. 1 UStG)', step: { norm: `§ 1 Abs. 1 Nr. 1 UStG, ${agreement}`, text: 'Die Vereinbarung ist delegierend: Die übernehmende Stelle erledigt die übertragene Aufgabe als eigene und leistet der abgebenden Stelle nichts; der Ausgleich ist kein Entgelt für eine Leistung an sie.' } });
		else if (d === 'yes') gates.push({ outcome: 'pass', step: { norm: `§ 1 Abs. 1 Nr. 1 UStG, ${agreement}`, text: 'Die Vereinbarung ist delegierend, die übernehmende Stelle erbringt der abgebenden Stelle aber eine Leistung; der Ausgleich ist insoweit Entgelt.' } });
		else gates.push({ outcome: 'unknown', possible: ['not_taxable'], step: { norm: `§ 1 Abs. 1 Nr. 1 UStG, ${agreement}`, text: `Die Vereinbarung ist delegierend; offen ist, ob die übernehmende Stelle der abgebenden Stelle eine Leistung erbringt (${said('delegation_serves_giver')}).` } });
	}

	// 1c. A Zweckverband and its members: the Umlage for the tasks passed to it is no payment for a
	// service to the member; payment only where the member receives a service of its own.
	if (ctx.association && p !== 'none') {
		const m = yn('member_specific_service');
		const norm = `§ 1 Abs. 1 Nr. 1 UStG, ${ctx.association.norm}`;
		if (m === 'no') gates.push({ outcome: 'not_taxable', basis: 'kein Leistungsaustausch (§ 1 Abs. 1 Nr. 1 UStG): Verbandsumlage für übertragene Aufgaben', step: { norm, text: 'Der Zweckverband erfüllt die ihm übertragenen Aufgaben als eigene; die Umlage der Mitglieder deckt seinen Finanzbedarf und ist kein Entgelt für eine Leistung an das einzelne Mitglied.' } });
		else if (m === 'yes') gates.push({ outcome: 'pass', step: { norm, text: 'Der Zweckverband erbringt dem Mitglied eine eigene Leistung (für dessen Verwaltung oder nach Inanspruchnahme abgerechnet); die Zahlung ist insoweit Entgelt.' } });
		else gates.push({ outcome: 'unknown', possible: ['not_taxable'], step: { norm, text: `Leistung des Zweckverbands an seine Mitglieder: offen ist, ob das Mitglied für seine Zahlung eine eigene Leistung erhält oder nur die Aufgaben des Verbands mitfinanziert (${said('member_specific_service')}).` } });
	}

	// 2. A legal person under public law?
	if (!ctx.provider) gates.push({ outcome: 'unknown', possible: ['taxable'], step: { norm: '§ 2b Abs. 1 UStG', text: 'Die leistende Stelle ist nicht angegeben.' } });
	else if (!ctx.provider.public) gates.push({ outcome: 'taxable', basis: '§ 2 Abs. 1 UStG (keine juristische Person des öffentlichen Rechts)', step: { norm: `§ 2 Abs. 1, § 2b Abs. 1 UStG; ${BMF_RZ.jpoer}`, text: `${ctx.provider.name} ist keine juristische Person des öffentlichen Rechts; § 2b UStG gilt nicht, sie ist nach den allgemeinen Regeln Unternehmerin.` } });
	else gates.push({ outcome: 'pass', step: { norm: `§ 2b Abs. 1 UStG; ${BMF_RZ.jpoer}`, text: `${ctx.provider.name} ist eine juristische Person des öffentlichen Rechts (oder Teil einer solchen).` } });

	// 3. Acting under public law.
	const pl = yn('public_law_basis');
	if (pl === 'no') gates.push({ outcome: 'taxable', basis: '§ 2b Abs. 1 Satz 1 UStG nicht erfüllt', step: { norm: '§ 2b Abs. 1 Satz 1 UStG', text: 'Die Leistung wird nicht auf öffentlich-rechtlicher Grundlage erbracht; es gelten die allgemeinen Regeln.' } });
	else if (pl === 'yes') gates.push({ outcome: 'pass', step: { norm: '§ 2b Abs. 1 Satz 1 UStG', text: 'Die Leistung wird auf öffentlich-rechtlicher Grundlage erbracht.' } });
	else gates.push({ outcome: 'unknown', possible: ['taxable'], step: { norm: '§ 2b Abs. 1 Satz 1 UStG', text: `Offen ist, ob die Leistung auf öffentlich-rechtlicher Grundlage erbracht wird (${said('public_law_basis')}).` } });

	// 4. Abs. 4: always business.
	const n4 = a.abs4 ?? 'unclear';
	const abs4Taxable = (text: string, nr: string): Gate => ({ outcome: 'taxable', basis: `§ 2b Abs. 4 ${nr} UStG`, step: { norm: `§ 2b Abs. 4 ${nr} UStG`, text } });
	if (n4 === 'none') gates.push({ outcome: 'pass', step: { norm: '§ 2b Abs. 4 UStG', text: 'Keine der Tätigkeiten, mit denen öffentliche Stellen stets Unternehmer sind.' } });
	else if (n4 === 'unclear') gates.push({ outcome: 'unknown', possible: ['taxable'], step: { norm: '§ 2b Abs. 4 UStG', text: 'Offen ist, ob eine Tätigkeit nach § 2b Abs. 4 UStG vorliegt (dann stets Unternehmer).' } });
	else if (n4 === 'nr3') {
		const m = yn('surveying_mutual_assistance');
		if (m === 'yes') gates.push({ outcome: 'pass', step: { norm: '§ 2b Abs. 4 Nr. 3 UStG', text: 'Leistung der Vermessungs- und Katasterbehörde als Amtshilfe; die Ausnahme von Abs. 4 Nr. 3 greift.' } });
		else if (m === 'no') gates.push(abs4Taxable('Leistungen der Vermessungs- und Katasterbehörden bei der Landesvermessung und dem Liegenschaftskataster sind stets unternehmerisch (keine Amtshilfe).', 'Nr. 3'));
		else gates.push({ outcome: 'unknown', possible: ['taxable'], step: { norm: '§ 2b Abs. 4 Nr. 3 UStG', text: 'Vermessung und Kataster: offen ist, ob es sich um Amtshilfe handelt.' } });
	} else if (n4 === 'nr5') {
		const item = a.annex1_item && ANNEX_I[a.annex1_item - 1] ? ANNEX_I[a.annex1_item - 1] : null;
		const what = item ? `„${item}“ (Anhang I Nr. ${a.annex1_item} MwStSystRL)` : 'eine Tätigkeit aus Anhang I MwStSystRL';
		const s = yn('annex1_significant');
		if (s === 'yes') gates.push(abs4Taxable(`${what} in nicht unbedeutendem Umfang: Die öffentliche Stelle ist damit stets Unternehmerin, auch auf öffentlich-rechtlicher Grundlage; Abs. 2 und 3 kommen nicht zum Zug.`, 'Nr. 5'));
		else if (s === 'no') gates.push({ outcome: 'pass', step: { norm: '§ 2b Abs. 4 Nr. 5 UStG', text: `${what}, aber nur in unbedeutendem Umfang; Abs. 4 Nr. 5 greift nicht.` } });
		else gates.push({ outcome: 'unknown', possible: ['taxable'], step: { norm: '§ 2b Abs. 4 Nr. 5 UStG', text: `${what}: offen ist, ob ihr Umfang unbedeutend ist.` } });
	} else {
		gates.push(abs4Taxable(`${ABS4_LABEL[n4]}: stets unternehmerisch.`, n4 === 'nr1' ? 'Nr. 1' : n4 === 'nr2' ? 'Nr. 2' : 'Nr. 4'));
	}

	// 5. Abs. 2.
	const st = yn('small_turnover');
	if (st === 'yes') gates.push({ outcome: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 1 UStG', step: { norm: '§ 2b Abs. 2 Nr. 1 UStG', text: `Der Umsatz aus gleichartigen Tätigkeiten übersteigt voraussichtlich ${fmtEuro(SMALL_TURNOVER_LIMIT)} im Kalenderjahr nicht; größere Wettbewerbsverzerrungen liegen nicht vor.` } });
	else if (st === 'no') gates.push({ outcome: 'pass', step: { norm: '§ 2b Abs. 2 Nr. 1 UStG', text: `Der Umsatz aus gleichartigen Tätigkeiten übersteigt ${fmtEuro(SMALL_TURNOVER_LIMIT)} im Kalenderjahr${rel.annual_amount !== null ? ` (diese Leistungsbeziehung: ${fmtEuro(rel.annual_amount)})` : ''}.` } });
	else gates.push({ outcome: 'unknown', possible: ['not_taxable'], step: { norm: '§ 2b Abs. 2 Nr. 1 UStG', text: `Offen ist, ob der Umsatz aus gleichartigen Tätigkeiten ${fmtEuro(SMALL_TURNOVER_LIMIT)} im Kalenderjahr übersteigt (${said('small_turnover')}).` } });
	const ex = yn('exempt_if_private');
	if (ex === 'yes') gates.push({ outcome: 'not_taxable', basis: '§ 2b Abs. 2 Nr. 2 UStG', step: { norm: '§ 2b Abs. 2 Nr. 2 UStG', text: 'Vergleichbare Leistungen privater Anbieter wären ohne Optionsmöglichkeit (§ 9 UStG) steuerfrei; größere Wettbewerbsverzerrungen liegen nicht vor.' } });
	else if (ex === 'no') gates.push({ outcome: 'pass', step: { norm: '§ 2b Abs. 2 Nr. 2 UStG', text: 'Vergleichbare Leistungen privater Anbieter wären nicht ohne Optionsmöglichkeit steuerfrei.' } });
	else gates.push({ outcome: 'unknown', possible: ['not_taxable'], step: { norm: '§ 2b Abs. 2 Nr. 2 UStG', text: `Offen ist, ob vergleichbare private Leistungen ohne Optionsmöglichkeit steuerfrei wären (${said('exempt_if_private')}).` } });

	// 6. and 7. Delegation line, Abs. 3 and the private-provider test.
	gates.push(...competition(ctx, a, derivedLong));

	// Walk.
	const steps: VatStep[] = [];
	const pending: { possible: Exit[]; step: VatStep }[] = [];
	for (const g of gates) {
		steps.push(g.step);
		if (g.outcome === 'pass') continue;
		if (g.outcome === 'unknown') {
			pending.push({ possible: g.possible ?? ['not_taxable', 'taxable'], step: g.step });
			continue;
		}
		const other: Exit = g.outcome === 'taxable' ? 'not_taxable' : 'taxable';
		const blocking = pending.filter((x) => x.possible.includes(other));
		if (blocking.length) {
			return {
				result: 'open', basis: 'eine vorrangige Frage ist offen',
				steps: [...steps, { norm: 'Ergebnis', text: `Nach den übrigen Angaben wäre die Leistung ${VAT_RESULT_LABEL[g.outcome]} (${g.basis}); das hängt aber noch an: ${blocking.map((x) => x.step.text).join(' ')}` }]
			};
		}
		return { result: g.outcome, basis: g.basis ?? g.step.norm, steps: [...steps, { norm: 'Ergebnis', text: `${VAT_RESULT_LABEL[g.outcome]} nach ${g.basis ?? g.step.norm}; weitere Fragen sind für das Ergebnis nicht erforderlich.` }] };
	}
	return { result: 'open', basis: 'nicht alle nötigen Fragen beantwortet', steps: [...steps, { norm: 'Ergebnis', text: 'offen: Es fehlen Antworten, die für das Ergebnis nötig sind.' }] };
}

function competition(ctx: VatContext, a: RelAnswers, derivedLong: { value: boolean; why: string } | null): Gate[] {
	const gates: Gate[] = [];
	const yn = (id: RelQuestionId): Answer => a[id] ?? 'unclear';
	const allPublic = ctx.recipients.length > 0 && ctx.recipients.every((r) => r.public);

	// Delegation with discharging effect allowed by Land law only between public bodies.
	if (ctx.publicLawAgreement && ctx.subType === 'delegating' && ctx.delegationOnlyPublic && allPublic) {
		gates.push({
			outcome: 'not_taxable', basis: `§ 2b Abs. 1 Satz 2 UStG (${BUND_LAENDER_2023})`,
			step: { norm: `§ 2b Abs. 1 Satz 2 UStG; ${BUND_LAENDER_2023}`, text: `Delegierende Vereinbarung mit befreiender Wirkung, die das Landesrecht (${(ctx.agreementLaw ?? NRW_AGREEMENT).law}) nur zwischen öffentlichen Stellen zulässt: keine größeren Wettbewerbsverzerrungen.` }
		});
		return gates;
	}
	// Another Land's agreement: whether its law, too, allows the delegation only between public
	// bodies is not held here (issue 13, part 4), so the shortcut stays open instead of assumed.
	if (ctx.publicLawAgreement && ctx.subType === 'delegating' && !ctx.delegationOnlyPublic && allPublic && ctx.agreementLaw && ctx.agreementLaw.law !== NRW_AGREEMENT.law) {
		gates.push({
			outcome: 'unknown', possible: ['not_taxable'],
			step: { norm: `§ 2b Abs. 1 Satz 2 UStG; ${BUND_LAENDER_2023}; ${ctx.agreementLaw.norm}`, text: `Delegierende Vereinbarung zwischen öffentlichen Stellen: Ob das Landesrecht (${ctx.agreementLaw.law}) sie nur zwischen öffentlichen Stellen zulässt – dann keine größeren Wettbewerbsverzerrungen –, hält IKZ-Atlas nicht fest; bitte mit der Steuerberatung klären.` }
		});
	}

	const pm = yn('private_market');
	const marketGate = (why: string): Gate =>
		pm === 'yes'
			? { outcome: 'taxable', basis: '§ 2b Abs. 1 Satz 2 UStG (größere Wettbewerbsverzerrungen)', step: { norm: `§ 2b Abs. 1 Satz 2 UStG; ${BMF_2019}`, text: `${why} Private Anbieter könnten die Leistung erbringen; größere Wettbewerbsverzerrungen sind nicht ausgeschlossen.` } }
			: pm === 'no'
				? { outcome: 'unknown', possible: ['not_taxable', 'taxable'], step: { norm: `§ 2b Abs. 1 Satz 2 UStG; ${BMF_2016}`, text: `${why} Private Anbieter könnten die Leistung nach Ihren Angaben nicht erbringen; ob größere Wettbewerbsverzerrungen ausgeschlossen sind, ist ohne einen Fall des Abs. 2 oder 3 mit der Steuerberatung zu klären.` } }
				: { outcome: 'unknown', possible: ['not_taxable', 'taxable'], step: { norm: `§ 2b Abs. 1 Satz 2 UStG; ${BMF_2019}`, text: `${why} Offen ist, ob private Anbieter die Leistung erbringen könnten.` } };

	if (!allPublic) {
		gates.push(marketGate(ctx.recipients.length ? 'Die Leistung geht (auch) an Stellen, die keine juristischen Personen des öffentlichen Rechts sind; § 2b Abs. 3 UStG gilt nur für Leistungen an solche.' : 'Die Empfänger der Leistung sind nicht angegeben; § 2b Abs. 3 UStG ist nicht zu prüfen.'));
		return gates;
	}

	// Abs. 3 Nr. 1.
	const nr1 = yn('only_public_by_law');
	if (nr1 === 'yes') {
		gates.push({ outcome: 'not_taxable', basis: '§ 2b Abs. 3 Nr. 1 UStG', step: { norm: '§ 2b Abs. 3 Nr. 1 UStG', text: 'Nach gesetzlichen Bestimmungen dürfen nur juristische Personen des öffentlichen Rechts die Leistung erbringen; größere Wettbewerbsverzerrungen liegen nicht vor.' } });
		return gates;
	}
	const nr1Step: VatStep = nr1 === 'no'
		? { norm: '§ 2b Abs. 3 Nr. 1 UStG', text: 'Die Leistung dürften nach dem Gesetz auch Private erbringen; Nr. 1 ist nicht erfüllt.' }
		: { norm: '§ 2b Abs. 3 Nr. 1 UStG', text: 'Offen ist, ob nur öffentliche Stellen die Leistung erbringen dürfen.' };

	// Abs. 3 Nr. 2 a–d, a derived from the recorded term where possible.
	const la: Answer = derivedLong ? (derivedLong.value ? 'yes' : 'no') : yn('long_term_agreement');
	const cond: [RelQuestionId, Answer][] = [['long_term_agreement', la], ['shared_public_task', yn('shared_public_task')], ['cost_reimbursement_only', yn('cost_reimbursement_only')], ['serves_public_bodies', yn('serves_public_bodies')]];
	const failed = cond.filter(([, v]) => v === 'no').map(([id]) => Q[id].short);
	const unsettled = cond.filter(([, v]) => v === 'unclear').map(([id]) => Q[id].short);
	const aLine = derivedLong ? `${derivedLong.why} (${BMF_2016}: langfristig ab ${LONG_TERM_YEARS} Jahren oder unbefristet).` : `Langfristigkeit: ${a.long_term_agreement ? ANSWER_LABEL[a.long_term_agreement] : 'nicht beantwortet'} (Laufzeit im Rechtlichen Stand nicht erfasst).`;
	const sup = yn('support_service');
	const nr2Norm = `§ 2b Abs. 3 Nr. 2 UStG; ${BMF_2016}; ${BMF_2019}`;

	if (failed.length) {
		// Nr. 2 fails; Nr. 1 decides whether Abs. 3 can still hold.
		gates.push({ outcome: nr1 === 'no' ? 'pass' : 'unknown', possible: ['not_taxable'], step: { ...nr1Step } });
		gates.push(marketGate(`${aLine} § 2b Abs. 3 Nr. 2 UStG ist nicht erfüllt: nicht erfüllt ist ${failed.join(', ')}.`));
		return gates;
	}
	if (unsettled.length) {
		gates.push({ outcome: 'unknown', possible: ['not_taxable', 'taxable'], step: { norm: nr1Step.norm, text: `${nr1Step.text} ${aLine} Für § 2b Abs. 3 Nr. 2 UStG ist noch offen: ${unsettled.join(', ')}.` } });
		return gates;
	}
	// a–d hold: the presumption of Nr. 2; the private-provider test and the support services decide.
	if (sup === 'yes') {
		gates.push({ outcome: nr1 === 'no' ? 'pass' : 'unknown', possible: ['not_taxable'], step: nr1Step });
		gates.push({ outcome: 'taxable', basis: '§ 2b Abs. 3 Nr. 2 UStG nicht anwendbar (Unterstützungsleistung, BMF 14.11.2019)', step: { norm: nr2Norm, text: `${aLine} Die Bedingungen a–d sind erfüllt, die Leistung ist aber eine Unterstützungsleistung (zum Beispiel IT, Reinigung, Grünpflege, Bauleistungen); solche Leistungen sind in der Regel nicht begünstigt, größere Wettbewerbsverzerrungen sind nicht ausgeschlossen.` } });
		return gates;
	}
	if (pm === 'yes') {
		gates.push({ outcome: nr1 === 'no' ? 'pass' : 'unknown', possible: ['not_taxable'], step: nr1Step });
		gates.push({ outcome: 'taxable', basis: '§ 2b Abs. 3 Nr. 2 UStG widerlegt (private Anbieter, BMF 14.11.2019)', step: { norm: nr2Norm, text: `${aLine} Die Bedingungen a–d sind erfüllt; sie begründen aber nur eine Vermutung. Private Anbieter könnten die Leistung erbringen, deshalb sind größere Wettbewerbsverzerrungen nicht ausgeschlossen.` } });
		return gates;
	}
	if (pm === 'no' && sup === 'no') {
		gates.push({ outcome: 'not_taxable', basis: '§ 2b Abs. 3 Nr. 2 UStG', step: { norm: nr2Norm, text: `${nr1Step.text} ${aLine} Die Bedingungen a–d sind erfüllt, private Anbieter könnten die Leistung nicht erbringen, und sie ist keine Unterstützungsleistung: Die Zusammenarbeit ist durch gemeinsame spezifische öffentliche Interessen bestimmt, größere Wettbewerbsverzerrungen liegen nicht vor.` } });
		return gates;
	}
	gates.push({ outcome: 'unknown', possible: ['not_taxable', 'taxable'], step: { norm: nr2Norm, text: `${nr1Step.text} ${aLine} Die Bedingungen a–d sind erfüllt; offen ist noch ${[pm === 'unclear' ? 'ob private Anbieter die Leistung erbringen könnten' : null, sup === 'unclear' ? 'ob es eine Unterstützungsleistung ist' : null].filter(Boolean).join(' und ')}.` } });
	return gates;
}

/** The result of a cooperation from its relationships: open if any is open or none is recorded, else taxable if any is, else not taxable. */
export function combineResults(results: readonly VatResult[]): VatResult {
	if (!results.length || results.includes('open')) return 'open';
	return results.includes('taxable') ? 'taxable' : 'not_taxable';
}

// ---- the Optionserklärung (§ 27 Abs. 22 and 22a UStG) -----------------------------------------------

export const OPTION_FILED = ['yes', 'no', 'unknown'] as const;
export type OptionFiled = (typeof OPTION_FILED)[number];
export const OPTION_FILED_LABEL: Record<OptionFiled, string> = {
	yes: 'abgegeben',
	no: 'nicht abgegeben',
	unknown: 'unbekannt'
};

export interface VatOption {
	filed: OptionFiled;
	/** ISO day the revocation was filed with the tax office, if revoked. */
	revokedOn: string | null;
	/** The calendar year from whose beginning the revocation takes effect, if the body named a later one. */
	revokedFromYear: number | null;
}

/** The first day of the transition's end: the old law (§ 2 Abs. 3 UStG a. F.) applies until 31.12.2026 at the latest (§ 27 Abs. 22a UStG). */
export const TRANSITION_END_NEXT_DAY = '2027-01-01';
/** § 2b applies to turnovers after 31.12.2016 (§ 27 Abs. 22 Satz 1 UStG). */
export const VAT_2B_IN_FORCE = '2017-01-01';

/**
 * The day from which § 2b applies to a body, after its Optionserklärung. The rule applied:
 * - not filed: § 2b has applied since 01.01.2017 (§ 27 Abs. 22 Satz 1 and 2 UStG);
 * - filed and never revoked: the old law until 31.12.2026, § 2b from 01.01.2027 (§ 27 Abs. 22a UStG);
 * - revoked: § 27 Abs. 22 UStG allows the revocation only with effect from the beginning of a
 *   calendar year following its filing; so § 2b applies from 1 January of the year after the
 *   revocation, or from the beginning of a later year the body named, never later than 01.01.2027;
 * - unknown: no date, the office must find out.
 */
export function vat2bAppliesFrom(o: VatOption | null): { date: string | null; reason: string } {
	if (!o || o.filed === 'unknown') return { date: null, reason: 'Ob die Optionserklärung nach § 27 Abs. 22 UStG abgegeben wurde, ist nicht erfasst; das Datum lässt sich nicht bestimmen.' };
	if (o.filed === 'no') return { date: VAT_2B_IN_FORCE, reason: 'Keine Optionserklärung abgegeben: § 2b UStG gilt seit dem 01.01.2017 (§ 27 Abs. 22 UStG).' };
	if (!o.revokedOn) return { date: TRANSITION_END_NEXT_DAY, reason: 'Optionserklärung abgegeben und nicht widerrufen: bis 31.12.2026 altes Recht, § 2b UStG ab dem 01.01.2027 (§ 27 Abs. 22a UStG).' };
	const year = Math.max(Number(o.revokedOn.slice(0, 4)) + 1, o.revokedFromYear ?? 0, 2017);
	const date = `${year}-01-01` < TRANSITION_END_NEXT_DAY ? `${year}-01-01` : TRANSITION_END_NEXT_DAY;
	return {
		date,
		reason: `Optionserklärung widerrufen am ${o.revokedOn.split('-').reverse().join('.')}: Der Widerruf wirkt ab Beginn eines folgenden Kalenderjahres, § 2b UStG gilt ab dem ${date.split('-').reverse().join('.')} (§ 27 Abs. 22 UStG).`
	};
}

/** Whole days from `today` until 1 January 2027 (0 on and after that day). */
export function daysUntilVat2b(today: string): number {
	const d = Math.round((Date.parse(`${TRANSITION_END_NEXT_DAY}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
	return Math.max(0, d);
}

// ---- the no-JS form (read and checked by src/lib/server/forms/vat-questionnaire.ts) --------------------

export const VAT_NOTE_MAX = 2000;
export const MAX_RELATIONSHIPS = 20;

/** The posted values of one relationship block, as strings, to render the form again. */
export interface RelFormValues {
	provider: string;
	recipients: string[];
	service: string;
	consideration: string;
	amount: string;
	payment: string;
	abs4: string;
	annex1: string;
	answers: Record<RelQuestionId, string>;
	remove: boolean;
}

export interface VatFormValues {
	relationships: RelFormValues[];
	review_date: string;
	note: string;
}

export const relField = (i: number, name: string) => `r${i}-${name}`;
export const relAnswerField = (i: number, id: RelQuestionId) => `r${i}-q-${id}`;

export const emptyRelValues = (): RelFormValues => ({
	provider: '', recipients: [], service: '', consideration: '', amount: '', payment: '', abs4: '', annex1: '', remove: false,
	answers: Object.fromEntries(REL_QUESTION_IDS.map((id) => [id, ''])) as Record<RelQuestionId, string>
});

export function relValuesOf(r: VatRelationship): RelFormValues {
	return {
		provider: r.provider, recipients: [...r.recipients], service: r.service, consideration: r.consideration ?? '',
		amount: r.annual_amount === null ? '' : String(r.annual_amount).replace('.', ','), payment: r.answers.payment ?? '', abs4: r.answers.abs4 ?? '',
		annex1: r.answers.annex1_item ? String(r.answers.annex1_item) : '', remove: false,
		answers: Object.fromEntries(REL_QUESTION_IDS.map((id) => [id, r.answers[id] ?? ''])) as Record<RelQuestionId, string>
	};
}

/** A German amount of euros ("8.000", "8000,50", "17.500 €") as a number; null when empty, NaN when unreadable. */
export function parseEuro(s: string): number | null {
	const t = s.replace(/€|eur(o)?/gi, '').replace(/\s/g, '');
	if (!t) return null;
	if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(t)) return Number.NaN;
	return Number(t.replace(/\./g, '').replace(',', '.'));
}

export function germanDay(s: string): string | null {
	const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
	return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

export function isRealDay(iso: string): boolean {
	const t = Date.parse(`${iso}T00:00:00Z`);
	return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
}
