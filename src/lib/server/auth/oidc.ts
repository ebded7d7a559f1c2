/**
 * Single sign-on by OpenID Connect, as the municipal data centres offer it (mostly Keycloak).
 *
 * The app is a confidential client using the authorization code flow with PKCE (S256), state and
 * nonce. Between the redirect to the provider and the callback nothing is kept on the server: the
 * three secrets travel in a short-lived HttpOnly cookie (serializePending / parsePending), so any
 * app instance can finish a login that another one began.
 *
 * The result is only the provider's identity (issuer, subject, email, name). Whether and how it
 * maps to a local account is decided elsewhere; an email counts as proven only when the provider
 * says it is verified.
 */
import * as client from 'openid-client';

export interface OidcConfig {
	/** Issuer identifier, e.g. https://sso.example.de/realms/kommunen (discovery is fetched from it). */
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Callback URL of this app exactly as registered at the provider. */
	redirectUri: string;
	/** Space-separated scopes, e.g. 'openid email profile'. */
	scopes: string;
	/** Permit plain http, only for test providers on a loopback address. */
	allowHttp: boolean;
}

/** What must survive the round trip to the provider; kept in a short-lived cookie. */
export interface PendingOidcLogin {
	state: string;
	nonce: string;
	verifier: string;
	createdAt: number;
}

export interface OidcIdentity {
	issuer: string;
	subject: string;
	email: string | null;
	emailVerified: boolean;
	name: string | null;
}

// Discovery (and the provider's signing keys fetched with it) once per issuer and client and
// process: a login must not depend on a metadata request every time. The promise is cached so that
// simultaneous first logins share one request; a failed discovery is forgotten and retried.
const configurations = new Map<string, Promise<client.Configuration>>();

/** Forget all discovered provider configurations (tests start providers on fresh ports). */
export function clearOidcCache(): void {
	configurations.clear();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function issuerUrl(cfg: OidcConfig): URL {
	let url: URL;
	try {
		url = new URL(cfg.issuer);
	} catch {
		throw new Error('OpenID Connect: Die Adresse des Anmeldedienstes (issuer) ist ungültig.');
	}
	if (url.protocol === 'https:') return url;
	if (url.protocol === 'http:' && cfg.allowHttp && LOOPBACK_HOSTS.has(url.hostname)) return url;
	throw new Error('OpenID Connect: Der Anmeldedienst muss per https erreichbar sein (http nur für lokale Testanbieter).');
}

function configuration(cfg: OidcConfig): Promise<client.Configuration> {
	const key = `${cfg.issuer}\n${cfg.clientId}`;
	let pending = configurations.get(key);
	if (!pending) {
		const server = issuerUrl(cfg);
		pending = client
			.discovery(server, cfg.clientId, cfg.clientSecret, client.ClientSecretBasic(cfg.clientSecret), {
				execute: server.protocol === 'http:' ? [client.allowInsecureRequests] : [],
				timeout: 10
			})
			.catch((cause: unknown) => {
				configurations.delete(key);
				throw new Error('OpenID Connect: Der Anmeldedienst ist nicht erreichbar oder seine Konfiguration ist ungültig.', { cause });
			});
		configurations.set(key, pending);
	}
	return pending;
}

/** Start a login: the provider URL to redirect to, and what to keep until the callback. */
export async function beginOidcLogin(cfg: OidcConfig): Promise<{ url: URL; pending: PendingOidcLogin }> {
	const config = await configuration(cfg);
	const pending: PendingOidcLogin = {
		state: client.randomState(),
		nonce: client.randomNonce(),
		verifier: client.randomPKCECodeVerifier(),
		createdAt: Date.now()
	};
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: cfg.redirectUri,
		scope: cfg.scopes,
		state: pending.state,
		nonce: pending.nonce,
		code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
		code_challenge_method: 'S256'
	});
	return { url, pending };
}

const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * Finish a login from the callback URL: check state, exchange the code (with the PKCE verifier),
 * verify the ID token (signature, issuer, audience, nonce) and return the identity.
 * Throws an Error with a German message whenever the login must not succeed.
 */
export async function completeOidcLogin(cfg: OidcConfig, callbackUrl: URL, pending: PendingOidcLogin): Promise<OidcIdentity> {
	const params = callbackUrl.searchParams;
	// Own checks first, for clear messages; the library repeats them.
	if (params.get('state') !== pending.state) {
		throw new Error('Die Anmeldung konnte nicht zugeordnet werden (state stimmt nicht). Bitte erneut anmelden.');
	}
	const error = params.get('error');
	if (error !== null) {
		throw new Error(
			error === 'access_denied'
				? 'Die Anmeldung wurde beim Anmeldedienst abgebrochen oder abgelehnt.'
				: `Der Anmeldedienst hat die Anmeldung mit einem Fehler beendet (${error.slice(0, 64)}).`
		);
	}
	const config = await configuration(cfg);
	// The token request must name the registered redirect URI; behind a reverse proxy the URL the
	// app sees may differ in scheme or host, so only the parameters are taken from the callback.
	const current = new URL(cfg.redirectUri);
	current.search = params.toString();

	let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
	try {
		tokens = await client.authorizationCodeGrant(config, current, {
			pkceCodeVerifier: pending.verifier,
			expectedState: pending.state,
			expectedNonce: pending.nonce,
			idTokenExpected: true
		});
	} catch (cause) {
		throw new Error('Die Antwort des Anmeldedienstes konnte nicht bestätigt werden. Bitte erneut anmelden.', { cause });
	}

	const claims = tokens.claims();
	const subject = nonEmpty(claims?.sub);
	if (!claims || subject === null) {
		throw new Error('Der Anmeldedienst hat keine Benutzerkennung (sub) geliefert.');
	}
	let email = nonEmpty(claims.email);
	let emailVerified = email !== null && claims.email_verified === true;
	let name = nonEmpty(claims.name);
	// Keycloak puts email and name into the ID token; other providers only answer them at userinfo.
	if (email === null) {
		try {
			const info = await client.fetchUserInfo(config, tokens.access_token, subject);
			email = nonEmpty(info.email);
			emailVerified = email !== null && info.email_verified === true;
			name ??= nonEmpty(info.name);
		} catch (cause) {
			throw new Error('Die Benutzerdaten des Anmeldedienstes konnten nicht abgerufen werden.', { cause });
		}
	}
	return { issuer: claims.iss, subject, email, emailVerified, name };
}

export function serializePending(p: PendingOidcLogin): string {
	const { state, nonce, verifier, createdAt } = p;
	return Buffer.from(JSON.stringify({ state, nonce, verifier, createdAt }), 'utf8').toString('base64url');
}

// Several app instances may share the cookie; allow their clocks to differ a little.
const CLOCK_SKEW_MS = 30_000;

/** The pending login from its cookie; null when missing, malformed or older than maxAgeMs. */
export function parsePending(text: string | undefined, maxAgeMs: number, now: number = Date.now()): PendingOidcLogin | null {
	if (!text || text.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
	let value: unknown;
	try {
		value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const { state, nonce, verifier, createdAt } = value as Record<string, unknown>;
	const token = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 512;
	if (!token(state) || !token(nonce) || !token(verifier)) return null;
	if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return null;
	const age = now - createdAt;
	if (age < -CLOCK_SKEW_MS || age > maxAgeMs) return null;
	return { state, nonce, verifier, createdAt };
}
