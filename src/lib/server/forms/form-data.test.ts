import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { capped, checkbox, formObject, lockVersion, many, numeric, parseForm, positiveInt, readForm, trimmed, versionForm } from './form-data';

function post(entries: [string, string | Blob][]): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

const schema = z.object({
	name: trimmed().pipe(z.string().min(1, 'Bitte einen Namen angeben.')),
	themen: many(),
	rolle: z.enum(['lead', 'member']).optional(),
	version: positiveInt(),
	anzahl: numeric(),
	kurz: capped(5),
	zustimmung: checkbox()
});

describe('formObject', () => {
	it('gives array fields every value and other fields their first, leaves out what was not posted', () => {
		const f = post([['themen', 'abfall'], ['themen', 'schule'], ['name', 'Görlitz'], ['name', 'zweiter'], ['fremd', 'x']]);
		expect(formObject(f, schema)).toEqual({ themen: ['abfall', 'schule'], name: 'Görlitz', fremd: 'x' });
		expect(formObject(post([['themen', 'nur-eins']]), schema)).toEqual({ themen: ['nur-eins'] });
	});

	it('keeps files as files and ignores prototype keys', () => {
		const file = new Blob(['<svg/>'], { type: 'image/svg+xml' });
		const o = formObject(post([['logo', file], ['__proto__', 'x']]));
		expect(o.logo).toBeInstanceOf(Blob);
		expect(Object.keys(o)).toEqual(['logo']);
	});
});

describe('parseForm', () => {
	it('reads a post into typed values', async () => {
		const r = await parseForm(post([['name', '  Kreis Bautzen '], ['themen', 'a'], ['themen', 'b'], ['rolle', 'lead'], ['version', '7'], ['anzahl', '12'], ['kurz', 'Oberlausitz'], ['zustimmung', 'on']]), schema);
		expect(r.ok && r.data).toEqual({ name: 'Kreis Bautzen', themen: ['a', 'b'], rolle: 'lead', version: 7, anzahl: 12, kurz: 'Oberl', zustimmung: true });
	});

	it('defaults what was not posted the way form.get would', async () => {
		const r = await parseForm(post([['name', 'x']]), schema);
		expect(r.ok && r.data).toEqual({ name: 'x', themen: [], rolle: undefined, version: null, anzahl: 0, kurz: '', zustimmung: false });
		const odd = await parseForm(post([['name', 'x'], ['version', '07'], ['anzahl', 'zwölf']]), schema);
		expect(odd.ok && odd.data.version).toBeNull();
		expect(odd.ok && odd.data.anzahl).toBeNaN();
	});

	it('reports German messages at the field names, one per field', async () => {
		const r = await parseForm(post([['name', '   '], ['rolle', 'chef']]), schema);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors).toEqual([
			{ field: 'name', message: 'Bitte einen Namen angeben.' },
			{ field: 'rolle', message: 'Bitte einen Wert aus der Auswahl wählen.' }
		]);
	});

	it('reads the request body itself', async () => {
		const request = new Request('http://127.0.0.1/x', { method: 'POST', body: post([['name', 'Zittau']]) });
		const r = await parseForm(request, schema);
		expect(r.ok && r.data.name).toBe('Zittau');
		expect(r.form.get('name')).toBe('Zittau');
	});
});

describe('lockVersion and readForm', () => {
	it('reads a lock version of up to nine digits, else null', async () => {
		const v = async (x: string | Blob) => (await readForm(post([['version', x]]), versionForm)).data.version;
		expect(await v('0')).toBe(0);
		expect(await v('123456789')).toBe(123456789);
		for (const bad of ['', ' 3', '1234567890', '-1', '2.0', 'drei', new Blob(['3'])]) expect(await v(bad)).toBeNull();
		expect(z.object({ version: lockVersion(true) }).parse({ version: ' 3 ' }).version).toBe(3);
		expect(versionForm.parse({ version: ['1', '2'] }).version).toBeNull();
	});

	it('gives the defaults for a post a lenient schema rejects', async () => {
		const strictText = z.object({ name: trimmed() });
		const r = await readForm(post([['name', new Blob(['x'])]]), strictText);
		expect(r.data).toEqual({ name: '' });
		expect(r.form.get('name')).toBeInstanceOf(Blob);
	});
});
