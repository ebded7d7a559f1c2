// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Actor } from '#lib/server/auth/policy.ts';
import type { ApiScope } from '#lib/server/db/schema-api.ts';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** Who is asking: the visitor, or the user of a valid session. */
			actor: Actor;
			/** The raw session token (only to end the session at logout; never logged). */
			sessionToken: string | null;
			/** Under /api/: the scopes of the request's API token (empty without one). */
			apiScopes: ApiScope[];
		}
	}
}

export {};
