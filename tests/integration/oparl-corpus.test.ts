/**
 * Issue 21, item 5: precision and recall of the IKZ recognition (data/oparl/rules.yaml, as shipped)
 * on the team's corpus of 248 council papers of several Länder (tests/fixtures/oparl/corpus.ts).
 * Targets: at least 90 % of the IKZ papers found; precision at least 80 %.
 */
import { describe, expect, it } from 'vitest';
import { readRules } from '../../src/lib/server/oparl/rules';
import { recognise } from '../../src/lib/server/oparl/recognise';
import { CORPUS_TOWNS, corpus } from '../fixtures/oparl/corpus';

describe('IKZ recognition on the corpus', () => {
	const rules = readRules('data');
	const papers = corpus();
	const bodies = CORPUS_TOWNS.map((t) => ({ id: t.id, names: [t.name] }));

	it('has at least 200 papers, IKZ and not', () => {
		expect(papers.length).toBeGreaterThanOrEqual(200);
		expect(papers.filter((p) => p.ikz).length).toBeGreaterThan(80);
		expect(papers.filter((p) => !p.ikz).length).toBeGreaterThan(80);
	});

	it('finds at least 90 % of the IKZ papers with a precision of at least 80 %', () => {
		let tp = 0;
		let fp = 0;
		let fn = 0;
		const missed: string[] = [];
		const wrong: string[] = [];
		for (const p of papers) {
			const hit = recognise({ name: p.name, text: p.text }, { rules, ownBodyId: p.body, bodies, cooperations: [] }) !== null;
			if (hit && p.ikz) tp++;
			else if (hit) {
				fp++;
				wrong.push(p.name);
			} else if (p.ikz) {
				fn++;
				missed.push(p.name);
			}
		}
		const recall = tp / (tp + fn);
		const precision = tp / (tp + fp);
		console.log(`OParl corpus: ${papers.length} papers, recall ${(recall * 100).toFixed(1)} %, precision ${(precision * 100).toFixed(1)} % (tp ${tp}, fp ${fp}, fn ${fn})`);
		console.log(`missed: ${[...new Set(missed)].join(' | ')}`);
		console.log(`false hits: ${[...new Set(wrong)].join(' | ')}`);
		expect(recall).toBeGreaterThanOrEqual(0.9);
		expect(precision).toBeGreaterThanOrEqual(0.8);
	});

	it('tells terminations, new members and new cooperations apart', () => {
		const ctx = { rules, ownBodyId: 'pirna', bodies, cooperations: [{ id: 'kv-1', title: 'Abwasserzweckverband Pirna-Heidenau', bodyIds: ['pirna', 'heidenau'], topicWords: ['Abwasser'], legalForm: 'zweckverband' }] };
		const kuend = recognise({ name: 'Austritt aus dem Abwasserzweckverband', text: 'Die Stadt Pirna erklärt den Austritt aus dem Zweckverband mit Heidenau zum Jahresende.' }, ctx);
		expect([kuend?.kind, kuend?.cooperationId]).toEqual(['termination', 'kv-1']);
		const beitritt = recognise({ name: 'Beitritt der Stadt Dohna zum Abwasserzweckverband Pirna-Heidenau', text: 'Der Stadtrat Pirna stimmt dem Beitritt der Stadt Dohna zum Zweckverband zu.' }, ctx);
		expect([beitritt?.kind, beitritt?.cooperationId, beitritt?.partnerIds.sort()]).toEqual(['new_member', 'kv-1', ['dohna', 'heidenau']]);
		const neu = recognise({ name: 'Zweckvereinbarung über die Lebensmittelüberwachung', text: 'Die Stadt Pirna schließt mit der Stadt Heidenau eine Zweckvereinbarung über die Lebensmittelüberwachung.' }, ctx);
		expect([neu?.kind, neu?.cooperationId, neu?.legalForm]).toEqual(['new_cooperation', null, 'oerv']);
		expect(neu?.passage).toContain('Zweckvereinbarung');
		expect(recognise({ name: 'Kündigung des Mietvertrags', text: 'Die Stadt Pirna kündigt den Mietvertrag für das Lager.' }, ctx)).toBeNull();
	});
});
