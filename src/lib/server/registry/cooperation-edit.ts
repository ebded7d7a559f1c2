/**
 * The server side of the cooperation forms (new, edit, end, restore): options for the form, the
 * form context (alias-aware body lookup), and one `submitCooperation` that validates, checks the
 * rights for the bodies involved, and then saves directly or — where the region requires review
 * and the author is an editor — files a proposal.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { CooperationRecord } from '../data/data-schema';
import type { Actor } from '../auth/policy';
import { can } from '../auth/policy';
import type { CooperationDraft, FieldError, FormContext } from '../../domain/cooperation-form';
import { diffCooperations, type DiffLine, type DiffNames } from '../../domain/record-diff';
import { EVENT_LABEL, ROLE_LABEL, STATUS_LABEL } from '../../i18n/de';
import { loadBodyResolver } from './body-resolve';
import { reviewRequired } from './region-settings';
import { createProposal } from './proposals';
import { bodiesOf, cooperationVersions, sameRecord, newCooperationId, nextNumber, readCooperation, saveCooperation, type StoredCooperation } from './write';
import { readJson, REGION_LISTS } from '../db/json-columns';

export interface FormOptions {
	legalForms: { id: string; label: string }[];
	topics: { id: string; label: string }[];
	lists: { id: string; label: string }[];
	statuses: { id: string; label: string }[];
	roles: { id: string; label: string }[];
	eventKinds: { id: string; label: string }[];
	bodies: { id: string; name: string }[];
}

export async function formSetup(db: Kysely<Database>): Promise<{ ctx: FormContext; options: FormOptions; names: DiffNames }> {
	const resolver = await loadBodyResolver(db);
	const legalForms = await db.selectFrom('legal_form').select(['id', 'label']).orderBy('position').execute();
	const topics = await db.selectFrom('topic').select(['id', 'label']).orderBy('position').execute();
	const lists = new Map<string, string>();
	for (const r of await db.selectFrom('region').select('lists_json').execute()) {
		for (const l of readJson(REGION_LISTS, r.lists_json)) lists.set(l.id, l.label);
	}
	const ctx: FormContext = {
		resolveBody: (t) => resolver.resolve(t),
		bodyName: (id) => resolver.bodyName(id),
		legalForms: legalForms.map((l) => l.id),
		topics: topics.map((t) => t.id),
		lists: [...lists.keys()]
	};
	const options: FormOptions = {
		legalForms, topics,
		lists: [...lists].map(([id, label]) => ({ id, label })),
		statuses: Object.entries(STATUS_LABEL).map(([id, label]) => ({ id, label })),
		roles: Object.entries(ROLE_LABEL).map(([id, label]) => ({ id, label })),
		eventKinds: Object.entries(EVENT_LABEL).map(([id, label]) => ({ id, label })),
		bodies: resolver.all()
	};
	const names: DiffNames = {
		body: (id) => resolver.bodyName(id),
		topic: (id) => topics.find((t) => t.id === id)?.label ?? id,
		legalForm: (id) => legalForms.find((l) => l.id === id)?.label ?? id,
		list: (id) => lists.get(id) ?? id
	};
	return { ctx, options, names };
}

/**
 * The topics of a save in a stable order: the main topic (the draft's first) first, then the other
 * topics in the order the stored record has them, then new ones in the draft's order. A form posts
 * its checkboxes in the order of the topic list, so without this a save reordered the topics and
 * could make another topic the main one (issue 18).
 */
export function orderTopics(base: readonly string[], draft: readonly string[]): string[] {
	const [main, ...rest] = draft;
	if (main === undefined) return [];
	const wanted = new Set(rest);
	const kept = base.filter((t) => t !== main && wanted.has(t));
	const added = rest.filter((t) => t !== main && !base.includes(t));
	return [...new Set([main, ...kept, ...added])];
}

/** Merge the form's draft into the stored record: source texts, slide and derived marks stay. */
export function mergeDraft(base: CooperationRecord, draft: CooperationDraft): CooperationRecord {
	// A full record (restoring a version) replaces everything, its own marks included.
	if ('derived' in draft && 'id' in draft) return { ...(draft as CooperationRecord), id: base.id };
	const topics = orderTopics(base.topics, draft.topics);
	const derivedStill = base.derived.filter((f) => {
		// A field the user has now set by hand is no longer "derived".
		const map: Record<string, unknown[]> = {
			title: [base.title, draft.title], legal_form: [base.legal_form, draft.legal_form], status: [base.status, draft.status],
			topics: [base.topics.join(), topics.join()], start: [base.start, draft.start], end: [base.end, draft.end],
			description: [base.description, draft.description],
			performer: [JSON.stringify(base.performer), JSON.stringify(draft.performer)],
			participants: [JSON.stringify(base.participants), JSON.stringify(draft.participants)],
			partner_groups: [JSON.stringify(base.partner_groups), JSON.stringify(draft.partner_groups)],
			events: [JSON.stringify(base.events), JSON.stringify(draft.events)]
		};
		const pair = map[f];
		return !pair || pair[0] === pair[1];
	});
	// The source's start text only describes the start it came with.
	const startSource = draft.start === base.start ? base.start_source : null;
	const merged: CooperationRecord = { ...base, ...draft, topics, derived: derivedStill, start_source: startSource };
	// A record holds a source only when it has one (as it reads back from its rows, issue 14).
	if (merged.source == null) delete merged.source;
	return merged;
}

export function emptyRecord(id: string, list: string, number: number | null): CooperationRecord {
	return {
		id, list, number, slide: null, org_unit: null, title: '', title_source: null, partners_source: null, performer_source: null,
		performer: { kind: 'unknown', body: null }, legal_form: 'unknown', legal_form_source: null, start_source: null, start: null,
		end: null, status: 'active', topics: [], description: null, notes: null, derived: [], participants: [], partner_groups: [], events: []
	};
}

export type SubmitResult =
	| { kind: 'saved'; id: string; version: number }
	/** Nothing differs from the stored record: no version, no proposal. */
	| { kind: 'unchanged'; id: string; version: number }
	| { kind: 'proposed'; proposalId: number }
	| { kind: 'errors'; errors: FieldError[] }
	| { kind: 'conflict'; current: StoredCooperation; changes: DiffLine[] };

export interface SubmitInput {
	actor: Actor;
	current: StoredCooperation | null;
	draft: CooperationDraft;
	baseVersion: number | null;
	regionId: string;
	action: string;
	comment: string | null;
	names: DiffNames;
}

export const OWN_BODY_MESSAGE = 'Ihre eigene Körperschaft muss an der Kooperation beteiligt sein (als Partner oder als Aufgabenträger), sonst könnten Sie den Eintrag später nicht pflegen.';

export async function submitCooperation(db: Kysely<Database>, s: SubmitInput): Promise<SubmitResult> {
	const { actor } = s;
	const record = s.current
		? mergeDraft(s.current.record, s.draft)
		: mergeDraft(emptyRecord(await newCooperationId(db, s.draft.list), s.draft.list, s.draft.number ?? await nextNumber(db, s.regionId, s.draft.list)), s.draft);
	if (!s.current && s.draft.number === null) record.number = await nextNumber(db, s.regionId, s.draft.list);
	const involved = bodiesOf(record);
	// Creating and changing alike: the record as it would be saved must include the editor's own body
	// (an editor could otherwise remove it, or replace it, and lose the entry; issue 18).
	if (!can(actor, s.current ? 'cooperation.save' : 'cooperation.create', { bodyIds: involved, regionId: s.regionId })) {
		return { kind: 'errors', errors: [{ field: 'participants.0.body', message: OWN_BODY_MESSAGE }] };
	}
	if (s.current && s.current.version !== s.baseVersion) {
		return conflict(db, s.current, s.baseVersion, s.names);
	}
	if (s.current && sameRecord(s.current.record, record)) return { kind: 'unchanged', id: s.current.record.id, version: s.current.version };
	if (actor.role === 'editor' && (await reviewRequired(db, s.regionId))) {
		const proposalId = await createProposal(db, actor, { regionId: s.regionId, kind: s.current ? 'update' : 'create', record, baseVersion: s.current?.version ?? null, comment: s.comment });
		return { kind: 'proposed', proposalId };
	}
	const saved = await saveCooperation(db, actor, { regionId: s.regionId, record, expectedVersion: s.current ? s.baseVersion : null, action: s.action, comment: s.comment });
	if (saved.ok) return saved.unchanged ? { kind: 'unchanged', id: saved.id, version: saved.version } : { kind: 'saved', id: saved.id, version: saved.version };
	if (saved.reason === 'conflict') return conflict(db, saved.current, s.baseVersion, s.names);
	return { kind: 'errors', errors: saved.problems.map((message) => ({ field: 'title', message })) };
}

/** What someone else changed between the version the user started from and now. */
async function conflict(db: Kysely<Database>, current: StoredCooperation, baseVersion: number | null, names: DiffNames): Promise<SubmitResult> {
	const versions = await cooperationVersions(db, current.record.id);
	const base = versions.find((v) => v.version === baseVersion)?.record ?? null;
	return { kind: 'conflict', current, changes: base ? diffCooperations(base, current.record, names) : [] };
}

export { readCooperation };
