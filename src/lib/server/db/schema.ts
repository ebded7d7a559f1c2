/**
 * Table types for Kysely. Column names are snake_case as stored; fuzzy dates are stored as their
 * source text plus the derived earliest/latest ISO days, precision and qualifier, so that SQL can
 * filter on them and the text is never lost.
 */
import type { Generated } from 'kysely';

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
}

export interface BodyAliasTable {
	body_id: string;
	alias: string;
	alias_folded: string;
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

export interface Database {
	meta: MetaTable;
	region: RegionTable;
	topic: TopicTable;
	legal_form: LegalFormTable;
	task: TaskTable;
	body: BodyTable;
	body_alias: BodyAliasTable;
	cooperation: CooperationTable;
	cooperation_topic: CooperationTopicTable;
	participation: ParticipationTable;
	partner_group: PartnerGroupTable;
	lifecycle_event: LifecycleEventTable;
}
