/**
 * The interface's German labels for coded values, in one place (the message catalogue).
 * Code and data use English codes; people see these words.
 */
export const STATUS_LABEL: Record<string, string> = {
	active: 'aktiv',
	planned: 'geplant',
	under_review: 'in Prüfung',
	ended: 'beendet',
	temporary: 'befristet'
};

export const ROLE_LABEL: Record<string, string> = {
	lead: 'Aufgabenträger / federführend',
	member: 'Mitglied / Partner',
	performer: 'erledigt die Aufgabe (Dritter)',
	client: 'Auftraggeber (Aufgabe wird für sie erledigt)',
	contract: 'auf Vertragsebene (kein Mitglied)',
	associated: 'assoziiertes Mitglied',
	owner: 'Gesellschafter / Verbandsmitglied'
};

export const EVENT_LABEL: Record<string, string> = {
	founding: 'Gründung',
	start: 'Beginn',
	new_version: 'Neufassung',
	extension: 'Erweiterung',
	continuation: 'Fortsetzung',
	conversion: 'Umwandlung',
	termination: 'Kündigung / Beendigung',
	partner_left: 'Austritt',
	partner_joined: 'Beitritt',
	planned: 'geplant'
};

export const BODY_KIND_LABEL: Record<string, string> = {
	kreis: 'Kreis',
	stadt: 'Stadt (kreisangehörig)',
	gemeinde: 'Gemeinde',
	'kreisfreie-stadt': 'Kreisfreie Stadt',
	landschaftsverband: 'Landschaftsverband',
	regionalverband: 'Regionalverband',
	bezirksregierung: 'Bezirksregierung',
	regierungsbezirk: 'Regierungsbezirk',
	landesbetrieb: 'Landesbetrieb / Landesbehörde',
	zweckverband: 'Zweckverband',
	aoer: 'Anstalt des öffentlichen Rechts',
	unternehmen: 'Unternehmen',
	verein: 'Verein / Verband',
	kammer: 'Kammer',
	einrichtung: 'Einrichtung',
	sonstige: 'Sonstige',
	land: 'Land',
	gemeindeverband: 'Gemeindeverband (Amt, Verbandsgemeinde, Verwaltungsgemeinschaft …)',
	'gemeindefreies-gebiet': 'Gemeindefreies Gebiet'
};

export const PERFORMER_LABEL: Record<string, string> = {
	_gemeinsam: 'Beteiligte gemeinsam',
	_jeder: 'jede Kommune selbst',
	_unbekannt: 'nicht angegeben'
};

export const PRECISION_LABEL: Record<string, string> = {
	day: 'tagesgenau',
	month: 'monatsgenau',
	year: 'jahresgenau',
	'school-year': 'Schuljahr',
	range: 'Zeitraum',
	unknown: 'unbekannt'
};

export const QUALIFIER_LABEL: Record<string, string> = {
	planned: 'geplant',
	unknown: 'unbekannt',
	ongoing: 'fortlaufend',
	'as-needed': 'nach Bedarf',
	'under-review': 'wird geprüft',
	temporary: 'befristet'
};

export const DERIVED_LABEL: Record<string, string> = {
	title: 'Titel',
	legal_form: 'Rechtsform',
	topics: 'Themenfeld',
	status: 'Status',
	performer: 'Aufgabenerledigung durch',
	start: 'Beginn',
	end: 'Ende',
	participants: 'Beteiligte',
	partner_groups: 'Partnergruppen',
	events: 'Ereignisse',
	description: 'Beschreibung'
};

export const SORT_LABEL: Record<string, string> = {
	relevanz: 'Relevanz (Treffer im Titel zuerst)',
	nr: 'Liste und Nummer',
	titel: 'Aufgabenbereich (A–Z)',
	beginn: 'Beginn (älteste zuerst)',
	'-beginn': 'Beginn (neueste zuerst)'
};

/** German number formatting. */
export const fmtNumber = (n: number): string => n.toLocaleString('de-DE');

export const ROLE_LABEL_USER: Record<string, string> = {
	visitor: 'Besucher (nicht angemeldet)',
	member: 'Mitglied',
	editor: 'Redakteur/in',
	coordinator: 'Koordination (Steuerungsdienst)',
	administrator: 'Administration'
};

export const PROPOSAL_STATUS_LABEL: Record<string, string> = {
	open: 'offen',
	accepted: 'angenommen',
	rejected: 'abgelehnt'
};

export const SURVEY_ANSWER_LABEL: Record<string, string> = {
	confirmed: 'bestätigt',
	corrected: 'korrigiert',
	ended: 'beendet gemeldet'
};

// --- Administration (Verwaltung): audit log and accounts ---
export const AUDIT_OUTCOME_LABEL: Record<string, string> = {
	ok: 'erfolgreich',
	refused: 'abgelehnt',
	failed: 'fehlgeschlagen'
};

export const USER_STATUS_LABEL: Record<string, string> = {
	active: 'aktiv',
	disabled: 'gesperrt',
	pending: 'Passwort noch nicht festgelegt'
};

/** An ISO instant as German local time in Berlin, e.g. "05.03.2026, 14:07". */
export const fmtDateTime = (iso: string, seconds = false): string =>
	new Date(iso).toLocaleString('de-DE', {
		timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
		...(seconds ? { second: '2-digit' } : {})
	});

/** An ISO instant as the German date of that day in Berlin, e.g. "05.03.2026". */
export const fmtDate = (iso: string): string =>
	new Date(iso).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

export const AUDIT_ENTITY_LABEL: Record<string, string> = {
	cooperation: 'Kooperation',
	body: 'Körperschaft',
	user: 'Konto',
	proposal: 'Vorschlag',
	survey_round: 'Erhebungsrunde',
	region: 'Region',
	import: 'Import',
	cooperation_legal: 'Rechtlicher Stand',
	vat_assessment: '§-2b-Bewertung',
	article: 'Wissensartikel'
};

export const MEASURE_STATUS_LABEL: Record<string, string> = {
	open: 'offen',
	in_progress: 'in Arbeit',
	realised: 'realisiert',
	partly_realised: 'teilweise realisiert',
	not_realised: 'nicht realisiert',
	no_need: 'kein Bedarf gesehen'
};

export const IDEA_STATUS_LABEL: Record<string, string> = {
	idea: 'Idee',
	discussion: 'in Diskussion',
	examination: 'in Prüfung',
	decided: 'beschlossen',
	rejected: 'verworfen'
};

export const WG_ITEM_LABEL: Record<string, string> = {
	success: 'Erfolgreiche Kooperationen',
	result: 'Ergebnisse',
	proposal: 'Themenvorschläge',
	problem: 'Probleme und Grenzen'
};

/** The KERN badge variant of a measure status (board, measure page, report). */
export const MEASURE_STATUS_BADGE: Record<string, string> = {
	realised: 'kern-badge--success',
	partly_realised: 'kern-badge--warning',
	not_realised: 'kern-badge--danger',
	no_need: 'kern-badge--info',
	in_progress: 'kern-badge--info',
	open: 'kern-badge--info'
};

/** E-mail kinds (issue 19, part 3): the labels on /konto and /verwaltung/e-mail. */
export const MAIL_KIND_LABEL: Record<string, string> = {
	invitation: 'Einladung (Konto eingerichtet)',
	'password-reset': 'Link zum Festlegen des Passworts',
	'survey-opened': 'Eine Erhebung wurde eröffnet',
	'survey-reminder': 'Erinnerung an die Frist einer Erhebung',
	'proposal-decided': 'Mein Vorschlag wurde angenommen oder abgelehnt',
	deadline: 'Fristen: Ende einer Kooperation, Überprüfung nach § 2b UStG, Bericht an die Bürgermeisterkonferenz, Frist einer Maßnahme'
};

/** States of a queued e-mail. */
export const MAIL_STATUS_LABEL: Record<string, string> = {
	pending: 'wartet',
	sent: 'gesendet',
	failed: 'endgültig fehlgeschlagen'
};

/** A body's position taken from its seat (issue 17): the body profile and the map say so in these words. */
export const seatPositionText = (seat: string): string => `Sitz in ${seat} (Gemeindemittelpunkt laut Gemeindeverzeichnis)`;
