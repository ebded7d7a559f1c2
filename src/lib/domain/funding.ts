/**
 * The funding check (issue 7, item 3): does a cooperation or an idea meet a funding programme's
 * conditions, why (one reason per condition), and what is the largest possible grant? Pure: the
 * programme is data (data/funding/programmes.yaml), `today` is passed in.
 *
 * Each condition is true (met), false (not met) or null (cannot be decided: the input is unknown).
 * The result is eligible when all are met, not eligible as soon as one is not met, open otherwise.
 */

export interface FundingProgramme {
	id: string;
	land: string;
	name: string;
	source_note: string;
	/** ISO day (YYYY-MM-DD) from which the rules apply. */
	valid_from: string;
	/** ISO day until which they apply (inclusive); null = open-ended. */
	valid_to: string | null;
	/** Fewest partners the programme funds (the base amount is for this many). */
	min_partners: number;
	/** Most the programme pays for `min_partners` partners, in euro. */
	base_amount: number;
	/** Added to the cap for every partner beyond `min_partners`, in euro. */
	per_further_partner: number;
	/** Largest share of the costs the grant may cover (0.9 = 90 %). */
	max_share: number;
	/** Shortest term of the cooperation, in years. */
	min_years: number;
	/** Smallest expected savings as a share of the costs (0.15 = 15 %). */
	min_savings: number;
	/** Whether a clear improvement of the service can stand in for the savings. */
	improvement_alternative: boolean;
}

export interface FundingInput {
	/** Number of partners (bodies taking part); null when not known yet. */
	partners: number | null;
	/** Total costs of the project in euro; null when not known yet. */
	costs: number | null;
	/** Term of the cooperation in years; null when not known yet. */
	years: number | null;
	/** Expected savings as a share (0.2 = 20 %); null when not known yet. */
	savingsShare: number | null;
	/** A clear improvement of the service (quality, reach, resilience); null when not assessed. */
	clearImprovement: boolean | null;
}

export interface FundingReason {
	/** true = met, false = not met, null = open (input missing). */
	ok: boolean | null;
	text: string;
}

export interface FundingResult {
	/** false when the programme does not apply on `today` (then nothing else is checked). */
	applicable: boolean;
	eligible: true | false | 'open';
	reasons: FundingReason[];
	/** The cap by the number of partners (null when the number is unknown or too small). */
	cap: number | null;
	/** min(cap, max_share × costs), rounded down to whole euro; null when either is unknown or not eligible. */
	maxGrant: number | null;
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

/** Is the programme in force on the ISO day `today`? */
export function programmeValidOn(p: FundingProgramme, today: string): boolean {
	return p.valid_from <= today && (p.valid_to === null || today <= p.valid_to);
}

/** The cap by the number of partners: the base amount plus the amount per further partner. */
export function capFor(p: FundingProgramme, partners: number): number | null {
	if (!Number.isInteger(partners) || partners < p.min_partners) return null;
	return p.base_amount + p.per_further_partner * (partners - p.min_partners);
}

/** Check one cooperation or idea against one programme on the ISO day `today`. */
export function checkFunding(p: FundingProgramme, input: FundingInput, today: string): FundingResult {
	if (!programmeValidOn(p, today)) {
		const period = p.valid_to ? `vom ${germanDay(p.valid_from)} bis ${germanDay(p.valid_to)}` : `ab ${germanDay(p.valid_from)}`;
		return {
			applicable: false, eligible: false, cap: null, maxGrant: null,
			reasons: [{ ok: false, text: `Das Programm „${p.name}“ gilt am ${germanDay(today)} nicht (gültig ${period}).` }]
		};
	}
	const reasons: FundingReason[] = [];

	// Partners
	const { partners } = input;
	let cap: number | null = null;
	if (partners === null) {
		reasons.push({ ok: null, text: `Die Zahl der Partner ist noch offen; gefördert werden Kooperationen ab ${p.min_partners} Partnern.` });
	} else if (partners < p.min_partners) {
		reasons.push({ ok: false, text: `Mit ${partners} ${partners === 1 ? 'Partner' : 'Partnern'} ist es keine geförderte Zusammenarbeit: nötig sind mindestens ${p.min_partners}.` });
	} else {
		cap = capFor(p, partners);
		const further = partners - p.min_partners;
		const how = further > 0
			? `${formatEuro(p.base_amount)} für ${p.min_partners} Partner und ${further} × ${formatEuro(p.per_further_partner)} für jeden weiteren`
			: `${formatEuro(p.base_amount)} für ${p.min_partners} Partner`;
		reasons.push({ ok: true, text: `${partners} Partner: Höchstbetrag ${formatEuro(cap!)} (${how}).` });
	}

	// Term
	const { years } = input;
	if (years === null) reasons.push({ ok: null, text: `Die Laufzeit ist noch offen; verlangt sind mindestens ${p.min_years} Jahre.` });
	else if (years < p.min_years) reasons.push({ ok: false, text: `Die Laufzeit von ${fmtYears(years)} ist zu kurz: verlangt sind mindestens ${p.min_years} Jahre.` });
	else reasons.push({ ok: true, text: `Die Laufzeit von ${fmtYears(years)} erfüllt die Mindestdauer von ${p.min_years} Jahren.` });

	// Savings, or a clear improvement where the programme accepts one instead
	reasons.push(savingsReason(p, input.savingsShare, input.clearImprovement));

	// Costs: needed for the 90 % limit
	const { costs } = input;
	if (costs === null) reasons.push({ ok: null, text: `Die Gesamtkosten sind noch offen; gefördert werden höchstens ${formatPercent(p.max_share)} davon.` });
	else if (costs <= 0) reasons.push({ ok: false, text: 'Ohne Kosten gibt es nichts zu fördern.' });
	else reasons.push({ ok: true, text: `Gesamtkosten ${formatEuro(costs)}: davon höchstens ${formatPercent(p.max_share)} = ${formatEuro(Math.floor(costs * p.max_share))}.` });

	const eligible: FundingResult['eligible'] = reasons.some((r) => r.ok === false) ? false : reasons.some((r) => r.ok === null) ? 'open' : true;
	const maxGrant = eligible !== false && cap !== null && costs !== null && costs > 0 ? Math.floor(Math.min(cap, costs * p.max_share)) : null;
	return { applicable: true, eligible, reasons, cap, maxGrant };
}

function fmtYears(years: number): string {
	const n = years.toLocaleString('de-DE', { maximumFractionDigits: 1 });
	return `${n} ${years === 1 ? 'Jahr' : 'Jahren'}`;
}

function savingsReason(p: FundingProgramme, savings: number | null, improvement: boolean | null): FundingReason {
	const need = formatPercent(p.min_savings);
	const alt = p.improvement_alternative;
	if (savings !== null && savings >= p.min_savings) {
		return { ok: true, text: `Die erwartete Einsparung von ${formatPercent(savings)} erreicht die verlangten ${need}.` };
	}
	if (alt && improvement === true) {
		return {
			ok: true,
			text: savings === null
				? `Eine deutliche Verbesserung der Aufgabenerledigung ist angegeben; sie genügt statt einer Einsparung von ${need}.`
				: `Die Einsparung von ${formatPercent(savings)} liegt unter ${need}, aber eine deutliche Verbesserung der Aufgabenerledigung ist angegeben; das genügt.`
		};
	}
	const orImprovement = alt ? ' oder eine deutliche Verbesserung' : '';
	if (savings === null) {
		return { ok: null, text: `Die erwartete Einsparung ist noch offen; verlangt sind mindestens ${need}${orImprovement}.` };
	}
	if (alt && improvement === null) {
		return { ok: null, text: `Die Einsparung von ${formatPercent(savings)} liegt unter ${need}; ob eine deutliche Verbesserung erreicht wird, ist noch offen.` };
	}
	return { ok: false, text: `Die Einsparung von ${formatPercent(savings)} liegt unter den verlangten ${need}${alt ? ', und eine deutliche Verbesserung ist nicht angegeben' : ''}.` };
}
