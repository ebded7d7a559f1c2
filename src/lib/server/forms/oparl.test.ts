import { describe, expect, it } from 'vitest';
import { parseForm, readForm } from './form-data';
import { oparlAddressValues, oparlCheckForm, oparlConnectForm, oparlHarvestForm, oparlScheduleForm } from './oparl';
import { post } from './test-post';

describe('OParl forms', () => {
	it('checks that body and address are given', async () => {
		const ok = await parseForm(post([['koerperschaft', 'kreis-goerlitz'], ['adresse', '  https://ratsinfo.example.org/oparl/v1.1/system  ']]), oparlCheckForm);
		expect(ok.ok && ok.data).toEqual({ koerperschaft: 'kreis-goerlitz', adresse: 'https://ratsinfo.example.org/oparl/v1.1/system' });
		const empty = await parseForm(post([['adresse', '   ']]), oparlCheckForm);
		expect(!empty.ok && empty.errors).toEqual([
			{ field: 'koerperschaft', message: 'Bitte wählen Sie die Körperschaft.' },
			{ field: 'adresse', message: 'Bitte geben Sie die Adresse des OParl-Systems an.' }
		]);
		const long = await parseForm(post([['koerperschaft', 'x'], ['adresse', `https://${'a'.repeat(2100)}`]]), oparlCheckForm);
		expect(!long.ok && long.errors).toEqual([{ field: 'adresse', message: 'Höchstens 2000 Zeichen sind erlaubt.' }]);
		expect((await parseForm(post([['koerperschaft', new Blob(['x'])], ['adresse', 'x']]), oparlCheckForm)).ok).toBe(false);
	});

	it('keeps the typed values to show again, files as empty', async () => {
		expect((await readForm(post([['adresse', ' a '], ['koerperschaft', new Blob(['x'])]]), oparlAddressValues)).data).toEqual({ koerperschaft: '', adresse: ' a ' });
		expect((await readForm(post([['oparl_koerperschaft', 'https://ris.example.org/body/1'], ['oparl_koerperschaft', 'zweiter']]), oparlConnectForm)).data)
			.toEqual({ koerperschaft: '', adresse: '', oparl_koerperschaft: 'https://ris.example.org/body/1' });
	});

	it('reads the schedule: empty means default, 0 to 720 hours, nothing else', async () => {
		const hours = async (v: string | Blob) => {
			const r = await parseForm(post([['stunden', v]]), oparlScheduleForm);
			return r.ok ? r.data.stunden : r.errors[0]!.message;
		};
		const message = 'Bitte geben Sie eine ganze Zahl von 0 bis 720 an, oder lassen Sie das Feld leer.';
		expect(await hours(' ')).toBeNull();
		expect(await hours(' 24 ')).toBe(24);
		expect(await hours('0')).toBe(0);
		expect(await hours('720')).toBe(720);
		for (const bad of ['721', '999', '1000', '-1', '2.5', 'täglich', new Blob(['5'])]) expect(await hours(bad)).toBe(message);
		expect((await parseForm(post([]), oparlScheduleForm)).ok && (await readForm(post([]), oparlScheduleForm)).data.stunden).toBeNull();
	});

	it('reads the source to harvest', async () => {
		expect((await readForm(post([['quelle', 'abc123']]), oparlHarvestForm)).data.quelle).toBe('abc123');
		expect((await readForm(post([]), oparlHarvestForm)).data.quelle).toBe('');
	});
});
