/**
 * The forms of the account page (/konto): password, e-mail choices, personal API tokens. Each cuts
 * what it reads to sizes no input sends; the rules (password strength, token scopes and days) stay
 * with the capability that applies them (auth/users.ts, api/tokens.ts).
 */
import { z } from 'zod';
import { capped, many, text, trimmed } from './form-data';

/** Changing the password: the current one and the new one, as typed. */
export const passwordChangeForm = z.object({ current: text(), next: text() });

/** The optional mail kinds that are checked (at most 20 values are read). */
export const mailChoiceForm = z.object({ mail_kinds: many().transform((v) => v.slice(0, 20)) });

/** A new API token: the name (cut to 1,000), up to ten scopes, the days as typed (a number of at most four digits, else none). */
export const apiTokenForm = z.object({
	token_name: capped(1000).catch(''),
	token_scopes: many().transform((v) => v.slice(0, 10)),
	token_days: trimmed().catch('')
}).transform((f) => ({
	name: f.token_name,
	scopes: f.token_scopes,
	daysText: f.token_days,
	days: /^\d{1,4}$/.test(f.token_days) ? Number(f.token_days) : null
}));

/** Revoking a token: its id (cut to 40 characters; the store decides whether it is the person's). */
export const revokeTokenForm = z.object({ token_id: capped(40).catch('') });
