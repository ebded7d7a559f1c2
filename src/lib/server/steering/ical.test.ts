import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, summaryOf, toICalendar, unfold } from './ical';
import type { Deadline } from './deadlines';

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Undo TEXT escaping (the reader's side), written independently of escapeText. */
function unescapeText(v: string): string {
	return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const item = (over: Partial<Deadline> = {}): Deadline => ({
	date: '2027-01-01', latest: '2027-12-31', precision: 'year', kind: 'ende',
	title: 'Gemeinsame Prüfung der Jahresabschlüsse; Übernahme, Öffnung und Größenänderung der Bürgerämter in Fröndenberg/Ruhr',
	what: 'cooperation', id: 'kreis-1', link: '/kooperationen/kreis-1', bodies: ['kamen', 'boenen'], derived: false,
	note: 'Ende laut Eintrag: „2027“', dateLabel: '2027 (Jahr)', overdue: false, ...over
});

describe('escapeText', () => {
	it('escapes backslash, semicolon, comma and newlines, and drops control characters', () => {
		expect(escapeText('a\\b;c,d\ne\r\nf\rg\u0007h')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ngh');
		expect(unescapeText(escapeText('Ä; Ö, Ü\\ß\nneu'))).toBe('Ä; Ö, Ü\\ß\nneu');
	});
});

describe('foldLine', () => {
	it('leaves short lines alone', () => {
		expect(foldLine('SUMMARY:kurz')).toBe('SUMMARY:kurz');
	});

	it('folds a long German summary with umlauts at 75 octets without splitting a character', () => {
		const text = 'SUMMARY:' + escapeText('Überörtliche Prüfung: Größere Maßnahmen, Äußerungen und Öffentlichkeitsbeteiligung in Fröndenberg/Ruhr, Bönen, Lünen und Schwerte – ÄÖÜäöüß€😀 '.repeat(3));
		const folded = foldLine(text);
		const lines = folded.split('\r\n');
		expect(lines.length).toBeGreaterThan(3);
		for (const [i, l] of lines.entries()) {
			expect(octets(l)).toBeLessThanOrEqual(75);
			if (i > 0) expect(l.startsWith(' ')).toBe(true);
			// A split multi-byte character would show up as U+FFFD after a byte round trip.
			expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
			expect(l).not.toMatch(/[\uD800-\uDBFF]$/);
			expect(l).not.toMatch(/^ ?[\uDC00-\uDFFF]/);
		}
		// Lines are filled: a fold happens only when the next character would not fit.
		for (const l of lines.slice(0, -1)) expect(octets(l)).toBeGreaterThan(71);
		expect(unfold(folded)).toBe(text);
	});

	it('never splits an escape pair across lines', () => {
		for (let pad = 0; pad < 6; pad++) {
			const text = 'DESCRIPTION:' + 'x'.repeat(pad) + escapeText('a,b;c\\d\ne,'.repeat(20));
			const lines = foldLine(text).split('\r\n');
			// No line but the last ends in an unpaired backslash.
			for (const l of lines.slice(0, -1)) expect(l).not.toMatch(/(^|[^\\])(\\\\)*\\$/);
			expect(unfold(lines.join('\r\n'))).toBe(text);
		}
	});

	it('folds a line of only three-octet characters exactly', () => {
		const text = 'X:' + '€'.repeat(60);
		const lines = foldLine(text).split('\r\n');
		expect(octets(lines[0]!)).toBe(2 + 24 * 3);
		for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(75);
		expect(unfold(lines.join('\r\n'))).toBe(text);
	});
});

describe('toICalendar', () => {
	const stamp = new Date('2026-03-04T05:06:07.890Z');
	const ics = toICalendar(
		[item(), item({ date: '2016-07-14', latest: '2016-07-14', precision: 'day', kind: 'bericht', title: 'Halbjahresbericht an die Bürgermeisterkonferenz', what: 'report', id: 'kreis-unna', link: '/steuerung/bericht', derived: true, dateLabel: '14.07.2016' }),
			item({ date: null, latest: null, kind: 'befristet', dateLabel: 'ohne Datum' })],
		{ name: 'Fristen, Kamen; Test', url: 'https://ikz.example.org/irgendwo', stamp, bodyName: (id) => ({ kamen: 'Kamen', boenen: 'Bönen' })[id] ?? id }
	);

	it('uses CRLF everywhere and keeps every line within 75 octets', () => {
		expect(ics.endsWith('\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		for (const l of ics.split('\r\n')) expect(octets(l)).toBeLessThanOrEqual(75);
	});

	const props = unfold(ics).split('\r\n').filter(Boolean);
	const values = (name: string) => props.filter((p) => p.startsWith(`${name}:`) || p.startsWith(`${name};`)).map((p) => p.slice(p.indexOf(':') + 1));

	it('has the calendar header and one event per dated item', () => {
		expect(props.slice(0, 7)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//IKZ-Atlas//DE', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Fristen\\, Kamen\\; Test', 'X-WR-TIMEZONE:Europe/Berlin']);
		expect(props.at(-1)).toBe('END:VCALENDAR');
		expect(values('BEGIN').filter((v) => v === 'VEVENT')).toHaveLength(2);
		expect(values('END').filter((v) => v === 'VEVENT')).toHaveLength(2);
	});

	it('writes all-day events with stable UIDs, a UTC stamp and absolute URLs', () => {
		expect(values('UID')).toEqual(['ende-kreis-1-2027-01-01@ikz-atlas', 'bericht-kreis-unna-2016-07-14@ikz-atlas']);
		expect(values('DTSTAMP')).toEqual(['20260304T050607Z', '20260304T050607Z']);
		expect(props).toContain('DTSTART;VALUE=DATE:20270101');
		expect(props).toContain('DTEND;VALUE=DATE:20270102');
		expect(props).toContain('DTEND;VALUE=DATE:20160715');
		expect(values('URL')).toEqual(['https://ikz.example.org/kooperationen/kreis-1', 'https://ikz.example.org/steuerung/bericht']);
		expect(values('CATEGORIES')).toEqual(['Ende', 'Berichtstermin,abgeleitet']);
	});

	it('round-trips SUMMARY and DESCRIPTION through folding and escaping, naming the precision', () => {
		const [summary] = values('SUMMARY');
		expect(unescapeText(summary!)).toBe(`Ende: ${item().title} (2027, nur Jahr bekannt)`);
		expect(unescapeText(summary!)).toBe(summaryOf(item()));
		const [description] = values('DESCRIPTION');
		const text = unescapeText(description!);
		expect(text).toContain('Beteiligte: Kamen, Bönen');
		expect(text).toContain('Datum: 2027 (Jahr) – im Kalender auf den ersten möglichen Tag gelegt');
		expect(unescapeText(values('SUMMARY')[1]!)).toBe('Berichtstermin: Halbjahresbericht an die Bürgermeisterkonferenz (abgeleitet)');
	});
});
