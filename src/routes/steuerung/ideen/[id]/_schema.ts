import { z } from 'zod';
import { capped, text } from '#lib/server/forms/form-data.ts';
import { COMMENT_MAX, TITLE_MAX } from '#lib/server/steering/ideas.ts';

/** The lock of the idea record, as `Number.parseInt` reads it (missing → NaN, refused by the command). */
const version = text().transform((s) => Number.parseInt(s, 10));

/** The posts are cut to sizes no input sends; the rules and their messages are the commands'. */
export const commentForm = z.object({ text: capped(2 * COMMENT_MAX) });

export const statusForm = z.object({
	status: text(),
	kooperation: text().transform((s) => s.trim().slice(0, 100)),
	version
});

export const promoteForm = z.object({
	field: text(),
	number: capped(20),
	measure_title: capped(10 * TITLE_MAX),
	version
});
