/**
 * No request can end the process (issue 18): at least 3,000 random and malformed requests against
 * the built app – methods, paths with broken escapes, content types, bodies, cookies (none, a
 * garbage session, a real session of every role), Origin and other headers. Every answer must be
 * below 500, and the server must still answer afterwards.
 *
 * The requests come from a seeded PRNG: a failure names the seed and the request, and
 * `FUZZ_SEED=<seed> npx vitest run --config vitest.e2e.config.ts tests/e2e/fuzz.test.ts` replays
 * exactly that run. `FUZZ_COUNT` raises the number of requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import { startApp, type RunningApp } from './app-server';
import { seedDatabase, type Seeded } from './seed-users';
import { ROUTES } from '../../src/lib/server/auth/routes';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const COUNT = Math.max(3000, Number(process.env.FUZZ_COUNT ?? 3000));
const PARALLEL = 6;

/** mulberry32: small, fast and fully determined by its seed. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface FuzzRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: Buffer | null;
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'FOO', 'TRACE'];
const IDS = ['kommunen-12', 'kamen', 'kreis-unna', 'x', '0', '-1', '99999999999999999999', 'ä', '..', '%2e%2e', "'", '"><script>', 'a'.repeat(300)];
const BROKEN = ['%', '%f', '%ff', '%FF', '%c3%28', '%e2%82', '%00', '%zz', '%%', '%25', '%2F', '%5C', '%0d%0a', '%ef%bf%bf', '%f0%9f%98', '%C0%AF', ';', ':', '@', '!', '~', '+'];
const ACTIONS = ['speichern', 'zeilen', 'anmelden', 'entfernen', 'wiederherstellen', 'x', '', '%ff', 'speichern&x=1'];
const CONTENT_TYPES = [
	'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=latin1', 'multipart/form-data',
	'multipart/form-data; boundary=', 'multipart/form-data; boundary=----fuzz', 'multipart/form-data; boundary="a b"',
	'text/plain', 'text/plain;charset=UTF-8', 'application/json', 'application/json; charset=utf-16', 'application/xml',
	'application/octet-stream', 'image/png', '*/*', ';;;', 'x', ''
];

function makeRandom(seed: number) {
	const r = prng(seed);
	const int = (n: number): number => Math.floor(r() * n);
	const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
	const printable = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(0x21 + int(94))).join('');
	const unicode = (n: number): string => Array.from({ length: n }, () => pick(['a', 'ä', 'ß', '€', '\u0000', '\n', '\r', '\t', '\u202e', '😀', '"', "'", '<', '&', '=', ';', '\\', ' '])).join('');
	return { r, int, pick, printable, unicode };
}

type Rand = ReturnType<typeof makeRandom>;

function fuzzPath(R: Rand): string {
	const route = R.pick(Object.keys(ROUTES));
	let p = route.replace(/\[[^\]]+\]/g, () => (R.r() < 0.6 ? R.pick(IDS) : R.printable(1 + R.int(12))));
	p = p.split('/').map((seg) => encodeURI(seg).replace(/[?#]/g, '')).join('/');
	const mutate = R.int(8);
	if (mutate === 0) p += R.pick(BROKEN);
	else if (mutate === 1) p = `/${R.pick(BROKEN)}${p}`;
	else if (mutate === 2) p = p.replace(/\/[^/]*$/, `/${R.pick(BROKEN)}${R.pick(BROKEN)}`);
	else if (mutate === 3) p += '/__data.json';
	else if (mutate === 4) p += `/${'x'.repeat(R.int(3000))}`;
	else if (mutate === 5) p = `/${R.printable(R.int(40)).replace(/[?#]/g, '')}`;
	if (R.r() < 0.4) {
		const params = Array.from({ length: 1 + R.int(5) }, () => `${R.pick(['q', 'seite', 'ziel', 'thema', 'partner', 'jahr', 'sort', 'pro_seite', 'x', '%ff', '/'])}=${R.pick([...BROKEN, encodeURIComponent(R.unicode(R.int(20))), '-1', '1e99', 'NaN', '[]', '{}'])}`);
		p += `?${R.r() < 0.5 ? `/${R.pick(ACTIONS)}&` : ''}${params.join('&')}`;
	} else if (R.r() < 0.3) {
		p += `?/${R.pick(ACTIONS)}`;
	}
	return p;
}

function multipart(R: Rand, boundary: string): Buffer {
	const parts = Array.from({ length: R.int(6) }, () => {
		const name = R.pick(['title', 'email', 'password', 'passwort', 'ziel', 'version', 'topics', 'participants.0.body', 'datei', 'q', R.printable(8)]);
		const file = R.r() < 0.3 ? `; filename="${R.pick(['a.csv', 'b.xlsx', '../../etc/passwd', 'ä.txt', ''])}"` : '';
		return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file}\r\n${file ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n${R.unicode(R.int(60))}\r\n`;
	});
	const end = R.r() < 0.7 ? `--${boundary}--\r\n` : R.pick(['', '--', `--${boundary}`, '\r\n']);
	return Buffer.from(parts.join('') + end);
}

function fuzzBody(R: Rand, contentType: string): Buffer | null {
	const kind = R.int(7);
	if (kind === 0) return null;
	if (kind === 1) return Buffer.from(Array.from({ length: R.int(2000) }, () => R.int(256)));
	if (kind === 2) return Buffer.from(R.pick(['{}', '[]', 'null', '{"a":', '{"title":1e999}', '"x"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', JSON.stringify({ id: R.unicode(10), topics: [R.unicode(4)], participants: 'x' })]));
	if (kind === 3) {
		const pairs = Array.from({ length: R.int(12) }, () => `${R.pick(['title', 'email', 'password', 'ziel', 'version', 'topics', 'participants.3.body', 'participants.999999.body', 'events.01.kind', 'gruppe', R.printable(6), '%ff', ''])}=${R.pick([...BROKEN, encodeURIComponent(R.unicode(R.int(40))), '', '/\r\n//evil.example', '9'.repeat(40)])}`);
		return Buffer.from(pairs.join(R.pick(['&', '&&', ';', '='])));
	}
	if (kind === 4) {
		const m = /boundary="?([^";]*)"?/.exec(contentType);
		return multipart(R, m?.[1] || 'fuzz');
	}
	if (kind === 5) return Buffer.from(R.unicode(R.int(500)));
	return Buffer.alloc(R.int(200_000), R.pick(['a', '%', '&', '=']));
}

function fuzzRequest(R: Rand, seeded: Seeded, origin: string): FuzzRequest {
	const method = R.pick(METHODS);
	const path = fuzzPath(R);
	const headers: Record<string, string> = {};
	const tokens = Object.values(seeded.users).map((u) => u.token);
	const cookie = R.int(6);
	if (cookie === 1) headers.cookie = '__Host-ikz-sitzung=x';
	else if (cookie === 2) headers.cookie = `__Host-ikz-sitzung=${R.pick(tokens)}`;
	else if (cookie === 3) headers.cookie = `__Host-ikz-sitzung=${R.printable(R.int(80)).replace(/;/g, '')}; a=b; ;;=;${R.pick(['%ff', '"', '=='])}`;
	else if (cookie === 4) headers.cookie = `__Host-ikz-sitzung=${R.pick(tokens)}; __Host-ikz-sitzung=${R.pick(tokens)}; __Host-ikz-oidc=${R.printable(20).replace(/;/g, '')}`;
	const originKind = R.int(4);
	if (originKind === 0) headers.origin = origin;
	else if (originKind === 1) headers.origin = R.pick(['null', 'http://evil.example', origin.toUpperCase(), `${origin}/`, '']);
	else if (originKind === 2) headers['sec-fetch-site'] = R.pick(['same-origin', 'cross-site', 'none', '']);
	const ct = R.pick(CONTENT_TYPES);
	if (ct) headers['content-type'] = ct;
	if (R.r() < 0.3) headers.accept = R.pick(['application/json', 'text/html', '*/*', 'text/csv', 'application/problem+json', 'x/y;q=abc', '']);
	if (R.r() < 0.2) headers.authorization = R.pick(['Bearer ', 'Bearer ikz_x', `Bearer ${R.printable(250)}`, 'Basic YTpi', 'Bearer  ikz_' + 'a'.repeat(60)]);
	if (R.r() < 0.15) headers['if-none-match'] = R.pick(['*', 'W/"x"', '"', R.printable(30)]);
	if (R.r() < 0.15) headers['if-match'] = R.pick(['*', '"1"', 'W/"1"', R.printable(30)]);
	if (R.r() < 0.1) headers['x-sveltekit-action'] = 'true';
	if (R.r() < 0.1) headers['accept-language'] = R.printable(50);
	if (R.r() < 0.1) headers.range = R.pick(['bytes=0-1', 'bytes=-1', 'bytes=x', 'bytes=5-1']);
	if (R.r() < 0.1) headers['accept-encoding'] = R.pick(['br', 'gzip;q=x', '*', 'identity;q=0']);
	const body = method === 'GET' || method === 'HEAD' ? null : fuzzBody(R, ct);
	return { method, path, headers, body };
}

interface Outcome {
	status: number | null;
	error: string | null;
}

function send(base: URL, req: FuzzRequest): Promise<Outcome> {
	return new Promise((resolve) => {
		const headers: Record<string, string | number> = { ...req.headers };
		if (req.body) headers['content-length'] = req.body.length;
		let outgoing: http.ClientRequest;
		try {
			outgoing = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false, timeout: 30_000 }, (res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }));
				res.on('error', (e) => resolve({ status: res.statusCode ?? null, error: e.message }));
			});
		} catch (e) {
			// The client refused to send it (a header Node itself does not allow): nothing reached the server.
			resolve({ status: -1, error: (e as Error).message });
			return;
		}
		outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
		outgoing.on('error', (e) => resolve({ status: null, error: (e as NodeJS.ErrnoException).code ?? e.message }));
		if (req.body) outgoing.write(req.body);
		outgoing.end();
	});
}

describe('fuzzing the built app', () => {
	let seeded: Seeded;
	let app: RunningApp;
	beforeAll(async () => {
		seeded = await seedDatabase();
		app = await startApp({ LOGIN_MAX_FAILURES_ADDRESS: '10000', LOGIN_MAX_FAILURES_ACCOUNT: '100' }, seeded.database);
	}, 180_000);
	afterAll(async () => {
		await app?.stop();
		if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
	});

	it(`${COUNT} random and malformed requests: no answer ≥ 500, the server keeps running (seed ${SEED})`, async () => {
		const R = makeRandom(SEED);
		const base = new URL(app.url);
		// Drawn up front, so the sequence does not depend on the order answers arrive in.
		const requests = Array.from({ length: COUNT }, () => fuzzRequest(R, seeded, app.url));
		const failures: string[] = [];
		const statuses = new Map<number, number>();
		let sent = 0;
		let next = 0;
		const worker = async (): Promise<void> => {
			for (;;) {
				const i = next++;
				if (i >= requests.length) return;
				const req = requests[i]!;
				const out = await send(base, req);
				if (out.status === -1) continue;
				sent++;
				if (out.status !== null) statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
				// A reset after an early answer (e.g. 413 while the body is still being sent) is fine;
				// a refused connection means the server is gone.
				if (out.status === null && out.error !== 'ECONNRESET' && out.error !== 'EPIPE') {
					failures.push(`#${i} ${req.method} ${req.path} → ${out.error} (${JSON.stringify(req.headers)})`);
				}
				if (out.status !== null && out.status >= 500) {
					failures.push(`#${i} ${req.method} ${req.path} → ${out.status} (${JSON.stringify(req.headers)}, body ${req.body?.subarray(0, 200).toString('latin1') ?? '–'})`);
				}
			}
		};
		await Promise.all(Array.from({ length: PARALLEL }, worker));
		const alive = await fetch(`${app.url}/`);
		expect(failures, `seed ${SEED}; server log tail:\n${app.log().slice(-3000)}`).toEqual([]);
		expect(sent).toBeGreaterThanOrEqual(3000 * 0.95);
		expect(alive.status).toBe(200);
		expect(app.log()).not.toMatch(/UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION/);
		// Every kind of refusal was exercised, not only one status.
		for (const s of [200, 400, 403, 404]) expect(statuses.get(s) ?? 0, `status ${s}`).toBeGreaterThan(0);
	}, 900_000);

	it('the request of the report: POST /%ff with a session cookie and a JSON body is a 400 with the German error page', async () => {
		const base = new URL(app.url);
		const out = await send(base, { method: 'POST', path: '/%ff', headers: { cookie: '__Host-ikz-sitzung=x', 'content-type': 'application/json' }, body: Buffer.from('{}') });
		expect(out.status).toBe(400);
		const page = await fetch(`${app.url}/%ff`);
		expect(page.status).toBe(400);
		const html = await page.text();
		expect(html).toContain('Die Anfrage ist fehlerhaft');
		expect(html).not.toContain('Malformed');
		const api = await fetch(`${app.url}/api/v1/%ff`, { method: 'POST', headers: { cookie: '__Host-ikz-sitzung=x', 'content-type': 'application/json' }, body: '{}' });
		expect(api.status).toBe(400);
		expect(api.headers.get('content-type')).toContain('application/problem+json');
		expect((await fetch(`${app.url}/`)).status).toBe(200);
	});
});
