import { z } from 'zod';
import { trimmed } from '#lib/server/forms/form-data.ts';

/** Accepting a proposal: an optional comment and, for a council decision, its date. */
export const acceptForm = z.object({
	decision_comment: trimmed().transform((s) => s || null),
	beschlussdatum: trimmed()
		.refine((s) => s === '' || /^\d{4}-\d{2}-\d{2}$/.test(s), 'Bitte geben Sie das Datum als JJJJ-MM-TT an, z. B. 2026-10-08.')
		.transform((s) => s || null)
});

/** Rejecting one needs a reason. */
export const rejectForm = z.object({
	decision_comment: trimmed().pipe(z.string().min(1, 'Bitte begründen Sie die Ablehnung kurz, damit die Redaktion weiß, was zu tun ist.'))
});
