/**
 * Word material for the synthetic register. Modelled on the Kreis Unna lists in data/kreis-unna/
 * (task names, title patterns, date styles, legal-form mix), so that the text index, the facets
 * and the result sizes behave like a real register would, only 500 times larger.
 */

/** A municipal task: how it is named, which topic fields it belongs to, which legal forms it usually takes. */
export interface Task {
	title: string;
	topics: readonly string[];
	forms: readonly string[];
	/** Optional bracketed details, as the source decks add them ("Rechnungsprüfung (Gehaltsabrechnungsverfahren)"). */
	details?: readonly string[];
}

export const TASKS: readonly Task[] = [
	{ title: 'Rettungsdienst', topics: ['sicherheit-ordnung'], forms: ['oerv', 'zweckverband'], details: ['Notarztstandort', 'Rettungswache'] },
	{ title: 'Notfallleitstelle', topics: ['sicherheit-ordnung'], forms: ['oerv'] },
	{ title: 'Organisatorischer Leiter Rettungsdienst', topics: ['sicherheit-ordnung'], forms: ['oerv', 'absprache'] },
	{ title: 'Beschaffung von Feuerwehrfahrzeugen', topics: ['sicherheit-ordnung', 'verwaltung-it'], forms: ['absprache', 'vertrag'] },
	{ title: 'Durchführung von Brandschauen', topics: ['sicherheit-ordnung'], forms: ['oerv'] },
	{ title: 'Tierheim', topics: ['sicherheit-ordnung'], forms: ['vertrag', 'ev'] },
	{ title: 'Ordnungspartnerschaft', topics: ['sicherheit-ordnung'], forms: ['sonstige-vereinbarung'] },
	{ title: 'Volkshochschule', topics: ['bildung-wissenschaft'], forms: ['zweckverband', 'oerv'] },
	{ title: 'Musikschule', topics: ['kultur-sport', 'bildung-wissenschaft'], forms: ['oerv', 'zweckverband'] },
	{ title: 'Mobile Jugendverkehrsschule', topics: ['verkehr', 'bildung-wissenschaft'], forms: ['oerv', 'absprache'] },
	{ title: 'Beschulung lernbehinderter Schüler', topics: ['bildung-wissenschaft'], forms: ['oerv'] },
	{ title: 'Schülerbeförderung', topics: ['bildung-wissenschaft', 'verkehr'], forms: ['vertrag', 'oerv'] },
	{ title: 'Zusammenarbeit im Büchereiwesen', topics: ['kultur-sport', 'bildung-wissenschaft'], forms: ['sonstige-vereinbarung', 'projekt'] },
	{ title: 'Archiv-Verwaltung', topics: ['kultur-sport', 'verwaltung-it'], forms: ['oerv'] },
	{ title: 'Zentrale Vergabestelle', topics: ['verwaltung-it'], forms: ['oerv'] },
	{ title: 'Gemeinsamer Datenschutzbeauftragter', topics: ['verwaltung-it'], forms: ['oerv', 'vertrag'] },
	{ title: 'Rechnungsprüfung', topics: ['verwaltung-it'], forms: ['oerv'], details: ['Gehaltsabrechnungsverfahren', 'Vergabeprüfung', 'Jahresabschluss'] },
	{ title: 'Automatisierte Datenverarbeitung', topics: ['verwaltung-it'], forms: ['zweckverband', 'oerv'], details: ['Personalwesen', 'IT-Grundschutz', 'Hard- und Software'] },
	{ title: 'Personalabrechnung', topics: ['verwaltung-it'], forms: ['oerv', 'vertrag'] },
	{ title: 'Vollstreckungsstelle', topics: ['verwaltung-it'], forms: ['oerv'] },
	{ title: 'Elektronisches Personenstandswesen', topics: ['verwaltung-it'], forms: ['oerv', 'sonstige-vereinbarung'] },
	{ title: 'Geodatendienste', topics: ['stadtentwicklung-planung', 'verwaltung-it'], forms: ['oerv', 'vertrag'] },
	{ title: 'Bauhof', topics: ['verwaltung-it', 'umwelt-ver-entsorgung'], forms: ['absprache', 'sonstige-vereinbarung'], details: ['Maschinenbeschaffung', 'Fahrzeugpool'] },
	{ title: 'Abwasserbeseitigung', topics: ['umwelt-ver-entsorgung'], forms: ['zweckverband', 'aoer', 'oerv'], details: ['Schmutzwasser', 'Niederschlagswasser'] },
	{ title: 'Müllabfuhr', topics: ['umwelt-ver-entsorgung'], forms: ['oerv', 'gmbh'] },
	{ title: 'Abfallberatung', topics: ['umwelt-ver-entsorgung'], forms: ['oerv', 'absprache'] },
	{ title: 'Straßenreinigung', topics: ['umwelt-ver-entsorgung', 'verkehr'], forms: ['oerv'] },
	{ title: 'Winterdienst', topics: ['verkehr'], forms: ['oerv', 'absprache'] },
	{ title: 'Klimaschutzmanagement', topics: ['umwelt-ver-entsorgung'], forms: ['projekt', 'arbeitsgemeinschaft'] },
	{ title: 'Wasserversorgung', topics: ['umwelt-ver-entsorgung'], forms: ['zweckverband', 'gmbh'] },
	{ title: 'Öffentlicher Personennahverkehr', topics: ['verkehr'], forms: ['gmbh', 'zweckverband'] },
	{ title: 'Regionales Radwegenetz', topics: ['verkehr', 'tourismus-freizeit'], forms: ['projekt', 'arbeitsgemeinschaft'] },
	{ title: 'Tourismusförderung', topics: ['tourismus-freizeit'], forms: ['ev', 'arbeitsgemeinschaft'] },
	{ title: 'Hallenbad', topics: ['kultur-sport', 'tourismus-freizeit'], forms: ['oerv', 'gmbh'] },
	{ title: 'Kulturrucksack', topics: ['kultur-sport'], forms: ['projekt'] },
	{ title: 'Gemeinsame Erziehungsberatungsstelle', topics: ['arbeit-soziales'], forms: ['ev', 'oerv'] },
	{ title: 'Adoptionsvermittlung', topics: ['arbeit-soziales'], forms: ['oerv'] },
	{ title: 'Schuldnerberatung', topics: ['arbeit-soziales'], forms: ['ev', 'vertrag'] },
	{ title: 'Unterhaltssicherung', topics: ['arbeit-soziales'], forms: ['oerv'] },
	{ title: 'Integrationsarbeit', topics: ['arbeit-soziales'], forms: ['projekt'] },
	{ title: 'Aufgaben der Ausländerbehörde', topics: ['arbeit-soziales'], forms: ['oerv'] },
	{ title: 'Gleichstellungsarbeit', topics: ['arbeit-soziales'], forms: ['absprache'] },
	{ title: 'Pflegeberatung', topics: ['gesundheit-pflege'], forms: ['oerv', 'vertrag'] },
	{ title: 'Lebensmittelüberwachung', topics: ['gesundheit-pflege'], forms: ['oerv', 'aoer'] },
	{ title: 'Veterinärwesen', topics: ['gesundheit-pflege'], forms: ['oerv', 'aoer'] },
	{ title: 'Seniorenberatung', topics: ['gesundheit-pflege', 'arbeit-soziales'], forms: ['vertrag', 'ev'] },
	{ title: 'Wirtschaftsförderung', topics: ['wirtschaft'], forms: ['gmbh', 'oerv'] },
	{ title: 'Gewerbliches Flächenmanagement', topics: ['wirtschaft', 'stadtentwicklung-planung'], forms: ['projekt', 'arbeitsgemeinschaft'] },
	{ title: 'Breitbandausbau', topics: ['wirtschaft', 'verwaltung-it'], forms: ['projekt', 'gmbh'] },
	{ title: 'Regionales Einzelhandelskonzept', topics: ['stadtentwicklung-planung', 'wirtschaft'], forms: ['absprache', 'projekt'] },
	{ title: 'Friedhofsverwaltung', topics: ['umwelt-ver-entsorgung', 'verwaltung-it'], forms: ['oerv'] }
];

/** Title patterns; {t} is the task, {town}/{kreis} a participant's or the Kreis's name, {detail} a detail. */
export const TITLE_PATTERNS: readonly string[] = [
	'{t}',
	'{t}',
	'{t}',
	'{t} für die {town}',
	'{t} für das gesamte Kreisgebiet',
	'{t} – Vereinbarung über gegenseitige Aufgabenübernahme',
	'{t} – gemeinsame Ausschreibung',
	'Zusammenarbeit im Bereich {t}',
	'Kooperation {t} mit der {town}',
	'Aufgabenübertragung {t}',
	'Interkommunale Zusammenarbeit: {t}',
	'{t} im {kreis}',
	'Neuordnung {t}',
	'Pilotprojekt {t}'
];

/** First and last parts of town names ("Lün" + "hausen"); umlauts on purpose, to exercise folding. */
export const NAME_HEADS: readonly string[] = [
	'Berg', 'Bö', 'Brü', 'Dort', 'Frön', 'Holz', 'Kam', 'Lün', 'Schwer', 'Sel', 'Wer', 'Un', 'Alten', 'Lüding',
	'Nord', 'Süd', 'Ost', 'West', 'Wald', 'Lind', 'Eich', 'Buch', 'Hasel', 'Rosen', 'Stein', 'Mühl', 'Kirch',
	'Münch', 'Hüls', 'Gräf', 'Bräun', 'Esch', 'Wester', 'Hammer', 'Iser', 'Lüb', 'Dür', 'Gelder', 'Wetter',
	'Rhein', 'Ruhr', 'Lipp', 'Ems', 'Mö', 'Wes', 'Hers', 'Olf', 'Nord', 'Sen', 'Ahl', 'Bock', 'Drens', 'Ennig',
	'Fried', 'Gos', 'Hel', 'Iller', 'Jüh', 'Kal', 'Lau', 'Mar', 'Nette', 'Oel', 'Pader', 'Quer', 'Reck', 'Sal',
	'Tecklen', 'Vel', 'Wickede', 'Zwies', 'Ober', 'Nieder', 'Groß', 'Klein', 'Neu', 'Alt'
];

/** Optional joints between head and tail ("Lün-en-hausen"); empty most of the time. */
export const NAME_LINKS: readonly string[] = ['', '', '', '', 'en', 'er', 'ing', 's', 'el', 'de'];

export const NAME_TAILS: readonly string[] = [
	'hausen', 'heim', 'dorf', 'kamen', 'ingen', 'feld', 'bach', 'berg', 'hagen', 'rode', 'stedt', 'büttel',
	'wede', 'lohe', 'kirchen', 'burg', 'hofen', 'beck', 'born', 'brück', 'lar', 'ede', 'sen', 'trup', 'horst',
	'ohl', 'stadt', 'au', 'weiler', 'furt', 'ich', 'lingen', 'münde', 'ste', 'werth', 'rath'
];

/** Legal forms outside a task's usual ones, weighted like the Kreis Unna lists (many unknown). */
export const LEGAL_FORM_WEIGHTS: readonly (readonly [string, number])[] = [
	['oerv', 40], ['unknown', 22], ['projekt', 10], ['gmbh', 7], ['zweckverband', 5], ['absprache', 3],
	['sonstige-vereinbarung', 3], ['vertrag', 3], ['ev', 2], ['aoer', 2], ['arbeitsgemeinschaft', 3]
];

/** How the source decks write a legal form. */
export const LEGAL_FORM_SOURCE: Readonly<Record<string, string>> = {
	oerv: 'örV', zweckverband: 'Zweckverband', aoer: 'AöR', arbeitsgemeinschaft: 'Arbeitsgemeinschaft', gmbh: 'GmbH',
	ev: 'e.V.', vertrag: 'Vertrag', 'sonstige-vereinbarung': 'Vereinbarung', absprache: 'Absprache', projekt: 'Projekt',
	unknown: '?'
};

/** Organisation units of a Kreis administration (the deck's "Org." column). */
export const ORG_UNITS: readonly string[] = ['10', '11', '16', '20', '32', '36', '38', '40', '41', '50', '51', '53', '60', '69'];

export const MONTHS: readonly string[] = ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'];
