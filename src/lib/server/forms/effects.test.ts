import { describe, expect, it } from 'vitest';
import { readForm } from './form-data';
import { removeFigureForm } from './effects';
import { post } from './test-post';

describe('removing an effect figure', () => {
	it('reads a uuid and nothing else', async () => {
		const id = '3f2b8c1e-7a4d-4e9b-9c2a-1d5e6f7a8b9c';
		expect((await readForm(post([['zahl', id]]), removeFigureForm)).data.zahl).toBe(id);
		for (const bad of ['', '42', `${id}0`, "3f2b8c1e' OR 1=1 --------------------", id.toUpperCase()]) {
			expect((await readForm(post([['zahl', bad]]), removeFigureForm)).data.zahl).toBeNull();
		}
		expect((await readForm(post([]), removeFigureForm)).data.zahl).toBeNull();
		expect((await readForm(post([['zahl', new Blob([id])]]), removeFigureForm)).data.zahl).toBeNull();
		expect(removeFigureForm.parse({ zahl: [id] }).zahl).toBeNull();
	});
});
