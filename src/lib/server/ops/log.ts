/**
 * Structured logs (issue 23): one JSON object per line on stdout (stderr for errors), with the
 * time, the level, a message and fields such as the request id. A log collector (journald,
 * Docker, Loki) reads them without parsing free text. Never log passwords, tokens, cookies or
 * request bodies; request lines name the path without its query.
 */
export type Level = 'info' | 'warn' | 'error';

export function logLine(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, pid: process.pid, ...fields });
	if (level === 'error') process.stderr.write(`${line}\n`);
	else process.stdout.write(`${line}\n`);
}
