import type { PageServerLoad } from './$types';
import { settings } from '#lib/server/context.ts';
import { operatorDetails } from '#lib/server/site/operator.ts';

export const load: PageServerLoad = () => ({ operator: operatorDetails(settings()) });
