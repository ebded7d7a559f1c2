/** Kysely table types for legal lifecycle (GkG NRW) and § 2b UStG assessments (issue 7); migration 2026-11-26-*-legal. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the issue's migration
export interface LegalTables {}
