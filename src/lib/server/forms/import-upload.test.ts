import { describe, expect, it } from 'vitest';
import { parseForm } from './form-data';
import { importUploadForm } from './import-upload';
import { post } from './test-post';

const CHOOSE = 'Bitte wählen Sie eine Datei (CSV oder XLSX).';
const schema = importUploadForm(3 * 1024 * 1024);

describe('import upload form', () => {
	it('takes one non-empty file up to the limit, whatever its name says', async () => {
		const csv = new File(['Nr.;Aufgabe;Beteiligte\n1;Bauhof;Görlitz, Zittau\n'], 'Kooperationen Landkreis Görlitz.csv', { type: 'text/csv' });
		const r = await parseForm(post([['datei', csv]]), schema);
		expect(r.ok && r.data.datei.name).toBe('Kooperationen Landkreis Görlitz.csv');
		const exact = await parseForm(post([['datei', new File([new Uint8Array(3 * 1024 * 1024)], 'x.xlsx')]]), schema);
		expect(exact.ok).toBe(true);
	});

	it('asks for a file when none, an empty one or only a file name as text was posted', async () => {
		for (const bad of [[], [['datei', new File([], 'leer.csv')]], [['datei', 'C:\\fakepath\\liste.xlsx']], [['andere', new File(['x'], 'x.csv')]]] as [string, string | Blob][][]) {
			const r = await parseForm(post(bad), schema);
			expect(!r.ok && r.errors).toEqual([{ field: 'datei', message: CHOOSE }]);
		}
	});

	it('takes the first of two posted files', async () => {
		const r = await parseForm(post([['datei', new File(['a'], 'erste.csv')], ['datei', new File(['b'], 'zweite.csv')]]), schema);
		expect(r.ok && r.data.datei.name).toBe('erste.csv');
	});

	it('names the size of a file over the limit in German', async () => {
		const r = await parseForm(post([['datei', new File([new Uint8Array(3 * 1024 * 1024 + 200_000)], 'gross.xlsx')]]), schema);
		expect(!r.ok && r.errors).toEqual([{ field: 'datei', message: 'Die Datei ist 3,2 MB groß; erlaubt sind höchstens 3 MB.' }]);
	});
});
