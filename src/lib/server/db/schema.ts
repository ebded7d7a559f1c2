/**
 * Table types for Kysely. Column names are snake_case as stored; fuzzy dates are stored as their
 * source text plus the derived earliest/latest ISO days, precision and qualifier, so that SQL can
 * filter on them and the text is never lost.
 */
import type { Generated } from 'kysely';
import type { ImportTables } from './schema-import';
import type { LegalTables } from './schema-legal';
import type { KnowledgeTables } from './schema-knowledge';
import type { EffectTables } from './schema-effects';
import type { ApiTables } from './schema-api';
import type { MailTables } from './schema-mail';

export interface MetaTable {
	key: string;
	value: string;
}

export interface RegionTable {
	id: string;
	name: string;
	kreis_body_id: string | null;
	source_json: string;
	lists_json: string;
	/** The directory unit (ARS) a self-service region stands for; null for data-file regions (migration 0017). */
	unit_ars: Generated<string | null>;
	/** Order of the regions: 0 for the data-file regions, then in order of creation. */
	position: Generated<number>;
	created_at: Generated<string | null>;
}

export interface TopicTable {
	id: string;
	label: string;
	nkf_json: string;
	position: number;
}

export interface LegalFormTable {
	id: string;
	label: string;
	short: string;
	grp: string;
	position: number;
	/** How sources write it (JSON array; migration 0005). */
	spellings_json: Generated<string>;
}

export interface TaskTable {
	id: string;
	label: string;
	topic_id: string | null;
	match_json: string;
	position: number;
}

export interface BodyTable {
	seq: Generated<number>;
	id: string;
	region_id: string;
	name: string;
	official_name: string | null;
	kind: string;
	ags: string | null;
	parent_id: string | null;
	lat: number | null;
	lon: number | null;
	note: string | null;
	content_hash: string;
	/** 'data' when the data files own the record; 'app' once it was created or edited in the app. */
	origin: Generated<string>;
	version: Generated<number>;
}

export interface BodyAliasTable {
	body_id: string;
	alias: string;
	alias_folded: string;
}

/** One unit of the national municipality directory (migration 0011, issue 13). */
export interface DirectoryUnitTable {
	ars: string;
	level: number;
	tk: string | null;
	/** The name as the directory writes it ("Lünen, Stadt"). */
	name: string;
	ags: string | null;
	body_id: string;
	parent_ars: string | null;
	population: number | null;
	area_km2: number | null;
	postcode: string | null;
	lat: number | null;
	lon: number | null;
	/** ISO day from which the unit is no longer in the directory (merged away); null while it is. */
	valid_to: string | null;
	successor_ars: string | null;
	former_names_json: Generated<string>;
	/** Territorial status of the file that last changed the row. */
	stand: string | null;
	content_hash: string;
}

export interface CooperationTable {
	seq: Generated<number>;
	id: string;
	region_id: string;
	list: string;
	number: number | null;
	slide: number | null;
	org_unit: string | null;
	title: string;
	title_source: string | null;
	partners_source: string | null;
	performer_source: string | null;
	performer_kind: string;
	performer_body_id: string | null;
	legal_form_id: string;
	legal_form_source: string | null;
	start_text: string | null;
	start_earliest: string | null;
	start_latest: string | null;
	start_precision: string | null;
	start_qualifier: string | null;
	end_text: string | null;
	end_earliest: string | null;
	end_latest: string | null;
	end_precision: string | null;
	end_qualifier: string | null;
	status: string;
	description: string | null;
	notes: string | null;
	derived_json: string;
	origin: string;
	content_hash: string;
	search_text: string;
	created_at: string;
	updated_at: string;
	/** Optimistic lock: every saved change increments it; a save naming an older version is refused. */
	version: Generated<number>;
	archived_at: string | null;
	/** When the cooperation was last confirmed in a closed survey round (ISO instant). */
	confirmed_at: string | null;
	/** Where the facts come from: a citation or an http(s) link (issue 14, migration 0025). */
	source: string | null;
}

export interface CooperationTopicTable {
	cooperation_seq: number;
	topic_id: string;
	position: number;
}

export interface ParticipationTable {
	cooperation_seq: number;
	position: number;
	body_id: string;
	role: string;
	joined_text: string | null;
	joined_earliest: string | null;
	joined_latest: string | null;
	joined_qualifier: string | null;
	left_text: string | null;
	left_earliest: string | null;
	left_latest: string | null;
	note: string | null;
}

export interface PartnerGroupTable {
	cooperation_seq: number;
	position: number;
	label: string;
	count: number | null;
	note: string | null;
}

export interface LifecycleEventTable {
	cooperation_seq: number;
	position: number;
	kind: string;
	date_text: string | null;
	date_earliest: string | null;
	date_latest: string | null;
	text: string | null;
}

export type Role = 'member' | 'editor' | 'coordinator' | 'administrator';

export interface AppUserTable {
	id: string;
	/** Lower-cased; the login name. */
	email: string;
	name: string;
	body_id: string | null;
	role: Role;
	/** argon2id in PHC format; null for accounts that only sign in by OIDC or have not set one yet. */
	password_hash: string | null;
	oidc_issuer: string | null;
	oidc_subject: string | null;
	disabled_at: string | null;
	created_at: string;
	updated_at: string;
	last_login_at: string | null;
	/** The region the person was invited for (migration 0017); null: the region of the person's body. */
	region_id: Generated<string | null>;
}

export interface SessionTable {
	/** SHA-256 of the session token: the token itself only ever lives in the cookie. */
	id_hash: string;
	user_id: string;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
}

export interface LoginThrottleTable {
	key: string;
	failures: number;
	window_start: string;
	locked_until: string | null;
}

export interface OneTimeTokenTable {
	token_hash: string;
	user_id: string;
	purpose: 'setup';
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	actor_id: string | null;
	actor_label: string;
	action: string;
	outcome: 'ok' | 'refused' | 'failed';
	entity: string | null;
	entity_id: string | null;
	detail: string | null;
	address: string | null;
}

export interface RecordVersionTable {
	id: Generated<number>;
	entity: 'cooperation' | 'body' | SteeringKind | 'cooperation_legal' | 'vat_assessment' | 'article' | 'vat_option' | 'effect';
	entity_id: string;
	version: number;
	at: string;
	actor_id: string | null;
	actor_label: string;
	action: string;
	/** The whole record after this version (null when it was deleted). */
	snapshot_json: string | null;
	comment: string | null;
}

export interface ProposalTable {
	id: Generated<number>;
	region_id: string;
	kind: 'create' | 'update';
	cooperation_id: string | null;
	base_version: number | null;
	proposed_json: string;
	proposer_id: string;
	body_id: string | null;
	comment: string | null;
	created_at: string;
	status: 'open' | 'accepted' | 'rejected';
	decided_by: string | null;
	decided_at: string | null;
	decision_comment: string | null;
}

export interface SurveyRoundTable {
	id: Generated<number>;
	region_id: string;
	title: string;
	opened_at: string;
	opened_by: string;
	deadline: string;
	closed_at: string | null;
	closed_by: string | null;
}

export interface SurveyAnswerTable {
	round_id: number;
	cooperation_id: string;
	body_id: string;
	answer: 'confirmed' | 'corrected' | 'ended';
	user_id: string;
	at: string;
}

export interface ContactTable {
	id: string;
	cooperation_id: string;
	name: string;
	function: string | null;
	body_id: string | null;
	phone: string | null;
	email: string | null;
	created_at: string;
}

export interface RegionSettingTable {
	region_id: string;
	key: string;
	value: string;
}

export type SteeringKind = 'conference' | 'field' | 'measure' | 'working_group' | 'idea' | 'report';

export interface SteeringRecordTable {
	kind: SteeringKind;
	id: string;
	region_id: string;
	/** The whole record in the shape of data/<region>/steering.yaml (steering-schema.ts). */
	record_json: string;
	/** Measures and ideas: their status, for boards and filters. */
	status: string | null;
	position: number;
	origin: string;
	version: Generated<number>;
	content_hash: string;
	updated_at: string;
}

export interface IdeaCommentTable {
	id: Generated<number>;
	idea_id: string;
	user_id: string;
	at: string;
	text: string;
}

export interface CalendarTokenTable {
	token_hash: string;
	user_id: string;
	created_at: string;
}

/** Issue 4 and 7 keep their tables in their own files (schema-*.ts). */
export interface Database extends ImportTables, LegalTables, KnowledgeTables, ApiTables, EffectTables, MailTables {
	steering_record: SteeringRecordTable;
	idea_comment: IdeaCommentTable;
	calendar_token: CalendarTokenTable;
	app_user: AppUserTable;
	session: SessionTable;
	login_throttle: LoginThrottleTable;
	one_time_token: OneTimeTokenTable;
	audit_log: AuditLogTable;
	record_version: RecordVersionTable;
	proposal: ProposalTable;
	survey_round: SurveyRoundTable;
	survey_answer: SurveyAnswerTable;
	contact: ContactTable;
	region_setting: RegionSettingTable;
	meta: MetaTable;
	region: RegionTable;
	topic: TopicTable;
	legal_form: LegalFormTable;
	task: TaskTable;
	body: BodyTable;
	body_alias: BodyAliasTable;
	directory_unit: DirectoryUnitTable;
	cooperation: CooperationTable;
	cooperation_topic: CooperationTopicTable;
	participation: ParticipationTable;
	partner_group: PartnerGroupTable;
	lifecycle_event: LifecycleEventTable;
	feedback: FeedbackTable;
	paper_logo: PaperLogoTable;
	oparl_source: OparlSourceTable;
	oparl_cursor: OparlCursorTable;
	oparl_run: OparlRunTable;
	oparl_paper: OparlPaperTable;
	oparl_meeting: OparlMeetingTable;
	oparl_hit: OparlHitTable;
	region_member: RegionMemberTable;
	index_snapshot: IndexSnapshotTable;
}

/** The search index of one data generation as bytes (migration 2026-12-07-0027, search/snapshot.ts). */
export interface IndexSnapshotTable {
	key: string;
	bytes: Uint8Array;
	created_at: string;
}

/** A body's membership in a region (migration 2026-12-07-0017, decision 0008); a body may belong to several. */
export interface RegionMemberTable {
	region_id: string;
	body_id: string;
}

/** Feedback sent through the accessibility statement's form (migration 2026-12-06-0016). */
export interface FeedbackTable {
	id: string;
	created_at: string;
	/** 'barriere' | 'inhalt' | 'sonstiges' */
	kind: string;
	/** The page the message is about (a path of this site), if given. */
	page: string | null;
	message: string;
	name: string | null;
	email: string | null;
	done_at: string | null;
	done_by: string | null;
}

/** The logo of a region's conference papers (migration 2026-12-07-0024). */
export interface PaperLogoTable {
	region_id: string;
	/** 'image/png' | 'image/jpeg', from the file's own signature. */
	media_type: string;
	width: number;
	height: number;
	bytes: Uint8Array;
	file_name: string;
	uploaded_at: string;
	/** Name and function of who uploaded it (shown to the steering office). */
	uploaded_by: string;
}

/** Council information systems via OParl 1.1 (issue 21, migration 2026-12-07-0022-oparl). */
export interface OparlSourceTable {
	id: string;
	body_id: string;
	region_id: string;
	system_url: string;
	system_name: string | null;
	oparl_version: string | null;
	body_url: string;
	body_name: string;
	paper_url: string | null;
	meeting_url: string | null;
	created_at: string;
	/** User id of the coordinator who connected it (the proposer of its proposals). */
	created_by: string;
	last_run_at: string | null;
}

/** Where the harvest of one list ('paper' | 'meeting') of a source stands. */
export interface OparlCursorTable {
	source_id: string;
	list: string;
	/** The next page to read in the pass under way; null when no pass is under way. */
	next_url: string | null;
	/** modified_since of the pass: the start of the last completed pass. */
	since: string | null;
	pass_started_at: string | null;
	etag: string | null;
	last_modified: string | null;
}

export interface OparlRunTable {
	id: Generated<number>;
	source_id: string;
	started_at: string;
	finished_at: string | null;
	/** 'running' | 'done' | 'interrupted' */
	status: string;
	pages: Generated<number>;
	papers: Generated<number>;
	meetings: Generated<number>;
	proposals: Generated<number>;
	/** German notes: [{ at, message }]. */
	log_json: string;
}

export interface OparlPaperTable {
	oparl_id: string;
	source_id: string;
	name: string;
	reference: string | null;
	paper_type: string | null;
	date: string | null;
	web_url: string | null;
	modified: string | null;
	/** [{ meeting, agendaItem, role, authoritative }] */
	consultations_json: string;
	/** Name and the text of its files, as the system gave them. */
	text: string;
}

export interface OparlMeetingTable {
	oparl_id: string;
	source_id: string;
	name: string | null;
	start: string | null;
	/** [{ id, number, name, result, resolutionText }] */
	agenda_json: string;
}

export interface OparlHitTable {
	id: Generated<number>;
	/** paper id + kind + cooperation: a hit is proposed once, whatever became of it. */
	hit_key: string;
	source_id: string;
	paper_id: string;
	/** 'new_cooperation' | 'council_decision' | 'termination' | 'new_member' */
	kind: string;
	cooperation_id: string | null;
	body_id: string;
	decision_date: string | null;
	title: string;
	reference: string | null;
	web_url: string | null;
	passage: string;
	proposal_id: number | null;
	created_at: string;
}
