import { describe, expect, it } from 'vitest';
import { cleanSlideText, foldGerman, queryTerms } from './text-fold';

describe('foldGerman', () => {
	it.each([
		['Müll', 'muell', 'MUELL', 'mull'],
		['Bönen', 'boenen', 'bonen'],
		['Straßenreinigung', 'strassenreinigung', 'STRASSENREINIGUNG'],
		['Fröndenberg/Ruhr', 'froendenberg ruhr', 'frondenberg ruhr'],
		['Lünen', 'luenen', 'Lunen']
	])('folds %s and its spellings to one key', (original, ...variants) => {
		for (const v of variants) expect(foldGerman(v)).toBe(foldGerman(original));
	});

	it('keeps compound parts findable as substrings', () => {
		expect(foldGerman('Rettungsdienst')).toContain(foldGerman('rettung'));
		expect(foldGerman('Zentrale Vergabestelle')).toContain(foldGerman('vergabe'));
	});

	it('removes other diacritics and punctuation', () => {
		expect(foldGerman('Café – „Müll“!')).toBe('cafe mull');
	});

	it('does not make unrelated words equal', () => {
		expect(foldGerman('Kamen')).not.toBe(foldGerman('Unna'));
	});
});

describe('queryTerms', () => {
	it('splits, folds and de-duplicates', () => {
		expect(queryTerms('  Müll  muell Bönen ')).toEqual(['mull', 'bonen']);
	});
	it('returns nothing for empty or punctuation-only input', () => {
		expect(queryTerms('')).toEqual([]);
		expect(queryTerms(' - / ')).toEqual([]);
	});
});

describe('cleanSlideText', () => {
	it('joins words the slide hyphenated', () => {
		expect(cleanSlideText('Vereinbarung über gegenseitige Aufgabenüber- nahme')).toBe(
			'Vereinbarung über gegenseitige Aufgabenübernahme'
		);
		expect(cleanSlideText('Aufgaben- erledigung durch')).toBe('Aufgabenerledigung durch');
	});
	it('keeps hyphens that stand for a shared word part', () => {
		expect(cleanSlideText('Ver- und Entsorgung')).toBe('Ver- und Entsorgung');
		expect(cleanSlideText('Städte- und Gemeindebund')).toBe('Städte- und Gemeindebund');
	});
});
