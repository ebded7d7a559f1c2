import { describe, expect, it } from 'vitest';
import { parseForm, readForm } from './form-data';
import { articleForm, articleVersionForm, checklistTickForm } from './knowledge';
import { post } from './test-post';

describe('checklist ticks', () => {
	it('reads the cooperation (trimmed) and the ticked items', async () => {
		const r = await parseForm(post([['kooperation', '  abfall-kreis-goerlitz '], ['punkt', 'satzung'], ['punkt', 'haushalt']]), checklistTickForm);
		expect(r.ok && r.data).toEqual({ kooperation: 'abfall-kreis-goerlitz', punkt: ['satzung', 'haushalt'] });
	});

	it('asks for a cooperation when none, a malformed or a file was posted', async () => {
		for (const bad of [[], [['kooperation', '']], [['kooperation', 'Kreis Görlitz']], [['kooperation', '-x']], [['kooperation', new Blob(['x'])]]] as [string, string | Blob][][]) {
			const r = await parseForm(post(bad), checklistTickForm);
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.errors).toEqual([{ field: 'kooperation', message: 'Bitte wählen Sie die Kooperation, für die Sie abhaken.' }]);
		}
	});

	it('cuts items to 80 characters and 500 items, and ignores a too long id', async () => {
		const items = Array.from({ length: 600 }, (_, i): [string, string] => ['punkt', `${i}-${'p'.repeat(200)}`]);
		const r = await parseForm(post([['kooperation', 'x'], ...items]), checklistTickForm);
		expect(r.ok && r.data.punkt.length).toBe(500);
		expect(r.ok && r.data.punkt.every((p) => p.length === 80)).toBe(true);
		const long = await parseForm(post([['kooperation', 'a'.repeat(130)]]), checklistTickForm);
		expect(long.ok).toBe(false);
		expect(checklistTickForm.safeParse({ kooperation: 'a', punkt: 'einzeln' }).success).toBe(false);
	});
});

describe('article form', () => {
	it('reads every field, trims all but the body, makes line ends Unix', async () => {
		const r = await readForm(post([
			['title', '  Interkommunale Bauhöfe '], ['kind', ' ruling '], ['body', '  Absatz\r\nzwei  '], ['legal_forms', 'zweckverband'], ['legal_forms', 'oerv'],
			['court', ' OVG Münster '], ['comment', 'Quelle\r\nergänzt']
		]), articleForm);
		expect(r.data).toMatchObject({ title: 'Interkommunale Bauhöfe', kind: 'ruling', body: '  Absatz\nzwei  ', legal_forms: ['zweckverband', 'oerv'], court: 'OVG Münster', comment: 'Quelle\nergänzt', summary: '', url: '' });
	});

	it('cuts overlong fields and lists, and reads files and missing fields as empty', async () => {
		const r = await readForm(post([['kind', 'x'.repeat(100)], ['file_number', 'A'.repeat(400)], ['url', new Blob(['https://example.org'])],
			...Array.from({ length: 40 }, (_, i): [string, string] => ['legal_forms', `${i}${'f'.repeat(100)}`])]), articleForm);
		expect(r.data.kind).toHaveLength(20);
		expect(r.data.file_number).toHaveLength(150);
		expect(r.data.url).toBe('');
		expect(r.data.legal_forms).toHaveLength(30);
		expect(r.data.legal_forms.every((l) => l.length === 60)).toBe(true);
		expect(Object.values((await readForm(post([]), articleForm)).data).every((v) => v === '' || (Array.isArray(v) && v.length === 0))).toBe(true);
	});

	it('reads the version an editor started from, or null', async () => {
		expect((await readForm(post([['version', '3']]), articleVersionForm)).data.version).toBe(3);
		for (const bad of ['0', '-1', 'drei', '']) expect((await readForm(post([['version', bad]]), articleVersionForm)).data.version).toBeNull();
		expect((await readForm(post([]), articleVersionForm)).data.version).toBeNull();
	});
});
