/**
 * How the author of a change is stored (versions, audit log, proposals, uploads): "Name <e-mail>"
 * for a signed-in person, otherwise the actor's own name (the visitor: "Besucher"). Version
 * histories read it back with `whoPresenter` (who.ts).
 */
import { VISITOR, type Actor } from './policy';

export function actorLabel(actor: Actor | null | undefined): string {
	if (!actor) return VISITOR.name;
	return actor.userId ? `${actor.name} <${actor.email}>` : actor.name || VISITOR.name;
}
