import { z } from 'zod';
import { capped } from '#lib/server/forms/form-data.ts';
import { DESCRIPTION_MAX, TITLE_MAX } from '#lib/server/steering/ideas.ts';

/** A new idea. `createIdea` checks the limits with its German messages; the post is only cut to a
 * size that no input of the form sends, so an oversized post costs nothing. */
export const newIdeaForm = z.object({ title: capped(10 * TITLE_MAX), description: capped(2 * DESCRIPTION_MAX) });
