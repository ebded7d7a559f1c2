import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password';

const rules = { minLength: 12 };
const refusedAsRepetition = (p: string): boolean => passwordProblems(p, rules).some((m) => m.includes('Wiederholung'));

describe('password rules: a repeated common word is as weak as the word (issue 18)', () => {
	it('refuses repetitions of common words and of short units, with other cases, spaces and a number', () => {
		for (const p of ['passwortpasswort', 'PasswortPasswort', 'passwort passwort', 'Hallo Hallo Hallo 1', 'qwertzqwertz', 'dragondragon2026!', 'abcabcabcabc', 'x1y2x1y2x1y2', 'Sommer-Sommer-Sommer']) {
			expect(refusedAsRepetition(p), p).toBe(true);
		}
	});

	it('keeps accepting passphrases, also ones with a repeated uncommon word', () => {
		for (const p of ['Kamener Kreuz im Nebel 2026', 'Lippe-Ufer-Fähre-37', 'Werne Sole Bad Tag Nacht', 'Holzwickede Holzwickede']) {
			expect(passwordProblems(p, rules), p).toEqual([]);
		}
	});
});
