/**
 * A real SMTP server for tests (issue 19, part 3): `smtp-server` on 127.0.0.1 and a free port,
 * every accepted message parsed with `mailparser`. `refuse` decides per message whether the
 * server answers 451 (temporary failure, the sender must try again later).
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface SmtpSink {
	port: number;
	/** Accepted messages, parsed, with their raw source. */
	messages: (ParsedMail & { raw: string })[];
	/** Messages answered with 451. */
	refused: number;
	/** Set to true to refuse every message with 451 until set back. */
	refuse: boolean;
	/** Resolves once `count` messages have been accepted. */
	waitFor: (count: number, timeoutMs?: number) => Promise<void>;
	close: () => Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const sink: SmtpSink = {
		port: 0, messages: [], refused: 0, refuse: false,
		waitFor: async (count, timeoutMs = 30_000) => {
			const end = Date.now() + timeoutMs;
			while (sink.messages.length < count) {
				if (Date.now() > end) throw new Error(`SMTP: ${sink.messages.length} von ${count} Nachrichten angekommen`);
				await new Promise((r) => setTimeout(r, 50));
			}
		},
		close: () => new Promise<void>((r) => server.close(() => r()))
	};
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (sink.refuse) {
					sink.refused++;
					callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
					return;
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				simpleParser(raw).then((parsed) => {
					sink.messages.push(Object.assign(parsed, { raw }));
					callback();
				}, (e: Error) => callback(e));
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	sink.port = (server.server.address() as AddressInfo).port;
	return sink;
}
