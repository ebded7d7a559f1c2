/**
 * The database's JSON text columns with a known shape: one zod schema each, and one reader that
 * parses a column's text and checks it against its schema (issue 20, part 6). A malformed value
 * fails loudly, naming the column and the place inside it, instead of travelling on as a wrong
 * type. Unknown keys are dropped except where a schema says otherwise (`looseObject`).
 *
 * Whole cooperation records (version snapshots, proposals) are read through the record's own schema
 * (`domain/cooperation.ts`); the lifecycle, § 2b, steering and import-job columns are defined with
 * `column` in the modules that own their schemas.
 */
import { z } from 'zod';
import { cooperationRecord } from '../../domain/cooperation';

export interface JsonColumn<S extends z.ZodType> {
	/** `table.column`, for the error message. */
	name: string;
	schema: S;
}

export class JsonColumnError extends Error {
	constructor(readonly column: string, detail: string) {
		super(`JSON column ${column}: ${detail}`);
		this.name = 'JsonColumnError';
	}
}

/** A JSON column and its schema; modules that own a record's schema define their columns with it. */
export const column = <S extends z.ZodType>(name: string, schema: S): JsonColumn<S> => ({ name, schema });

/** A column's text, parsed and checked; throws JsonColumnError when it is not JSON or not of the column's shape. */
export function readJson<S extends z.ZodType>(col: JsonColumn<S>, text: string): z.output<S> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new JsonColumnError(col.name, `not JSON (${e instanceof Error ? e.message : String(e)})`);
	}
	const parsed = col.schema.safeParse(value);
	if (!parsed.success) {
		const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(whole value)'}: ${i.message}`);
		throw new JsonColumnError(col.name, where.join('; '));
	}
	return parsed.data;
}

/** Like readJson, but null when the text is not JSON or not of the column's shape (for columns whose documented fallback is "no value"). */
export function readJsonOrNull<S extends z.ZodType>(col: JsonColumn<S>, text: string): z.output<S> | null {
	try {
		return readJson(col, text);
	} catch (e) {
		if (e instanceof JsonColumnError) return null;
		throw e;
	}
}

const strings = z.array(z.string());

/** A region's lists ("Kreis", "Kommunen"): [{ id, label }]. */
export const REGION_LISTS = column('region.lists_json', z.array(z.object({ id: z.string(), label: z.string() })));
/** A region's source document (title, office, date …): text by key. */
export const REGION_SOURCE = column('region.source_json', z.record(z.string(), z.string()));
/** What the loader derived for a cooperation; rows of older versions lack some keys (their absence means something). */
export const COOPERATION_DERIVED = column('cooperation.derived_json', z.object({
	fields: strings.optional(),
	performer_note: z.string().nullable().optional(),
	start_clean: z.string().nullable().optional(),
	start_source: z.string().nullable().optional()
}));
/** The end of a cooperation in one of its stored versions (the rest of the snapshot is kept as it is). */
export const COOPERATION_SNAPSHOT_END = column('record_version.snapshot_json', z.looseObject({ end: z.string().nullable().optional() }));
/** The title of a proposed record (the rest of it is kept as it is). */
export const PROPOSAL_TITLE = column('proposal.proposed_json', z.looseObject({ title: z.string() }));
/** Former names of a directory unit. */
export const FORMER_NAMES = column('directory_unit.former_names_json', strings);
/** A legal form's spellings in source lists ("ÖrV", "öffentlich-rechtliche Vereinbarung"). */
export const LEGAL_FORM_SPELLINGS = column('legal_form.spellings_json', strings);
/** An audit entry's detail: values by key. */
export const AUDIT_DETAIL = column('audit_log.detail', z.record(z.string(), z.unknown()));
/** A task's match words (folded). */
export const TASK_MATCH = column('task.match_json', strings);
/** A knowledge article's front matter. */
export const KNOWLEDGE_META = column('knowledge_article.meta_json', z.record(z.string(), z.unknown()));
/** An example article's front matter: the cooperations it describes. */
export const KNOWLEDGE_EXAMPLE_META = column('knowledge_article.meta_json', z.looseObject({ cooperations: strings.optional() }));
/** The legal forms a knowledge article is about. */
export const KNOWLEDGE_LEGAL_FORMS = column('knowledge_article.legal_forms_json', strings);
/** An API token's scopes (unknown ones are dropped by the caller). */
export const API_TOKEN_SCOPES = column('api_token.scopes_json', strings);
/** The German notes of an OParl harvest run. */
export const OPARL_RUN_LOG = column('oparl_run.log_json', z.array(z.object({ at: z.string(), message: z.string() })));
/** A cooperation as saved in one of its versions (saveCooperation, archiving, the file state kept before a first save). */
export const COOPERATION_SNAPSHOT = column('record_version.snapshot_json (cooperation)', cooperationRecord);
/** The cooperation record a proposal would save. */
export const PROPOSAL_RECORD = column('proposal.proposed_json', cooperationRecord);
