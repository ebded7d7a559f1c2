import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { overview } from '#lib/server/registry/profiles.ts';

export const load: PageServerLoad = async () => ({ overview: await overview(db()) });
