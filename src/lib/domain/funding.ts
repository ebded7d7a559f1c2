/**
 * The funding check (issue 7, item 3; made exact in issue 22): does a cooperation or an idea meet a
 * funding programme's conditions, why (one reason per condition), and what is the largest possible
 * grant? Pure: the programme is data (data/funding/programmes.yaml), `today` is passed in.
 *
 * Each condition is true (met), false (not met) or null (open: the input is unknown, the figure is
 * not verified, or the programme allows exceptions that only the granting authority can decide).
 * The result is eligible when all are met, not eligible as soon as one is not met, open otherwise.
 *
 * Rules carried as data, so that another Land's programme is one more entry:
 * - validity from the programme's Richtlinie (`valid_from`, null = start not verified) to `valid_to`;
 *   a programme with several versions of its figures has one entry per validity period;
 * - new projects only (`new_projects_only`): a cooperation that already runs is no new project;
 * - partners: only partners from the programme's Land count (`count_only_land_partners`), those
 *   outside (another Land, a neighbouring state) neither make the minimum nor raise the cap; a
 *   cross-border project with a single partner from the Land may have its own cap
 *   (`cross_border_single_partner_cap`, NRW: 75,000 €);
 * - a minimum term (`min_years`) that may be a rule with exceptions (`min_years_exceptions`): a
 *   shorter term is then open (an exception must be agreed), not a refusal;
 * - savings as a share of the present costs (`min_savings`), or, where the programme names them as
 *   alternatives, an increase of the income in the task area (`min_income_increase`, measured
 *   against the income so far and never added to the savings) or a clear improvement
 *   (`improvement_alternative`);
 * - the smallest eligible costs (`min_costs`, a Bagatellgrenze), a higher cap under a condition the
 *   check cannot decide (`raised_cap`, stated with the result), and further conditions of the
 *   Richtlinie that the check does not decide (`further_conditions`, listed with the result);
 * - a stored version that ends while an extension was not checked (`extension_unchecked`): after
 *   its end the answer is open, not a refusal;
 * - any figure may be null = not verified against the published Richtlinie: the condition stays open
 *   and says so. `unverified` names the figures taken from secondary sources.
 */

export interface FundingProgramme {
	id: string;
	land: string;
	name: string;
	/** The Richtlinie (title and date) the figures come from, when known. */
	richtlinie?: string | null;
	source_note: string;
	/** ISO day (YYYY-MM-DD) from which the rules apply; null = start not verified. */
	valid_from: string | null;
	/** ISO day until which they apply (inclusive); null = open-ended. */
	valid_to: string | null;
	/** Fewest partners from the Land the programme funds (the base amount is for this many); null = not verified. */
	min_partners: number | null;
	/** Most the programme pays for `min_partners` partners, in euro; null = not verified. */
	base_amount: number | null;
	/** Added to the cap for every partner beyond `min_partners`, in euro; null = not verified. */
	per_further_partner: number | null;
	/** Largest share of the costs the grant may cover (0.9 = 90 %); null = not verified. */
	max_share: number | null;
	/** Shortest term of the cooperation, in years; null = not verified. */
	min_years: number | null;
	/** Whether a shorter term is possible by way of exception (then open, not refused). */
	min_years_exceptions?: boolean;
	/** Smallest expected savings as a share of the present costs (0.15 = 15 %); null = not verified. */
	min_savings: number | null;
	/** Whether a clear improvement of the service can stand in for the savings; null = not verified. */
	improvement_alternative: boolean | null;
	/**
	 * Increase of the income in the task area, against the income so far, that stands in for the
	 * savings as an alternative of its own (NRW: 15 %); never added to the savings. Absent = the
	 * programme names no such alternative; null = whether it does is not verified.
	 */
	min_income_increase?: number | null;
	/** Smallest eligible costs of a project (Bagatellgrenze), in euro; absent = none. */
	min_costs?: number | null;
	/** A higher cap under a condition the check does not decide (stated with the result). */
	raised_cap?: { amount: number; condition: string } | null;
	/** Further conditions of the Richtlinie that the check does not decide; listed with the result. */
	further_conditions?: string[];
	/** The version ends at `valid_to`, and whether the Richtlinie was extended is not checked: afterwards open, not refused. */
	extension_unchecked?: boolean;
	/** Only projects not yet begun (no cooperation already running for the task). */
	new_projects_only?: boolean;
	/** Only partners from the programme's Land count for the minimum and the cap. */
	count_only_land_partners?: boolean;
	/** The cap of a cross-border project with only one partner from the Land; null = no such case. */
	cross_border_single_partner_cap?: number | null;
	/** Figures (field names) not verified against the Richtlinie text, for the page and the docs. */
	unverified?: string[];
}

export interface FundingInput {
	/** Partners from the programme's Land (bodies taking part); null when not known yet. */
	partners: number | null;
	/** Partners from outside the Land (another Land, a neighbouring state); null/absent = none known. */
	otherPartners?: number | null;
	/** Whether it is a new project (not begun, not an existing cooperation); null when not assessed. */
	newProject?: boolean | null;
	/** Total costs of the project in euro; null when not known yet. */
	costs: number | null;
	/** Term of the cooperation in years; null when not known yet. */
	years: number | null;
	/** Expected savings as a share (0.2 = 20 %); null when not known yet. */
	savingsShare: number | null;
	/** Expected increase of the income in the task area as a share of the income so far (0.2 = 20 %); null/absent when none given. */
	incomeShare?: number | null;
	/** A clear improvement of the service (quality, reach, resilience); null when not assessed. */
	clearImprovement: boolean | null;
}

export interface FundingReason {
	/** true = met, false = not met, null = open. */
	ok: boolean | null;
	text: string;
}

export interface FundingResult {
	/** false when the programme does not apply on `today` (then nothing else is checked). */
	applicable: boolean;
	eligible: true | false | 'open';
	reasons: FundingReason[];
	/** The cap by the number of partners (null when the number is unknown, too small or the figures are not verified). */
	cap: number | null;
	/** min(cap, max_share × costs), rounded down to whole euro; null when either is unknown or not eligible. */
	maxGrant: number | null;
	/** What the check does not decide: the programme's further conditions and a higher cap's condition. */
	notes: string[];
}

const MONEY = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0, useGrouping: true });

/** German money without cents: 175000 → "175.000 €". */
export function formatEuro(amount: number): string {
	return `${MONEY.format(Math.round(amount))} €`;
}

/** A share as German percent: 0.15 → "15 %", 0.125 → "12,5 %". */
export function formatPercent(share: number): string {
	const n = Math.round(share * 1000) / 10;
	return `${n.toLocaleString('de-DE', { maximumFractionDigits: 1 })} %`;
}

const germanDay = (iso: string) => {
	const [y, m, d] = iso.split('-');
	return `${d}.${m}.${y}`;
};

/** Is the programme in force on the ISO day `today`? An unverified start counts as "already begun". */
export function programmeValidOn(p: FundingProgramme, today: string): boolean {
	return (p.valid_from === null || p.valid_from <= today) && (p.valid_to === null || today <= p.valid_to);
}

/** The validity in German: "ab 31.08.2021", "bis 30.08.2021 (Beginn nicht geprüft)" … */
export function validityText(p: FundingProgramme): string {
	if (p.valid_from && p.valid_to) return `vom ${germanDay(p.valid_from)} bis ${germanDay(p.valid_to)}`;
	if (p.valid_from) return `ab ${germanDay(p.valid_from)}`;
	if (p.valid_to) return `bis ${germanDay(p.valid_to)} (Beginn nicht geprüft)`;
	return 'Zeitraum nicht geprüft';
}

/** The cap by the number of partners from the Land: the base amount plus the amount per further partner. */
export function capFor(p: FundingProgramme, partners: number): number | null {
	if (p.min_partners === null || p.base_amount === null || p.per_further_partner === null) return null;
	if (!Number.isInteger(partners) || partners < p.min_partners) return null;
	return p.base_amount + p.per_further_partner * (partners - p.min_partners);
}

const NOT_VERIFIED = 'ist in den hinterlegten Programmdaten nicht gegen die Förderrichtlinie geprüft; bitte in der geltenden Richtlinie nachsehen';

/** Check one cooperation or idea against one programme on the ISO day `today`. */
export function checkFunding(p: FundingProgramme, input: FundingInput, today: string): FundingResult {
	if (!programmeValidOn(p, today)) {
		const ended = p.valid_to !== null && today > p.valid_to;
		if (ended && p.extension_unchecked) {
			return {
				applicable: false, eligible: 'open', cap: null, maxGrant: null, notes: [],
				reasons: [{ ok: null, text: `Die hinterlegte Fassung des Programms „${p.name}“ galt ${validityText(p)}; ob die Richtlinie verlängert oder neu gefasst wurde, ist in den hinterlegten Daten nicht geprüft. Bitte die geltende Fassung bei der Bewilligungsbehörde erfragen.` }]
			};
		}
		return {
			applicable: false, eligible: false, cap: null, maxGrant: null, notes: [],
			reasons: [{ ok: false, text: `Das Programm „${p.name}“ gilt am ${germanDay(today)} nicht (gültig ${validityText(p)}).` }]
		};
	}
	const reasons: FundingReason[] = [];
	if (p.valid_from === null) reasons.push({ ok: null, text: `Ab wann diese Fassung des Programms gilt, ${NOT_VERIFIED}.` });

	// New projects only
	if (p.new_projects_only) {
		if (input.newProject === true) reasons.push({ ok: true, text: 'Es ist ein neues Vorhaben; gefördert werden nur neue Projekte.' });
		else if (input.newProject === false) reasons.push({ ok: false, text: 'Gefördert werden nur neue Projekte; eine bereits laufende Zusammenarbeit ist keines.' });
		else reasons.push({ ok: null, text: 'Ob es ein neues Vorhaben ist, ist noch offen; gefördert werden nur neue Projekte.' });
	}

	// Partners
	const cap = partnersReason(p, input, reasons);

	// Term
	const { years } = input;
	if (p.min_years === null) reasons.push({ ok: null, text: `Die Mindestlaufzeit ${NOT_VERIFIED}.` });
	else if (years === null) reasons.push({ ok: null, text: `Die Laufzeit ist noch offen; verlangt sind in der Regel mindestens ${p.min_years} Jahre.` });
	else if (years >= p.min_years) reasons.push({ ok: true, text: `Die Laufzeit von ${fmtYears(years)} erfüllt die Mindestdauer von ${p.min_years} Jahren.` });
	else if (p.min_years_exceptions) reasons.push({ ok: null, text: `Die Laufzeit von ${fmtYears(years)} liegt unter der Regel von mindestens ${p.min_years} Jahren; eine Ausnahme ist möglich, muss aber mit der Bewilligungsbehörde geklärt werden.` });
	else reasons.push({ ok: false, text: `Die Laufzeit von ${fmtYears(years)} ist zu kurz: verlangt sind mindestens ${p.min_years} Jahre.` });

	// Savings, or a clear improvement where the programme accepts one instead
	reasons.push(savingsReason(p, input));

	// Costs: needed for the share limit
	const { costs } = input;
	const minCosts = p.min_costs ?? null;
	if (costs !== null && costs <= 0) reasons.push({ ok: false, text: 'Ohne Kosten gibt es nichts zu fördern.' });
	else if (minCosts !== null && costs !== null && costs < minCosts) reasons.push({ ok: false, text: `Gesamtkosten ${formatEuro(costs)}: Vorhaben mit zuwendungsfähigen Ausgaben unter ${formatEuro(minCosts)} werden nicht gefördert.` });
	else if (p.max_share === null) reasons.push({ ok: null, text: `Der höchste Anteil an den Kosten ${NOT_VERIFIED}.` });
	else if (costs === null) reasons.push({ ok: null, text: `Die Gesamtkosten sind noch offen; gefördert werden höchstens ${formatPercent(p.max_share)} davon.` });
	else reasons.push({ ok: true, text: `Gesamtkosten ${formatEuro(costs)}: davon höchstens ${formatPercent(p.max_share)} = ${formatEuro(Math.floor(costs * p.max_share))}.` });

	const eligible: FundingResult['eligible'] = reasons.some((r) => r.ok === false) ? false : reasons.some((r) => r.ok === null) ? 'open' : true;
	const maxGrant = eligible !== false && cap !== null && costs !== null && costs > 0 && p.max_share !== null ? Math.floor(Math.min(cap, costs * p.max_share)) : null;
	const notes = [...(p.further_conditions ?? [])];
	if (p.raised_cap && eligible !== false) notes.push(`Bis zu ${formatEuro(p.raised_cap.amount)} statt ${p.base_amount !== null ? formatEuro(p.base_amount) : 'des Regelbetrags'}, wenn ${p.raised_cap.condition}; das prüft diese Anwendung nicht.`);
	return { applicable: true, eligible, reasons, cap, maxGrant, notes };
}

/** The partner condition (pushed to `reasons`) and the cap that follows from it. */
function partnersReason(p: FundingProgramme, input: FundingInput, reasons: FundingReason[]): number | null {
	const { partners } = input;
	const others = input.otherPartners ?? 0;
	const onlyLand = p.count_only_land_partners ?? false;
	const inLand = onlyLand ? `aus ${p.land} ` : '';
	const outsideNote = others > 0 && onlyLand ? ` ${others} ${others === 1 ? 'Partner' : 'Partner'} außerhalb von ${p.land} ${others === 1 ? 'zählt' : 'zählen'} dafür nicht mit.` : '';
	const counted = onlyLand ? partners : partners === null ? null : partners + others;
	if (p.min_partners === null || p.base_amount === null || p.per_further_partner === null) {
		reasons.push({ ok: null, text: `Die Mindestzahl der Partner und der Höchstbetrag ${NOT_VERIFIED}.` });
		return null;
	}
	if (counted === null) {
		reasons.push({ ok: null, text: `Die Zahl der Partner ${inLand}ist noch offen; gefördert werden Kooperationen ab ${p.min_partners} Partnern${onlyLand ? ` aus ${p.land}` : ''}.` });
		return null;
	}
	if (counted < p.min_partners) {
		const cb = p.cross_border_single_partner_cap;
		if (cb !== null && cb !== undefined && counted === 1 && others >= 1) {
			reasons.push({ ok: true, text: `Grenzüberschreitendes Vorhaben mit einem Partner aus ${p.land} und ${others} ${others === 1 ? 'Partner' : 'Partnern'} außerhalb: Höchstbetrag ${formatEuro(cb)}.` });
			return cb;
		}
		reasons.push({ ok: false, text: `Mit ${counted} ${counted === 1 ? 'Partner' : 'Partnern'} ${inLand}ist es keine geförderte Zusammenarbeit: nötig sind mindestens ${p.min_partners}${onlyLand ? ` aus ${p.land}` : ''}${cb ? ` (oder ein grenzüberschreitendes Vorhaben mit einem Partner aus ${p.land} und mindestens einem außerhalb)` : ''}.${outsideNote}` });
		return null;
	}
	const cap = capFor(p, counted)!;
	const further = counted - p.min_partners;
	if (p.per_further_partner === 0) {
		reasons.push({ ok: true, text: `${counted} Partner ${inLand}: Höchstbetrag ${formatEuro(cap)} je Vorhaben, unabhängig von der Zahl der Partner.${outsideNote}`.replace(' :', ':') });
		return cap;
	}
	const how = further > 0
		? `${formatEuro(p.base_amount)} für ${p.min_partners} Partner und ${further} × ${formatEuro(p.per_further_partner)} für jeden weiteren`
		: `${formatEuro(p.base_amount)} für ${p.min_partners} Partner`;
	reasons.push({ ok: true, text: `${counted} Partner ${inLand}: Höchstbetrag ${formatEuro(cap)} (${how}).${outsideNote}`.replace(' :', ':') });
	return cap;
}

function fmtYears(years: number): string {
	const n = years.toLocaleString('de-DE', { maximumFractionDigits: 1 });
	return `${n} ${years === 1 ? 'Jahr' : 'Jahren'}`;
}

function savingsReason(p: FundingProgramme, input: FundingInput): FundingReason {
	if (p.min_savings === null) return { ok: null, text: `Die verlangte Einsparung ${NOT_VERIFIED}.` };
	const need = formatPercent(p.min_savings);
	const alt = p.improvement_alternative === true;
	const incomeAlt = p.min_income_increase;
	const income = input.incomeShare ?? null;
	const savings = input.savingsShare;
	const ways = [`mindestens ${need} Einsparung`, typeof incomeAlt === 'number' ? `${formatPercent(incomeAlt)} Ertragssteigerung im Aufgabenbereich` : null, alt ? 'eine deutliche Verbesserung' : null].filter(Boolean).join(' oder ');
	const separate = ' Einsparung und Ertragssteigerung werden getrennt geprüft, nicht addiert.';
	const incomeNote = income !== null && income > 0 && incomeAlt === undefined ? ` Eine Ertragssteigerung (${formatPercent(income)}) zählt nach diesem Programm nicht.` : '';
	if (savings !== null && savings >= p.min_savings) return { ok: true, text: `Die erwartete Einsparung von ${formatPercent(savings)} erreicht die verlangten ${need}.${incomeNote}` };
	if (typeof incomeAlt === 'number' && income !== null && income >= incomeAlt) {
		return { ok: true, text: `Die erwartete Ertragssteigerung von ${formatPercent(income)} im Aufgabenbereich erreicht die verlangten ${formatPercent(incomeAlt)}; sie steht für sich statt der Einsparung.${separate}` };
	}
	if (alt && input.clearImprovement === true) {
		return { ok: true, text: savings === null ? `Eine deutliche Verbesserung der Aufgabenerledigung ist angegeben; sie genügt statt einer Einsparung von ${need}.` : `Die Einsparung von ${formatPercent(savings)} liegt unter ${need}, aber eine deutliche Verbesserung der Aufgabenerledigung ist angegeben; das genügt.` };
	}
	if (savings === null) return { ok: null, text: `Die erwartete Einsparung ist noch offen; verlangt sind ${ways}.${incomeNote}` };
	const still: string[] = [];
	if (alt && input.clearImprovement === null) still.push('ob eine deutliche Verbesserung erreicht wird');
	if (p.improvement_alternative === null) still.push(`ob eine deutliche Verbesserung statt der Einsparung genügt (${NOT_VERIFIED})`);
	if (incomeAlt === null) still.push(`ob eine Ertragssteigerung statt der Einsparung genügt (${NOT_VERIFIED})`);
	const below = `Die Einsparung von ${formatPercent(savings)} liegt unter ${need}`;
	const incomePart = typeof incomeAlt === 'number' ? (income !== null && income > 0 ? `, die Ertragssteigerung von ${formatPercent(income)} unter ${formatPercent(incomeAlt)}` : ', eine Ertragssteigerung ist nicht angegeben') : '';
	if (still.length) return { ok: null, text: `${below}${incomePart}; offen ist noch, ${still.join(' und ')}.${incomeNote}` };
	return { ok: false, text: `${below}${incomePart}${alt ? ', und eine deutliche Verbesserung ist nicht angegeben' : ''}.${incomeNote}` };
}
