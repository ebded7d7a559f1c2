import { describe, expect, it } from 'vitest';
import { agsOf, DirectoryFormatError, parentArs, parseDirectoryFile, parseDirectoryTsv, parseExtractCsv, tsvLine, TSV_COLUMNS } from './parse';

const HEADER = 'satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad';

describe('Destatis CSV extract', () => {
	it('reads quoted names, spaced thousands and decimal commas, skips TK 50 and Satzart 30', () => {
		const text = `\uFEFF${HEADER}\r\n` +
			'10,,09,,,,,Bayern,,,,,,,,\r\n' +
			'30,,08,1,1,,,Region Stuttgart,,,,,,,,\r\n' +
			'50,50,09,1,80,0117,,"Garmisch-Partenkirchen, M",,,,,,,,\r\n' +
			'60,60,09,1,80,0117,117,"Garmisch-Partenkirchen, M", 205.66, 27 236, 1, 1, 132,82467,"11,09509","47,49213"\r\n' +
			'50,54,09,1,80,5801,,Ohlstadt (VGem),,,,,,,,\r\n';
		const e = parseExtractCsv(text);
		expect(e.units.map((u) => u.ars)).toEqual(['09', '091800117117', '091805801']);
		expect(e.units[1]).toMatchObject({ level: 60, tk: '60', name: 'Garmisch-Partenkirchen, M', population: 27236, area: 205.66, postcode: '82467', lat: 47.49213, lon: 11.09509 });
		expect(agsOf(e.units[1]!)).toBe('09180117');
		expect(agsOf(e.units[2]!)).toBeNull();
	});
	it('refuses missing columns and keys that do not fit the Satzart', () => {
		expect(() => parseExtractCsv('satzart,land\n10,05\n')).toThrow(DirectoryFormatError);
		expect(() => parseExtractCsv(`${HEADER}\n60,64,05,9,78,,024,Lünen,,,,,,,,\n`)).toThrow(/Schlüssel/);
	});
});

describe('keys and parents', () => {
	it('finds the next unit up that exists', () => {
		const have = new Set(['05', '059', '05978', '071355002']);
		const exists = (a: string) => have.has(a);
		expect(parentArs({ ars: '059780024024', level: 60 }, exists)).toBe('05978');
		expect(parentArs({ ars: '071355002045', level: 60 }, exists)).toBe('071355002');
		expect(parentArs({ ars: '05978', level: 40 }, exists)).toBe('059');
		expect(parentArs({ ars: '02000', level: 40 }, exists)).toBeNull();
	});
});

describe('shipped TSV', () => {
	it('round-trips a unit and tells the formats apart', () => {
		const u = { ars: '059780024024', level: 60 as const, tk: '63', name: 'Lünen, Stadt', population: 86348, area: 59.39, postcode: '44532', lat: 51.614327, lon: 7.523533 };
		const text = `# Gebietsstand: 2020-12-31\n${TSV_COLUMNS.join('\t')}\n${tsvLine(u)}\n`;
		const e = parseDirectoryFile(text);
		expect(e.format).toBe('tsv');
		expect(e.stand).toBe('2020-12-31');
		expect(e.units).toEqual([u]);
		expect(() => parseDirectoryTsv('ars\tname\n')).toThrow(/Kopfzeile/);
		expect(() => parseDirectoryFile('irgendwas\n')).toThrow(/Unbekanntes Format/);
	});
});
