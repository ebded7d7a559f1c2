/**
 * The user administration forms (/verwaltung/benutzer, /verwaltung/benutzer/[id]): what is read
 * and cut to size here; `validateNewUser` (auth/users.ts) decides whether the values are allowed.
 */
import { z } from 'zod';
import type { Role } from '../db/schema';
import { text } from './form-data';

const line = (max: number) => text().catch('').transform((s) => s.trim().slice(0, max));
/** The role as posted (checked against the known roles by `validateNewUser`). */
const role = () => text().catch('').transform((s) => s as Role);
/** A select whose empty choice means "none". */
const orNone = (max = Infinity) => text().catch('').transform((s) => s.slice(0, max) || null);

/** Inviting a person. */
export const newUserForm = z.object({
	email: line(320), name: line(300), role: role(), body: orNone(), region: orNone(100)
}).transform((f) => ({ email: f.email, name: f.name, role: f.role, bodyId: f.body, regionId: f.region }));

/** Changing an account (the e-mail address stays). */
export const editUserForm = z.object({ name: line(300), role: role(), body: orNone() })
	.transform((f) => ({ name: f.name, role: f.role, bodyId: f.body }));

/** Disabling needs the explicit tick. */
export const disableUserForm = z.object({ bestaetigt: z.literal('ja', 'Bitte bestätigen Sie, dass Sie das Konto sperren möchten.') });
