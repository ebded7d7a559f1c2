import { describe, expect, it } from 'vitest';
import { readForm } from './form-data';
import { surveyAnswerForm } from './survey';
import { post } from './test-post';

describe('survey answer form', () => {
	it('reads round, cooperation and body', async () => {
		const r = await readForm(post([['erhebung', '12'], ['kooperation', 'rettungsdienst-bautzen'], ['koerperschaft', 'stadt-zittau']]), surveyAnswerForm);
		expect(r.data).toEqual({ erhebung: 12, kooperation: 'rettungsdienst-bautzen', koerperschaft: 'stadt-zittau' });
	});

	it('turns a missing or malformed round and an empty body into none', async () => {
		for (const round of ['', '1e3', '-2', '1234567890', 'zwölf']) {
			expect((await readForm(post([['erhebung', round], ['koerperschaft', '']]), surveyAnswerForm)).data).toMatchObject({ erhebung: null, koerperschaft: null });
		}
		expect((await readForm(post([]), surveyAnswerForm)).data).toEqual({ erhebung: null, kooperation: '', koerperschaft: null });
	});

	it('cuts the cooperation id to 100 characters, takes the first of repeated values, ignores files', async () => {
		const r = await readForm(post([['kooperation', 'k'.repeat(300)], ['erhebung', '3'], ['erhebung', '4'], ['koerperschaft', new Blob(['x'])]]), surveyAnswerForm);
		expect(r.data).toEqual({ erhebung: 3, kooperation: 'k'.repeat(100), koerperschaft: null });
		expect(surveyAnswerForm.parse({ erhebung: ['1', '2'], kooperation: ['a'] })).toMatchObject({ erhebung: null, kooperation: '' });
	});
});
