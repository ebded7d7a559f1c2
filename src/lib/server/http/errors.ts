/**
 * `handleError`: a database that is away answers 503 (the German error page, or problem details
 * under /api/); unknown errors (5xx) never show details; errors SvelteKit raises itself get a
 * German text; the app's own `error(…)` messages stay.
 */
import type { HandleServerError } from '@sveltejs/kit/hooks';
import { logLine } from '../ops/log';
import { isDatabaseUnavailable, reason } from '../ops/unavailable';
import { UNAVAILABLE_MESSAGE } from '../ops/requests';
import { observeDatabaseUnavailable } from '../ops/metrics';
import { markUnavailable, requestIdFor } from './observe';

/** German texts for the errors SvelteKit raises itself (English "Malformed URI", "Payload Too Large", …). */
const ERROR_TEXT: Record<number, string> = {
	400: 'Die Anfrage ist fehlerhaft und kann nicht bearbeitet werden.',
	404: 'Seite nicht gefunden',
	405: 'Diese Aktion gibt es hier nicht.',
	413: 'Die Anfrage ist zu groß.',
	415: 'Dieses Format wird hier nicht angenommen.'
};

export const handleError: HandleServerError = (input) => {
	const { error: e, event, kind } = input;
	if (kind === 'app') return;
	if (kind === 'unknown') {
		const requestId = requestIdFor(event.request);
		if (isDatabaseUnavailable(e)) {
			markUnavailable(event.request);
			observeDatabaseUnavailable();
			logLine('warn', 'Datenbank nicht erreichbar: Anfrage mit 503 beantwortet', { requestId, path: event.url.pathname, error: reason(e) });
			return { status: 503, message: UNAVAILABLE_MESSAGE };
		}
		logLine('error', 'Unerwarteter Fehler', { requestId, path: event.url.pathname, error: reason(e), stack: e instanceof Error ? e.stack : undefined });
		// Unknown errors (5xx) never show details.
		return { message: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.' };
	}
	// Errors SvelteKit raises itself ("Malformed URI", "Payload Too Large", unknown method): a German text.
	return { message: ERROR_TEXT[input.error.status] ?? 'Die Anfrage kann nicht bearbeitet werden.' };
};
