/**
 * The route table: for every route of the app, the action a page view (GET/HEAD) needs and the
 * action each form action (POST `?/name`, or `default`) needs. The request hook refuses a route
 * that is missing here (fail closed), and `tests/e2e/authorization.test.ts` fails when a route file
 * exists without an entry. Resource checks (own body) happen in the route with `can()`.
 */
import type { Action } from './policy';

export interface RouteRule {
	page?: Action;
	actions?: Record<string, Action>;
}

const pub: RouteRule = { page: 'public' };

export const ROUTES: Record<string, RouteRule> = {
	'/': pub,
	'/ueber': pub,
	// Health and readiness for load balancers (issue 23); /metrics is served by the supervisor, not here.
	'/healthz': pub,
	'/readyz': pub,
	'/kooperationen': pub,
	'/kooperationen.json': pub,
	'/kooperationen.csv': pub,
	'/kooperationen/[id]': pub,
	'/kooperationen/neu': { page: 'cooperation.create', actions: { speichern: 'cooperation.create', zeilen: 'cooperation.create' } },
	'/kooperationen/[id]/bearbeiten': {
		page: 'cooperation.edit',
		actions: { speichern: 'cooperation.edit', zeilen: 'cooperation.edit', archivieren: 'cooperation.archive', reaktivieren: 'cooperation.archive' }
	},
	'/kooperationen/[id]/historie': { page: 'history.read', actions: { wiederherstellen: 'cooperation.edit' } },
	'/kooperationen/[id]/ansprechpartner': { page: 'contacts.edit', actions: { hinzufuegen: 'contacts.edit', entfernen: 'contacts.edit' } },
	'/koerperschaften': pub,
	'/koerperschaften.json': pub,
	'/koerperschaften.csv': pub,
	'/koerperschaften/[id]': pub,
	'/koerperschaften/neu': { page: 'body.create', actions: { speichern: 'body.create' } },
	'/koerperschaften/[id]/bearbeiten': { page: 'body.edit', actions: { speichern: 'body.edit' } },
	'/koerperschaften/[id]/historie': { page: 'history.read' },
	'/analyse': pub,
	'/analyse/netzwerk': pub,
	'/analyse/netzwerk.csv': pub,
	'/analyse/netzwerk.svg': pub,
	'/analyse/aufgaben': pub,
	'/analyse/aufgaben.csv': pub,
	'/analyse/partnersuche': pub,
	'/analyse/zeitleiste': pub,
	'/analyse/zeitleiste.csv': pub,
	'/analyse/zeitleiste.svg': pub,
	'/analyse/karte': pub,
	'/analyse/karte.svg': pub,
	'/anmelden': { page: 'public', actions: { default: 'public' } },
	'/anmelden/oidc': pub,
	'/anmelden/oidc/rueckruf': pub,
	'/abmelden': { page: 'public', actions: { default: 'public' } },
	'/einrichtung/[token]': { page: 'public', actions: { default: 'public' } },
	'/konto': { page: 'account.self', actions: { passwort: 'account.self', kalender: 'account.self', token: 'account.self', token_widerrufen: 'account.self', benachrichtigungen: 'account.self' } },
	'/vorschlaege': { page: 'review.own' },
	'/vorschlaege/[id]': { page: 'review.own', actions: { annehmen: 'review.decide', ablehnen: 'review.decide' } },
	'/erhebung': { page: 'survey.respond', actions: { bestaetigen: 'survey.respond', beenden: 'survey.respond', alle_bestaetigen: 'survey.respond' } },
	'/verwaltung': { page: 'users.manage' },
	'/verwaltung/benutzer': { page: 'users.manage', actions: { anlegen: 'users.manage' } },
	'/verwaltung/benutzer/[id]': { page: 'users.manage', actions: { speichern: 'users.manage', sperren: 'users.manage', entsperren: 'users.manage', link: 'users.manage' } },
	'/verwaltung/protokoll': { page: 'audit.read' },
	'/verwaltung/protokoll.csv': { page: 'audit.read' },
	'/verwaltung/erhebungen': { page: 'survey.manage', actions: { eroeffnen: 'survey.manage' } },
	'/verwaltung/erhebungen/[id]': { page: 'survey.manage', actions: { schliessen: 'survey.manage' } },
	'/verwaltung/einstellungen': { page: 'settings.manage', actions: { speichern: 'settings.manage' } },
	'/verwaltung/archiv': { page: 'cooperation.archive' },
	'/steuerung': pub,
	'/steuerung/massnahmen': pub,
	'/steuerung/massnahmen/[id]': { page: 'public', actions: { status: 'steering.edit' } },
	'/steuerung/bericht': { page: 'public', actions: { erstattet: 'steering.edit' } },
	'/steuerung/konferenzen/[id]': pub,
	'/steuerung/arbeitskreise': pub,
	'/steuerung/arbeitskreise/[id]': { page: 'public', actions: { sitzung: 'steering.edit' } },
	'/steuerung/ideen': { page: 'public', actions: { anlegen: 'idea.create' } },
	'/steuerung/ideen/[id]': { page: 'public', actions: { kommentieren: 'idea.comment', status: 'steering.edit', massnahme: 'steering.edit' } },
	'/steuerung/fristen': pub,
	'/steuerung/fristen.ics': pub,
	'/kalender/[token].ics': pub,
	// -- import/export/papers/open data (issue 4) --
	'/offene-daten': pub,
	'/offene-daten/kooperationen.csv': pub,
	'/offene-daten/kooperationen.json': pub,
	'/offene-daten/dcat.rdf': pub,
	'/berichte': pub,
	'/berichte/sitzungsunterlage.[format]': pub,
	'/berichte/logo': { page: 'steering.edit', actions: { hochladen: 'steering.edit', entfernen: 'steering.edit' } },
	'/verwaltung/import': { page: 'import.run', actions: { hochladen: 'import.run' } },
	'/verwaltung/import/[id]': { page: 'import.run', actions: { pruefen: 'import.run', ausfuehren: 'import.run', verwerfen: 'import.run' } },
	// -- council information systems via OParl (issue 21) --
	'/verwaltung/oparl': { page: 'oparl.manage', actions: { pruefen: 'oparl.manage', verbinden: 'oparl.manage', abrufen: 'oparl.manage', zeitplan: 'oparl.manage' } },
	'/kooperationen.xlsx': pub,
	// -- legal lifecycle and § 2b UStG (issue 7) --
	'/kooperationen/[id]/recht': { page: 'public', actions: { speichern: 'legal.edit' } },
	'/kooperationen/[id]/umsatzsteuer': { page: 'vat.read', actions: { speichern: 'vat.edit' } },
	'/steuerung/rechtsstand': pub,
	'/steuerung/umsatzsteuer': { page: 'vat.read' },
	'/steuerung/umsatzsteuer.csv': { page: 'vat.read' },
	'/koerperschaften/[id]/umsatzsteuer': { page: 'vat.read', actions: { speichern: 'vat.option.edit' } },
	// -- knowledge base and funding (issue 7) --
	'/wissen': pub,
	'/wissen/[id]': { page: 'public', actions: { abhaken: 'checklist.tick' } },
	'/wissen/neu': { page: 'knowledge.edit', actions: { speichern: 'knowledge.edit' } },
	'/wissen/[id]/bearbeiten': { page: 'knowledge.edit', actions: { speichern: 'knowledge.edit' } },
	'/foerderung': pub,
	// -- API v1 (issue 8) --
	// GET needs `page`; every other method needs `actions.default`. The API ignores the session
	// cookie: the actor comes from a Bearer token (scope `lesen` for GET, `schreiben` otherwise).
	'/api/v1': pub,
	'/api/v1/openapi.json': pub,
	'/api/v1/docs': pub,
	'/api/v1/cooperations': { page: 'public', actions: { default: 'cooperation.create' } },
	'/api/v1/cooperations/[id]': { page: 'public', actions: { default: 'cooperation.edit' } },
	'/api/v1/cooperations/[id]/oparl': { page: 'public', actions: { default: 'cooperation.edit' } },
	'/api/v1/cooperations/[id]/oparl/[linkId]': { actions: { default: 'cooperation.edit' } },
	'/api/v1/bodies': pub,
	'/api/v1/bodies/[id]': pub,
	'/api/v1/bodies/[id]/oparl': { page: 'public', actions: { default: 'body.edit' } },
	'/api/v1/bodies/[id]/oparl/[linkId]': { actions: { default: 'body.edit' } },
	'/api/v1/measures': pub,
	'/api/v1/analysis/summary': pub,
	// -- the duties of a public website (issue 17, item 5) --
	'/impressum': pub,
	'/datenschutz': pub,
	'/barrierefreiheit': { page: 'public', actions: { rueckmeldung: 'public' } },
	'/leichte-sprache': pub,
	'/verwaltung/rueckmeldungen': { page: 'feedback.read', actions: { erledigt: 'feedback.read', loeschen: 'feedback.read' } },
	// -- one-page profiles (issue 16): public data only --
	'/kooperationen/[id]/steckbrief': pub,
	'/kooperationen/[id]/steckbrief.pdf': pub,
	'/koerperschaften/[id]/steckbrief': pub,
	'/koerperschaften/[id]/steckbrief.pdf': pub,
	// -- effects per cooperation and roll-ups (issue 19) --
	'/kooperationen/[id]/wirkung': { page: 'public', actions: { erfassen: 'effect.edit', entfernen: 'effect.edit' } },
	'/analyse/wirkung': pub,
	'/analyse/wirkung.csv': pub,
	'/api/v1/effects': pub,
	// -- regions by self-service (issue 13, part 3) --
	'/verwaltung/regionen': { page: 'regions.manage', actions: { anlegen: 'regions.manage' } },
	// -- e-mail (issue 19, part 3) --
	'/verwaltung/e-mail': { page: 'mail.queue', actions: { erneut: 'mail.queue' } },
};

/** The form action a POST names: `?/name` → name, otherwise `default`. */
export function actionName(url: URL): string {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1) || 'default';
	return 'default';
}
