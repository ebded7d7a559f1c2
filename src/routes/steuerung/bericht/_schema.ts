import { z } from 'zod';
import { trimmed } from '#lib/server/forms/form-data.ts';

export const TITLE_MAX = 300;

/** Marking the report as given: the title as typed (shown again) … */
export const reportForm = z.object({ title: trimmed() });
/** … and its rules. */
export const reportRules = z.object({
	title: z.string()
		.min(1, 'Bitte geben Sie einen Titel für den Bericht an.')
		.max(TITLE_MAX, `Der Titel darf höchstens ${TITLE_MAX} Zeichen lang sein.`)
});
