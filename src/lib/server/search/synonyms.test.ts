import { describe, expect, it } from 'vitest';
import { shippedVocabulary, vocabulary } from './synonyms';
import { foldGerman } from '../../domain/text-fold';

describe('synonyms.yaml', () => {
	it('is valid, has at least 40 groups and describes every topic field', () => {
		const v = shippedVocabulary();
		expect(v.groupCount).toBeGreaterThanOrEqual(40);
		for (const id of ['umwelt-ver-entsorgung', 'verwaltung-it', 'sicherheit-ordnung', 'verkehr']) expect(v.topicDescriptions.get(id)).toBeTruthy();
		expect(v.synonyms.get('mull')).toEqual(expect.arrayContaining(['abfall', 'entsorgung']));
		expect(v.synonyms.get('vhs')).toContain('volkshochschule');
		expect(v.synonyms.get('it')).toEqual(expect.arrayContaining(['edv', 'informationstechnik', 'digitalisierung']));
		expect(v.synonyms.get('opnv')).toContain('nahverkehr');
		expect(v.synonyms.get(foldGerman('Feuerwehr'))).toContain('brandschutz');
	});
	it('joins groups that share a word and never lists a word as its own synonym', () => {
		const v = vocabulary({ groups: [['Kita', 'Kindergarten'], ['Kindergarten', 'KiTa-Platz'.replace('-', '')]], topics: {} });
		expect(v.synonyms.get('kindergarten')).toEqual(['kita', 'kitaplatz']);
		expect(v.synonyms.get('kita')).toEqual(['kindergarten']);
	});
	it('rejects phrases, one-word groups and unknown keys', () => {
		expect(() => vocabulary({ groups: [['öffentlicher Nahverkehr', 'ÖPNV']], topics: {} })).toThrow();
		expect(() => vocabulary({ groups: [['Müll']], topics: {} })).toThrow();
		expect(() => vocabulary({ groups: [['a1', 'b1']], topics: {}, extra: 1 })).toThrow();
	});
});
