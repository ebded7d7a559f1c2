import { z } from 'zod';
import { text } from '#lib/server/forms/form-data.ts';

/** Setting the first password: the rules of the password itself are `completeSetup`'s. */
export const setupForm = z.object({ password: text(), repeat: text() })
	.refine((f) => f.password === f.repeat, { path: ['repeat'], message: 'Die beiden Eingaben stimmen nicht überein.' });
