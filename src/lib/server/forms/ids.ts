import { z } from 'zod';

/** The random id of a stored message (mail queue, feedback): 8 to 40 lowercase letters and digits. */
export const messageIdForm = z.object({ id: z.string().regex(/^[a-z0-9]{8,40}$/) });
