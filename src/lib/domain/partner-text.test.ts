import { describe, expect, it } from 'vitest';
import { slashParts, splitPartnerText, splitTitlePartners } from './partner-text';

const names = (t: string) => splitPartnerText(t).map((p) => (p.kind === 'name' ? p.bare ?? p.text : `[${p.text}]`));

describe('splitPartnerText', () => {
	it('splits plain lists at commas and "und"', () => {
		expect(names('Lünen, Selm, Werne')).toEqual(['Lünen', 'Selm', 'Werne']);
		expect(names('Kamen und Bönen')).toEqual(['Kamen', 'Bönen']);
		expect(names('Unna u. Holzwickede; Schwerte')).toEqual(['Unna', 'Holzwickede', 'Schwerte']);
	});

	it('drops kind words that a list distributes over names', () => {
		expect(names('Kreis Unna, Städte Bergkamen, Kamen, Lünen, Selm, Unna und Werne, Gemeinden Bönen und Holzwickede')).toEqual(
			['Kreis Unna', 'Bergkamen', 'Kamen', 'Lünen', 'Selm', 'Unna', 'Werne', 'Bönen', 'Holzwickede']
		);
		const first = splitPartnerText('Stadt Schwerte')[0]!;
		expect(first).toMatchObject({ kind: 'name', text: 'Stadt Schwerte', bare: 'Schwerte' });
	});

	it('keeps a slash inside a name and splits a spaced slash', () => {
		expect(names('Unna, Holzwickede, Fröndenberg/Ruhr')).toEqual(['Unna', 'Holzwickede', 'Fröndenberg/Ruhr']);
		expect(names('Unna / Bönen')).toEqual(['Unna', 'Bönen']);
		expect(slashParts('Unna/Bönen/Fröndenberg')).toEqual(['Unna', 'Bönen', 'Fröndenberg']);
		expect(slashParts('Unna')).toBeNull();
	});

	it('keeps partners by rule or by number whole, as groups', () => {
		expect(names('alle kreisangehörigen Kommunen (außer Bergkamen, Lünen und Schwerte)')).toEqual(['[alle kreisangehörigen Kommunen (außer Bergkamen, Lünen und Schwerte)]']);
		const g = splitPartnerText('Lünen, weitere 192 Städte und Gemeinden in NRW');
		expect(g[1]).toMatchObject({ kind: 'group', count: 192 });
		expect(names('Fröndenberg/Ruhr und diverse')).toEqual(['Fröndenberg/Ruhr', '[diverse]']);
	});

	it('does not split "Städte- und Gemeindebund" and reads a note in brackets', () => {
		expect(names('Städte- und Gemeindebund NRW')).toEqual(['Städte- und Gemeindebund NRW']);
		expect(splitPartnerText('Kamen (ab 2015)')[0]).toMatchObject({ kind: 'name', note: 'ab 2015' });
	});

	it('gives nothing for empty or placeholder cells', () => {
		expect(splitPartnerText('')).toEqual([]);
		expect(splitPartnerText(' – ')).toEqual([]);
		expect(splitPartnerText(null)).toEqual([]);
	});
});

describe('splitTitlePartners', () => {
	it('takes the last bracket of a title as the partner text', () => {
		expect(splitTitlePartners('Öffentlicher Verkehr Verkehrsgesellschaft Kreis Unna mbH (Kreis Unna, Städte Bergkamen, Kamen)')).toEqual({
			title: 'Öffentlicher Verkehr Verkehrsgesellschaft Kreis Unna mbH',
			partners: 'Kreis Unna, Städte Bergkamen, Kamen'
		});
		expect(splitTitlePartners('Rettungsdienst (Träger (Kreis) und Städte)')).toEqual({ title: 'Rettungsdienst', partners: 'Träger (Kreis) und Städte' });
	});

	it('returns null without a closing bracket at the end', () => {
		expect(splitTitlePartners('Volkshochschule')).toBeNull();
		expect(splitTitlePartners('(nur Klammer)')).toBeNull();
	});
});
