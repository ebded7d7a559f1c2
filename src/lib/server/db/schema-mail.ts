/** Kysely table types of the e-mail queue and preferences (issue 19, part 3); migration 2026-12-07-0021-mail-queue. */

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface MailQueueTable {
	/** Random id; also the local part of the Message-ID, so a retry sends the same Message-ID. */
	id: string;
	/** A MailKind (src/lib/server/mail/kinds.ts). */
	kind: string;
	user_id: string | null;
	recipient: string;
	subject: string;
	/** German plain text; emptied once sent when it carried a one-time link. */
	body_text: string;
	/** Unique where set: the scheduler's "this event, this person" key. */
	dedupe_key: string | null;
	status: MailStatus;
	attempts: number;
	/** ISO instant before which no worker tries the row. */
	next_attempt_at: string;
	/** The worker that holds the row, and until when (ISO instant); a crashed worker's claim runs out. */
	claimed_by: string | null;
	claimed_until: string | null;
	last_error: string | null;
	/** The Message-ID header sent (with angle brackets); null until sent. */
	message_id: string | null;
	created_at: string;
	sent_at: string | null;
}

export interface MailPreferenceTable {
	user_id: string;
	kind: string;
	/** 1 = wants this kind, 0 = does not. */
	enabled: number;
	updated_at: string;
}

export interface MailTables {
	mail_queue: MailQueueTable;
	mail_preference: MailPreferenceTable;
}
