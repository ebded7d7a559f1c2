/**
 * Single sign-on by OpenID Connect against a real provider (oidc-provider on 127.0.0.1), without a
 * browser: the redirects are followed with fetch and a small cookie jar, the provider's login form
 * is posted like a browser would, and the callback URL is read from the Location header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	beginOidcLogin,
	clearOidcCache,
	completeOidcLogin,
	parsePending,
	serializePending,
	type OidcConfig,
	type PendingOidcLogin
} from '../../src/lib/server/auth/oidc';
import { startOidcProvider, type TestAccount } from '../support/oidc-provider';

const REDIRECT_URI = 'http://127.0.0.1:3999/anmelden/oidc/rueckruf';
const anna: TestAccount = { sub: 'anna-7f3c', email: 'anna.schmidt@kreis-unna.de', name: 'Anna Schmidt', password: 'Lindenblüte-Kamen-2026' };
const bernd: TestAccount = { sub: 'bernd-19ab', email: 'bernd@example.de', name: 'Bernd Meier', password: 'Ruhrwiesen-Selm-77', emailVerified: false };

/** Keeps cookies by name, as far as this provider needs it (one host, no path rules). */
class CookieJar {
	readonly #cookies = new Map<string, string>();

	store(res: Response): void {
		for (const line of res.headers.getSetCookie()) {
			const [pair = '', ...attributes] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((a) => {
				const [key = '', val = ''] = a.trim().split('=');
				return (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) || (key.toLowerCase() === 'max-age' && Number(val) <= 0);
			});
			if (expired || value === '') this.#cookies.delete(name);
			else this.#cookies.set(name, value);
		}
	}

	header(): string {
		return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}
}

interface Step {
	/** Set when the provider redirected back to the app's callback. */
	callback: URL | null;
	/** The last response that was not followed (a page, or the redirect to the callback). */
	res: Response;
	url: URL;
}

/** Request a URL and follow redirects within the provider; stop at a page or at the callback. */
async function browse(jar: CookieJar, start: URL, init: RequestInit = {}): Promise<Step> {
	let url = start;
	let request = init;
	for (let hops = 0; hops < 15; hops++) {
		const res = await fetch(url, { ...request, redirect: 'manual', headers: { ...request.headers, cookie: jar.header() } });
		jar.store(res);
		const location = res.headers.get('location');
		if (res.status < 300 || res.status >= 400 || !location) return { callback: null, res, url };
		const next = new URL(location, url);
		if (next.href.startsWith(REDIRECT_URI)) return { callback: next, res, url };
		await res.arrayBuffer();
		url = next;
		request = {};
	}
	throw new Error('too many redirects');
}

/** Open the authorization URL and expect the provider's login form; returns its action URL. */
async function openLoginForm(jar: CookieJar, authUrl: URL): Promise<URL> {
	const step = await browse(jar, authUrl);
	expect(step.res.status).toBe(200);
	const html = await step.res.text();
	expect(html).toContain('name="login"');
	expect(html).toContain('name="password"');
	expect(html).toContain('Anmelden beim Testanbieter');
	const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
	expect(action).toBeTruthy();
	return new URL(action!, step.url);
}

function submitLogin(jar: CookieJar, action: URL, login: string, password: string): Promise<Step> {
	return browse(jar, action, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ login, password }).toString()
	});
}

/** A whole login up to the callback URL, as the browser would go it. */
async function loginAt(cfg: OidcConfig, account: TestAccount, login = account.email): Promise<{ callback: URL; pending: PendingOidcLogin }> {
	const { url, pending } = await beginOidcLogin(cfg);
	const jar = new CookieJar();
	const step = await submitLogin(jar, await openLoginForm(jar, url), login, account.password);
	expect(step.callback, 'the provider redirects back to the app').not.toBeNull();
	return { callback: step.callback!, pending };
}

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let cfg: OidcConfig;

beforeAll(async () => {
	provider = await startOidcProvider({ clientId: 'ikz-atlas', clientSecret: 'geheim-fuer-tests-0123456789', redirectUris: [REDIRECT_URI], accounts: [anna, bernd] });
	cfg = { issuer: provider.issuer, clientId: 'ikz-atlas', clientSecret: 'geheim-fuer-tests-0123456789', redirectUri: REDIRECT_URI, scopes: 'openid email profile', allowHttp: true };
});
afterAll(async () => {
	clearOidcCache();
	await provider.stop();
});

describe('login at a real OpenID provider', () => {
	it('sends the user to the provider with PKCE S256, state and nonce, and keeps the verifier to itself', async () => {
		const { url, pending } = await beginOidcLogin(cfg);
		expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
		const p = url.searchParams;
		expect(p.get('client_id')).toBe('ikz-atlas');
		expect(p.get('response_type')).toBe('code');
		expect(p.get('redirect_uri')).toBe(REDIRECT_URI);
		expect(p.get('scope')).toBe('openid email profile');
		expect(p.get('code_challenge_method')).toBe('S256');
		expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(p.get('state')).toBe(pending.state);
		expect(p.get('nonce')).toBe(pending.nonce);
		expect(url.href).not.toContain(pending.verifier);
		// Every login gets fresh secrets.
		const second = await beginOidcLogin(cfg);
		expect(second.pending.state).not.toBe(pending.state);
		expect(second.pending.verifier).not.toBe(pending.verifier);
	});

	it('returns the identity from the ID token after a correct login', async () => {
		const { callback, pending } = await loginAt(cfg, anna);
		expect(callback.searchParams.get('code')).toBeTruthy();
		expect(callback.searchParams.get('state')).toBe(pending.state);
		const identity = await completeOidcLogin(cfg, callback, pending);
		expect(identity).toEqual({
			issuer: provider.issuer,
			subject: 'anna-7f3c',
			email: 'anna.schmidt@kreis-unna.de',
			emailVerified: true,
			name: 'Anna Schmidt'
		});
	});

	it('reports an unverified email as unverified (login by subject instead of email)', async () => {
		const { callback, pending } = await loginAt(cfg, bernd, bernd.sub);
		const identity = await completeOidcLogin(cfg, callback, pending);
		expect(identity).toMatchObject({ subject: 'bernd-19ab', email: 'bernd@example.de', emailVerified: false, name: 'Bernd Meier' });
	});

	it('the provider refuses a wrong password and an unknown account: no code is issued', async () => {
		const { url } = await beginOidcLogin(cfg);
		const jar = new CookieJar();
		const action = await openLoginForm(jar, url);
		for (const [login, password] of [
			[anna.email, 'falsch'],
			[anna.email, bernd.password],
			['mallory@example.de', anna.password],
			[anna.email, '']
		] as const) {
			const step = await submitLogin(jar, action, login, password);
			expect(step.callback).toBeNull();
			expect(step.res.status).toBe(401);
			expect(step.res.headers.get('location')).toBeNull();
			expect(await step.res.text()).toContain('Benutzername oder Passwort ist falsch');
		}
		// The same login attempt still succeeds with the right password afterwards.
		const ok = await submitLogin(jar, action, anna.email, anna.password);
		expect(ok.callback?.searchParams.get('code')).toBeTruthy();
	});

	it('rejects a callback whose state does not match the pending login', async () => {
		const { callback, pending } = await loginAt(cfg, anna);
		await expect(completeOidcLogin(cfg, callback, { ...pending, state: `${pending.state}x` })).rejects.toThrow(/state stimmt nicht/);
		const tampered = new URL(callback);
		tampered.searchParams.set('state', 'angreifer');
		await expect(completeOidcLogin(cfg, tampered, pending)).rejects.toThrow(/state stimmt nicht/);
		const missing = new URL(callback);
		missing.searchParams.delete('state');
		await expect(completeOidcLogin(cfg, missing, pending)).rejects.toThrow(/state stimmt nicht/);
	});

	it('rejects an ID token with another nonce', async () => {
		const { callback, pending } = await loginAt(cfg, anna);
		await expect(completeOidcLogin(cfg, callback, { ...pending, nonce: 'eine-andere-nonce' })).rejects.toThrow(
			/Antwort des Anmeldedienstes konnte nicht bestätigt werden/
		);
	});

	it('the code is worthless without the right PKCE verifier, and can be used only once', async () => {
		const { callback, pending } = await loginAt(cfg, anna);
		await expect(completeOidcLogin(cfg, callback, { ...pending, verifier: 'x'.repeat(43) })).rejects.toThrow(/nicht bestätigt/);
		const fresh = await loginAt(cfg, anna);
		await expect(completeOidcLogin(cfg, fresh.callback, fresh.pending)).resolves.toMatchObject({ subject: 'anna-7f3c' });
		await expect(completeOidcLogin(cfg, fresh.callback, fresh.pending)).rejects.toThrow(/nicht bestätigt/);
	});

	it('rejects the callback when the user cancels at the provider (error=access_denied)', async () => {
		const { url, pending } = await beginOidcLogin(cfg);
		const jar = new CookieJar();
		const action = await openLoginForm(jar, url);
		const step = await browse(jar, new URL(`${action.pathname}/abort`, action));
		expect(step.callback?.searchParams.get('error')).toBe('access_denied');
		expect(step.callback?.searchParams.get('code')).toBeNull();
		await expect(completeOidcLogin(cfg, step.callback!, pending)).rejects.toThrow(/abgebrochen oder abgelehnt/);
		// Also a forged error callback with the right state.
		const forged = new URL(`${REDIRECT_URI}?error=access_denied&state=${pending.state}`);
		await expect(completeOidcLogin(cfg, forged, pending)).rejects.toThrow(/abgebrochen oder abgelehnt/);
	});

	it('the provider insists on PKCE', async () => {
		const { url } = await beginOidcLogin(cfg);
		url.searchParams.delete('code_challenge');
		url.searchParams.delete('code_challenge_method');
		const step = await browse(new CookieJar(), url);
		expect(step.callback?.searchParams.get('error')).toBe('invalid_request');
		expect(step.callback?.searchParams.get('code')).toBeNull();
	});
});

describe('provider configuration', () => {
	it('takes email and name from userinfo when the ID token has none', async () => {
		const other = await startOidcProvider({ clientId: 'ikz-atlas', clientSecret: 'anderes-geheimnis-0123456789', redirectUris: [REDIRECT_URI], accounts: [anna], claimsInIdToken: false });
		try {
			const otherCfg = { ...cfg, issuer: other.issuer, clientSecret: 'anderes-geheimnis-0123456789' };
			const { callback, pending } = await loginAt(otherCfg, anna);
			expect(await completeOidcLogin(otherCfg, callback, pending)).toEqual({
				issuer: other.issuer,
				subject: 'anna-7f3c',
				email: 'anna.schmidt@kreis-unna.de',
				emailVerified: true,
				name: 'Anna Schmidt'
			});
		} finally {
			await other.stop();
		}
	});

	it('discovers a provider once per process; clearOidcCache forgets it', async () => {
		const other = await startOidcProvider({ clientId: 'ikz-atlas', clientSecret: 'noch-ein-geheimnis-0123456789', redirectUris: [REDIRECT_URI], accounts: [anna] });
		const otherCfg = { ...cfg, issuer: other.issuer };
		await beginOidcLogin(otherCfg);
		await other.stop();
		// No request is needed any more to start a login ...
		await expect(beginOidcLogin(otherCfg)).resolves.toHaveProperty('url');
		// ... until the cache is cleared; then the provider is gone.
		clearOidcCache();
		await expect(beginOidcLogin(otherCfg)).rejects.toThrow(/nicht erreichbar/);
	});

	it('refuses plain http unless allowed, and then only on a loopback address', async () => {
		await expect(beginOidcLogin({ ...cfg, allowHttp: false })).rejects.toThrow(/https/);
		await expect(beginOidcLogin({ ...cfg, issuer: 'http://sso.example.de/realms/kommunen' })).rejects.toThrow(/https/);
		await expect(beginOidcLogin({ ...cfg, issuer: 'kein issuer' })).rejects.toThrow(/ungültig/);
	});
});

describe('pending login cookie', () => {
	const pending: PendingOidcLogin = { state: 'st-1', nonce: 'no-2', verifier: 'ver-3', createdAt: 1_000_000 };

	it('round-trips within its lifetime', () => {
		const text = serializePending(pending);
		expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(parsePending(text, 600_000, 1_000_000 + 599_999)).toEqual(pending);
	});

	it('refuses expired, missing and malformed input', () => {
		const text = serializePending(pending);
		expect(parsePending(text, 600_000, 1_000_000 + 600_001)).toBeNull();
		expect(parsePending(text, 600_000, 1_000_000 - 3_600_000)).toBeNull(); // from the far future
		expect(parsePending(undefined, 600_000, 1_000_000)).toBeNull();
		expect(parsePending('', 600_000, 1_000_000)).toBeNull();
		expect(parsePending('nicht base64!', 600_000, 1_000_000)).toBeNull();
		expect(parsePending(Buffer.from('{kein json').toString('base64url'), 600_000, 1_000_000)).toBeNull();
		const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
		expect(parsePending(encode(null), 600_000, 1_000_000)).toBeNull();
		expect(parsePending(encode([1, 2]), 600_000, 1_000_000)).toBeNull();
		expect(parsePending(encode({ ...pending, verifier: undefined }), 600_000, 1_000_000)).toBeNull();
		expect(parsePending(encode({ ...pending, state: 42 }), 600_000, 1_000_000)).toBeNull();
		expect(parsePending(encode({ ...pending, createdAt: '1000000' }), 600_000, 1_000_000)).toBeNull();
		expect(parsePending(encode({ ...pending, nonce: '' }), 600_000, 1_000_000)).toBeNull();
	});
});
