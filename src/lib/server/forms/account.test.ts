import { describe, expect, it } from 'vitest';
import { parseForm, readForm } from './form-data';
import { apiTokenForm, mailChoiceForm, passwordChangeForm, revokeTokenForm } from './account';
import { post } from './test-post';

describe('account forms', () => {
	it('reads a password change as typed (spaces kept) and defaults missing fields to empty', async () => {
		const r = await parseForm(post([['current', ' alt Passwort '], ['next', 'Neu-Passwort-2026!']]), passwordChangeForm);
		expect(r.ok && r.data).toEqual({ current: ' alt Passwort ', next: 'Neu-Passwort-2026!' });
		expect((await parseForm(post([]), passwordChangeForm)).ok && (await readForm(post([]), passwordChangeForm)).data).toEqual({ current: '', next: '' });
	});

	it('takes the first of repeated single fields and rejects a file where text belongs', async () => {
		const r = await parseForm(post([['current', 'eins'], ['current', 'zwei'], ['next', 'drei']]), passwordChangeForm);
		expect(r.ok && r.data.current).toBe('eins');
		const file = await parseForm(post([['current', new Blob(['x'])], ['next', 'y']]), passwordChangeForm);
		expect(file.ok).toBe(false);
		if (!file.ok) expect(file.errors).toEqual([{ field: 'current', message: 'Die Angabe ist ungültig.' }]);
		expect(passwordChangeForm.safeParse({ current: ['a', 'b'], next: 'c' }).success).toBe(false);
	});

	it('keeps at most 20 mail kinds and only text values', async () => {
		const many = Array.from({ length: 30 }, (_, i): [string, string] => ['mail_kinds', `art-${i}`]);
		const r = await readForm(post([...many, ['mail_kinds', new Blob(['x'])]]), mailChoiceForm);
		expect(r.data.mail_kinds).toHaveLength(20);
		expect(r.data.mail_kinds[0]).toBe('art-0');
		expect((await readForm(post([]), mailChoiceForm)).data.mail_kinds).toEqual([]);
		expect(mailChoiceForm.safeParse({ mail_kinds: 'nur-einer' }).success).toBe(false);
	});

	it('reads a token request: name cut to 1,000, ten scopes, days only as up to four digits', async () => {
		const r = await parseForm(post([['token_name', 'x'.repeat(5000)], ...Array.from({ length: 12 }, (_, i): [string, string] => ['token_scopes', `s${i}`]), ['token_days', ' 90 ']]), apiTokenForm);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.data.name).toHaveLength(1000);
		expect(r.data.scopes).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
		expect(r.data).toMatchObject({ days: 90, daysText: '90' });
		for (const bad of ['12345', '-5', '3.5', 'neunzig', '']) {
			const b = await readForm(post([['token_days', bad]]), apiTokenForm);
			expect(b.data.days).toBeNull();
		}
		expect((await readForm(post([]), apiTokenForm)).data).toEqual({ name: '', scopes: [], daysText: '', days: null });
		expect((await readForm(post([['token_name', new Blob(['x'])], ['token_days', new Blob(['30'])]]), apiTokenForm)).data).toMatchObject({ name: '', days: null });
	});

	it('cuts a revoked token id to 40 characters and turns a file into no id', async () => {
		expect((await readForm(post([['token_id', 'a'.repeat(100)]]), revokeTokenForm)).data.token_id).toHaveLength(40);
		expect((await readForm(post([['token_id', new Blob(['a'])]]), revokeTokenForm)).data.token_id).toBe('');
	});
});
