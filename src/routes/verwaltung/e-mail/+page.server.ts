import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings } from '#lib/server/context.ts';
import { queueOverview, retryFailed } from '#lib/server/mail/queue.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { messageIdForm } from '#lib/server/forms/ids.ts';
import { MAIL_KIND_LABEL, MAIL_STATUS_LABEL } from '#lib/i18n/de.ts';

const at = (iso: string | null) =>
	iso ? new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '–';

/** The mail queue (issue 19, part 3): counts per state and the newest 100 messages, never their texts. */
export const load: PageServerLoad = async ({ url }) => {
	const mail = mailSettings();
	const { byStatus, rows } = await queueOverview(db());
	return {
		server: mail ? { host: mail.host, port: mail.port, tls: mail.tls, from: mail.from, maxAttempts: mail.maxAttempts } : null,
		byStatus,
		rows: rows.map((r) => ({
			id: r.id, kind: MAIL_KIND_LABEL[r.kind] ?? r.kind, recipient: r.recipient, subject: r.subject, status: r.status,
			statusLabel: MAIL_STATUS_LABEL[r.status] ?? r.status, attempts: r.attempts, created: at(r.created_at), sent: at(r.sent_at),
			next: r.status === 'pending' ? at(r.next_attempt_at) : '–', error: r.last_error
		})),
		notice: url.searchParams.get('hinweis') === 'erneut' ? 'Die Nachricht wird erneut versucht.' : null
	};
};

export const actions: Actions = {
	erneut: async (event) => {
		const post = await parseForm(event.request, messageIdForm);
		const id = post.ok ? post.data.id : null;
		if (!id || !(await retryFailed(db(), id))) return fail(400, { message: 'Diese Nachricht gibt es nicht oder sie ist nicht fehlgeschlagen.' });
		await audit(db(), event.locals.actor, { action: 'email.erneut', entity: 'mail', entityId: id, address: safeAddress(event) });
		redirect(303, '/verwaltung/e-mail?hinweis=erneut');
	}
};
