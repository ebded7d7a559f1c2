import { z } from 'zod';
import { text, trimmed } from '#lib/server/forms/form-data.ts';

/** The sign-in post as typed (the e-mail address is shown again after a failure). */
export const loginForm = z.object({ email: trimmed(), password: text(), ziel: text() });

export const loginRequired = z.object({
	email: z.string().min(1, 'Bitte die E-Mail-Adresse angeben.'),
	password: z.string().min(1, 'Bitte das Passwort angeben.')
});
