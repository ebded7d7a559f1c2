import { describe, expect, it } from 'vitest';
import { readForm } from './form-data';
import { BODY_LIMITS, bodyForm, parseBodyForm } from './body';
import { post } from './test-post';

const read = async (entries: [string, string | Blob][]) => (await readForm(post(entries), bodyForm)).data;
const fields = (r: { errors: { field: string }[] }) => r.errors.map((e) => e.field);

describe('body form', () => {
	it('reads a Bavarian Gemeinde with a decimal point, a negative-free AGS with spaces and aliases with CRLF', async () => {
		const r = await read([
			['name', 'Markt Garmisch-Partenkirchen'], ['kind', 'gemeinde'], ['ags', '09 180 117'], ['lat', '47.4921'], ['lon', '11,0958'],
			['aliases', 'Garmisch-P.\r\nGAP\r\n\r\nGAP'], ['note', ' Zeile 1\r\nZeile 2 '], ['parent', 'landkreis-garmisch-partenkirchen']
		]);
		expect(r.errors).toEqual([]);
		expect(r.record).toEqual({
			name: 'Markt Garmisch-Partenkirchen', kind: 'gemeinde', ags: '09180117', aliases: ['Garmisch-P.', 'GAP'],
			parent: 'landkreis-garmisch-partenkirchen', lat: 47.4921, lon: 11.0958, note: 'Zeile 1\nZeile 2'
		});
	});

	it('reports every missing field of an empty post, and does not fail the read', async () => {
		const r = await read([]);
		expect(r.record).toBeNull();
		expect(fields(r)).toEqual(['name', 'kind']);
		expect(r.values).toEqual({ name: '', official_name: '', kind: '', ags: '', parent: '', lat: '', lon: '', note: '', aliases: '' });
	});

	it('strips control characters and bidi overrides, turns line breaks in a one-line field into spaces', async () => {
		const r = await read([['name', '\u202EStadt\u0000 Lünen\r\nWest\u200B'], ['kind', 'stadt'], ['official_name', '\uFEFFStadt Lünen\t']]);
		expect(r.values.name).toBe('Stadt Lünen  West\u200B'); // each line break a space, as before
		expect(r.values.official_name).toBe('Stadt Lünen');
	});

	it('refuses a wrong kind, a parent that is no id, coordinates out of range or alone', async () => {
		const r = await read([['name', 'Amt Süderbrarup'], ['kind', 'amt '], ['parent', '../kreis'], ['lat', '54,6'], ['lon', '181']]);
		expect(r.record).toBeNull();
		expect(fields(r)).toEqual(['kind', 'parent', 'lon']);
		expect(r.errors[0]!.message).toBe('„amt“ ist keine bekannte Art. Bitte eine Art aus der Auswahl wählen.');
		const alone = await read([['name', 'Amt Süderbrarup'], ['kind', 'gemeinde'], ['lon', '9,77']]);
		expect(alone.errors).toEqual([{ field: 'lat', message: 'Bitte Breite und Länge zusammen angeben (oder beide leer lassen).' }]);
	});

	it('counts overlong values in characters (umlauts and emoji count once) and names the limit', async () => {
		const ok = await read([['name', 'ü'.repeat(BODY_LIMITS.name)], ['kind', 'gemeinde']]);
		expect(ok.errors).toEqual([]);
		const long = await read([['name', '😀'.repeat(BODY_LIMITS.name + 1)], ['kind', 'gemeinde'], ['note', 'x'.repeat(BODY_LIMITS.note + 1)], ['official_name', 'y'.repeat(301)]]);
		expect(long.errors.map((e) => e.message)).toEqual([
			'Der Name ist zu lang: höchstens 200 Zeichen, eingegeben sind 201.',
			'Der amtliche Name ist zu lang: höchstens 300 Zeichen, eingegeben sind 301.',
			'Der Hinweis ist zu lang: höchstens 2000 Zeichen, eingegeben sind 2001.'
		]);
	});

	it('takes the first of repeated fields and ignores files', async () => {
		const r = await read([['name', 'Gemeinde Eitorf'], ['name', 'Gemeinde Hennef'], ['kind', new Blob(['gemeinde'])], ['kind', 'gemeinde']]);
		expect(r.values.name).toBe('Gemeinde Eitorf');
		expect(fields(r)).toEqual(['kind']);
	});

	it('limits the aliases: count, length per line, readable text', async () => {
		const many = Array.from({ length: BODY_LIMITS.aliases + 1 }, (_, i) => `Ort ${i}`).join('\n');
		expect((await read([['name', 'Kreis Lippe'], ['kind', 'kreis'], ['aliases', many]])).errors[0]!.message).toBe('Höchstens 50 weitere Schreibweisen sind möglich, eingegeben sind 51.');
		const r = await read([['name', 'Kreis Lippe'], ['kind', 'kreis'], ['aliases', `${'L'.repeat(201)}\n– –`]]);
		expect(r.errors.map((e) => e.message)).toEqual([
			`Die Schreibweise „${'L'.repeat(40)}…“ ist zu lang: höchstens 200 Zeichen je Zeile.`,
			'Die Schreibweise „– –“ enthält keine Buchstaben oder Ziffern. Bitte die Zeile entfernen.'
		]);
	});

	it('reads any source with get the same way as a post', async () => {
		const entries: [string, string][] = [['name', ' Samtgemeinde Harsefeld '], ['kind', 'samtgemeinde'], ['ags', '0335']];
		expect(parseBodyForm(new Map(entries))).toEqual(await read(entries));
	});
});
