/**
 * Who may do what: the one place that decides (issue 3, item 7). Routes and services ask
 * `can(actor, action, resource)`; the route table in `routes.ts` names the action every route and
 * form action needs, and a test walks the whole matrix of routes × roles × own/foreign body.
 */
import type { Role } from '../db/schema';

export type ActorRole = 'visitor' | Role;
export const ROLES: readonly ActorRole[] = ['visitor', 'member', 'editor', 'coordinator', 'administrator'];
const RANK: Record<ActorRole, number> = { visitor: 0, member: 1, editor: 2, coordinator: 3, administrator: 4 };

export interface Actor {
	role: ActorRole;
	userId: string | null;
	name: string;
	email: string | null;
	bodyId: string | null;
	/** The region the actor works in: the region the person was invited for, else the region of
	 * the actor's body. Coordinators steer their own region only. */
	regionId: string | null;
}

export const VISITOR: Actor = { role: 'visitor', userId: null, name: 'Besucher', email: null, bodyId: null, regionId: null };

export type Action =
	| 'public'
	| 'account.self'
	| 'contacts.read'
	| 'history.read'
	| 'staff.email'
	| 'cooperation.create'
	| 'cooperation.edit'
	| 'cooperation.save'
	| 'cooperation.archive'
	| 'contacts.edit'
	| 'body.create'
	| 'body.edit'
	| 'review.own'
	| 'review.decide'
	| 'survey.respond'
	| 'survey.manage'
	| 'users.manage'
	| 'audit.read'
	| 'settings.manage'
	| 'steering.edit'
	| 'idea.create'
	| 'idea.comment'
	| 'import.run'
	| 'legal.edit'
	| 'vat.read'
	| 'vat.edit'
	| 'vat.option.edit'
	| 'knowledge.edit'
	| 'checklist.tick'
	| 'feedback.read'
	| 'oparl.manage'
	| 'effect.edit'
	| 'regions.manage'
	| 'mail.queue';

/** What a check is about: the bodies taking part in a cooperation, a body, a region, a role to grant. */
export interface Resource {
	/** The region the thing belongs to (a cooperation: the region that records it). */
	regionId?: string | null;
	/** For things that belong to several regions (a body): the actor's region must be one of them. */
	regionIds?: readonly string[];
	bodyIds?: readonly string[];
	bodyId?: string | null;
	grantRole?: ActorRole;
}

const MIN_ROLE: Record<Action, ActorRole> = {
	public: 'visitor',
	'account.self': 'member',
	'contacts.read': 'member',
	'history.read': 'member',
	// E-mail addresses of staff in version histories ("who"): coordinators only (issue 18).
	'staff.email': 'coordinator',
	'review.own': 'editor',
	'cooperation.create': 'editor',
	'cooperation.edit': 'editor',
	// The record as it would be saved (form or API): an editor's own body must still take part.
	'cooperation.save': 'editor',
	'contacts.edit': 'editor',
	'body.edit': 'editor',
	'survey.respond': 'editor',
	'cooperation.archive': 'coordinator',
	'body.create': 'coordinator',
	'review.decide': 'coordinator',
	'survey.manage': 'coordinator',
	'users.manage': 'coordinator',
	'audit.read': 'coordinator',
	'settings.manage': 'coordinator',
	'steering.edit': 'coordinator',
	'idea.create': 'editor',
	'idea.comment': 'member',
	'import.run': 'coordinator',
	'legal.edit': 'editor',
	'vat.read': 'member',
	'vat.edit': 'editor',
	// The Optionserklärung of a body (§ 27 Abs. 22 UStG): coordinators in their region, editors for their own body.
	'vat.option.edit': 'editor',
	'knowledge.edit': 'coordinator',
	'checklist.tick': 'editor',
	'feedback.read': 'coordinator',
	// Connecting council information systems and starting harvests (issue 21).
	'oparl.manage': 'coordinator',
	// Effect figures (issue 19): editors for their own body's figures, the steering office all.
	'effect.edit': 'editor',
	// Creating regions from the national directory (issue 13, part 3): administrators only.
	'regions.manage': 'administrator',
	// The mail queue names recipients of every region (issue 19, part 3).
	'mail.queue': 'administrator'
};

export const atLeast = (actor: Actor, role: ActorRole): boolean => RANK[actor.role] >= RANK[role];

/** The role-level answer (no resource): may this role ever do this? Used by the route table. */
export function canAtAll(actor: Actor, action: Action): boolean {
	return atLeast(actor, MIN_ROLE[action]);
}

/** The full answer for one resource. Without a resource only the role is checked. */
export function can(actor: Actor, action: Action, resource?: Resource): boolean {
	if (!canAtAll(actor, action)) return false;
	if (!resource || action === 'public') return true;
	if (actor.role === 'administrator') return true;
	if (actor.role === 'coordinator') {
		// Coordinators steer their own region only (a data centre hosts several regions): a
		// cooperation of the region that records it, a body of any region it belongs to.
		if (!inActorRegion(actor, resource)) return false;
		// Only an administrator may make administrators.
		return !(action === 'users.manage' && resource.grantRole === 'administrator');
	}
	// Editors: only what their own body takes part in – in whichever region it is recorded (a
	// cooperation across two Kreise); everything else in their own region only.
	switch (action) {
		case 'cooperation.edit':
		case 'cooperation.save':
		case 'contacts.edit':
		case 'cooperation.create':
		case 'survey.respond':
		case 'legal.edit':
		case 'vat.edit':
		case 'checklist.tick':
		case 'effect.edit':
			return !!actor.bodyId && (resource.bodyIds ?? []).includes(actor.bodyId);
		case 'body.edit':
		case 'vat.option.edit':
			return !!actor.bodyId && resource.bodyId === actor.bodyId;
		default:
			return inActorRegion(actor, resource);
	}
}

/**
 * May the actor import rows into this region (issue 14)? A file's region column can put rows into
 * any region of the register; each row needs the import right in its own region. The import
 * preview marks the rows that fail this, and applying refuses them.
 */
export function mayImportInto(actor: Actor, regionId: string): boolean {
	return can(actor, 'import.run', { regionId });
}

/** The region rule: a resource of named regions is the actor's only when the actor's region is among them. */
function inActorRegion(actor: Actor, resource: Resource): boolean {
	if (!actor.regionId) return true;
	if (resource.regionId && resource.regionId !== actor.regionId) return false;
	if (resource.regionIds && resource.regionIds.length && !resource.regionIds.includes(actor.regionId)) return false;
	return true;
}

/**
 * The region a request works in (issue 13, part 3: the one rule instead of one per route): the
 * requested region when it exists, else the actor's own region, else the first region (Kreis
 * Unna while it is shipped). `regions` are the region ids in their order.
 */
export function workRegion(actor: Actor, regions: readonly string[], requested?: string | null): string | null {
	if (requested && regions.includes(requested)) return requested;
	if (actor.regionId && regions.includes(actor.regionId)) return actor.regionId;
	return regions[0] ?? null;
}

/** The region a new record of this actor is recorded in: always the actor's own when it has one. */
export function recordingRegion(actor: Actor, regions: readonly string[]): string | null {
	return workRegion(actor, regions, null);
}
