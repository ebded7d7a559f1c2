// Starts the built app (build/) with defaults for a local start: http://localhost:3000.
// Every default can be overridden by the environment (see docs/settings.md).
//
// The public origin (ORIGIN, default http://localhost:<PORT>) is set here at run time: every
// request gets the origin's protocol and host in two private headers that adapter-node reads
// (PROTOCOL_HEADER / HOST_HEADER). A client cannot forge them, because they are overwritten on
// every request. See docs/decisions/0002-origin-at-run-time.md.
process.env.PORT ??= '3000';
process.env.HOST ??= '127.0.0.1';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
const origin = new URL(process.env.ORIGIN);
if (origin.origin !== process.env.ORIGIN.replace(/\/$/, '')) {
	console.error(`ORIGIN muss ein Ursprung ohne Pfad sein, z. B. https://ikz.kreis-unna.de (ist: ${process.env.ORIGIN})`);
	process.exit(1);
}
process.env.PROTOCOL_HEADER = 'x-ikz-origin-proto';
process.env.HOST_HEADER = 'x-ikz-origin-host';
process.env.PORT_HEADER = '';
const proto = origin.protocol.replace(':', '');
// Uploads (imports) up to IMPORT_MAX_BYTES plus the form around the file; beyond that adapter-node
// answers 413 itself. The app checks IMPORT_MAX_BYTES with its own message.
const importMax = Number(process.env.IMPORT_MAX_BYTES ?? 10 * 1024 * 1024);
process.env.BODY_SIZE_LIMIT ??= String(Math.ceil((Number.isFinite(importMax) ? importMax : 10 * 1024 * 1024) * 1.05) + 256 * 1024);

// A computed specifier: the build output does not exist before `npm run build`.
const { server } = await import(new URL('../build/index.js', import.meta.url).href);
server.prependListener('request', (/** @type {import('node:http').IncomingMessage} */ req) => {
	req.headers['x-ikz-origin-proto'] = proto;
	req.headers['x-ikz-origin-host'] = origin.host;
});
console.log(`IKZ-Atlas läuft auf ${origin.origin}`);
