import { describe, expect, it } from 'vitest';
import { directoryNames, expandDesignation } from './directory-names';

const g = (tk: string, name: string) => directoryNames({ level: 60, tk, name });

describe('directory names: Gemeinden', () => {
	it('NRW town with ", Stadt"', () => {
		const n = g('63', 'Coesfeld, Stadt');
		expect(n.display).toBe('Coesfeld');
		expect(n.official).toBe('Stadt Coesfeld');
		expect(n.kind).toBe('stadt');
		expect(n.forms).toEqual(expect.arrayContaining(['Coesfeld', 'Stadt Coesfeld', 'Coesfeld, Stadt']));
		expect(n.forms).not.toContain('Gemeinde Coesfeld');
	});
	it('Bavarian abbreviations ", M", ", St", ", GKSt" are expanded', () => {
		const m = g('60', 'Garmisch-Partenkirchen, M');
		expect(m.official).toBe('Markt Garmisch-Partenkirchen');
		expect(m.forms).toEqual(expect.arrayContaining(['Markt Garmisch-Partenkirchen', 'Marktgemeinde Garmisch-Partenkirchen', 'Garmisch-Partenkirchen']));
		expect(m.kind).toBe('gemeinde');
		expect(m.kindLabel).toBe('Markt');
		expect(g('63', 'Ebermannstadt, St').official).toBe('Stadt Ebermannstadt');
		const e = g('67', 'Erding, GKSt');
		expect(e.official).toBe('Große Kreisstadt Erding');
		expect(e.forms).toEqual(expect.arrayContaining(['Stadt Erding', 'GKSt Erding', 'Große Kreisstadt Erding']));
		expect(e.kind).toBe('stadt');
	});
	it('Hansestadt, Lutherstadt and long designations', () => {
		const s = g('63', 'Schwerte, Hansestadt an der Ruhr');
		expect(s.display).toBe('Schwerte');
		expect(s.official).toBe('Schwerte, Hansestadt an der Ruhr');
		expect(s.forms).toEqual(expect.arrayContaining(['Hansestadt Schwerte', 'Stadt Schwerte']));
		const w = g('63', 'Wittenberg, Lutherstadt');
		expect(w.official).toBe('Lutherstadt Wittenberg');
		expect(w.forms).toEqual(expect.arrayContaining(['Lutherstadt Wittenberg', 'Stadt Wittenberg', 'Wittenberg']));
		const k = g('63', 'Korbach, Hansestadt, Kreisstadt');
		expect(k.forms).toEqual(expect.arrayContaining(['Hansestadt Korbach', 'Kreisstadt Korbach', 'Stadt Korbach']));
		expect(g('63', 'Gelnhausen, Barbarossast., Krst.').forms).toEqual(expect.arrayContaining(['Barbarossastadt Gelnhausen', 'Kreisstadt Gelnhausen']));
	});
	it('Stadtstaaten and kreisfreie Städte', () => {
		const h = g('61', 'Hamburg, Freie und Hansestadt');
		expect(h.official).toBe('Freie und Hansestadt Hamburg');
		expect(h.kind).toBe('kreisfreie-stadt');
		expect(h.forms).toEqual(expect.arrayContaining(['Hamburg', 'Stadt Hamburg', 'Kreisfreie Stadt Hamburg']));
		expect(g('61', 'Berlin, Stadt').display).toBe('Berlin');
		const s = directoryNames({ level: 40, tk: '42', name: 'Stuttgart, Landeshauptstadt' });
		expect(s.kind).toBe('kreisfreie-stadt');
		expect(s.forms).toEqual(expect.arrayContaining(['Stadtkreis Stuttgart', 'Landeshauptstadt Stuttgart']));
	});
	it('plain Gemeinde, Flecken, brackets and Sankt', () => {
		expect(g('64', 'Bönen').forms).toEqual(expect.arrayContaining(['Bönen', 'Gemeinde Bönen']));
		expect(g('64', 'Bodenwerder, Flecken').forms).toContain('Flecken Bodenwerder');
		const h = g('61', 'Halle (Saale), Stadt');
		expect(h.forms).toEqual(expect.arrayContaining(['Halle (Saale)', 'Halle/Saale', 'Stadt Halle (Saale)']));
		expect(h.weakForms).toEqual(['Halle']);
		expect(g('63', 'Fröndenberg/Ruhr, Stadt').weakForms).toEqual(['Fröndenberg']);
		expect(g('63', 'Sankt Augustin, Stadt').forms).toContain('St. Augustin');
		expect(g('64', 'St. Peter-Ording').forms).toContain('Sankt Peter-Ording');
		expect(g('66', 'Gutsbezirk Münsingen, gemfr. Gebiet').kind).toBe('gemeindefreies-gebiet');
	});
});

describe('directory names: Kreise', () => {
	const k = (tk: string, name: string) => directoryNames({ level: 40, tk, name });
	it('Landkreise get every short form people write, the bare name only as a weak form', () => {
		const c = k('44', 'Cham');
		expect(c.display).toBe('Landkreis Cham');
		expect(c.forms).toEqual(expect.arrayContaining(['Lkr. Cham', 'LK Cham', 'Landkreis Cham', 'Kreis Cham']));
		expect(c.forms).not.toContain('Cham');
		expect(c.weakForms).toEqual(['Cham']);
		expect(k('44', 'Görlitz').forms).toContain('LK Görlitz');
	});
	it('NRW Kreise with and without "Kreis" in the name', () => {
		const u = k('43', 'Unna');
		expect(u.display).toBe('Kreis Unna');
		expect(u.forms).toEqual(expect.arrayContaining(['Kreis Unna', 'Kr. Unna']));
		const h = k('43', 'Hochsauerlandkreis');
		expect(h.display).toBe('Hochsauerlandkreis');
		expect(h.weakForms).toEqual([]);
		const r = k('43', 'Rhein-Sieg-Kreis');
		expect(r.forms).toEqual(expect.arrayContaining(['Rhein-Sieg-Kreis', 'RSK']));
		expect(k('43', 'Märkischer Kreis').display).toBe('Märkischer Kreis');
		expect(k('45', 'Regionalverband Saarbrücken').display).toBe('Regionalverband Saarbrücken');
	});
});

describe('directory names: Gemeindeverbände, Länder, Regierungsbezirke', () => {
	const v = (tk: string, name: string) => directoryNames({ level: 50, tk, name });
	it('Verbandsgemeinde, VGem, GVV, VVG, Amt, Samtgemeinde', () => {
		expect(v('53', 'Kaisersesch').forms).toEqual(expect.arrayContaining(['VG Kaisersesch', 'Verbandsgemeinde Kaisersesch']));
		expect(v('53', 'Kaisersesch').display).toBe('Verbandsgemeinde Kaisersesch');
		const m = v('54', 'Marktl (VGem)');
		expect(m.display).toBe('Verwaltungsgemeinschaft Marktl');
		expect(m.forms).toEqual(expect.arrayContaining(['VGem Marktl', 'Marktl (VGem)']));
		expect(m.weakForms).toEqual(['Marktl']);
		const a = v('56', 'GVV Aidlingen/Grafenau');
		expect(a.display).toBe('GVV Aidlingen/Grafenau');
		expect(a.forms).toEqual(expect.arrayContaining(['Verwaltungsverband Aidlingen/Grafenau', 'GVV Aidlingen/Grafenau']));
		const h = v('54', 'VVG der Stadt Herrenberg');
		expect(h.forms).toEqual(expect.arrayContaining(['VVG Herrenberg', 'Verwaltungsgemeinschaft Herrenberg']));
		expect(v('51', 'Föhr-Amrum').forms).toContain('Amt Föhr-Amrum');
		expect(v('52', 'Isenbüttel').forms).toEqual(expect.arrayContaining(['Samtgemeinde Isenbüttel', 'SG Isenbüttel']));
		expect(v('58', 'Nottertal-Heilinger Höhen, Stadt').weakForms).toEqual([]);
		expect(v('53', 'Kaisersesch').kind).toBe('gemeindeverband');
	});
	it('Länder and Regierungsbezirke', () => {
		const b = directoryNames({ level: 10, tk: null, name: 'Bayern' });
		expect(b.kind).toBe('land');
		expect(b.forms).toContain('Land Bayern');
		const a = directoryNames({ level: 20, tk: null, name: 'Reg.-Bez. Arnsberg' });
		expect(a.display).toBe('Regierungsbezirk Arnsberg');
		expect(a.forms).toContain('RB Arnsberg');
		expect(directoryNames({ level: 20, tk: null, name: 'Oberfranken' }).display).toBe('Regierungsbezirk Oberfranken');
		expect(directoryNames({ level: 20, tk: null, name: 'früher: Reg.-Bez. Koblenz' }).display).toBe('Regierungsbezirk Koblenz (ehemals)');
		expect(directoryNames({ level: 20, tk: null, name: 'Statistische Region Hannover' }).display).toBe('Statistische Region Hannover');
	});
	it('expands designations', () => {
		expect(expandDesignation('M')).toBe('Markt');
		expect(expandDesignation('GKSt')).toBe('Große Kreisstadt');
		expect(expandDesignation('Stadt')).toBe('Stadt');
	});
});
