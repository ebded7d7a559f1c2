/** The SMTP connection through nodemailer (issue 19, part 3): one pooled transport per worker. */
import nodemailer from 'nodemailer';
import type { MailConfig } from './config';
import { senderAddress } from './config';
import type { SendMail } from './queue';
import { mailHtml } from './html';

export interface SmtpTransport {
	send: SendMail;
	/** The sender's domain, for Message-IDs. */
	domain: string;
	close: () => void;
}

export function smtpTransport(c: MailConfig): SmtpTransport {
	const transporter = nodemailer.createTransport({
		host: c.host,
		port: c.port,
		secure: c.tls === 'tls',
		// starttls: refuse a server that does not offer the upgrade; none: never try it.
		requireTLS: c.tls === 'starttls',
		ignoreTLS: c.tls === 'none',
		auth: c.user ? { user: c.user, pass: c.password ?? '' } : undefined,
		connectionTimeout: 30_000,
		greetingTimeout: 30_000,
		socketTimeout: 60_000
	});
	const domain = senderAddress(c.from)!.split('@')[1]!;
	return {
		domain,
		close: () => transporter.close(),
		send: async (m) => {
			await transporter.sendMail({
				from: c.from,
				to: m.to,
				subject: m.subject,
				text: m.text,
				// The same content as HTML, built from the text (multipart/alternative).
				html: mailHtml(m.subject, m.text),
				messageId: m.messageId,
				date: new Date(),
				// RFC 3834: an automatic message; out-of-office replies should not answer it.
				headers: { 'Auto-Submitted': 'auto-generated' }
			});
		}
	};
}
