import type { PageServerLoad } from './$types';
import { settings } from '#lib/server/context.ts';
import { operatorDetails } from '#lib/server/site/operator.ts';

export const load: PageServerLoad = () => {
	const s = settings();
	return {
		operator: operatorDetails(s),
		limits: { sessionIdleMinutes: s.SESSION_IDLE_MINUTES, sessionMaxHours: s.SESSION_MAX_HOURS, lockMinutes: s.LOGIN_LOCK_MINUTES }
	};
};
