/**
 * The funding check's GET form (/foerderung): URL parameters → checked input with German messages
 * at the field names. Every value is length-limited and range-checked; an empty field means
 * "not known yet" (the check then answers "open" for that condition).
 */
import type { FundingInput } from '../../domain/funding';

export interface FundingFormValues {
	programm: string;
	/** Partners from the programme's Land. */
	partner: string;
	/** Partners from outside the Land (another Land, a neighbouring state). */
	partner_aussen: string;
	/** 'ja' | 'nein' | '' (not assessed): a new project, not a cooperation already running. */
	neu: string;
	kosten: string;
	jahre: string;
	einsparung: string;
	/** Expected increased income, percent of the present costs. */
	mehreinnahmen: string;
	/** 'ja' | 'nein' | '' (not assessed). */
	verbesserung: string;
}

export interface FieldError {
	field: string;
	message: string;
}

const MAX = 40;
const get = (p: URLSearchParams, k: string) => (p.get(k) ?? '').trim().slice(0, MAX);

export function formValues(p: URLSearchParams): FundingFormValues {
	const v = get(p, 'verbesserung');
	const n = get(p, 'neu');
	return {
		programm: get(p, 'programm'), partner: get(p, 'partner'), partner_aussen: get(p, 'partner_aussen'), neu: n === 'ja' || n === 'nein' ? n : '',
		kosten: get(p, 'kosten'), jahre: get(p, 'jahre'), einsparung: get(p, 'einsparung'), mehreinnahmen: get(p, 'mehreinnahmen'),
		verbesserung: v === 'ja' || v === 'nein' ? v : ''
	};
}

/**
 * "250.000", "250000", "250.000,50", "1,5", "12 %" → a number; "" → null; anything else → NaN.
 * A dot followed by exactly three digits is a thousands separator, otherwise a decimal point.
 */
export function parseGermanNumber(raw: string): number | null {
	let s = raw.replace(/[\s\u00a0€%]/g, '');
	if (!s) return null;
	if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
	else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
	return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

export function parseFundingForm(v: FundingFormValues): { input: FundingInput; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const num = (field: string, raw: string, check: (n: number) => boolean, message: string): number | null => {
		const n = parseGermanNumber(raw);
		if (n === null) return null;
		if (Number.isNaN(n) || !check(n)) {
			errors.push({ field, message });
			return null;
		}
		return n;
	};
	const partners = num('partner', v.partner, (n) => Number.isInteger(n) && n >= 0 && n <= 1000,
		'Bitte geben Sie die Zahl der Partner als ganze Zahl zwischen 0 und 1000 an.');
	const others = num('partner_aussen', v.partner_aussen, (n) => Number.isInteger(n) && n >= 0 && n <= 1000,
		'Bitte geben Sie die Zahl der Partner außerhalb des Landes als ganze Zahl zwischen 0 und 1000 an.');
	const costs = num('kosten', v.kosten, (n) => n >= 0 && n <= 10_000_000_000,
		'Bitte geben Sie die Gesamtkosten als Betrag in Euro an, z. B. 250.000.');
	const years = num('jahre', v.jahre, (n) => n >= 0 && n <= 100,
		'Bitte geben Sie die Laufzeit in Jahren an, z. B. 5.');
	const savings = num('einsparung', v.einsparung, (n) => n >= 0 && n <= 100,
		'Bitte geben Sie die erwartete Einsparung in Prozent zwischen 0 und 100 an, z. B. 20.');
	const income = num('mehreinnahmen', v.mehreinnahmen, (n) => n >= 0 && n <= 1000,
		'Bitte geben Sie die erwartete Ertragssteigerung in Prozent der bisherigen Erträge an, z. B. 15.');
	return {
		input: {
			partners, otherPartners: others, costs, years,
			newProject: v.neu === 'ja' ? true : v.neu === 'nein' ? false : null,
			savingsShare: savings === null ? null : savings / 100,
			incomeShare: income === null ? null : income / 100,
			clearImprovement: v.verbesserung === 'ja' ? true : v.verbesserung === 'nein' ? false : null
		},
		errors
	};
}
