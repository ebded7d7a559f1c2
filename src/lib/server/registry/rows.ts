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
	/** The cooperation's source (issue 14): a citation or an http(s) link. */
	sourceText: string | null;
}

const CHUNK = 500;

/** A copy the caller may change without touching the cached row. */
function copyRow(r: CooperationRow): CooperationRow {
	return {
		...r, partners: r.partners.map((p) => ({ ...p })), partnerGroups: r.partnerGroups.map((g) => ({ ...g })),
		performer: { ...r.performer }, legalForm: { ...r.legalForm }, topics: r.topics.map((t) => ({ ...t }))
	};
}

/**
 * Rows for the given seqs, in the given order. Rows read once are kept in the facet index's
 * bounded cache (so per data revision): a result page or profile reads only the rows it has not
 * shown since the last change, and each caller gets its own copy.
 */
export async function cooperationRows(db: Kysely<Database>, seqs: number[]): Promise<CooperationRow[]> {
	if (seqs.length === 0) return [];
	const index = await facetIndex(db);
	const { lookups } = index;
	const bySeq = new Map<number, CooperationRow>();
	const missing: number[] = [];
	for (const seq of seqs) {
		const hit = index.cache.get(`row:${seq}`) as CooperationRow | undefined;
		if (hit) bySeq.set(seq, hit);
		else missing.push(seq);
	}
	for (let i = 0; i < missing.length; i += CHUNK) {
		const part = missing.slice(i, i + CHUNK);
		const coops = await db.selectFrom('cooperation')
			.select(['seq', 'id', 'list', 'number', 'title', 'performer_kind', 'performer_body_id', 'legal_form_id',
				'legal_form_source', 'start_text', 'end_text', 'status', 'org_unit', 'source'])
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
				topics: [], orgUnit: c.org_unit, sourceText: c.source
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
	// Cache only what a page shows: a long export would push the search results out.
	if (missing.length <= 200) {
		for (const seq of missing) {
			const r = bySeq.get(seq);
			if (r) index.cache.set(`row:${seq}`, r, 1);
		}
	}
	return seqs.map((s) => bySeq.get(s)).filter((r): r is CooperationRow => r !== undefined).map(copyRow);
}
