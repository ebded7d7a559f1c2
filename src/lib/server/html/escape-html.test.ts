import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, latin1References } from './escape-html.ts';
// What a browser makes of text or a double-quoted attribute value: the references decoded.
import { decodeReferences as decode } from '../../../../tests/support/html-text.ts';


const isLatin1 = (s: string) => [...s].every((c) => c.codePointAt(0)! <= 0xff);

describe('escapeHtml', () => {
	it('escapes & and < in text, and " only in attribute values', () => {
		expect(escapeHtml('Müll & Abwasser <Kreis> "Süd"')).toBe('Müll &amp; Abwasser &lt;Kreis> "Süd"');
		expect(escapeHtml('Müll & Abwasser <Kreis> "Süd"', true)).toBe('Müll &amp; Abwasser &lt;Kreis> &quot;Süd&quot;');
		expect(escapeHtml("l'eau", true)).toBe("l'eau");
	});

	it('writes characters above U+00FF as numeric references', () => {
		expect(escapeHtml('Abfall – Kreis Unna')).toBe('Abfall &#8211; Kreis Unna');
		expect(escapeHtml('„Rettungsdienst“', true)).toBe('&#8222;Rettungsdienst&#8220;');
		expect(escapeHtml('Start › Kooperationen → weiter …')).toBe('Start &#8250; Kooperationen &#8594; weiter &#8230;');
		expect(escapeHtml('Łódź, Ελλάδα')).toBe('&#321;ód&#378;, &#917;&#955;&#955;&#940;&#948;&#945;');
	});

	it('writes a surrogate pair as one reference of its code point, a lone surrogate as U+FFFD', () => {
		expect(escapeHtml('Fahrrad 🚲!')).toBe('Fahrrad &#128690;!');
		expect(escapeHtml('𝔸')).toBe('&#120120;');
		expect(escapeHtml('a\ud83db')).toBe('a&#65533;b');
		expect(escapeHtml('a\udeb2')).toBe('a&#65533;');
	});

	it('turns null and undefined into the empty string and other values into their string', () => {
		expect(escapeHtml(null)).toBe('');
		expect(escapeHtml(undefined)).toBe('');
		expect(escapeHtml(0)).toBe('0');
		expect(escapeHtml(12.5)).toBe('12.5');
		expect(escapeHtml(false)).toBe('false');
		expect(escapeHtml({ toString: () => 'x < y' })).toBe('x &lt; y');
	});

	it('returns a long Latin-1 string unchanged (Latin-1 letters, control characters, symbols)', () => {
		const text = 'Straßenreinigung Bönen, Fröndenberg/Ruhr; Größe ±5 % × 2 ÷ 3 > 1 \u0085\u00a0\u00ff '.repeat(2000);
		expect(escapeHtml(text)).toBe(text);
		expect(escapeHtml(text, true)).toBe(text);
	});

	it('always yields Latin-1 HTML that decodes back to the input', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme' }), fc.boolean(), (s, attr) => {
				const out = escapeHtml(s, attr);
				expect(isLatin1(out)).toBe(true);
				expect(out).not.toMatch(attr ? /[<"]/ : /</);
				expect(decode(out)).toBe(s);
			})
		);
	});
});

describe('latin1References', () => {
	it('leaves markup alone and encodes only characters above U+00FF', () => {
		expect(latin1References('<p class="a">Grüße – „x“ & <b>y</b></p>')).toBe('<p class="a">Grüße &#8211; &#8222;x&#8220; & <b>y</b></p>');
		expect(latin1References('nur Latin-1: äöü')).toBe('nur Latin-1: äöü');
		expect(latin1References('🙂')).toBe('&#128578;');
	});
});
