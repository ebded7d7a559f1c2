/**
 * E-mail (issue 19, part 3) against a real SMTP server started here (`smtp-server`), every message
 * parsed with `mailparser`: headers and encoding, links from ORIGIN, a server that refuses (451)
 * for a while gets the message later, a permanent failure after N attempts, two workers on one
 * database never send one message twice, the reminders are queued once however often the
 * scheduler runs, and events (survey opened, proposal decided) queue their mails in their own
 * transaction. Runs on SQLite, PGlite and PostgreSQL (TEST_DATABASE).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase, twoInstances } from './helpers';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { readSettings } from '../../src/lib/server/settings';
import { mailConfig, type MailConfig } from '../../src/lib/server/mail/config';
import { smtpTransport } from '../../src/lib/server/mail/transport';
import { backoffMs, enqueueMail, queueOverview, retryFailed, sendDue } from '../../src/lib/server/mail/queue';
import { invitationMail, proposalDecidedMail } from '../../src/lib/server/mail/messages';
import { scheduleReminders } from '../../src/lib/server/mail/scheduler';
import { mailPreferences, saveMailPreferences } from '../../src/lib/server/mail/preferences';
import { deadlines } from '../../src/lib/server/steering/deadlines';
import { createUser } from '../../src/lib/server/auth/users';
import { openRound, berlinToday } from '../../src/lib/server/registry/survey';
import { createProposal, rejectProposal } from '../../src/lib/server/registry/proposals';
import { readCooperation } from '../../src/lib/server/registry/write';
import type { Actor } from '../../src/lib/server/auth/policy';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const ORIGIN = 'https://ikz.kreis-beispiel.example';
let sink: SmtpSink;
let config: MailConfig;
let h: Awaited<ReturnType<typeof loadedDatabase>>;

const configFor = (port: number, extra: Record<string, string> = {}) => mailConfig(readSettings({
	SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_TLS: 'none', MAIL_FROM: 'IKZ-Atlas Kreis Beispiel <ikz@kreis-beispiel.example>',
	ORIGIN: `${ORIGIN}/`, MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_SECONDS: '60', ...extra
}))!;

const send = (worker: string, now: Date, db = h.db, c = config) => {
	const t = smtpTransport(c);
	return sendDue(db, { worker, send: t.send, domain: t.domain, maxAttempts: c.maxAttempts, retrySeconds: c.retrySeconds, now: () => now }).finally(t.close);
};

beforeAll(async () => {
	sink = await startSmtpSink();
	config = configFor(sink.port);
	h = await loadedDatabase();
}, 120_000);
afterAll(async () => {
	await h.close();
	await sink.close();
});

describe('settings', () => {
	it('no SMTP_HOST: no mail; SMTP_HOST without sender or origin stops the start', () => {
		expect(mailConfig(readSettings({}))).toBeNull();
		expect(() => mailConfig(readSettings({ SMTP_HOST: 'mail.example', ORIGIN }))).toThrow(/MAIL_FROM/);
		expect(() => mailConfig(readSettings({ SMTP_HOST: 'mail.example', MAIL_FROM: 'kein-absender' , ORIGIN }))).toThrow(/MAIL_FROM/);
		expect(() => mailConfig(readSettings({ SMTP_HOST: 'mail.example', MAIL_FROM: 'a@b.example' }))).toThrow(/ORIGIN/);
		expect(mailConfig(readSettings({ SMTP_HOST: 'mail.example', MAIL_FROM: 'a@b.example', ORIGIN, SMTP_TLS: 'tls' }))!.port).toBe(465);
		expect(mailConfig(readSettings({ SMTP_HOST: 'mail.example', MAIL_FROM: 'a@b.example', ORIGIN }))!.port).toBe(587);
		expect(() => readSettings({ SMTP_TLS: 'ssl' })).toThrow();
	});
});

describe('sending', () => {
	it('sends a German invitation with correct headers; the link is built from ORIGIN and the text is erased once sent', async () => {
		const m = invitationMail({ origin: config.origin, name: 'Jürgen Weiß-Öztürk', invitedBy: 'Koordinierungsstelle Süd', token: 'tok_ÄBC123', hours: 48 });
		expect(await enqueueMail(h.db, { ...m, userId: null, to: 'j.weiss@gemeinde-musterhausen.example' })).toBe(true);
		const before = sink.messages.length;
		const now = new Date();
		expect(await send('w1', now)).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(sink.messages.length).toBe(before + 1);
		const got = sink.messages.at(-1)!;
		expect(got.subject).toBe('Einladung in den IKZ-Atlas');
		expect(got.from?.value[0]).toMatchObject({ address: 'ikz@kreis-beispiel.example', name: 'IKZ-Atlas Kreis Beispiel' });
		expect(got.to && !Array.isArray(got.to) ? got.to.value[0]?.address : null).toBe('j.weiss@gemeinde-musterhausen.example');
		expect(got.date).toBeInstanceOf(Date);
		expect(Math.abs(got.date!.getTime() - Date.now())).toBeLessThan(60_000);
		expect(got.messageId).toMatch(/^<[a-z0-9]+@kreis-beispiel\.example>$/);
		expect(got.text).toContain('Guten Tag Jürgen Weiß-Öztürk,');
		expect(got.text).toContain(`${ORIGIN}/einrichtung/tok_ÄBC123`);
		expect(got.text).not.toContain(`${ORIGIN}//`);
		// multipart/alternative: the same message as HTML, the link a real anchor.
		expect(got.html).toContain(`<a href="${ORIGIN}/einrichtung/tok_ÄBC123">`);
		expect(got.html).toContain('<html lang="de">');
		expect(got.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
		expect(got.headers.get('auto-submitted')).toBe('auto-generated');
		const row = await h.db.selectFrom('mail_queue').selectAll().where('message_id', '=', got.messageId!).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ status: 'sent', attempts: 1, body_text: '' });
	});

	it('encodes a subject with umlauts and quotes as UTF-8 (RFC 2047) and it decodes to the same text', async () => {
		const m = proposalDecidedMail({ origin: config.origin, name: 'Frau Groß', id: 17, title: 'Gemeinsame Vergabestelle „Süd“', accepted: false, comment: 'Bitte mit Fröndenberg/Ruhr abstimmen.', link: '/vorschlaege/17' });
		await enqueueMail(h.db, { ...m, userId: null, to: 'gross@stadt.example' });
		await send('w1', new Date());
		const got = sink.messages.at(-1)!;
		expect(got.subject).toBe('Ihr Vorschlag Nr. 17 wurde abgelehnt');
		expect(got.text).toContain('Bitte mit Fröndenberg/Ruhr abstimmen.');
		expect(got.text).toContain(`${ORIGIN}/vorschlaege/17`);
		const m2 = { ...m, subject: 'Frist 01.03.2027: Überprüfung nach § 2b UStG – „Straßenmeisterei“' };
		await enqueueMail(h.db, { ...m2, userId: null, to: 'gross@stadt.example' });
		await send('w1', new Date());
		const last = sink.messages.at(-1)!;
		expect(last.subject).toBe(m2.subject);
		expect(last.raw).toMatch(/^Subject: =\?UTF-8\?/im);
	});

	it('a server that refuses (451) for a while gets the message later; nothing is lost', async () => {
		const t0 = new Date('2031-05-04T08:00:00Z');
		await enqueueMail(h.db, { kind: 'deadline', userId: null, to: 'fristen@amt-beispiel.example', subject: 'Später zugestellt', text: 'Hallo' }, t0);
		sink.refuse = true;
		const refusedBefore = sink.refused;
		expect(await send('w1', t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
		expect(sink.refused).toBe(refusedBefore + 1);
		const row = await h.db.selectFrom('mail_queue').selectAll().where('subject', '=', 'Später zugestellt').executeTakeFirstOrThrow();
		expect(row.status).toBe('pending');
		expect(row.last_error).toMatch(/451/);
		expect(row.next_attempt_at).toBe(new Date(t0.getTime() + 60_000).toISOString());
		// Not due yet: nobody tries.
		expect(await send('w1', new Date(t0.getTime() + 30_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(await send('w1', new Date(t0.getTime() + 61_000))).toEqual({ sent: 0, retried: 1, failed: 0 });
		// The second wait is twice as long.
		expect((await h.db.selectFrom('mail_queue').select('next_attempt_at').where('id', '=', row.id).executeTakeFirstOrThrow()).next_attempt_at)
			.toBe(new Date(t0.getTime() + 61_000 + 120_000).toISOString());
		sink.refuse = false;
		const count = sink.messages.length;
		expect(await send('w1', new Date(t0.getTime() + 200_000))).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(sink.messages.length).toBe(count + 1);
		expect(sink.messages.at(-1)!.subject).toBe('Später zugestellt');
		expect(await h.db.selectFrom('mail_queue').select(['status', 'attempts']).where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ status: 'sent', attempts: 3 });
	});

	it('a server that is not there at all counts as a failed attempt; after MAIL_MAX_ATTEMPTS the message is failed, and can be retried', async () => {
		const down = configFor(1); // nothing listens on port 1
		const t0 = new Date('2031-06-01T08:00:00Z');
		await enqueueMail(h.db, { kind: 'deadline', userId: null, to: 'niemand@example.org', subject: 'Nie angekommen', text: 'x' }, t0);
		const id = (await h.db.selectFrom('mail_queue').select('id').where('subject', '=', 'Nie angekommen').executeTakeFirstOrThrow()).id;
		let at = t0.getTime();
		for (let i = 1; i <= 3; i++) {
			const r = await send('w1', new Date(at), h.db, down);
			expect(r).toEqual(i < 3 ? { sent: 0, retried: 1, failed: 0 } : { sent: 0, retried: 0, failed: 1 });
			at += backoffMs(i, 60) + 1000;
		}
		const row = await h.db.selectFrom('mail_queue').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('failed');
		expect(row.attempts).toBe(3);
		expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
		expect((await queueOverview(h.db)).byStatus.failed).toBeGreaterThanOrEqual(1);
		// Once the administrator fixed the cause: a new round of attempts, now with the working server.
		expect(await retryFailed(h.db, id, new Date(at))).toBe(true);
		expect(await retryFailed(h.db, id, new Date(at))).toBe(false);
		expect((await send('w1', new Date(at))).sent).toBe(1);
	});

	it('back-off doubles and stops growing at six hours', () => {
		expect([1, 2, 3, 4].map((a) => backoffMs(a, 60))).toEqual([60_000, 120_000, 240_000, 480_000]);
		expect(backoffMs(30, 60)).toBe(6 * 3_600_000);
	});
});

describe('two workers on one database', () => {
	it('send every message exactly once', async () => {
		const two = await twoInstances();
		try {
			await migrateToLatest(two.a.db);
			const t0 = new Date('2031-07-01T08:00:00Z');
			for (let i = 0; i < 40; i++) {
				await enqueueMail(two.a.db, { kind: 'deadline', userId: null, to: `person${i}@kreis-zwei.example`, subject: `Doppelt? ${i}`, text: `Nachricht ${i}` }, t0);
			}
			const before = sink.messages.length;
			const [ra, rb] = await Promise.all([send('instanz-a', t0, two.a.db), send('instanz-b', t0, two.b.db)]);
			// Each pass claims at most 20: a second round sends the rest.
			const [ra2, rb2] = await Promise.all([send('instanz-a', t0, two.a.db), send('instanz-b', t0, two.b.db)]);
			const total = ra.sent + rb.sent + ra2.sent + rb2.sent;
			expect(total).toBe(40);
			const got = sink.messages.slice(before).map((m) => m.subject);
			expect(got).toHaveLength(40);
			expect(new Set(got).size).toBe(40);
			const rows = await two.b.db.selectFrom('mail_queue').select(['status', 'attempts']).execute();
			expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
		} finally {
			await two.close();
		}
	}, 60_000);
});

describe('events and reminders on the shipped data', () => {
	const actor = (id: string, role: Actor['role'], bodyId: string, name: string): Actor => ({ role, userId: id, name, email: `${id}@example.org`, bodyId, regionId: 'kreis-unna' });
	let coord: Actor;
	let kamen: Actor;
	let boenen: Actor;

	beforeAll(async () => {
		coord = actor(await createUser(h.db, { email: 'steuerung@kreis-unna.example', name: 'Steuerungsdienst', bodyId: 'kreis-unna', role: 'coordinator' }), 'coordinator', 'kreis-unna', 'Steuerungsdienst');
		kamen = actor(await createUser(h.db, { email: 'redaktion@kamen.example', name: 'Redaktion Kamen', bodyId: 'kamen', role: 'editor' }), 'editor', 'kamen', 'Redaktion Kamen');
		boenen = actor(await createUser(h.db, { email: 'redaktion@boenen.example', name: 'Redaktion Bönen', bodyId: 'boenen', role: 'editor' }), 'editor', 'boenen', 'Redaktion Bönen');
	});

	const queuedFor = (userId: string, kind: string) =>
		h.db.selectFrom('mail_queue').select(['subject', 'body_text', 'dedupe_key']).where('user_id', '=', userId).where('kind', '=', kind).execute();

	it('preferences: every optional kind on by default; unchecked kinds are off and nothing of them is queued', async () => {
		expect(await mailPreferences(h.db, boenen.userId!)).toEqual({ 'survey-opened': true, 'survey-reminder': true, 'proposal-decided': true, deadline: true });
		await saveMailPreferences(h.db, boenen.userId!, ['survey-reminder', 'erfunden', 'invitation']);
		expect(await mailPreferences(h.db, boenen.userId!)).toEqual({ 'survey-opened': false, 'survey-reminder': true, 'proposal-decided': false, deadline: false });
		expect(await enqueueMail(h.db, { kind: 'deadline', userId: boenen.userId, to: 'redaktion@boenen.example', subject: 's', text: 't' })).toBe(false);
		// Invitations and password links are not optional.
		expect(await enqueueMail(h.db, { kind: 'password-reset', userId: boenen.userId, to: 'redaktion@boenen.example', subject: 's', text: 't' })).toBe(true);
	});

	it('opening a survey round mails the editors of the bodies asked (in its transaction); a refused opening mails nobody', async () => {
		const today = berlinToday();
		const deadline = new Date(Date.parse(`${today}T12:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
		const opened = await openRound(h.db, coord, { regionId: 'kreis-unna', title: 'Erhebung Frühjahr', deadline }, new Date(), { origin: config.origin });
		expect(opened.ok).toBe(true);
		const mails = await queuedFor(kamen.userId!, 'survey-opened');
		expect(mails).toHaveLength(1);
		expect(mails[0]!.subject).toBe(`Erhebung „Erhebung Frühjahr“: bitte bis ${deadline.split('-').reverse().join('.')} antworten`);
		expect(mails[0]!.body_text).toContain(`${ORIGIN}/erhebung`);
		expect(await queuedFor(boenen.userId!, 'survey-opened')).toHaveLength(0); // turned off
		const second = await openRound(h.db, coord, { regionId: 'kreis-unna', title: 'Noch eine', deadline }, new Date(), { origin: config.origin });
		expect(second.ok).toBe(false);
		expect(await queuedFor(kamen.userId!, 'survey-opened')).toHaveLength(1);

		// The reminder: not on the day the round was announced, only inside MAIL_SURVEY_REMINDER_DAYS, once per round and person.
		const c = { origin: config.origin, deadlineDays: 14, surveyReminderDays: 7 };
		await scheduleReminders(h.db, { ...c, deadlineDays: 1, surveyReminderDays: 30 }, new Date());
		expect(await queuedFor(kamen.userId!, 'survey-reminder')).toHaveLength(0);
		await scheduleReminders(h.db, c, new Date(Date.parse(`${deadline}T10:00:00Z`) - 10 * 86_400_000));
		expect(await queuedFor(kamen.userId!, 'survey-reminder')).toHaveLength(0);
		const near = new Date(Date.parse(`${deadline}T10:00:00Z`) - 3 * 86_400_000);
		await scheduleReminders(h.db, c, near);
		await scheduleReminders(h.db, c, new Date(near.getTime() + 86_400_000));
		const reminders = await queuedFor(kamen.userId!, 'survey-reminder');
		expect(reminders).toHaveLength(1);
		expect(reminders[0]!.body_text).toContain('endet in 3 Tagen');
		expect(await queuedFor(boenen.userId!, 'survey-reminder')).toHaveLength(1);
	});

	it('deadlines and § 2b review dates: queued once per event and person, to the coordinators and the bodies concerned', async () => {
		const all = await deadlines(h.db, { regionId: 'kreis-unna', now: new Date('2000-01-01T00:00:00Z') });
		const end = all.find((d) => d.kind === 'ende' && d.date && d.precision === 'day' && d.bodies.includes('kamen'))
			?? all.find((d) => d.kind === 'ende' && d.date && d.bodies.includes('kamen'));
		expect(end, 'the shipped data have a dated end concerning Kamen').toBeTruthy();
		const now = new Date(Date.parse(`${end!.date}T09:00:00Z`) - 5 * 86_400_000);
		// A § 2b review date ten days ahead for a cooperation Kamen takes part in.
		const review = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
		await h.db.insertInto('vat_assessment').values({
			cooperation_id: end!.id, answers_json: '{}', result: 'open', reasoning_json: '[]', assessed_by_label: 'Test', assessed_at: now.toISOString(), review_date: review
		}).onConflict((oc) => oc.column('cooperation_id').doUpdateSet({ review_date: review })).execute();
		const c = { origin: config.origin, deadlineDays: 14, surveyReminderDays: 7 };
		const first = await scheduleReminders(h.db, c, now);
		expect(first).toBeGreaterThan(0);
		expect(await scheduleReminders(h.db, c, now)).toBe(0);
		expect(await scheduleReminders(h.db, c, new Date(now.getTime() + 86_400_000))).toBe(0);
		const toKamen = await queuedFor(kamen.userId!, 'deadline');
		const endMail = toKamen.find((m) => m.dedupe_key === `deadline|ende|${end!.id}|${end!.date}|${kamen.userId}`);
		expect(endMail?.subject).toContain(end!.title.slice(0, 40));
		expect(endMail?.body_text).toContain(`${ORIGIN}/kooperationen/${end!.id}`);
		const vat = toKamen.find((m) => m.dedupe_key === `vat-review|${end!.id}|${review}|${kamen.userId}`);
		expect(vat?.body_text).toContain(`${ORIGIN}/kooperationen/${end!.id}/umsatzsteuer`);
		expect(vat?.subject).toContain('§ 2b UStG');
		const toCoord = await queuedFor(coord.userId!, 'deadline');
		expect(toCoord.some((m) => m.dedupe_key?.startsWith(`vat-review|${end!.id}|`))).toBe(true);
		// Bönen turned deadlines off.
		expect(await queuedFor(boenen.userId!, 'deadline')).toHaveLength(0);
	});

	it('a rejected proposal mails the proposer, with the reason', async () => {
		const coopId = (await h.db.selectFrom('participation').innerJoin('cooperation', 'cooperation.seq', 'participation.cooperation_seq')
			.select('cooperation.id').where('participation.body_id', '=', 'kamen').executeTakeFirstOrThrow()).id;
		const current = await readCooperation(h.db, coopId);
		const id = await createProposal(h.db, kamen, { regionId: 'kreis-unna', kind: 'update', record: { ...current!.record, title: `${current!.record.title} (neu)` }, baseVersion: current!.version, comment: null });
		expect(await rejectProposal(h.db, coord, id, 'Der Titel steht so im Vertrag.', new Date(), { origin: config.origin })).toBe(true);
		const mails = await queuedFor(kamen.userId!, 'proposal-decided');
		expect(mails).toHaveLength(1);
		expect(mails[0]!.subject).toBe(`Ihr Vorschlag Nr. ${id} wurde abgelehnt`);
		expect(mails[0]!.body_text).toContain('Der Titel steht so im Vertrag.');
		expect(mails[0]!.body_text).toContain(`${ORIGIN}/vorschlaege/${id}`);
	});
});
