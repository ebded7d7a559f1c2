/** Kysely table types for legal lifecycle (GkG NRW) and § 2b UStG assessments (issue 7); migration 2026-11-26-*-legal. */
import type { Generated } from 'kysely';

export interface CooperationLegalTable {
	cooperation_id: string;
	/** The whole LifecycleRecord (src/lib/domain/gkg-lifecycle.ts). */
	record_json: string;
	/** Optimistic lock: every save increments it. */
	version: Generated<number>;
	/** ISO instant. */
	updated_at: string;
	/** "Name <e-mail>" of the person who saved last. */
	updated_by: string;
}

export interface VatAssessmentTable {
	cooperation_id: string;
	/**
	 * Schema 2 (issue 22): { schema: 2, relationships: StoredRelationship[], note } (src/lib/server/legal/store.ts).
	 * Before: { answers: {question id: answer}, note } of the old single questionnaire, shown as "neu zu prüfen".
	 */
	answers_json: string;
	result: 'not_taxable' | 'taxable' | 'open';
	/** German reasoning lines, as computed when saved. */
	reasoning_json: string;
	assessed_by_label: string;
	/** ISO instant. */
	assessed_at: string;
	/** ISO day of the next review, if set. */
	review_date: string | null;
	version: Generated<number>;
}

/** The Optionserklärung of a body (§ 27 Abs. 22/22a UStG); migration 2026-12-06-0009-vat-relationships. */
export interface BodyVatOptionTable {
	body_id: string;
	filed: 'yes' | 'no' | 'unknown';
	/** ISO day the revocation was filed, if revoked. */
	revoked_on: string | null;
	/** A later calendar year the revocation names, if any. */
	revoked_from_year: number | null;
	note: string | null;
	version: Generated<number>;
	updated_at: string;
	updated_by: string;
}

export interface LegalTables {
	cooperation_legal: CooperationLegalTable;
	vat_assessment: VatAssessmentTable;
	body_vat_option: BodyVatOptionTable;
}
