/**
 * The operator's details for the legal pages, from the settings (docs/settings.md). Nothing is
 * invented: a detail that is not configured is `null`, and the pages say so.
 */
import type { Settings } from '../settings';

export interface OperatorDetails {
	name: string | null;
	addressLines: string[];
	representative: string | null;
	email: string | null;
	phone: string | null;
	contentResponsible: string | null;
	supervisoryAuthority: string | null;
	privacyOfficer: string | null;
	privacyAuthority: string | null;
	accessibilityEnforcement: string | null;
	accessibilityReviewed: string | null;
	/** Settings names of the details still missing, for the notice on the pages. */
	missing: string[];
}

const clean = (s: string | undefined): string | null => {
	const t = (s ?? '').replace(/\s+/g, ' ').trim();
	return t === '' ? null : t;
};

export function operatorDetails(s: Settings): OperatorDetails {
	const d = {
		name: clean(s.OPERATOR_NAME),
		addressLines: (s.OPERATOR_ADDRESS ?? '').split('|').map((l) => l.trim()).filter(Boolean),
		representative: clean(s.OPERATOR_REPRESENTATIVE),
		email: clean(s.OPERATOR_EMAIL),
		phone: clean(s.OPERATOR_PHONE),
		contentResponsible: clean(s.OPERATOR_CONTENT_RESPONSIBLE),
		supervisoryAuthority: clean(s.OPERATOR_SUPERVISORY_AUTHORITY),
		privacyOfficer: clean(s.PRIVACY_OFFICER),
		privacyAuthority: clean(s.PRIVACY_AUTHORITY),
		accessibilityEnforcement: clean(s.ACCESSIBILITY_ENFORCEMENT),
		accessibilityReviewed: clean(s.ACCESSIBILITY_REVIEWED)
	};
	const missing: string[] = [];
	const check: [unknown, string][] = [
		[d.name, 'OPERATOR_NAME'], [d.addressLines.length ? 1 : null, 'OPERATOR_ADDRESS'], [d.representative, 'OPERATOR_REPRESENTATIVE'],
		[d.email, 'OPERATOR_EMAIL'], [d.phone, 'OPERATOR_PHONE'], [d.contentResponsible, 'OPERATOR_CONTENT_RESPONSIBLE'],
		[d.supervisoryAuthority, 'OPERATOR_SUPERVISORY_AUTHORITY'], [d.privacyOfficer, 'PRIVACY_OFFICER'], [d.privacyAuthority, 'PRIVACY_AUTHORITY'],
		[d.accessibilityEnforcement, 'ACCESSIBILITY_ENFORCEMENT'], [d.accessibilityReviewed, 'ACCESSIBILITY_REVIEWED']
	];
	for (const [v, name] of check) if (v === null) missing.push(name);
	return { ...d, missing };
}
