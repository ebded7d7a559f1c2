/**
 * The § 2b UStG form of a body: its Optionserklärung (/koerperschaften/[id]/umsatzsteuer). The
 * cooperation's questionnaire (/kooperationen/[id]/umsatzsteuer) is read by vat-questionnaire.ts.
 */
import { z } from 'zod';
import { lockVersion, text } from './form-data';
import { germanDay, isRealDay, OPTION_FILED, type OptionFiled } from '../../domain/vat-2b';
import type { FieldError } from './form-data';

const field = (max: number) => text().catch('').transform((s) => s.trim().slice(0, 2001).slice(0, max));

/** The Optionserklärung as posted (trimmed, cut), shown again when a rule fails. */
export const vatOptionForm = z.object({
	filed: field(20),
	revoked_on: field(20),
	revoked_from_year: field(10),
	note: field(2001).transform((s) => s.replace(/\r\n/g, '\n')),
	version: lockVersion(true)
});

export type VatOptionPost = z.output<typeof vatOptionForm>;
export type VatOptionValues = Omit<VatOptionPost, 'version'>;

export type VatOptionChecked =
	| { ok: true; option: { filed: OptionFiled; revokedOn: string | null; revokedFromYear: number | null; note: string | null }; version: number }
	| { ok: false; errors: FieldError[] };

/** The rules of the Optionserklärung (§ 27 Abs. 22/22a UStG: since 2016; a revocation needs a filed option, the year after it). */
export function checkVatOption(p: VatOptionPost): VatOptionChecked {
	const errors: FieldError[] = [];
	if (p.version === null) errors.push({ field: 'filed-yes', message: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' });
	if (!(OPTION_FILED as readonly string[]).includes(p.filed)) errors.push({ field: 'filed-yes', message: 'Bitte angeben, ob die Optionserklärung abgegeben wurde (oder „unbekannt“).' });
	let revokedOn: string | null = null;
	if (p.revoked_on) {
		const iso = /^\d{4}-\d{2}-\d{2}$/.test(p.revoked_on) ? p.revoked_on : germanDay(p.revoked_on);
		if (!iso || !isRealDay(iso)) errors.push({ field: 'revoked_on', message: 'Widerrufen am: bitte ein Datum wie 15.03.2022 angeben.' });
		else if (iso < '2016-01-01') errors.push({ field: 'revoked_on', message: 'Widerrufen am: Die Optionserklärung gibt es erst seit 2016.' });
		else revokedOn = iso;
		if (p.filed !== 'yes') errors.push({ field: 'revoked_on', message: 'Widerrufen am: Ein Widerruf setzt eine abgegebene Optionserklärung voraus.' });
	}
	let revokedFromYear: number | null = null;
	if (p.revoked_from_year) {
		const y = /^\d{4}$/.test(p.revoked_from_year) ? Number(p.revoked_from_year) : NaN;
		if (!revokedOn) errors.push({ field: 'revoked_from_year', message: 'Wirksam ab Jahr: nur zusammen mit dem Tag des Widerrufs.' });
		else if (Number.isNaN(y) || y <= Number(revokedOn.slice(0, 4)) || y > 2100) errors.push({ field: 'revoked_from_year', message: 'Wirksam ab Jahr: ein Kalenderjahr nach dem Jahr des Widerrufs, zum Beispiel 2024.' });
		else revokedFromYear = y;
	}
	if (p.note.length > 2000) errors.push({ field: 'note', message: 'Anmerkungen: höchstens 2.000 Zeichen.' });
	if (errors.length || p.version === null) return { ok: false, errors };
	return { ok: true, option: { filed: p.filed as OptionFiled, revokedOn, revokedFromYear, note: p.note || null }, version: p.version };
}
