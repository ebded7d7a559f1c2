import { describe, expect, it } from 'vitest';
import { sourceHref } from './source-link';

describe('sourceHref', () => {
	it('links whole http(s) URLs', () => {
		expect(sourceHref('https://www.kreis-steinfurt.de/ikz/bericht-2021.pdf')).toBe('https://www.kreis-steinfurt.de/ikz/bericht-2021.pdf');
		expect(sourceHref('  http://ratsinfo.example-gemeinde.de/vo020.asp?VOLFDNR=4711  ')).toBe('http://ratsinfo.example-gemeinde.de/vo020.asp?VOLFDNR=4711');
		expect(sourceHref('HTTPS://Landkreis-Goerlitz.de/Zweckverband')).toBe('https://landkreis-goerlitz.de/Zweckverband');
	});

	it('keeps citations and other schemes as text', () => {
		expect(sourceHref('Kreistagsbeschluss vom 3.5.2019, DS 12/345')).toBeNull();
		expect(sourceHref('Amtsblatt Landkreis Cham 2018, S. 12 – https://www.landkreis-cham.de')).toBeNull();
		expect(sourceHref('javascript:alert(1)')).toBeNull();
		expect(sourceHref('JavaScript://%0Aalert(1)')).toBeNull();
		expect(sourceHref('data:text/html,<script>alert(1)</script>')).toBeNull();
		expect(sourceHref('mailto:ikz@kreis-unna.de')).toBeNull();
		expect(sourceHref('www.kreis-unna.de')).toBeNull();
		expect(sourceHref('')).toBeNull();
		expect(sourceHref(null)).toBeNull();
	});
});
