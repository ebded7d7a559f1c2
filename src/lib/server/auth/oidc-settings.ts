/** The OIDC configuration from the settings, or null when single sign-on is not set up. */
import type { Settings } from '../settings';
import type { OidcConfig } from './oidc';

export const OIDC_COOKIE = '__Host-ikz-oidc';
export const OIDC_PENDING_MAX_MS = 10 * 60_000;

export function oidcConfig(s: Settings, origin: string): OidcConfig | null {
	if (!s.OIDC_ISSUER || !s.OIDC_CLIENT_ID) return null;
	return {
		issuer: s.OIDC_ISSUER, clientId: s.OIDC_CLIENT_ID, clientSecret: s.OIDC_CLIENT_SECRET ?? '',
		redirectUri: `${(s.ORIGIN ?? origin).replace(/\/$/, '')}/anmelden/oidc/rueckruf`, scopes: s.OIDC_SCOPES,
		allowHttp: s.OIDC_ALLOW_HTTP === 'true'
	};
}
