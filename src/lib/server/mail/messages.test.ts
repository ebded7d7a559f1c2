/** The German mail texts (issue 19, part 3): links absolute from the origin, the opt-out hint only where one can opt out. */
import { describe, expect, it } from 'vitest';
import { deadlineMail, invitationMail, passwordResetMail, proposalDecidedMail, surveyOpenedMail, surveyReminderMail, type MailText } from './messages';
import { OPTIONAL_KINDS } from './kinds';
import { senderAddress } from './config';

const origin = 'https://atlas.landkreis-oberhavel.example';
const all: MailText[] = [
	invitationMail({ origin, name: 'Zoë Łukasiewicz', invitedBy: 'Büro des Landrats', token: 'AbC-123_x', hours: 72 }),
	passwordResetMail({ origin, name: 'Zoë Łukasiewicz', token: 'AbC-123_x', hours: 1 }),
	surveyOpenedMail({ origin, name: 'Amt Gransee', title: 'Erhebung 2027', regionName: 'Landkreis Oberhavel', deadline: '2027-03-31' }),
	surveyReminderMail({ origin, name: 'Amt Gransee', title: 'Erhebung 2027', deadline: '2027-03-31', days: 1 }),
	proposalDecidedMail({ origin, name: 'Amt Gransee', id: 4, title: 'Gemeinsamer Bauhof', accepted: true, comment: null, link: '/vorschlaege/4' }),
	deadlineMail({ origin, name: 'Amt Gransee', what: 'Ende', title: 'Zweckverband Wasser', dateLabel: '2027 (Jahr)', note: 'Ende laut Eintrag: „2027“', link: '/kooperationen/ohv-7' })
];

describe('mail texts', () => {
	it('every link starts with the origin; no placeholder is left', () => {
		for (const m of all) {
			const links = m.text.match(/https?:\/\/\S+/g) ?? [];
			expect(links.length, m.kind).toBeGreaterThan(0);
			for (const l of links) expect(l.startsWith(`${origin}`), l).toBe(true);
			expect(m.text).not.toMatch(/undefined|null|NaN|\[object/);
			expect(m.subject.length).toBeGreaterThan(5);
			expect(m.subject).not.toContain('\n');
		}
	});

	it('the one-time link carries the token unchanged; the opt-out hint stands only in optional kinds', () => {
		expect(all[0]!.text).toContain(`${origin}/einrichtung/AbC-123_x`);
		expect(all[1]!.text).toContain('Der Link gilt 1 Stunde und');
		expect(all[0]!.text).toContain('Der Link gilt 72 Stunden und');
		for (const m of all) expect(m.text.includes(`${origin}/konto`), m.kind).toBe(OPTIONAL_KINDS.includes(m.kind));
	});

	it('dates are German; the reminder says how near the deadline is', () => {
		expect(all[2]!.subject).toBe('Erhebung „Erhebung 2027“: bitte bis 31.03.2027 antworten');
		expect(all[3]!.text).toContain('endet morgen, am 31.03.2027');
		expect(surveyReminderMail({ origin, name: 'x', title: 't', deadline: '2027-03-31', days: 0 }).text).toContain('endet heute');
		expect(surveyReminderMail({ origin, name: 'x', title: 't', deadline: '2027-03-31', days: 5 }).text).toContain('endet in 5 Tagen');
		expect(all[4]!.subject).toBe('Ihr Vorschlag Nr. 4 wurde angenommen');
		expect(all[4]!.text).not.toContain('Begründung');
	});

	it('the sender address is read from "Name <address>" or a bare address', () => {
		expect(senderAddress('IKZ-Atlas Oberhavel <ikz@oberhavel.example>')).toBe('ikz@oberhavel.example');
		expect(senderAddress(' ikz@oberhavel.example ')).toBe('ikz@oberhavel.example');
		expect(senderAddress('IKZ-Atlas')).toBeNull();
		expect(senderAddress('a b@c.example')).toBeNull();
	});
});
