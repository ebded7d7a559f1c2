/** Turns a service outcome into the HTTP response: JSON with ETag (304 when unchanged), Location, or a problem. */
import type { Outcome } from './service';
import { jsonResponse, problem } from './http';

export function respond(request: Request, outcome: Outcome, instance: string): Response {
	if (!outcome.ok) return problem(outcome.status, { code: outcome.code, detail: outcome.detail, errors: outcome.errors, instance });
	const headers: Record<string, string> = outcome.location ? { location: outcome.location } : {};
	if (outcome.data === null) return new Response(null, { status: outcome.status ?? 204, headers });
	return jsonResponse(request, outcome.data, { status: outcome.status, etag: outcome.etag, headers });
}

/** Who asks, for the write operations' permission checks and audit lines. */
export function whoOf(event: { locals: App.Locals; url: URL; getClientAddress(): string }) {
	let address: string | null;
	try {
		address = event.getClientAddress();
	} catch {
		address = null;
	}
	return { actor: event.locals.actor, address, path: event.url.pathname };
}
