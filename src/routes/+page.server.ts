import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { overview } from '#lib/server/registry/profiles.ts';

/** The start page of all regions, or of one (`?region=`: its own figures; an unknown id shows all). */
export const load: PageServerLoad = async ({ url }) => ({ overview: await overview(db(), url.searchParams.get('region')?.slice(0, 100) || null) });
