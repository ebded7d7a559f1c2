/** Kysely table types of the API (issue 8, item 4): personal API tokens, rate-limit counters, OParl links; migration 2026-11-26-0008-api. */

export type ApiScope = 'lesen' | 'schreiben';

export interface ApiTokenTable {
	/** Random hex; shown in the token list, never the token itself. */
	id: string;
	user_id: string;
	/** What the owner called it ("Fachverfahren Ratsinfo"). */
	name: string;
	/** SHA-256 (hex) of the whole token `ikz_…`: the token itself is shown once and stored nowhere. */
	token_hash: string;
	/** JSON array of ApiScope. */
	scopes_json: string;
	created_at: string;
	expires_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
}

export interface ApiRateTable {
	/** `t:<token id>` or `a:<client address>`. */
	key: string;
	/** Start of the fixed window (ISO instant, whole minute). */
	window_start: string;
	count: number;
}

export type OparlEntity = 'body' | 'cooperation';
export type OparlKind = 'system' | 'body' | 'paper' | 'meeting' | 'organization' | 'other';

export interface OparlLinkTable {
	/** Random hex. */
	id: string;
	entity: OparlEntity;
	entity_id: string;
	kind: OparlKind;
	/** https only, at most 500 characters. */
	url: string;
	label: string | null;
	created_at: string;
	/** "Name <e-mail>" of who stored it. */
	created_by: string;
}

export interface ApiTables {
	api_token: ApiTokenTable;
	api_rate: ApiRateTable;
	oparl_link: OparlLinkTable;
}
