/**
 * Reads cooperations for result tables and exports: the deck's columns (Nr., Aufgabenbereich,
 * Partner, Aufgabenerledigung durch, Rechtsform, seit) plus what filters show. Fields are chosen
 * explicitly; database rows never leave this module raw.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex, performerLabel, performerValue } from '../search/facet-index';
import { STATUS_LABEL } from '../../i18n/de';

export interface PartnerRef {
	id: string;
	name: string;
	role: string;
	joined: string | null;
	left: string | null;
}

export interface CooperationRow {
	id: string;
	list: string;
	listLabel: string;
	number: number | null;
	title: string;
	partners: PartnerRef[];
	partnerGroups: { label: string; count: number | null }[];
	performer: { id: string | null; name: string };
	legalForm: { id: string; label: string; short: string; source: string | null };
	start: string | null;
	end: string | null;
	status: string;
	statusLabel: string;
	topics: { id: string; label: string }[];
	orgUnit: string | null;
}

const CHUNK = 500;

/** Rows for the given seqs, in the given order. */
export async function cooperationRows(db: Kysely<Database>, seqs: number[]): Promise<CooperationRow[]> {
	if (seqs.length === 0) return [];
	const { lookups } = await facetIndex(db);
	const bySeq = new Map<number, CooperationRow>();
	for (let i = 0; i < seqs.length; i += CHUNK) {
		const part = seqs.slice(i, i + CHUNK);
		const coops = await db.selectFrom('cooperation')
			.select(['seq', 'id', 'list', 'number', 'title', 'performer_kind', 'performer_body_id', 'legal_form_id',
				'legal_form_source', 'start_text', 'end_text', 'status', 'org_unit'])
			.where('seq', 'in', part).execute();
		const parts = await db.selectFrom('participation')
			.select(['cooperation_seq', 'body_id', 'role', 'joined_text', 'left_text'])
			.where('cooperation_seq', 'in', part).orderBy('cooperation_seq').orderBy('position').execute();
		const groups = await db.selectFrom('partner_group').select(['cooperation_seq', 'label', 'count'])
			.where('cooperation_seq', 'in', part).orderBy('position').execute();
		const topics = await db.selectFrom('cooperation_topic').select(['cooperation_seq', 'topic_id'])
			.where('cooperation_seq', 'in', part).orderBy('position').execute();
		for (const c of coops) {
			const lf = lookups.legalForms.get(c.legal_form_id);
			const performerName = performerLabel(performerValue(c.performer_kind, c.performer_body_id), lookups);
			bySeq.set(c.seq, {
				id: c.id, list: c.list, listLabel: lookups.lists.get(c.list) ?? c.list, number: c.number, title: c.title,
				partners: [], partnerGroups: [],
				performer: { id: c.performer_kind === 'body' ? c.performer_body_id : null, name: performerName },
				legalForm: { id: c.legal_form_id, label: lf?.label ?? c.legal_form_id, short: lf?.short ?? c.legal_form_id, source: c.legal_form_source },
				start: c.start_text, end: c.end_text, status: c.status, statusLabel: STATUS_LABEL[c.status] ?? c.status,
				topics: [], orgUnit: c.org_unit
			});
		}
		for (const p of parts) {
			bySeq.get(p.cooperation_seq)?.partners.push({
				id: p.body_id, name: lookups.bodies.get(p.body_id)?.name ?? p.body_id, role: p.role,
				joined: p.joined_text, left: p.left_text
			});
		}
		for (const g of groups) bySeq.get(g.cooperation_seq)?.partnerGroups.push({ label: g.label, count: g.count });
		for (const t of topics) bySeq.get(t.cooperation_seq)?.topics.push({ id: t.topic_id, label: lookups.topics.get(t.topic_id) ?? t.topic_id });
	}
	return seqs.map((s) => bySeq.get(s)).filter((r): r is CooperationRow => r !== undefined);
}
