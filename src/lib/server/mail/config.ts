/**
 * The e-mail settings as one object (issue 19, part 3). No `SMTP_HOST`: null, and the app shows
 * links on screen as before. With `SMTP_HOST`, `MAIL_FROM` and `ORIGIN` are required: the start
 * stops with a German message instead of sending mails without a sender or with broken links.
 */
import type { Settings } from '../settings';

export interface MailConfig {
	host: string;
	port: number;
	tls: 'none' | 'starttls' | 'tls';
	user: string | null;
	password: string | null;
	from: string;
	/** The public origin without a trailing slash: every link in a mail starts with it. */
	origin: string;
	maxAttempts: number;
	retrySeconds: number;
	pollSeconds: number;
	deadlineDays: number;
	surveyReminderDays: number;
}

const DEFAULT_PORT = { tls: 465, starttls: 587, none: 25 } as const;
const ADDRESS = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]{1,255}$/;

/** The address part of `Name <address>` or the address itself; null when it is none. */
export function senderAddress(from: string): string | null {
	const m = /<([^<>]+)>\s*$/.exec(from);
	const address = (m ? m[1]! : from).trim();
	return ADDRESS.test(address) ? address : null;
}

export function mailConfig(s: Settings): MailConfig | null {
	if (!s.SMTP_HOST) return null;
	if (!s.MAIL_FROM || !senderAddress(s.MAIL_FROM)) throw new Error('SMTP_HOST ist gesetzt, aber MAIL_FROM fehlt oder ist keine E-Mail-Adresse (z. B. „IKZ-Atlas <ikz@kreis-unna.de>“).');
	if (!s.ORIGIN) throw new Error('SMTP_HOST ist gesetzt, aber ORIGIN fehlt: die Links in den E-Mails brauchen die öffentliche Adresse des IKZ-Atlas.');
	return {
		host: s.SMTP_HOST, port: s.SMTP_PORT ?? DEFAULT_PORT[s.SMTP_TLS], tls: s.SMTP_TLS,
		user: s.SMTP_USER ?? null, password: s.SMTP_PASSWORD ?? null, from: s.MAIL_FROM, origin: s.ORIGIN.replace(/\/+$/, ''),
		maxAttempts: s.MAIL_MAX_ATTEMPTS, retrySeconds: s.MAIL_RETRY_SECONDS, pollSeconds: s.MAIL_POLL_SECONDS,
		deadlineDays: s.MAIL_DEADLINE_DAYS, surveyReminderDays: s.MAIL_SURVEY_REMINDER_DAYS
	};
}
