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
	/** { answers: VatAnswers, note: string | null } (src/lib/domain/vat-2b.ts). */
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

export interface LegalTables {
	cooperation_legal: CooperationLegalTable;
	vat_assessment: VatAssessmentTable;
}
