/**
 * The survey answers (/erhebung): the round, the cooperation and (for coordinators) the body the
 * answer is for. Malformed values become "none"; the route reports a missing round or body.
 */
import { z } from 'zod';
import { capped, text } from './form-data';

export const surveyAnswerForm = z.object({
	/** The survey round: a whole number of at most nine digits, else null. */
	erhebung: text().catch('').transform((s) => (/^\d{1,9}$/.test(s) ? Number(s) : null)),
	kooperation: capped(100).catch(''),
	/** The body a coordinator answers for; empty → none (the actor's own body). */
	koerperschaft: text().catch('').transform((s) => s || null)
});
