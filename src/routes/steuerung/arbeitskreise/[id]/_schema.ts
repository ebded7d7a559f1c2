import { z } from 'zod';
import { capped, text } from '#lib/server/forms/form-data.ts';
import { MEETING_DATE_MAX, MEETING_NOTE_MAX, MEETING_PLACE_MAX, MEETING_TOPIC_MAX, MEETING_TOPICS_MAX } from '#lib/server/steering/groups.ts';

/** Cut far beyond the limits only, so that `addMeeting`'s checks still see (and name) an over-long entry. */
const field = (max: number) => capped(2 * max);

/** A new meeting of a working group; the version is the lock of the group record. */
export const meetingForm = z.object({
	datum: field(MEETING_DATE_MAX),
	gastgeber: field(100),
	ort: field(MEETING_PLACE_MAX),
	themen: field((MEETING_TOPICS_MAX + 1) * (MEETING_TOPIC_MAX + 2)),
	hinweis: field(MEETING_NOTE_MAX),
	version: text().transform((s) => Number.parseInt(s, 10))
});
