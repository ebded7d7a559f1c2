/** Kysely table types for knowledge base articles, checklist ticks (issue 7); migration 2026-11-26-*-knowledge. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the issue's migration
export interface KnowledgeTables {}
