import { describe, expect, it } from 'vitest';
import { editDistance, parseSearchTerms, textWords } from './search-terms';

describe('parseSearchTerms', () => {
	it('folds words and keeps stars as part-of-word requests', () => {
		expect(parseSearchTerms('Müll *kamen Abfall* *ruhr*')).toEqual([
			{ word: 'mull', suffix: false, prefix: false },
			{ word: 'kamen', suffix: true, prefix: false },
			{ word: 'abfall', suffix: false, prefix: true },
			{ word: 'ruhr', suffix: true, prefix: true }
		]);
	});
	it('splits hyphenated words, drops duplicates and empty input', () => {
		expect(parseSearchTerms('IT-Grundschutz it  ').map((t) => t.word)).toEqual(['it', 'grundschutz']);
		expect(parseSearchTerms('  ')).toEqual([]);
		expect(parseSearchTerms('"*"')).toEqual([]);
	});
});

describe('textWords', () => {
	it('keeps the spelling beside the folded word', () => {
		expect(textWords('Straßenreinigung, Müllabfuhr (ÖrV)')).toEqual([
			{ folded: 'strassenreinigung', surface: 'Straßenreinigung' },
			{ folded: 'mullabfuhr', surface: 'Müllabfuhr' },
			{ folded: 'orv', surface: 'ÖrV' }
		]);
	});
});

describe('editDistance', () => {
	it('counts insertions, deletions and substitutions, bounded by max', () => {
		expect(editDistance('volkshochschle', 'volkshochschule', 2)).toBe(1);
		expect(editDistance('rettungsdinst', 'rettungsdienst', 2)).toBe(1);
		expect(editDistance('kamen', 'bergkamen', 2)).toBe(3);
		expect(editDistance('abc', 'abc', 0)).toBe(0);
		expect(editDistance('abcdef', 'badcfe', 2)).toBe(3);
	});
});
