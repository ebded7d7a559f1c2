import { z } from 'zod';
import { numeric } from '#lib/server/forms/form-data.ts';

/** Restoring a version: the version wanted and the one the page showed (the lock). */
export const restoreForm = z.object({ wiederherstellen: numeric(), version: numeric() });
