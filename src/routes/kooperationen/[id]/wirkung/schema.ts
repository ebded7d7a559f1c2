/**
 * The effect form (issue 19) as sent by the browser: every field a string. `parseEffectForm` turns
 * it into the store's input (zod at the boundary) or into German messages per field.
 */
import { z } from 'zod';
import { EFFECT_KINDS, SERVICE_DEFAULT_UNIT, SERVICE_INDICATORS } from '#lib/domain/effects.ts';
import type { EffectInput } from '#lib/server/effects/store.ts';

export const EFFECT_FIELDS = ['art', 'koerperschaft', 'jahr', 'wert', 'wert_bis', 'schaetzung', 'quelle', 'kennzahl', 'bezeichnung', 'einheit', 'anmerkung'] as const;
export type EffectFormValues = Record<(typeof EFFECT_FIELDS)[number], string>;

export const emptyEffectValues = (): EffectFormValues => Object.fromEntries(EFFECT_FIELDS.map((f) => [f, ''])) as EffectFormValues;

/**
 * A number as people write it in Germany: "12.000", "12 000", "1.234,50", "38,5", "-2.000 €".
 * A dot followed by exactly three digits groups thousands; otherwise it is a decimal point.
 */
export function parseGermanNumber(raw: string): number | null {
	let s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|EUR|Euro)$/i, '').replace(/^\u2212/, '-');
	if (!s) return null;
	if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
	else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
	if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}

const formSchema = z.object({
	art: z.enum(EFFECT_KINDS, { message: 'Bitte wählen Sie, was die Zahl angibt.' }),
	koerperschaft: z.string().regex(/^([a-z0-9][a-z0-9-]{0,80})?$/, 'Bitte wählen Sie eine Körperschaft aus der Liste.'),
	jahr: z.string().regex(/^\d{4}$/, 'Bitte geben Sie das Jahr vierstellig an, zum Beispiel 2015.').transform(Number)
		.pipe(z.number().int().min(1950, 'Das Jahr liegt vor 1950.').max(2100, 'Das Jahr liegt nach 2100.')),
	wert: z.string().min(1, 'Bitte geben Sie einen Wert an.').max(30, 'Der Wert ist zu lang.'),
	wert_bis: z.string().max(30, 'Der Wert ist zu lang.'),
	schaetzung: z.string().max(10),
	quelle: z.string().trim().min(1, 'Bitte nennen Sie die Quelle (zum Beispiel Haushaltsplan 2015, Produkt 01.11).').max(500, 'Die Quelle ist zu lang (höchstens 500 Zeichen).'),
	kennzahl: z.string().max(40),
	bezeichnung: z.string().trim().max(200, 'Die Bezeichnung ist zu lang (höchstens 200 Zeichen).'),
	einheit: z.string().trim().max(50, 'Die Einheit ist zu lang (höchstens 50 Zeichen).'),
	anmerkung: z.string().trim().max(2000, 'Die Anmerkung ist zu lang (höchstens 2.000 Zeichen).')
});

export function readEffectForm(form: FormData): EffectFormValues {
	const v = emptyEffectValues();
	for (const f of EFFECT_FIELDS) {
		const x = form.get(f);
		v[f] = typeof x === 'string' ? x.slice(0, 5000) : '';
	}
	return v;
}

export function parseEffectForm(values: EffectFormValues): { input: EffectInput | null; errors: { field: string; message: string }[] } {
	const parsed = formSchema.safeParse(values);
	const errors: { field: string; message: string }[] = [];
	if (!parsed.success) {
		for (const i of parsed.error.issues) errors.push({ field: String(i.path[0] ?? 'art'), message: i.message });
		return { input: null, errors };
	}
	const d = parsed.data;
	const min = parseGermanNumber(d.wert);
	const maxText = d.wert_bis.trim();
	const max = maxText ? parseGermanNumber(maxText) : min;
	if (min === null) errors.push({ field: 'wert', message: 'Bitte geben Sie den Wert als Zahl an, zum Beispiel 12.000 oder 38,5.' });
	if (maxText && max === null) errors.push({ field: 'wert_bis', message: 'Bitte geben Sie den größten Wert als Zahl an oder lassen Sie das Feld leer.' });
	if (min !== null && max !== null && max < min) errors.push({ field: 'wert_bis', message: 'Der größte Wert ist kleiner als der Wert „von“.' });
	const service = d.art === 'service';
	const indicator = service ? (SERVICE_INDICATORS as readonly string[]).includes(d.kennzahl) ? d.kennzahl as EffectInput['indicator'] : null : null;
	if (service && !indicator) errors.push({ field: 'kennzahl', message: 'Bitte wählen Sie die Art der Leistungskennzahl.' });
	if (service && indicator === 'other' && !d.bezeichnung) errors.push({ field: 'bezeichnung', message: 'Bitte benennen Sie die Kennzahl.' });
	if (!service && min !== null && min < 0 && d.art !== 'saving_realised' && d.art !== 'saving_expected') errors.push({ field: 'wert', message: 'Kosten sind nicht negativ.' });
	if (errors.length || min === null || max === null) return { input: null, errors };
	return {
		input: {
			bodyId: d.koerperschaft || null, kind: d.art, indicator, label: d.bezeichnung || null,
			unit: service ? (d.einheit || (indicator ? SERVICE_DEFAULT_UNIT[indicator] : '') || null) : null,
			year: d.jahr, min, max, estimate: d.schaetzung === 'ja', source: d.quelle, note: d.anmerkung || null
		},
		errors
	};
}
