/**
 * Steering records in the register search: measures, working groups (and their items) and ideas
 * whose text contains all query terms, folded the same way as the cooperation search (umlauts,
 * ß, parts of compound words). A region has dozens of such records, so a scan is enough.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { foldGerman, queryTerms } from '../../domain/text-fold';
import { listSteering } from './store';

export interface SteeringHit {
	kind: 'measure' | 'working_group' | 'idea';
	id: string;
	title: string;
	href: string;
}

export async function searchSteering(db: Kysely<Database>, q: string, limit = 20): Promise<SteeringHit[]> {
	const terms = queryTerms(q);
	if (!terms.length) return [];
	const matches = (words: (string | null | undefined)[]) => {
		const text = foldGerman(words.filter(Boolean).join(' \n '));
		return terms.every((t) => text.includes(t));
	};
	const hits: SteeringHit[] = [];
	for (const m of await listSteering(db, 'measure')) {
		const r = m.record;
		if (matches([r.number, r.title, r.list_title, r.mandate, r.result, r.lead_note, ...r.status_history.map((h) => h.note)])) {
			hits.push({ kind: 'measure', id: r.id, title: `${r.number} ${r.title}`, href: `/steuerung/massnahmen/${r.id}` });
		}
	}
	for (const g of await listSteering(db, 'working_group')) {
		const r = g.record;
		// Contacts (personal data) are not searched.
		if (matches([r.name, r.note, r.members_note, ...r.items.flatMap((i) => [i.title, i.text])])) {
			hits.push({ kind: 'working_group', id: r.id, title: r.name, href: `/steuerung/arbeitskreise/${r.id}` });
		}
	}
	for (const i of await listSteering(db, 'idea')) {
		const r = i.record;
		if (matches([r.title, r.description])) hits.push({ kind: 'idea', id: r.id, title: r.title, href: `/steuerung/ideen/${r.id}` });
	}
	return hits.slice(0, limit);
}
