/**
 * iCalendar (RFC 5545) for the deadline feeds: all-day events, CRLF line endings, lines folded at
 * 75 octets without ever splitting a UTF-8 character, TEXT values escaped.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DEADLINE_KIND_LABEL, dataStamp, deadlines, type Deadline } from './deadlines';

const CRLF = '\r\n';
const encoder = new TextEncoder();
const octets = (s: string): number => encoder.encode(s).length;

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline; other controls dropped. */
export function escapeText(value: string): string {
	return value
		.replace(/\r\n|\r/g, '\n')
		// eslint-disable-next-line no-control-regex -- TEXT may not hold control characters other than tab and newline
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\n/g, '\\n');
}

/**
 * Fold one content line: at most 75 octets per line, continuation lines start with one space; a
 * multi-byte character or an escape pair is never split.
 */
export function foldLine(line: string): string {
	if (octets(line) <= 75) return line;
	const out: string[] = [];
	let current = '';
	let size = 0;
	let limit = 75;
	// Units: an escape pair (backslash and the next character) or one code point, so neither is split across lines.
	for (const ch of line.match(/\\[\s\S]|[\s\S]/gu) ?? []) {
		const n = octets(ch);
		if (size + n > limit) {
			out.push(current);
			current = ' ';
			size = 1;
			limit = 75;
		}
		current += ch;
		size += n;
	}
	out.push(current);
	return out.join(CRLF);
}

/** Undo folding (for tests and readers): remove every CRLF followed by one space or tab. */
export const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');

const compact = (iso: string): string => iso.replace(/-/g, '');
const nextDay = (iso: string): string => {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
};
const utcStamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

const PRECISION_TEXT: Record<string, string> = {
	month: 'nur Monat bekannt',
	year: 'nur Jahr bekannt',
	range: 'Zeitraum'
};

/** The event title: kind and title, plus the precision when the day is not known. */
export function summaryOf(d: Deadline): string {
	const when = d.dateLabel.replace(/ \((Jahr|Monat|Zeitraum)\)$/, '');
	const precisionText = PRECISION_TEXT[d.precision];
	const imprecise = d.precision === 'day' ? null : precisionText ? `${when}, ${precisionText}` : when;
	const extra = [imprecise, d.derived ? 'abgeleitet' : null].filter(Boolean).join('; ');
	return `${DEADLINE_KIND_LABEL[d.kind]}: ${d.title}${extra ? ` (${extra})` : ''}`;
}

export interface CalendarOptions {
	/** X-WR-CALNAME. */
	name: string;
	/** The app origin (or any absolute URL on it): event URLs are resolved against it. */
	url: string;
	/** DTSTAMP of every event: when the data last changed (stable across requests), else now. */
	stamp?: Date;
	/** Body names for the description (id → name). */
	bodyName?: (id: string) => string;
}

/** Dated deadlines as a VCALENDAR; undated items ("befristet") are left out. */
export function toICalendar(items: readonly Deadline[], opts: CalendarOptions): string {
	const stamp = utcStamp(opts.stamp ?? new Date());
	const name = opts.bodyName ?? ((id: string) => id);
	const lines: string[] = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//IKZ-Atlas//DE',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(opts.name)}`,
		'X-WR-TIMEZONE:Europe/Berlin',
		'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
		'X-PUBLISHED-TTL:PT12H'
	];
	for (const d of items) {
		if (!d.date) continue;
		const url = new URL(d.link, opts.url).href;
		const description = [
			`${DEADLINE_KIND_LABEL[d.kind]}: ${d.title}`,
			`Datum: ${d.dateLabel}${d.precision === 'day' ? '' : ' – im Kalender auf den ersten möglichen Tag gelegt'}`,
			d.derived ? 'Abgeleitet, nicht aus den Daten gelesen.' : null,
			d.overdue ? 'Überfällig.' : null,
			d.bodies.length ? `Beteiligte: ${d.bodies.map(name).join(', ')}` : null,
			d.note ? `Hinweis: ${d.note}` : null,
			url
		].filter((x): x is string => !!x).join('\n');
		lines.push(
			'BEGIN:VEVENT',
			`UID:${d.kind}-${d.id}-${d.date}@ikz-atlas`,
			`DTSTAMP:${stamp}`,
			`DTSTART;VALUE=DATE:${compact(d.date)}`,
			`DTEND;VALUE=DATE:${compact(nextDay(d.date))}`,
			`SUMMARY:${escapeText(summaryOf(d))}`,
			`DESCRIPTION:${escapeText(description)}`,
			`URL:${url}`,
			`CATEGORIES:${[DEADLINE_KIND_LABEL[d.kind], ...(d.derived ? ['abgeleitet'] : [])].map(escapeText).join(',')}`,
			'TRANSP:TRANSPARENT',
			'END:VEVENT'
		);
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * The feed of a region or one of its bodies: all dated deadlines, past ones included (calendars
 * keep history), DTSTAMP = when the data last changed. No personal data: titles, dates, bodies.
 */
export async function deadlineFeed(db: Kysely<Database>, q: { regionId: string; bodyId: string | null; origin: string }): Promise<{ text: string; filename: string }> {
	const items = await deadlines(db, { regionId: q.regionId, bodyId: q.bodyId });
	const ids = [...new Set([q.regionId, ...(q.bodyId ? [q.bodyId] : []), ...items.flatMap((d) => d.bodies)])];
	const names = new Map((await db.selectFrom('body').select(['id', 'name']).where('id', 'in', ids).execute()).map((b) => [b.id, b.name]));
	const region = await db.selectFrom('region').select('name').where('id', '=', q.regionId).executeTakeFirst();
	const subject = q.bodyId ? (names.get(q.bodyId) ?? q.bodyId) : (region?.name ?? q.regionId);
	const text = toICalendar(items, {
		name: `IKZ-Atlas: Fristen – ${subject}`, url: q.origin, stamp: await dataStamp(db), bodyName: (id) => names.get(id) ?? id
	});
	return { text, filename: `ikz-fristen-${q.bodyId ?? q.regionId}.ics` };
}
