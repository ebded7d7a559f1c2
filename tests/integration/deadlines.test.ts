/**
 * Deadlines and calendar feeds (issue 6, item 5) on the shipped Kreis Unna data: the expected
 * deadlines are computed independently from the YAML files, and the feed is checked line by line
 * and parsed with a real iCalendar parser (ical.js).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import ICAL from 'ical.js';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { parseFuzzyDate } from '../../src/lib/domain/fuzzy-date';
import { calendarTokenUser, deadlines, issueCalendarToken, type Deadline } from '../../src/lib/server/steering/deadlines';
import { deadlineFeed, summaryOf } from '../../src/lib/server/steering/ical';
import { readSteering, saveSteering } from '../../src/lib/server/steering/store';
import { createUser, setDisabled } from '../../src/lib/server/auth/users';
import { tokenHash } from '../../src/lib/server/auth/tokens';

const NOW = new Date('2026-06-01T10:00:00Z');
const coordinator: Actor = { role: 'coordinator', userId: null, name: 'Test-Koordination', email: null, bodyId: 'kreis-unna', regionId: 'kreis-unna' };

interface YamlCoop {
	id: string;
	status: string;
	end?: string | number | null;
	performer: { body?: string | null };
	participants?: { body: string; left?: string | number | null }[];
}
const folder = path.resolve('data/kreis-unna');
const yamlCoops: YamlCoop[] = fs.readdirSync(folder).filter((f) => /^cooperations-.*\.yaml$/.test(f))
	.flatMap((f) => parseYaml(fs.readFileSync(path.join(folder, f), 'utf8')) as YamlCoop[]);
const involves = (c: YamlCoop, body: string) => c.performer.body === body || (c.participants ?? []).some((p) => p.body === body);

let db: Kysely<Database>;
beforeAll(async () => {
	({ db } = await loadedDatabase());
});

describe('deadlines of a body', () => {
	it('contain every Kamen cooperation with an end date, on the first day of that date', async () => {
		const expected = yamlCoops.filter((c) => involves(c, 'kamen') && c.end != null && parseFuzzyDate(String(c.end))?.earliest);
		expect(expected.length).toBeGreaterThan(0);
		const items = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen', now: NOW });
		for (const c of expected) {
			const day = parseFuzzyDate(String(c.end))!.earliest;
			const hit = items.find((d) => d.kind === 'ende' && d.id === c.id && d.date === day);
			expect(hit, `${c.id} (Ende ${c.end})`).toBeDefined();
			expect(hit!.link).toBe(`/kooperationen/${c.id}`);
			expect(hit!.bodies).toContain('kamen');
		}
		// Nothing else is called an end for Kamen: every "Ende" comes from an end or a partner's leaving date.
		const leaving = yamlCoops.filter((c) => involves(c, 'kamen') && (c.participants ?? []).some((p) => p.left != null));
		const allowed = new Set([...expected, ...leaving].map((c) => c.id));
		for (const d of items.filter((x) => x.kind === 'ende')) expect(allowed.has(d.id), d.id).toBe(true);
		// Every item concerns Kamen.
		for (const d of items) expect(d.bodies, `${d.kind} ${d.id}`).toContain('kamen');
	});

	it('shows a year-only date as such and keeps the other bodies’ deadlines out', async () => {
		const items = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen', now: NOW });
		const buecherei = yamlCoops.find((c) => involves(c, 'kamen') && String(c.end ?? '') === '2006');
		expect(buecherei).toBeDefined();
		const d = items.find((x) => x.id === buecherei!.id && x.kind === 'ende')!;
		expect(d).toMatchObject({ date: '2006-01-01', latest: '2006-12-31', precision: 'year', dateLabel: '2006 (Jahr)', derived: false });
		// An end of a cooperation without Kamen (Lünen/Selm's archive, ended 2015) is not on Kamen's board.
		const foreign = yamlCoops.filter((c) => c.end != null && !involves(c, 'kamen')).map((c) => c.id);
		expect(foreign.length).toBeGreaterThan(0);
		for (const id of foreign) expect(items.some((x) => x.id === id)).toBe(false);
	});

	it('lists a temporary cooperation without an end undated, and only on the board', async () => {
		const temporary = yamlCoops.filter((c) => c.status === 'temporary' && c.end == null);
		expect(temporary.length).toBeGreaterThan(0);
		const all = await deadlines(db, { regionId: 'kreis-unna', now: NOW });
		for (const c of temporary) expect(all.find((d) => d.id === c.id && d.kind === 'befristet')).toMatchObject({ date: null });
		const { text } = await deadlineFeed(db, { regionId: 'kreis-unna', bodyId: null, origin: 'https://ikz.example.org' });
		expect(text).not.toContain('UID:befristet-');
	});

	it('lists a planned start and a planned joining', async () => {
		const all = await deadlines(db, { regionId: 'kreis-unna', now: NOW });
		// "geplant 2015" (Notfallleitstelle) and Kamen's "2015 gepl." joining.
		expect(all.some((d) => d.kind === 'beginn-geplant' && d.date === '2015-01-01' && d.note.includes('geplant 2015'))).toBe(true);
		expect(all.some((d) => d.kind === 'beginn-geplant' && d.note.includes('geplanter Beitritt: Kamen'))).toBe(true);
	});
});

describe('measures and reports', () => {
	it('a measure with a due date set through saveSteering appears for its bodies only', async () => {
		const current = await readSteering(db, 'measure', 'm-1-2');
		expect(current?.record.lead).toContain('kamen');
		const saved = await saveSteering(db, coordinator, 'measure', current!.regionId, { ...current!.record, due: 'März 2027', participants: ['kamen', 'bergkamen'] }, current!.version, 'frist');
		expect(saved.ok).toBe(true);
		const kamen = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen', now: NOW });
		const m = kamen.find((d) => d.kind === 'massnahme' && d.id === 'm-1-2');
		expect(m).toMatchObject({ date: '2027-03-01', precision: 'month', dateLabel: 'März 2027 (Monat)', link: '/steuerung/massnahmen/m-1-2', what: 'measure' });
		const unna = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'unna', now: NOW });
		expect(unna.some((d) => d.id === 'm-1-2')).toBe(false);
		// The next 12 months hold it; the past does not.
		const soon = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen', now: NOW, from: NOW, to: new Date('2027-06-01T00:00:00Z') });
		expect(soon.some((d) => d.id === 'm-1-2')).toBe(true);
		const past = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen', now: NOW, to: new Date('2026-05-31T00:00:00Z') });
		expect(past.some((d) => d.id === 'm-1-2')).toBe(false);
	});

	it('derives the next two report dates from the newest conference, then from the last report', async () => {
		const before = (await deadlines(db, { regionId: 'kreis-unna', bodyId: 'selm', now: NOW })).filter((d) => d.kind === 'bericht');
		// bmk-2016 met on 13./14.01.2016: reports due 6 and 12 months after its last day, both overdue by now.
		expect(before.map((d) => d.date)).toEqual(['2016-07-14', '2017-01-14']);
		for (const d of before) expect(d).toMatchObject({ derived: true, overdue: true, link: '/steuerung/bericht' });
		expect(before[0]!.note).toContain('6 Monate nach');
		expect(before[1]!.note).toContain('12 Monate nach');

		const saved = await saveSteering(db, coordinator, 'report', 'kreis-unna', { id: 'bericht-2026-05-20', date: '2026-05-20', title: 'Bericht Mai 2026' }, null, 'erstattet');
		expect(saved.ok).toBe(true);
		const after = (await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen', now: NOW })).filter((d) => d.kind === 'bericht');
		expect(after.map((d) => [d.date, d.overdue])).toEqual([['2026-11-20', false], ['2027-05-20', false]]);
		// Outside the region's conference members: no report dates.
		const foreign = await deadlines(db, { regionId: 'kreis-unna', bodyId: 'luedinghausen', now: NOW });
		expect(foreign.some((d) => d.kind === 'bericht')).toBe(false);
	});
});

/** A strict reading of the feed, independent of the parser under test. */
function checkCalendar(text: string): { events: Record<string, string>[] } {
	expect(text.endsWith('\r\n')).toBe(true);
	const physical = text.slice(0, -2).split('\r\n');
	for (const l of physical) {
		expect(l).not.toMatch(/[\r\n]/);
		expect(Buffer.byteLength(l, 'utf8'), l).toBeLessThanOrEqual(75);
	}
	const lines = text.replace(/\r\n[ \t]/g, '').slice(0, -2).split('\r\n');
	const stack: string[] = [];
	const events: Record<string, string>[] = [];
	let current: Record<string, string> | null = null;
	for (const l of lines) {
		const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(l);
		expect(m, l).not.toBeNull();
		const [, name, params, value] = m!;
		if (name === 'BEGIN') {
			stack.push(value!);
			if (value === 'VEVENT') current = {};
		} else if (name === 'END') {
			expect(stack.pop()).toBe(value);
			if (value === 'VEVENT') events.push(current!);
		} else if (current) current[`${name}${params}`] = value!;
	}
	expect(stack).toEqual([]);
	expect(lines[0]).toBe('BEGIN:VCALENDAR');
	for (const p of ['VERSION:2.0', 'PRODID:-//IKZ-Atlas//DE', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-TIMEZONE:Europe/Berlin']) expect(lines).toContain(p);
	expect(lines.some((l) => l.startsWith('X-WR-CALNAME:'))).toBe(true);
	for (const e of events) {
		for (const key of ['UID', 'DTSTAMP', 'DTSTART;VALUE=DATE', 'DTEND;VALUE=DATE', 'SUMMARY', 'DESCRIPTION', 'URL', 'CATEGORIES']) expect(e[key], key).toBeDefined();
		expect(e.UID).toMatch(/^[a-z-]+-[a-z0-9-]+-\d{4}-\d{2}-\d{2}@ikz-atlas$/);
		expect(e.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
		expect(e['DTSTART;VALUE=DATE']).toMatch(/^\d{8}$/);
		expect(e.URL).toMatch(/^https:\/\/ikz\.example\.org\//);
	}
	return { events };
}
const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

describe('the iCalendar feed', () => {
	let items: Deadline[];
	let text: string;
	beforeAll(async () => {
		items = (await deadlines(db, { regionId: 'kreis-unna', bodyId: 'kamen' })).filter((d) => d.date !== null);
		({ text } = await deadlineFeed(db, { regionId: 'kreis-unna', bodyId: 'kamen', origin: 'https://ikz.example.org' }));
	});

	it('is well-formed: CRLF, folded at 75 octets, balanced, every required property', () => {
		const { events } = checkCalendar(text);
		expect(events).toHaveLength(items.length);
		expect(text).toContain('X-WR-CALNAME:IKZ-Atlas: Fristen – Kamen');
		for (const [i, d] of items.entries()) {
			const e = events[i]!;
			expect(unescapeText(e.SUMMARY!)).toBe(summaryOf(d));
			expect(unescapeText(e.SUMMARY!).startsWith(`${summaryOf(d).split(':')[0]}: ${d.title}`)).toBe(true);
			expect(e.UID).toBe(`${d.kind}-${d.id}-${d.date}@ikz-atlas`);
			expect(e['DTSTART;VALUE=DATE']).toBe(d.date!.replace(/-/g, ''));
		}
		// UIDs are unique (calendar programs match updates by UID).
		expect(new Set(events.map((e) => e.UID)).size).toBe(events.length);
	});

	it('parses with ical.js into all-day events with the titles', () => {
		const cal = new ICAL.Component(ICAL.parse(text));
		expect(cal.getFirstPropertyValue('prodid')).toBe('-//IKZ-Atlas//DE');
		const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		expect(events).toHaveLength(items.length);
		for (const [i, d] of items.entries()) {
			const e = events[i]!;
			expect(e.summary).toBe(summaryOf(d));
			expect(e.uid).toBe(`${d.kind}-${d.id}-${d.date}@ikz-atlas`);
			expect(e.startDate.isDate).toBe(true);
			expect(e.startDate.toString()).toBe(d.date);
			expect(e.endDate.toString() > d.date!).toBe(true);
			expect(e.description).toContain(d.note);
		}
	});

	it('is stable between two requests when the data did not change', async () => {
		const again = await deadlineFeed(db, { regionId: 'kreis-unna', bodyId: 'kamen', origin: 'https://ikz.example.org' });
		expect(again.text).toBe(text);
	});
});

describe('personal calendar tokens', () => {
	it('name the user while the account is enabled; a new token replaces the old one', async () => {
		const userId = await createUser(db, { email: 'kalender@kamen.de', name: 'Kalender Test', bodyId: 'kamen', role: 'member' });
		const first = await issueCalendarToken(db, userId);
		expect(await calendarTokenUser(db, first)).toEqual({ userId, bodyId: 'kamen', regionId: 'kreis-unna' });
		// Only the hash is stored.
		const rows = await db.selectFrom('calendar_token').selectAll().where('user_id', '=', userId).execute();
		expect(rows.map((r) => r.token_hash)).toEqual([tokenHash(first)]);
		const second = await issueCalendarToken(db, userId);
		expect(await calendarTokenUser(db, first)).toBeNull();
		expect((await calendarTokenUser(db, second))?.userId).toBe(userId);
		expect(await calendarTokenUser(db, 'x'.repeat(43))).toBeNull();
		await setDisabled(db, userId, true);
		expect(await calendarTokenUser(db, second)).toBeNull();
	});
});
