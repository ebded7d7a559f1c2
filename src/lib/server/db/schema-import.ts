/** Kysely table types for import jobs and runs (issue 4); migration 2026-11-26-*-import. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the issue's migration
export interface ImportTables {}
