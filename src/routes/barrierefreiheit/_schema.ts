import { z } from 'zod';
import { capped } from '#lib/server/forms/form-data.ts';

/** The feedback form as posted, each field cut to 5,000 characters: kept to show the form again
 * (after the rate limit, too). The rules of a message are `submitFeedback`'s schema. */
export const feedbackPost = z.object({
	kind: capped(5000), message: capped(5000), page: capped(5000), name: capped(5000), email: capped(5000)
});

export const EMPTY_FEEDBACK: z.output<typeof feedbackPost> = { kind: '', message: '', page: '', name: '', email: '' };
