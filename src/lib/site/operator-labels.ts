/** German names of the operator's details, for the notice of what is not configured yet. */
export const OPERATOR_LABEL: Record<string, string> = {
	OPERATOR_NAME: 'Name der Stelle, die die Seite betreibt',
	OPERATOR_ADDRESS: 'Postanschrift',
	OPERATOR_REPRESENTATIVE: 'Vertretungsberechtigte Person',
	OPERATOR_EMAIL: 'E-Mail-Adresse',
	OPERATOR_PHONE: 'Telefonnummer',
	OPERATOR_CONTENT_RESPONSIBLE: 'Inhaltlich verantwortliche Person (§ 18 Abs. 2 MStV)',
	OPERATOR_SUPERVISORY_AUTHORITY: 'Aufsichtsbehörde',
	PRIVACY_OFFICER: 'Datenschutzbeauftragte oder Datenschutzbeauftragter',
	PRIVACY_AUTHORITY: 'Zuständige Datenschutz-Aufsichtsbehörde',
	ACCESSIBILITY_ENFORCEMENT: 'Schlichtungs- bzw. Ombudsstelle für Barrierefreiheit',
	ACCESSIBILITY_REVIEWED: 'Datum der letzten Überprüfung dieser Erklärung'
};

export const pick = (keys: string[]): Record<string, string> =>
	Object.fromEntries(keys.map((k) => [k, OPERATOR_LABEL[k] ?? k]));
