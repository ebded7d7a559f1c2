/**
 * Filling one service relationship block of the § 2b questionnaire in the browser
 * (/kooperationen/<id>/umsatzsteuer), as a person would: choose the provider, tick the recipients,
 * type service, consideration and amount, pick the answers.
 */
import type { Page } from 'playwright-core';

export interface RelationshipInput {
	provider: string;
	/** Body ids; 'all' ticks every body except the provider. */
	recipients: string[] | 'all';
	service: string;
	consideration?: string;
	amount?: string;
	payment: 'money' | 'exchange' | 'none' | 'unclear';
	abs4?: 'none' | 'nr1' | 'nr2' | 'nr3' | 'nr4' | 'nr5' | 'unclear';
	answers: Record<string, 'yes' | 'no' | 'unclear'>;
}

export async function fillRelationship(page: Page, i: number, r: RelationshipInput): Promise<void> {
	await page.selectOption(`#r${i}-provider`, r.provider);
	const boxes = page.locator(`input[name="r${i}-recipients"]`);
	for (let k = 0; k < (await boxes.count()); k++) {
		const box = boxes.nth(k);
		const id = await box.getAttribute('value');
		const want = r.recipients === 'all' ? id !== r.provider : r.recipients.includes(id ?? '');
		if (want) await box.check();
		else await box.uncheck();
	}
	await page.fill(`#r${i}-service`, r.service);
	if (r.consideration) await page.fill(`#r${i}-consideration`, r.consideration);
	if (r.amount) await page.fill(`#r${i}-amount`, r.amount);
	await page.check(`#r${i}-payment-${r.payment}`);
	if (r.abs4) await page.check(`#r${i}-abs4-${r.abs4}`);
	for (const [id, a] of Object.entries(r.answers)) await page.check(`#r${i}-q-${id}-${a}`);
}
