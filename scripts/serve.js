// Starts the built app (build/) with defaults for a local start: http://localhost:3000.
// Every default can be overridden by the environment (see docs/settings.md). The public origin
// (ORIGIN) is fixed when the app is built, see docs/decisions/0002-origin-at-build-time.md.
process.env.PORT ??= '3000';
process.env.HOST ??= '127.0.0.1';
const url = `http://localhost:${process.env.PORT}`;
// A computed specifier: the build output does not exist before `npm run build`.
await import(new URL('../build/index.js', import.meta.url).href);
console.log(`IKZ-Atlas läuft auf ${url}`);
