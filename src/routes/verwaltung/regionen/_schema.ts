import { z } from 'zod';

/** The directory search (GET `q`, also posted back with the choice); anything else reads as ''. */
export const regionQuery = z.string().trim().max(100).catch('');

const CHOOSE = 'Bitte eine Einheit aus der Trefferliste wählen.';

/** Creating a region: the search text (to show the hits again) and the chosen unit's ARS. */
export const createRegionForm = z.object({
	q: regionQuery,
	einheit: z.string({ error: CHOOSE }).trim().regex(/^\d{2,12}$/, CHOOSE)
});
