import { describe, expect, it } from 'vitest';
import { parseForm } from './form-data';
import { logoUploadForm } from './logo';
import { LOGO_MAX_BYTES } from '../papers/logo';
import { post } from './test-post';

const CHOOSE = 'Bitte wählen Sie eine Bilddatei (PNG oder JPEG).';

describe('logo upload form', () => {
	it('takes one non-empty file up to the limit', async () => {
		const r = await parseForm(post([['datei', new File([new Uint8Array(2048)], 'wappen.png', { type: 'image/png' })]]), logoUploadForm);
		expect(r.ok && r.data.datei.name).toBe('wappen.png');
	});

	it('asks for a file when none, an empty one or text was posted', async () => {
		for (const bad of [[], [['datei', new File([], 'leer.png')]], [['datei', 'wappen.png']]] as [string, string | Blob][][]) {
			const r = await parseForm(post(bad), logoUploadForm);
			expect(!r.ok && r.errors).toEqual([{ field: 'datei', message: CHOOSE }]);
		}
	});

	it('names the size of a file over the limit', async () => {
		const r = await parseForm(post([['datei', new File([new Uint8Array(LOGO_MAX_BYTES + 1)], 'gross.jpg')]]), logoUploadForm);
		const kb = Math.ceil((LOGO_MAX_BYTES + 1) / 1024).toLocaleString('de-DE');
		expect(!r.ok && r.errors).toEqual([{ field: 'datei', message: `Die Datei ist ${kb} KB groß; ein Logo darf höchstens ${LOGO_MAX_BYTES / 1024} KB groß sein.` }]);
	});
});
