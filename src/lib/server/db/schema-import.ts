/** Kysely table types for import jobs (issue 4); migration 2026-11-26-0005-import. */
export interface ImportJobTable {
	id: string;
	region_id: string;
	user_id: string | null;
	actor_label: string;
	created_at: string;
	file_name: string;
	file_size: number;
	/** The uploaded file; cleared once the job is applied or discarded. */
	file_bytes: Uint8Array | null;
	/** Column mapping, sheet, header row and the user's decisions (ImportOptions). */
	options_json: string;
	status: 'open' | 'applied' | 'discarded';
	applied_at: string | null;
	/** What the import did (ImportResult). */
	result_json: string | null;
	version: number;
}

export interface ImportTables {
	import_job: ImportJobTable;
}
