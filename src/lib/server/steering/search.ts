/**
 * Steering records in the register search: measures, working groups (and their items) and ideas
 * whose text contains all query terms, folded the same way as the cooperation search (umlauts,
 * ß, parts of compound words). A region has dozens of such records; their folded texts are kept
 * per data revision, so a search scans strings, not the table.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { foldGerman, queryTerms } from '../../domain/text-fold';
import { listSteering } from './store';
import { facetIndex } from '../search/facet-index';

export interface SteeringHit {
	kind: 'measure' | 'working_group' | 'idea';
	id: string;
	title: string;
	href: string;
}

/** A record's searchable text, folded, with the hit it gives. */
interface SteeringText {
	hit: SteeringHit;
	text: string;
}

export async function searchSteering(db: Kysely<Database>, q: string, limit = 20): Promise<SteeringHit[]> {
	const terms = queryTerms(q);
	if (!terms.length) return [];
	const hits: SteeringHit[] = [];
	for (const { hit, text } of await steeringTexts(db)) {
		if (hits.length >= limit) break;
		if (terms.every((t) => text.includes(t))) hits.push(hit);
	}
	return hits;
}

/**
 * The folded texts of all records, read and folded once per data revision (every change of a
 * steering record bumps it), not per search: a national register holds thousands of them.
 */
async function steeringTexts(db: Kysely<Database>): Promise<readonly SteeringText[]> {
	return (await facetIndex(db)).cachedAsync('steering-texts', async () => {
		const fold = (words: (string | null | undefined)[]) => foldGerman(words.filter(Boolean).join(' \n '));
		const out: SteeringText[] = [];
		for (const m of await listSteering(db, 'measure')) {
			const r = m.record;
			out.push({
				hit: { kind: 'measure', id: r.id, title: `${r.number} ${r.title}`, href: `/steuerung/massnahmen/${r.id}` },
				text: fold([r.number, r.title, r.list_title, r.mandate, r.result, r.lead_note, ...r.status_history.map((h) => h.note)])
			});
		}
		for (const g of await listSteering(db, 'working_group')) {
			const r = g.record;
			// Contacts (personal data) are not searched.
			out.push({
				hit: { kind: 'working_group', id: r.id, title: r.name, href: `/steuerung/arbeitskreise/${r.id}` },
				text: fold([r.name, r.note, r.members_note, ...r.items.flatMap((i) => [i.title, i.text])])
			});
		}
		for (const i of await listSteering(db, 'idea')) {
			const r = i.record;
			out.push({ hit: { kind: 'idea', id: r.id, title: r.title, href: `/steuerung/ideen/${r.id}` }, text: fold([r.title, r.description]) });
		}
		return out;
	});
}
