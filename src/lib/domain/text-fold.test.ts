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

describe('foldGerman on plain ASCII (the fast path)', () => {
	/** The rule as written in text-fold.ts for any text, without the ASCII short cut. */
	const reference = (text: string) => text.toLowerCase().replace(/[äöüßẞ]/g, (c) => ({ ä: 'a', ö: 'o', ü: 'u', ß: 'ss', ẞ: 'ss' })[c] ?? c)
		.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/([aou])e/g, '$1').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
	it('gives what the Unicode-aware steps give, for every ASCII character and random ASCII texts', () => {
		const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
		expect(foldGerman(ascii)).toBe(reference(ascii));
		let seed = 7;
		const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
		for (let n = 0; n < 2_000; n++) {
			const text = Array.from({ length: next() % 40 }, () => String.fromCharCode(next() % 128)).join('');
			expect(foldGerman(text)).toBe(reference(text));
		}
	});
	it('still folds texts with umlauts, accents and other scripts the same way', () => {
		for (const text of ['Müllabfuhr Bönen', 'Café Crème', 'Łódź – Partnerstadt', 'ÄRZTE-Notdienst', 'Straße 12a']) {
			expect(foldGerman(text)).toBe(reference(text));
		}
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
