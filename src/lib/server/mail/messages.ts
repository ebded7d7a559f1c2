/**
 * The German texts of every mail (issue 19, part 3): plain text, every link absolute from ORIGIN.
 * Pure functions; the callers queue the result with `enqueueMail`.
 */
import type { MailKind } from './kinds';

export interface MailText {
	kind: MailKind;
	subject: string;
	text: string;
}

const germanDay = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('.');
const hoursText = (h: number): string => `${h} ${h === 1 ? 'Stunde' : 'Stunden'}`;

function footer(origin: string, optional: boolean): string {
	const lines = ['', '-- ', 'IKZ-Atlas – Register der interkommunalen Zusammenarbeit', origin, 'Diese Nachricht wurde automatisch erstellt.'];
	if (optional) lines.push(`Welche Nachrichten Sie per E-Mail erhalten, stellen Sie unter ${origin}/konto ein.`);
	return lines.join('\n');
}

export function invitationMail(p: { origin: string; name: string; invitedBy: string; token: string; hours: number }): MailText {
	return {
		kind: 'invitation',
		subject: 'Einladung in den IKZ-Atlas',
		text: [
			`Guten Tag ${p.name},`, '',
			`${p.invitedBy} hat für Sie ein Konto im IKZ-Atlas angelegt.`, '',
			'Bitte legen Sie über diesen Link Ihr Passwort fest:',
			`${p.origin}/einrichtung/${p.token}`, '',
			`Der Link gilt ${hoursText(p.hours)} und nur einmal. Wenn Sie kein Konto erwartet haben, können Sie diese Nachricht löschen.`,
			footer(p.origin, false)
		].join('\n')
	};
}

export function passwordResetMail(p: { origin: string; name: string; token: string; hours: number }): MailText {
	return {
		kind: 'password-reset',
		subject: 'Neues Passwort für den IKZ-Atlas festlegen',
		text: [
			`Guten Tag ${p.name},`, '',
			'für Ihr Konto im IKZ-Atlas wurde ein Link zum Festlegen des Passworts erstellt:',
			`${p.origin}/einrichtung/${p.token}`, '',
			`Der Link gilt ${hoursText(p.hours)} und nur einmal; frühere Links gelten nicht mehr. Wenn Sie das nicht erwartet haben, wenden Sie sich bitte an den Steuerungsdienst.`,
			footer(p.origin, false)
		].join('\n')
	};
}

export function surveyOpenedMail(p: { origin: string; name: string; title: string; regionName: string; deadline: string }): MailText {
	return {
		kind: 'survey-opened',
		subject: `Erhebung „${p.title}“: bitte bis ${germanDay(p.deadline)} antworten`,
		text: [
			`Guten Tag ${p.name},`, '',
			`für ${p.regionName} wurde die Erhebung „${p.title}“ eröffnet. Bitte bestätigen oder korrigieren Sie bis zum ${germanDay(p.deadline)} die Kooperationen, an denen Ihre Körperschaft beteiligt ist:`,
			`${p.origin}/erhebung`,
			footer(p.origin, true)
		].join('\n')
	};
}

export function surveyReminderMail(p: { origin: string; name: string; title: string; deadline: string; days: number }): MailText {
	const when = p.days === 0 ? 'heute' : p.days === 1 ? 'morgen' : `in ${p.days} Tagen`;
	return {
		kind: 'survey-reminder',
		subject: `Erinnerung: Erhebung „${p.title}“ endet am ${germanDay(p.deadline)}`,
		text: [
			`Guten Tag ${p.name},`, '',
			`die Erhebung „${p.title}“ endet ${when}, am ${germanDay(p.deadline)}. Was Ihre Körperschaft noch nicht beantwortet hat, sehen Sie hier:`,
			`${p.origin}/erhebung`,
			footer(p.origin, true)
		].join('\n')
	};
}

export function proposalDecidedMail(p: { origin: string; name: string; id: number; title: string; accepted: boolean; comment: string | null; link: string }): MailText {
	const verdict = p.accepted ? 'angenommen' : 'abgelehnt';
	return {
		kind: 'proposal-decided',
		subject: `Ihr Vorschlag Nr. ${p.id} wurde ${verdict}`,
		text: [
			`Guten Tag ${p.name},`, '',
			`Ihr Vorschlag Nr. ${p.id} („${p.title}“) wurde ${verdict}.`,
			...(p.comment ? ['', 'Begründung:', p.comment] : []),
			'', `${p.origin}${p.link}`,
			footer(p.origin, true)
		].join('\n')
	};
}

export function deadlineMail(p: { origin: string; name: string; what: string; title: string; dateLabel: string; note: string; link: string }): MailText {
	return {
		kind: 'deadline',
		subject: `Frist ${p.dateLabel}: ${p.what} – ${p.title}`,
		text: [
			`Guten Tag ${p.name},`, '',
			`bald ist eine Frist fällig: ${p.what} am ${p.dateLabel}.`,
			p.title, p.note, '',
			`${p.origin}${p.link}`,
			`Alle Fristen: ${p.origin}/steuerung/fristen`,
			footer(p.origin, true)
		].join('\n')
	};
}
