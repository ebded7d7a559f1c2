import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { operatorDetails } from '#lib/server/site/operator.ts';
import { FEEDBACK_KINDS, FEEDBACK_KIND_LABEL, MESSAGE_MAX, submitFeedback } from '#lib/server/site/feedback.ts';
import { countRequest } from '#lib/server/api/rate.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { EMPTY_FEEDBACK, feedbackPost } from './_schema.ts';
import { germanDate } from '#lib/server/registry/survey.ts';

/** A path of this site the message is about (`?seite=/kooperationen`), never another site's address. */
const ownPath = (s: string | null): string =>
	s && s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') && s.length <= 300 ? s : '';

export const load: PageServerLoad = ({ url }) => {
	const o = operatorDetails(settings());
	return {
		operator: o,
		reviewed: o.accessibilityReviewed ? germanDate(o.accessibilityReviewed) : null,
		kinds: FEEDBACK_KINDS.map((k) => ({ value: k, label: FEEDBACK_KIND_LABEL[k] })),
		messageMax: MESSAGE_MAX,
		page: ownPath(url.searchParams.get('seite')),
		sent: url.searchParams.get('gesendet') === '1'
	};
};

export const actions: Actions = {
	rueckmeldung: async (event) => {
		const post = await parseForm(event.request, feedbackPost);
		const values = post.ok ? post.data : EMPTY_FEEDBACK;
		// Rate limit per client address (counted in the database; the address is not stored with the message).
		const address = safeAddress(event) ?? 'unbekannt';
		const verdict = await countRequest(db(), `rueckmeldung:${address}`, new Date(), settings().FEEDBACK_MAX_PER_MINUTE);
		if (!verdict.allowed) {
			return fail(429, {
				values,
				errors: [{ field: 'message', message: `Es wurden gerade zu viele Nachrichten gesendet. Bitte versuchen Sie es in ${verdict.resetSeconds} Sekunden noch einmal; Ihr Text bleibt erhalten.` }]
			});
		}
		const result = await submitFeedback(db(), values);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		redirect(303, '/barrierefreiheit?gesendet=1#rueckmeldung');
	}
};
