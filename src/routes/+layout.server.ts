import type { LayoutServerLoad } from './$types';

/** What the page frame shows of the signed-in user (never the session itself). */
export const load: LayoutServerLoad = ({ locals }) => {
	const a = locals.actor;
	return { user: a.userId ? { name: a.name, role: a.role, bodyId: a.bodyId } : null };
};
