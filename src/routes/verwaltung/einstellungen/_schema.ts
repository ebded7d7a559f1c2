import { z } from 'zod';
import { many } from '#lib/server/forms/form-data.ts';

/** The form names the regions it shows (`region`), so an unticked box (which sends nothing) means "off". */
export const settingsForm = z.object({
	region: many().transform((ids) => ids.slice(0, 100)),
	pruefung: many().transform((ids) => new Set(ids))
});
