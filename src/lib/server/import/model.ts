/**
 * The import's data model (issue 4, item 1; issue 14): what the user decided (options), and the
 * preview the analysis computes from a read table (analyse.ts) and the apply step writes (apply.ts).
 */
import type { CooperationRecord } from '../data/data-schema';
import type { ReadResult } from '../tables/types';
import type { Target } from '../../domain/import-columns';
import type { DiffLine } from '../../domain/record-diff';

/** A read table: a spreadsheet (tables/read-table.ts) or a JSON file (json-table.ts). */
export type ImportTable = Pick<ReadResult, 'sheets'> & { format: ReadResult['format'] | 'json' };

/** What the user decided; stored with the job, so every instance computes the same preview. */
export interface ImportOptions {
	sheet: number;
	/** 0-based index of the header row in the sheet; null = found automatically. */
	headerRow: number | null;
	/** One target per column; null = the suggestion. */
	mapping: Target[] | null;
	/** The list for rows without a list column. */
	list: string | null;
	/** The topic field for rows whose topic is neither given nor recognisable. */
	topic: string | null;
	/** Unknown names (folded) → body id, NEW_BODY or AS_TEXT. */
	names: Record<string, string>;
	/** Per row (0-based sheet row): skip it, or create it although it looks like a duplicate. */
	rows: Record<string, 'skip' | 'create'>;
	/** Every unknown name without a decision becomes a new body (issue 14: one step). */
	createRemaining?: boolean;
	/** The kind of the bodies this import creates (data-schema BODY_KINDS); null: "sonstige". */
	newKind?: string | null;
	/** Unknown names (folded) → a text typed into the picker's search field (works without JavaScript:
	 * a text that names one body decides, any other text gives the suggestions). */
	search?: Record<string, string>;
}

export const NEW_BODY = '__neu';
export const AS_TEXT = '__text';
export const EMPTY_OPTIONS: ImportOptions = { sheet: 0, headerRow: null, mapping: null, list: null, topic: null, names: {}, rows: {}, createRemaining: false, newKind: null };

/** Kinds a body created by the import can have (the picker's "create all remaining as …"). */
export const NEW_BODY_KINDS = ['zweckverband', 'aoer', 'unternehmen', 'verein', 'kammer', 'einrichtung', 'landesbetrieb', 'sonstige'] as const;

export interface Finding {
	level: 'error' | 'warning' | 'info';
	text: string;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'skip' | 'error';

export interface PreviewRow {
	/** 0-based row in the sheet, and the row number a spreadsheet shows. */
	index: number;
	line: number;
	action: RowAction;
	/** The region the row is recorded in: its region column, else the importing region. */
	regionId: string;
	title: string;
	partners: string[];
	findings: Finding[];
	/** The existing record this row is (update/unchanged) or resembles (duplicate). */
	existing: { id: string; title: string; number: number | null } | null;
	duplicate: boolean;
	/** What an update changes (empty otherwise: a new record is its `record`). */
	changes: DiffLine[];
	/** The record to write (create/update); body ids of new bodies are NEW_BODY:<key>. */
	record: CooperationRecord | null;
	/** The version the update is based on (optimistic lock at apply time). */
	baseVersion: number | null;
}

export interface UnknownName {
	key: string;
	text: string;
	lines: number[];
	suggestions: { id: string; name: string }[];
	decision: string | null;
	/** The text typed into the picker's search field. */
	search?: string;
}

export interface ImportPreview {
	format: ImportTable['format'];
	sheetNames: string[];
	sheet: number;
	headerRow: number;
	headers: string[];
	samples: string[][];
	mapping: Target[];
	suggested: Target[];
	mappingProblems: string[];
	/** The importing region, and the register's regions (a region column names them). */
	region: string;
	regions: { id: string; name: string }[];
	lists: { id: string; label: string }[];
	list: string;
	topics: { id: string; label: string }[];
	topic: string | null;
	unknownNames: UnknownName[];
	rows: PreviewRow[];
	counts: Record<RowAction, number>;
	/** Why it cannot be applied as it is (empty: ready). */
	blocking: string[];
	/** New bodies the import would create: placeholder id → name. */
	newBodies: { key: string; name: string; kind: string; aliases?: string[] }[];
	/** Distinct names: resolved without a choice, asked (needed a decision), created as new bodies. */
	names: { resolved: number; asked: number; created: number };
}

