import { describe, expect, it } from 'vitest';
import { parseForm, readForm } from './form-data';
import { disableUserForm, editUserForm, newUserForm } from './users';
import { post } from './test-post';

describe('user administration forms', () => {
	it('reads an invitation: trimmed, empty selects as none', async () => {
		const r = await readForm(post([['email', ' Anna.Schmidt@kreis-bautzen.de '], ['name', ' Anna Schmidt '], ['role', 'editor'], ['body', ''], ['region', 'bautzen']]), newUserForm);
		expect(r.data).toEqual({ email: 'Anna.Schmidt@kreis-bautzen.de', name: 'Anna Schmidt', role: 'editor', bodyId: null, regionId: 'bautzen' });
		expect((await readForm(post([]), newUserForm)).data).toEqual({ email: '', name: '', role: '', bodyId: null, regionId: null });
	});

	it('cuts overlong values, passes an unknown role on to the validation, ignores files and repeats', async () => {
		const r = await readForm(post([['email', `${'e'.repeat(400)}@x.de`], ['name', 'N'.repeat(500)], ['role', 'superuser'], ['region', 'r'.repeat(150)], ['body', new Blob(['x'])], ['role', 'administrator']]), newUserForm);
		expect(r.data.email).toHaveLength(320);
		expect(r.data.name).toHaveLength(300);
		expect(r.data.role).toBe('superuser');
		expect(r.data.regionId).toHaveLength(100);
		expect(r.data.bodyId).toBeNull();
		expect(newUserForm.parse({ email: ['a@b.de', 'c@d.de'] }).email).toBe('');
	});

	it('reads an account change', async () => {
		expect((await readForm(post([['name', ' Jörg Müller '], ['role', 'coordinator'], ['body', 'kreis-goerlitz']]), editUserForm)).data)
			.toEqual({ name: 'Jörg Müller', role: 'coordinator', bodyId: 'kreis-goerlitz' });
		expect((await readForm(post([['email', 'neu@x.de']]), editUserForm)).data).toEqual({ name: '', role: '', bodyId: null });
	});

	it('disables only with the explicit tick', async () => {
		expect((await parseForm(post([['bestaetigt', 'ja']]), disableUserForm)).ok).toBe(true);
		for (const bad of [[], [['bestaetigt', 'on']], [['bestaetigt', 'JA']], [['bestaetigt', new Blob(['ja'])]]] as [string, string | Blob][][]) {
			const r = await parseForm(post(bad), disableUserForm);
			expect(!r.ok && r.errors).toEqual([{ field: 'bestaetigt', message: 'Bitte bestätigen Sie, dass Sie das Konto sperren möchten.' }]);
		}
	});
});
