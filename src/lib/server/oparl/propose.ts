/**
 * Propose, never overwrite (issue 21, item 4): a recognised paper becomes a proposal in the review
 * queue (table `proposal`), remembered in `oparl_hit` under a key of paper, kind and cooperation so
 * that it is never proposed again, whether it was accepted, rejected or is still open. Accepting
 * re-applies the hit to the cooperation as it is then (an event, a new member, the council
 * decision in the legal lifecycle) and keeps the paper's OParl link.
 */
import { inTransaction } from '../db/versions';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import type { CooperationRecord } from '../data/data-schema';
import { audit } from '../auth/audit';
import { createProposal } from '../registry/proposals';
import { readCooperation, saveCooperation, type SaveOutcome } from '../registry/write';
import { readLifecycle, saveLifecycle } from '../legal/store';
import { EMPTY_LIFECYCLE } from '../../domain/gkg-lifecycle';
import type { Recognition } from './recognise';
import { actorLabel } from '../auth/actor-label';

export const HIT_KIND_LABEL: Record<string, string> = {
	new_cooperation: 'neue Kooperation',
	council_decision: 'Ratsbeschluss',
	termination: 'Kündigung beschlossen',
	new_member: 'neues Mitglied'
};

/** What council information system hit each of the given proposals came from (issue 21): the kind, worded, and the paper's title. */
export async function proposalSources(db: Kysely<Database>, proposalIds: number[]): Promise<Map<number, { kind: string; paper: string }>> {
	if (!proposalIds.length) return new Map();
	const hits = await db.selectFrom('oparl_hit').select(['proposal_id', 'kind', 'title']).where('proposal_id', 'in', proposalIds).execute();
	return new Map(hits.filter((h) => h.proposal_id !== null).map((h) => [h.proposal_id!, { kind: HIT_KIND_LABEL[h.kind] ?? h.kind, paper: h.title }]));
}

export interface HitPaper {
	id: string;
	name: string;
	reference: string | null;
	webUrl: string | null;
	/** ISO day of the decision (the meeting of the deciding consultation) or of the paper. */
	date: string | null;
}

export interface HitSource { id: string; regionId: string; bodyId: string; bodyName: string }

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function eventText(source: HitSource, paper: HitPaper): string {
	return cut(`Beschluss ${source.bodyName}${paper.date ? ` vom ${paper.date}` : ''}: ${paper.name}${paper.reference ? ` (Drucksache ${paper.reference})` : ''}`, 500);
}

/** The record a hit proposes, from the cooperation as it is now (or a new one). */
function proposedRecord(kind: string, rec: Recognition, source: HitSource, paper: HitPaper, current: CooperationRecord | null, list: string, topic: string): CooperationRecord | null {
	const event = { kind: rec.event, date: paper.date, text: eventText(source, paper) };
	if (!current) {
		if (kind !== 'new_cooperation') return null;
		const id = `oparl-${randomBytes(5).toString('hex')}`;
		const participants = [source.bodyId, ...rec.partnerIds].map((body) => ({ body, role: 'member' as const, joined: null, left: null, note: null }));
		return {
			id, list, number: null, slide: null, org_unit: null, title: cut(paper.name, 300), title_source: null, partners_source: null, performer_source: null,
			performer: { kind: 'unknown', body: null }, legal_form: rec.legalForm ?? 'unknown', legal_form_source: null, start_source: null, start: null, end: null,
			status: 'planned', topics: [topic], description: cut(rec.passage, 2000), notes: null, derived: [], participants, partner_groups: [],
			events: [{ ...event, kind: rec.event === 'founding' ? 'founding' : 'planned' }]
		};
	}
	const next = structuredClone(current);
	if (next.events.some((e) => e.text === event.text)) return next;
	next.events.push(event);
	if (kind === 'new_member') {
		const have = new Set(next.participants.map((p) => p.body));
		const fresh = rec.partnerIds.filter((id) => !have.has(id));
		// The paper's own body joins when it is not a member yet; else the other bodies it names.
		const joining = have.has(source.bodyId) ? fresh : [source.bodyId];
		for (const body of joining) next.participants.push({ body, role: 'member', joined: paper.date, left: null, note: null });
	}
	return next;
}

/** Store the hit and propose it, unless this paper was proposed for this before. Returns the proposal id or null. */
export async function proposeHit(
	trx: Kysely<Database>, actor: Actor, source: HitSource, paper: HitPaper, rec: Recognition, defaults: { list: string; topic: string }, now = new Date()
): Promise<number | null> {
	const kind = rec.kind;
	const key = `${paper.id}|${kind}|${rec.cooperationId ?? ''}`;
	if (await trx.selectFrom('oparl_hit').select('id').where('hit_key', '=', key).executeTakeFirst()) return null;
	const current = rec.cooperationId ? await readCooperation(trx, rec.cooperationId) : null;
	const record = proposedRecord(kind, rec, source, paper, current?.record ?? null, defaults.list, defaults.topic);
	if (!record) return null;
	const comment = cut([
		`Aus dem Ratsinformationssystem (${HIT_KIND_LABEL[kind]}): ${paper.name}`,
		paper.reference ? `Drucksache ${paper.reference}` : null,
		paper.date ? `Datum ${paper.date}` : null,
		`Körperschaft ${source.bodyName}`,
		`Fundstelle: „${rec.passage}“`,
		paper.webUrl ?? paper.id
	].filter(Boolean).join(' · '), 2000);
	const proposalId = await createProposal(trx, actor, {
		regionId: source.regionId, kind: current ? 'update' : 'create', record, baseVersion: current?.version ?? null, comment
	}, now);
	await trx.insertInto('oparl_hit').values({
		hit_key: key, source_id: source.id, paper_id: paper.id, kind, cooperation_id: rec.cooperationId, body_id: source.bodyId, decision_date: paper.date,
		title: cut(paper.name, 500), reference: paper.reference, web_url: paper.webUrl, passage: cut(rec.passage, 2000), proposal_id: proposalId, created_at: now.toISOString()
	}).execute();
	return proposalId;
}

export async function hitOfProposal(db: Kysely<Database>, proposalId: number) {
	return db.selectFrom('oparl_hit').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst() ?? null;
}

async function keepLink(db: Kysely<Database>, actor: Actor, cooperationId: string, hit: { paper_id: string; title: string }, now: Date) {
	const have = await db.selectFrom('oparl_link').select('id').where('entity', '=', 'cooperation').where('entity_id', '=', cooperationId).where('url', '=', hit.paper_id).executeTakeFirst();
	if (have) return;
	await db.insertInto('oparl_link').values({
		id: randomBytes(8).toString('hex'), entity: 'cooperation', entity_id: cooperationId, kind: 'paper', url: hit.paper_id.slice(0, 500), label: cut(hit.title.replace(/\p{Cc}+/gu, ' '), 200),
		created_at: now.toISOString(), created_by: actorLabel(actor)
	}).execute();
}

/**
 * Accept an OParl proposal: a new cooperation is saved as proposed; for an existing one the hit
 * is applied to its current version (so two councils' decisions on one cooperation can both be
 * accepted), and a council decision is added to the legal lifecycle. `edit.date` replaces the
 * decision date the paper gave.
 */
export async function acceptHit(
	db: Kysely<Database>, actor: Actor, proposal: { id: number; region_id: string; record: CooperationRecord; proposer_name: string | null },
	hit: NonNullable<Awaited<ReturnType<typeof hitOfProposal>>>, comment: string | null, edit: { date?: string | null } = {}, now = new Date()
): Promise<SaveOutcome> {
	const date = edit.date || hit.decision_date;
	const label = `Vorschlag Nr. ${proposal.id} aus dem Ratsinformationssystem`;
	// One transaction for everything: saveCooperation and saveLifecycle join it (inTransaction), so
	// a failure at any step (a lifecycle conflict, the link, the proposal row) leaves nothing behind.
	return inTransaction(db, async (trx): Promise<SaveOutcome> => {
		let saved: SaveOutcome;
		if (!hit.cooperation_id) {
			const record = structuredClone(proposal.record);
			if (edit.date) record.events = record.events.map((e) => ({ ...e, date: edit.date! }));
			saved = await saveCooperation(trx, actor, { regionId: proposal.region_id, record, expectedVersion: null, action: 'angelegt (Vorschlag angenommen)', comment: [label, comment].filter(Boolean).join(': ') }, now);
		} else {
			const current = await readCooperation(trx, hit.cooperation_id);
			if (!current) return { ok: false, reason: 'invalid', problems: ['Die Kooperation gibt es nicht mehr.'] };
			const record = structuredClone(current.record);
			const proposedEvent = proposal.record.events.find((e) => !current.record.events.some((c) => c.text === e.text && c.kind === e.kind));
			if (proposedEvent) record.events.push({ ...proposedEvent, date: date ?? proposedEvent.date ?? null });
			const have = new Set(record.participants.map((p) => p.body));
			for (const p of proposal.record.participants) if (!have.has(p.body)) record.participants.push({ ...p, joined: date ?? p.joined ?? null });
			saved = await saveCooperation(trx, actor, { regionId: current.regionId, record, expectedVersion: current.version, action: 'bearbeitet (Vorschlag angenommen)', comment: [label, comment].filter(Boolean).join(': ') }, now);
			if (saved.ok && hit.kind === 'council_decision' && date) {
				const life = await readLifecycle(trx, hit.cooperation_id);
				const rec = structuredClone(life?.record ?? EMPTY_LIFECYCLE);
				if (!rec.council_decisions.some((d) => d.body === hit.body_id && d.date === date)) {
					rec.council_decisions = [...rec.council_decisions, { body: hit.body_id, date, reference: hit.reference }];
					const l = await saveLifecycle(trx, actor, hit.cooperation_id, rec, life?.version ?? 0, `${label}: Ratsbeschluss ${hit.reference ?? ''}`.trim(), now);
					if (!l.ok) throw new Error(l.reason === 'invalid' ? l.problems.join(' ') : 'Rechtsstand geändert');
				}
			}
		}
		if (!saved.ok) return saved;
		await keepLink(trx, actor, saved.id, hit, now);
		await trx.updateTable('proposal').set({ status: 'accepted', decided_by: actor.userId, decided_at: now.toISOString(), decision_comment: comment?.slice(0, 2000) ?? null, cooperation_id: saved.id })
			.where('id', '=', proposal.id).execute();
		await audit(trx, actor, { action: 'vorschlag.angenommen', entity: 'proposal', entityId: String(proposal.id), detail: { cooperation: saved.id, oparl: hit.paper_id } }, now);
		return saved;
	});
}
