/**
 * Review (issue 3, item 4): where a region requires it, an editor's new cooperation or change is
 * stored as a proposal; a coordinator sees the diff and accepts (then it is saved as a normal
 * version, with the proposer named in the comment) or rejects it with a comment.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { CooperationRecord } from '../data/data-schema';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { PROPOSAL_RECORD, PROPOSAL_TITLE, readJson } from '../db/json-columns';
import { readCooperation, saveCooperation, type SaveOutcome } from './write';
import { acceptHit, hitOfProposal } from '../oparl/propose';
import { enqueueMail } from '../mail/queue';
import { proposalDecidedMail } from '../mail/messages';

/** With e-mail configured (issue 19): the origin for links in the proposer's mail. */
export type DecisionMail = { origin: string } | null;

/** Queue the mail that tells the proposer the decision (in the caller's transaction). */
async function tellProposer(db: Kysely<Database>, mail: DecisionMail, p: { id: number; proposerId: string; title: string; accepted: boolean; comment: string | null }, now: Date) {
	if (!mail) return;
	const who = await db.selectFrom('app_user').select(['name', 'email', 'disabled_at']).where('id', '=', p.proposerId).executeTakeFirst();
	if (!who || who.disabled_at) return;
	const m = proposalDecidedMail({ origin: mail.origin, name: who.name, id: p.id, title: p.title, accepted: p.accepted, comment: p.comment, link: `/vorschlaege/${p.id}` });
	await enqueueMail(db, { ...m, userId: p.proposerId, to: who.email }, now);
}

export interface ProposalInput {
	regionId: string;
	kind: 'create' | 'update';
	record: CooperationRecord;
	baseVersion: number | null;
	comment: string | null;
}

export async function createProposal(db: Kysely<Database>, actor: Actor, p: ProposalInput, now = new Date()): Promise<number> {
	const row = await db.insertInto('proposal').values({
		region_id: p.regionId, kind: p.kind, cooperation_id: p.kind === 'update' ? p.record.id : null, base_version: p.baseVersion,
		proposed_json: JSON.stringify(p.record), proposer_id: actor.userId!, body_id: actor.bodyId, comment: p.comment?.slice(0, 2000) ?? null,
		created_at: now.toISOString(), status: 'open', decided_by: null, decided_at: null, decision_comment: null
	}).returning('id').executeTakeFirstOrThrow();
	await audit(db, actor, { action: 'vorschlag.eingereicht', entity: 'proposal', entityId: String(row.id), detail: { kind: p.kind, cooperation: p.kind === 'update' ? p.record.id : null } }, now);
	return row.id;
}

export async function readProposal(db: Kysely<Database>, id: number) {
	const p = await db.selectFrom('proposal')
		.leftJoin('app_user as proposer', 'proposer.id', 'proposal.proposer_id')
		.leftJoin('app_user as decider', 'decider.id', 'proposal.decided_by')
		.selectAll('proposal')
		.select(['proposer.name as proposer_name', 'decider.name as decider_name'])
		.where('proposal.id', '=', id).executeTakeFirst();
	if (!p) return null;
	// A proposal whose record does not fit the record's schema cannot be accepted: an error naming the column.
	return { ...p, record: readJson(PROPOSAL_RECORD, p.proposed_json) };
}

export async function listProposals(db: Kysely<Database>, filter: { proposerId?: string; regionId?: string | null; status?: 'open' | 'decided' }) {
	let q = db.selectFrom('proposal').leftJoin('app_user', 'app_user.id', 'proposal.proposer_id')
		.select(['proposal.id', 'proposal.kind', 'proposal.status', 'proposal.created_at', 'proposal.decided_at', 'proposal.decision_comment',
			'proposal.cooperation_id', 'proposal.proposed_json', 'app_user.name as proposer_name']);
	if (filter.proposerId) q = q.where('proposal.proposer_id', '=', filter.proposerId);
	if (filter.regionId) q = q.where('proposal.region_id', '=', filter.regionId);
	if (filter.status === 'open') q = q.where('proposal.status', '=', 'open');
	if (filter.status === 'decided') q = q.where('proposal.status', '!=', 'open');
	const rows = await q.orderBy('proposal.id', 'desc').limit(200).execute();
	return rows.map((r) => ({ ...r, title: readJson(PROPOSAL_TITLE, r.proposed_json).title }));
}

export type DecisionOutcome = SaveOutcome | { ok: false; reason: 'decided' };

/** Accept: save the proposed record as a new version (or a new cooperation), then mark the proposal. */
export async function acceptProposal(db: Kysely<Database>, actor: Actor, id: number, comment: string | null, now = new Date(), edit: { date?: string | null } = {}, mail: DecisionMail = null): Promise<DecisionOutcome> {
	const p = await readProposal(db, id);
	if (!p || p.status !== 'open') return { ok: false, reason: 'decided' };
	// A proposal from a council information system (issue 21) is applied to the cooperation as it is now.
	const hit = await hitOfProposal(db, id);
	if (hit) return acceptHit(db, actor, p, hit, comment, edit, now);
	if (p.kind === 'update') {
		const current = await readCooperation(db, p.record.id);
		if (!current) return { ok: false, reason: 'invalid', problems: ['Die Kooperation gibt es nicht mehr.'] };
	}
	const saved = await saveCooperation(db, actor, {
		regionId: p.region_id, record: p.record, expectedVersion: p.kind === 'create' ? null : p.base_version,
		action: p.kind === 'create' ? 'angelegt (Vorschlag angenommen)' : 'bearbeitet (Vorschlag angenommen)',
		comment: [`Vorschlag Nr. ${id} von ${p.proposer_name ?? 'unbekannt'}`, comment].filter(Boolean).join(': ')
	}, now);
	if (!saved.ok) return saved;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('proposal').set({ status: 'accepted', decided_by: actor.userId, decided_at: now.toISOString(), decision_comment: comment?.slice(0, 2000) ?? null, cooperation_id: saved.id })
			.where('id', '=', id).execute();
		await audit(trx, actor, { action: 'vorschlag.angenommen', entity: 'proposal', entityId: String(id), detail: { cooperation: saved.id } }, now);
		await tellProposer(trx, mail, { id, proposerId: p.proposer_id, title: p.record.title, accepted: true, comment: comment?.slice(0, 2000) ?? null }, now);
	});
	return saved;
}

export async function rejectProposal(db: Kysely<Database>, actor: Actor, id: number, comment: string, now = new Date(), mail: DecisionMail = null): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const r = await trx.updateTable('proposal').set({ status: 'rejected', decided_by: actor.userId, decided_at: now.toISOString(), decision_comment: comment.slice(0, 2000) })
			.where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
		const done = Number(r.numUpdatedRows) === 1;
		if (done) {
			await audit(trx, actor, { action: 'vorschlag.abgelehnt', entity: 'proposal', entityId: String(id) }, now);
			const p = await readProposal(trx, id);
			if (p) await tellProposer(trx, mail, { id, proposerId: p.proposer_id, title: p.record.title, accepted: false, comment: comment.slice(0, 2000) }, now);
		}
		return done;
	});
}
