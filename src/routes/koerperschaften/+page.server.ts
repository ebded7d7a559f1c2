import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { searchBodies } from '#lib/server/registry/profiles.ts';

export const load: PageServerLoad = async ({ url }) => ({ ...(await searchBodies(db(), url.searchParams)), queryString: url.searchParams.toString() });
