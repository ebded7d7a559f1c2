/**
 * The meta description of every page (issue 17, item 5: search engines and link previews show it).
 * Keyed by SvelteKit route id; a page may also return its own `description` from its load
 * function, which wins. Routes not named here fall back to the description of their nearest
 * parent, then to the site's.
 */
export const SITE_DESCRIPTION =
	'IKZ-Atlas: Register der interkommunalen Zusammenarbeit eines Kreises und seiner Städte und Gemeinden – suchen, auswerten, steuern, als offene Daten.';

export const DESCRIPTIONS: Record<string, string> = {
	'/': 'Überblick über die interkommunale Zusammenarbeit im Register: Kooperationen mit dem Kreis und der Städte und Gemeinden untereinander, nach Thema, Rechtsform und Status.',
	'/kooperationen': 'Kooperationen im Register suchen und filtern: nach Beteiligten, Themenfeld, Rechtsform, Aufgabenträger, Status und Jahr; Ergebnisse auch als CSV, XLSX und JSON.',
	'/kooperationen/[id]': 'Steckbrief einer interkommunalen Kooperation: Beteiligte mit Rollen und Daten, Rechtsform, Aufgabenträger, Verlauf und die Angaben der Quelle wörtlich.',
	'/koerperschaften': 'Die Körperschaften im Register – Kreis, Städte, Gemeinden und weitere Partner – mit der Zahl ihrer Kooperationen.',
	'/koerperschaften/[id]': 'Profil einer Körperschaft: ihre Kooperationen, ihr Netzwerk, häufigste Partner, Themenfelder und was beendet ist.',
	'/analyse': 'Auswertungen des Registers: Kooperationen nach Rechtsform, Aufgabenträger und Themenfeld, älteste und neueste, Änderungen seit einem Datum.',
	'/analyse/netzwerk': 'Kooperationsnetzwerk und Matrix der Körperschaften eines Kreises, filterbar nach Thema, Rechtsform und Jahr; als Tabelle, CSV und SVG.',
	'/analyse/aufgaben': 'Abdeckung nach Aufgaben: welche Körperschaft welche Aufgabe in welchem Verbund erledigt und wer in keinem ist.',
	'/analyse/partnersuche': 'Partnersuche: mögliche Partner und bestehende Verbünde für eine Aufgabe, jeweils mit Begründung.',
	'/analyse/zeitleiste': 'Zeitleiste der interkommunalen Zusammenarbeit: begonnene und aktive Kooperationen je Jahr, unscharfe Daten ehrlich gezählt.',
	'/analyse/karte': 'Schematische Karte der Region mit den Kooperationen zwischen den Körperschaften als Verbindungen.',
	'/steuerung': 'Steuerung der interkommunalen Zusammenarbeit: Bürgermeisterkonferenzen, vereinbarte Maßnahmen, Bericht, Arbeitskreise und Ideen.',
	'/steuerung/massnahmen': 'Die vereinbarten Maßnahmen der interkommunalen Zusammenarbeit nach Handlungsfeld und Stand.',
	'/steuerung/massnahmen/[id]': 'Eine Maßnahme der interkommunalen Zusammenarbeit: Auftrag, Federführung, Stand mit Verlauf und Ergebnis.',
	'/steuerung/bericht': 'Bericht an die Bürgermeisterkonferenz: was sich seit dem letzten Bericht geändert hat.',
	'/steuerung/konferenzen/[id]': 'Eine Bürgermeisterkonferenz mit ihren Beschlüssen und Maßnahmen.',
	'/steuerung/arbeitskreise': 'Arbeitskreise der interkommunalen Zusammenarbeit mit Sitzungen, Ergebnissen und Vorschlägen.',
	'/steuerung/arbeitskreise/[id]': 'Ein Arbeitskreis der interkommunalen Zusammenarbeit mit Sitzungen, Ergebnissen und Vorschlägen.',
	'/steuerung/ideen': 'Ideen für neue interkommunale Zusammenarbeit, mit Kommentaren und Stand.',
	'/steuerung/ideen/[id]': 'Eine Idee für interkommunale Zusammenarbeit mit Kommentaren und Stand.',
	'/steuerung/fristen': 'Fristen der interkommunalen Zusammenarbeit: Enden, Kündigungen, geplante Beginne und fällige Maßnahmen, auch als Kalender.',
	'/steuerung/rechtsstand': 'Rechtlicher Stand der Kooperationen nach dem Landesrecht (GkG NRW, KommZG, SächsKomZG) und die fehlenden Schritte.',
	'/steuerung/umsatzsteuer': 'Umsatzsteuer nach § 2b UStG: Stand der Prüfung je Kooperation.',
	'/kooperationen/[id]/recht': 'Rechtlicher Stand einer Kooperation nach dem Recht ihres Landes: Beschlüsse, Genehmigung, Bekanntmachung, Laufzeit.',
	'/berichte': 'Sitzungsunterlagen zur interkommunalen Zusammenarbeit für einen Ausschnitt des Registers als PPTX, PDF und DOCX.',
	'/wissen': 'Wissen zur interkommunalen Zusammenarbeit: Leitfäden je Rechtsform, Checklisten, Mustertexte, Urteile, häufige Fragen und Praxisbeispiele.',
	'/wissen/[id]': 'Ein Beitrag der Wissenssammlung zur interkommunalen Zusammenarbeit.',
	'/foerderung': 'Fördercheck: passende Förderprogramme für eine Kooperation oder Idee, geprüft nach den Regeln der Programme.',
	'/offene-daten': 'Das öffentliche Register der interkommunalen Zusammenarbeit als offene Daten: CSV, JSON und DCAT-AP.de-Metadaten.',
	'/api/v1/docs': 'Referenz der Programmierschnittstelle (API v1) des IKZ-Atlas: Kooperationen, Körperschaften, Maßnahmen und Kennzahlen als JSON.',
	'/ueber': 'Woher die Daten des IKZ-Atlas stammen, wie sie erfasst sind und welchen Stand sie haben.',
	'/impressum': 'Impressum des IKZ-Atlas: wer die Seite betreibt und wie Sie die Betreiberin erreichen.',
	'/datenschutz': 'Datenschutzerklärung des IKZ-Atlas: welche personenbezogenen Daten die Seite verarbeitet, wozu, wie lange, und Ihre Rechte.',
	'/barrierefreiheit': 'Erklärung zur Barrierefreiheit des IKZ-Atlas nach BITV 2.0 und BGG NRW: was noch nicht barrierefrei ist, Rückmeldung und Schlichtung.',
	'/leichte-sprache': 'Der IKZ-Atlas in Leichter Sprache: Was ist die Seite? Was finden Sie hier?',
	'/anmelden': 'Anmeldung für Mitarbeiterinnen und Mitarbeiter der Körperschaften im IKZ-Atlas.',
	'/erhebung': 'Erhebung: die eigenen Kooperationen bestätigen, korrigieren oder als beendet melden.',
	'/verwaltung': 'Verwaltung des IKZ-Atlas: Konten, Erhebungen, Protokoll, Einstellungen und Rückmeldungen.'
};

/** The description for a route id: its own, its nearest named parent's, or the site's. */
export function descriptionFor(routeId: string | null): string {
	let id = routeId ?? '';
	while (id) {
		const d = DESCRIPTIONS[id];
		if (d) return d;
		id = id.slice(0, id.lastIndexOf('/'));
	}
	return DESCRIPTIONS['/'] ?? SITE_DESCRIPTION;
}
