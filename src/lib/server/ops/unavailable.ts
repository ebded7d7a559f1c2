/**
 * Which errors mean "the database cannot be reached right now" (issue 23): a refused or broken
 * connection, a server that is starting or shutting down, a connect timeout. Such a request is
 * answered 503 with Retry-After instead of 500, and the start of an instance waits and retries.
 * Anything else (a wrong query, a constraint) stays an error of the app.
 */
export const RETRY_AFTER_SECONDS = 2;

const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
// SQLSTATE: class 08 = connection exception; 57P01-03 = admin/crash shutdown, cannot connect now; 53300 = too many connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
	/connection terminated/i,
	/timeout exceeded when trying to connect/i,
	/not queryable/i,
	/connection (?:is )?closed/i,
	/the database system is (?:starting up|shutting down|in recovery mode)/i
];

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
	if (!e || typeof e !== 'object' || depth > 4) return false;
	const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
	if (typeof err.code === 'string' && (NODE_CODES.has(err.code) || SQLSTATES.has(err.code) || /^08[0-9A-Z]{3}$/.test(err.code))) return true;
	if (typeof err.message === 'string' && MESSAGES.some((m) => m.test(err.message as string))) return true;
	if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
	return err.cause !== undefined && isDatabaseUnavailable(err.cause, depth + 1);
}

/** A short reason for a log line: the code and the first line of the message. */
export function reason(e: unknown): string {
	const err = e as { code?: unknown; message?: unknown } | null;
	const code = typeof err?.code === 'string' ? `${err.code}: ` : '';
	const message = typeof err?.message === 'string' && err.message ? err.message.split('\n')[0] : String(e);
	return `${code}${message}`;
}
