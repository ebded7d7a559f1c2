import { z } from 'zod';
import { trimmed } from '#lib/server/forms/form-data.ts';

/** "12.000", "12000,50", "12 000 €" → a number; empty → null; anything else → NaN (refused by the check). */
export function parseEuro(raw: string): number | null {
	let s = raw.replace(/[\s\u00a0€]/g, '');
	if (!s) return null;
	if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
	else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
	return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/** A measure's new status as typed (shown again after errors); `checkStatusInput` holds the rules. */
export const statusForm = z.object({ status: trimmed(), date: trimmed(), note: trimmed(), savings: trimmed(), version: trimmed().transform(Number) });
