import { z } from 'zod';
import { capped } from '#lib/server/forms/form-data.ts';

/** Opening a survey round, as posted (cut to sizes no input sends); `openRound` holds the rules. */
export const openRoundForm = z.object({ title: capped(500), deadline: capped(20), region: capped(100) });
