/**
 * A real OpenID Connect provider (the `oidc-provider` package) inside the test process, on
 * 127.0.0.1 and a free port, so the single sign-on code is tested against actual discovery,
 * signed ID tokens, PKCE and the provider's own error responses instead of mocks.
 *
 * The provider's built-in development login accepts any user name without a password, so the
 * login and consent steps ("interactions") are handled here: a fixed login form that checks the
 * configured accounts, and consent granted automatically for the one configured client. The form
 * is stable for browser tests: fields `login` (account email or sub) and `password`, and a button
 * "Anmelden beim Testanbieter"; the link "Abbrechen" ends the login with error=access_denied.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error -- oidc-provider ships no type declarations; the few parts used are typed below.
import { Provider as UntypedProvider } from 'oidc-provider';

export interface TestAccount {
	sub: string;
	email: string;
	name: string;
	password: string;
	/** Reported as email_verified; default true. */
	emailVerified?: boolean;
}

export interface OidcProviderOptions {
	clientId: string;
	clientSecret: string;
	redirectUris: string[];
	accounts: TestAccount[];
	/**
	 * Put email and name into the ID token (as Keycloak does); default true. With false they are
	 * only available from the userinfo endpoint (the provider's spec-conforming default).
	 */
	claimsInIdToken?: boolean;
}

// The parts of oidc-provider v9 used here.
interface InteractionDetails {
	uid: string;
	prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
	params: Record<string, unknown>;
	session?: { accountId?: string };
	grantId?: string;
}
interface GrantInstance {
	addOIDCScope(scope: string): void;
	addOIDCClaims(claims: string[]): void;
	save(): Promise<string>;
}
interface ProviderInstance {
	callback(): (req: IncomingMessage, res: ServerResponse) => void;
	interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
	interactionFinished(
		req: IncomingMessage,
		res: ServerResponse,
		result: Record<string, unknown>,
		options?: { mergeWithLastSubmission?: boolean }
	): Promise<void>;
	Grant: { new (init: { accountId: string; clientId: string }): GrantInstance; find(id: string): Promise<GrantInstance | undefined> };
}
const Provider = UntypedProvider as new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

const SCOPES = ['openid', 'email', 'profile'];
const CLAIMS = new Set(['sub', 'sid', 'auth_time', 'acr', 'amr', 'iss', 'email', 'email_verified', 'name']);
const LOGIN_BUTTON = 'Anmelden beim Testanbieter';

const page = (title: string, body: string) =>
	`<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;

function loginPage(uid: string, failed: boolean): string {
	// uid is the provider's own nanoid; encoded anyway so nothing reaches the page unescaped.
	const path = `/interaction/${encodeURIComponent(uid)}`;
	return page(
		'Anmeldung beim Testanbieter',
		`<h1>Anmeldung beim Testanbieter</h1>${failed ? '<p role="alert">Benutzername oder Passwort ist falsch.</p>' : ''}` +
			`<form method="post" action="${path}">` +
			'<p><label for="login">Benutzername</label> <input id="login" name="login" autocomplete="username" required></p>' +
			'<p><label for="password">Passwort</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>' +
			`<p><button type="submit">${LOGIN_BUTTON}</button></p></form>` +
			`<p><a href="${path}/abort">Abbrechen</a></p>`
	);
}

function send(res: ServerResponse, status: number, html: string): void {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
	res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
	let body = '';
	for await (const chunk of req) {
		body += String(chunk);
		if (body.length > 16_384) throw new Error('form too large');
	}
	return new URLSearchParams(body);
}

export async function startOidcProvider(opts: OidcProviderOptions): Promise<{ issuer: string; stop(): Promise<void> }> {
	// Requests are only handled once the provider exists (see below); nobody knows the port before.
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	// The issuer must be known when the provider is created, so the port is taken first.
	const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const byId = new Map(opts.accounts.map((a) => [a.sub, a]));

	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: opts.clientId,
				client_secret: opts.clientSecret,
				redirect_uris: opts.redirectUris,
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_basic'
			}
		],
		jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
		responseTypes: ['code'],
		pkce: { required: () => true },
		scopes: SCOPES,
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
		// The provider's default leaves scope claims out of the ID token when an access token is issued.
		conformIdTokenClaims: !(opts.claimsInIdToken ?? true),
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
		ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
		async findAccount(_ctx: unknown, sub: string) {
			const account = byId.get(sub);
			if (!account) return undefined;
			return {
				accountId: account.sub,
				async claims() {
					return { sub: account.sub, email: account.email, email_verified: account.emailVerified ?? true, name: account.name };
				}
			};
		},
		async renderError(ctx: { type: string; body: string }, out: { error?: unknown }) {
			const code = String(out.error ?? 'server_error').replace(/[^a-z_]/g, '');
			ctx.type = 'html';
			ctx.body = page('Fehler', `<h1>Fehler beim Testanbieter</h1><p>${code}</p>`);
		}
	});
	const providerCallback = provider.callback();

	async function grantConsent(req: IncomingMessage, res: ServerResponse, details: InteractionDetails): Promise<void> {
		const accountId = details.session?.accountId;
		const missingScopes = details.prompt.details.missingOIDCScope ?? [];
		const missingClaims = details.prompt.details.missingOIDCClaims ?? [];
		if (
			details.params.client_id !== opts.clientId ||
			!accountId ||
			!missingScopes.every((s) => SCOPES.includes(s)) ||
			!missingClaims.every((c) => CLAIMS.has(c))
		) {
			await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'consent not possible' }, { mergeWithLastSubmission: false });
			return;
		}
		const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: opts.clientId });
		grant.addOIDCScope(SCOPES.join(' '));
		if (missingClaims.length > 0) grant.addOIDCClaims(missingClaims);
		await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
	}

	async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
		const details = await provider.interactionDetails(req, res);
		if (details.uid !== uid) return send(res, 400, page('Fehler', '<p>Anmeldevorgang passt nicht.</p>'));
		if (action === 'abort' && req.method === 'GET') {
			return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Anmeldung abgebrochen' }, { mergeWithLastSubmission: false });
		}
		if (action !== undefined) return send(res, 404, page('Nicht gefunden', '<p>Nicht gefunden.</p>'));
		if (details.prompt.name === 'consent' && req.method === 'GET') return grantConsent(req, res, details);
		if (details.prompt.name !== 'login') return send(res, 400, page('Fehler', '<p>Nicht unterstützter Schritt.</p>'));
		if (req.method === 'GET') return send(res, 200, loginPage(uid, false));
		if (req.method !== 'POST') return send(res, 405, page('Fehler', '<p>Methode nicht erlaubt.</p>'));

		const form = await readForm(req);
		const login = form.get('login') ?? '';
		const password = form.get('password') ?? '';
		const account = opts.accounts.find((a) => (a.sub === login || a.email === login) && a.password === password);
		if (!account) return send(res, 401, loginPage(uid, true));
		await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
	}

	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/([a-z]+))?$/.exec(new URL(req.url ?? '/', issuer).pathname);
		if (!match) return providerCallback(req, res);
		interaction(req, res, match[1]!, match[2]).catch(() => {
			if (!res.headersSent) send(res, 400, page('Fehler', '<p>Anmeldevorgang nicht gefunden oder abgelaufen.</p>'));
			else res.end();
		});
	});

	return {
		issuer,
		stop: () =>
			new Promise<void>((resolve, reject) => {
				server.close((err) => (err ? reject(err) : resolve()));
				server.closeAllConnections();
			})
	};
}
