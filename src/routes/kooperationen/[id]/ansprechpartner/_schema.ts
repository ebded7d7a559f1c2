import { z } from 'zod';
import { text } from '#lib/server/forms/form-data.ts';

/** Trimmed, cut to `max` characters; empty → null. */
const optional = (max: number) => text().transform((s) => s.trim().slice(0, max) || null);

/** A new contact as posted; `validateContact` holds the rules (name required, e-mail and phone shapes). */
export const contactForm = z.object({
	name: text().transform((s) => s.trim().slice(0, 300)),
	function: optional(300),
	body: text().transform((s) => s || null),
	phone: optional(60),
	email: optional(320)
}).transform(({ body, ...rest }) => ({ ...rest, bodyId: body }));

export const removeContactForm = z.object({ contact: text() });
