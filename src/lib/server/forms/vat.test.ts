import { describe, expect, it } from 'vitest';
import { readForm } from './form-data';
import { checkVatOption, vatOptionForm } from './vat';
import { post } from './test-post';

const read = async (entries: [string, string | Blob][]) => (await readForm(post(entries), vatOptionForm)).data;

describe('Optionserklärung form', () => {
	it('accepts a filed and revoked option with a German date', async () => {
		const p = await read([['filed', 'yes'], ['revoked_on', ' 15.3.2022 '], ['revoked_from_year', '2023'], ['note', 'Beschluss\r\nKreistag'], ['version', ' 4 ']]);
		expect(checkVatOption(p)).toEqual({ ok: true, version: 4, option: { filed: 'yes', revokedOn: '2022-03-15', revokedFromYear: 2023, note: 'Beschluss\nKreistag' } });
		const plain = checkVatOption(await read([['filed', 'no'], ['version', '0']]));
		expect(plain).toEqual({ ok: true, version: 0, option: { filed: 'no', revokedOn: null, revokedFromYear: null, note: null } });
	});

	it('reports a missing version and a wrong choice at the first radio button', async () => {
		const r = checkVatOption(await read([['filed', 'vielleicht']]));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['filed-yes', 'filed-yes']);
		expect(checkVatOption(await read([])).ok).toBe(false);
	});

	it('checks the revocation: a real day since 2016, a filed option, a later year', async () => {
		const fields = async (entries: [string, string][]) => {
			const r = checkVatOption(await read([['version', '1'], ...entries]));
			return r.ok ? [] : r.errors.map((e) => `${e.field} ${e.message}`);
		};
		expect(await fields([['filed', 'yes'], ['revoked_on', '31.02.2022']])).toEqual(['revoked_on Widerrufen am: bitte ein Datum wie 15.03.2022 angeben.']);
		expect(await fields([['filed', 'yes'], ['revoked_on', '2015-12-31']])).toEqual(['revoked_on Widerrufen am: Die Optionserklärung gibt es erst seit 2016.']);
		expect(await fields([['filed', 'no'], ['revoked_on', '2020-01-01']])).toEqual(['revoked_on Widerrufen am: Ein Widerruf setzt eine abgegebene Optionserklärung voraus.']);
		expect(await fields([['filed', 'yes'], ['revoked_from_year', '2024']])).toEqual(['revoked_from_year Wirksam ab Jahr: nur zusammen mit dem Tag des Widerrufs.']);
		const later = 'revoked_from_year Wirksam ab Jahr: ein Kalenderjahr nach dem Jahr des Widerrufs, zum Beispiel 2024.';
		expect(await fields([['filed', 'yes'], ['revoked_on', '01.06.2022'], ['revoked_from_year', '2022']])).toEqual([later]);
		expect(await fields([['filed', 'yes'], ['revoked_on', '01.06.2022'], ['revoked_from_year', '2101']])).toEqual([later]);
		expect(await fields([['filed', 'yes'], ['revoked_on', '01.06.2022'], ['revoked_from_year', 'MMXXIII']])).toEqual([later]);
	});

	it('cuts overlong fields to the sizes the rules then see', async () => {
		const p = await read([['filed', 'yes'.repeat(20)], ['revoked_from_year', '2'.repeat(50)], ['note', 'n'.repeat(5000)], ['version', '1'.repeat(12)]]);
		expect(p.filed).toHaveLength(20);
		expect(p.revoked_from_year).toHaveLength(10);
		expect(p.note).toHaveLength(2001);
		expect(p.version).toBeNull();
		const r = checkVatOption({ ...p, filed: 'yes', version: 1 });
		expect(!r.ok && r.errors.some((e) => e.field === 'note')).toBe(true);
	});

	it('reads files and arrays as empty', async () => {
		const p = await read([['filed', new Blob(['yes'])], ['note', new Blob(['x'])]]);
		expect(p).toMatchObject({ filed: '', note: '' });
		expect(vatOptionForm.parse({ filed: ['yes', 'no'], version: ['1'] })).toMatchObject({ filed: '', version: null });
	});
});
