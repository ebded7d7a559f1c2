/** Removing an effect figure (/kooperationen/[id]/wirkung, "entfernen"): its uuid, or null. The entry form is `./schema.ts` beside the route. */
import { z } from 'zod';
import { text } from './form-data';

export const removeFigureForm = z.object({ zahl: text().catch('').transform((s) => (/^[0-9a-f-]{36}$/.test(s) ? s : null)) });
