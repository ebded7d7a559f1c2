/**
 * The daily reminders (issue 19, part 3): deadlines within `deadlineDays` (end of a cooperation or
 * of a participation, a notice of termination, a measure's due date, the next report to the mayors'
 * conference – `steering/deadlines.ts` – and the review date of a § 2b assessment) and the
 * deadline of an open survey round within `surveyReminderDays`. Every mail carries a dedupe key
 * (event + person), so running this again – the next hour, the next day, on another instance at
 * the same time – queues nothing twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DIRECTORY_REGION } from '../directory/apply';
import { dateLabel, deadlines, DEADLINE_KIND_LABEL, type DeadlineKind } from '../steering/deadlines';
import { berlinToday, daysUntil, regionBodies } from '../registry/survey';
import { enqueueMail } from './queue';
import { deadlineMail, surveyReminderMail, type MailText } from './messages';
import { activeRecipients, coordinatorsOf, editorsOf, union, type Recipient } from './recipients';

export interface ScheduleConfig {
	origin: string;
	deadlineDays: number;
	surveyReminderDays: number;
}

/** Deadline kinds that get a reminder (a planned start or an undated term does not). */
const REMINDED: readonly DeadlineKind[] = ['ende', 'kuendigung', 'massnahme', 'bericht'];

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Queue what is due; returns how many mails were newly queued. */
export async function scheduleReminders(db: Kysely<Database>, c: ScheduleConfig, now = new Date()): Promise<number> {
	const today = berlinToday(now);
	const last = addDays(today, c.deadlineDays);
	const people = await activeRecipients(db);
	let queued = 0;
	const send = async (to: Recipient[], key: string, make: (u: Recipient) => MailText) => {
		for (const u of to) {
			const m = make(u);
			if (await enqueueMail(db, { kind: m.kind, userId: u.id, to: u.email, subject: m.subject, text: m.text, dedupeKey: `${key}|${u.id}` }, now)) queued++;
		}
	};

	const regions = await db.selectFrom('region').select(['id', 'name']).where('id', '!=', DIRECTORY_REGION).orderBy('id').execute();
	for (const region of regions) {
		const coordinators = coordinatorsOf(people, region.id);
		for (const d of await deadlines(db, { regionId: region.id, from: new Date(`${today}T00:00:00Z`), to: new Date(`${last}T00:00:00Z`), now })) {
			if (!d.date || d.date < today || d.date > last || !REMINDED.includes(d.kind)) continue;
			// The report to the conference is the steering office's task; the rest concerns the bodies too.
			const to = d.kind === 'bericht' ? coordinators : union(coordinators, editorsOf(people, d.bodies));
			await send(to, `deadline|${d.kind}|${d.id}|${d.date}`, (u) =>
				deadlineMail({ origin: c.origin, name: u.name, what: DEADLINE_KIND_LABEL[d.kind], title: d.title, dateLabel: d.dateLabel, note: d.note, link: d.link }));
		}

		// § 2b UStG: the review date the assessment set.
		const reviews = await db.selectFrom('vat_assessment').innerJoin('cooperation', 'cooperation.id', 'vat_assessment.cooperation_id')
			.select(['cooperation.id', 'cooperation.seq', 'cooperation.title', 'cooperation.performer_body_id', 'vat_assessment.review_date'])
			.where('cooperation.region_id', '=', region.id).where('cooperation.archived_at', 'is', null)
			.where('vat_assessment.review_date', '>=', today).where('vat_assessment.review_date', '<=', last)
			.orderBy('cooperation.id').execute();
		for (const r of reviews) {
			const parts = await db.selectFrom('participation').select('body_id').where('cooperation_seq', '=', r.seq).execute();
			const bodies = [...parts.map((p) => p.body_id), ...(r.performer_body_id ? [r.performer_body_id] : [])];
			const day = r.review_date!;
			await send(union(coordinators, editorsOf(people, bodies)), `vat-review|${r.id}|${day}`, (u) => deadlineMail({
				origin: c.origin, name: u.name, what: 'Überprüfung nach § 2b UStG', title: r.title, dateLabel: dateLabel(day, day, 'day'),
				note: 'Die Einschätzung zur Umsatzsteuer (§ 2b UStG) soll an diesem Tag überprüft werden.', link: `/kooperationen/${r.id}/umsatzsteuer`
			}));
		}

		// An open survey round whose deadline comes near.
		const round = await db.selectFrom('survey_round').select(['id', 'title', 'deadline', 'opened_at']).where('region_id', '=', region.id).where('closed_at', 'is', null).executeTakeFirst();
		// A round opened within the last day has just been announced: no reminder on top yet.
		if (round && Date.parse(round.opened_at) <= now.getTime() - 86_400_000) {
			const days = daysUntil(round.deadline, now);
			if (days >= 0 && days <= c.surveyReminderDays) {
				const asked = (await regionBodies(db, region.id)).map((b) => b.id);
				await send(editorsOf(people, asked), `survey-reminder|${round.id}`, (u) => surveyReminderMail({ origin: c.origin, name: u.name, title: round.title, deadline: round.deadline, days }));
			}
		}
	}
	return queued;
}
