/**
 * What the funding check (/foerderung) takes over from the register: the partners of a
 * cooperation, the bodies an idea names.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { readCooperation } from '../registry/write';
import { readSteering } from '../steering/store';
import { bodyNames } from '../steering/groups';
import { effectCooperation, readFigures } from '../effects/store';
import { savingsShareOf } from '../../domain/effects';

export interface FundingPrefill {
	/** What the check is about, for the page: "Kooperation „…“" or "Idee „…“". */
	label: string;
	href: string;
	partners: number | null;
	/** Why the number of partners is what it is (or why it is left open). */
	partnersNote: string;
	/** The savings in percent of the costs before, from the recorded effect figures (issue 19); null when they do not give one. */
	savingsPercent?: number | null;
	/** Which figures gave it, in German. */
	savingsNote?: string | null;
}

/**
 * A cooperation: the distinct bodies taking part, without outside performers (a welfare
 * association that does the work is not a funded partner).
 */
export async function prefillFromCooperation(db: Kysely<Database>, id: string): Promise<FundingPrefill | null> {
	const stored = await readCooperation(db, id);
	if (!stored) return null;
	const r = stored.record;
	const partners = [...new Set(r.participants.filter((p) => p.role !== 'performer').map((p) => p.body))];
	const names = await bodyNames(db, partners);
	const groups = r.partner_groups.map((g) => g.label);
	const listed = partners.map((b) => names.get(b) ?? b).join(', ');
	let note = partners.length ? `Aus dem Register: ${partners.length} beteiligte Körperschaften (${listed}).` : 'Das Register nennt keine beteiligten Körperschaften.';
	if (groups.length) note += ` Dazu Partner, die nur als Gruppe genannt sind (${groups.join('; ')}): bitte die Zahl anpassen.`;
	note += ' Gezählt sind sie als Partner im Land des Programms; Partner aus einem anderen Land oder Nachbarstaat bitte gesondert eintragen.';
	// Programmes that fund new projects only: a cooperation that already runs is none (issue 22).
	if (r.status === 'active' || r.status === 'ended') note += ' Die Kooperation besteht laut Register bereits; Programme, die nur neue Vorhaben fördern, kommen nur für ein neues Vorhaben in Frage (etwa eine neue Aufgabe).';
	// The 15 % condition: the recorded effect figures, where they give a share (issue 19).
	const coop = await effectCooperation(db, r.id);
	const share = coop ? savingsShareOf(coop, await readFigures(db, r.id)) : null;
	const percent = share ? Math.max(0, Math.round(share.share * 1000) / 10) : null;
	const range = share && Math.abs(share.maxShare - share.minShare) > 0.0005
		? ` Mit den Spannen liegt der Anteil zwischen ${(Math.round(share.minShare * 1000) / 10).toLocaleString('de-DE')} % und ${(Math.round(share.maxShare * 1000) / 10).toLocaleString('de-DE')} %; eingesetzt ist die Mitte.`
		: '';
	return {
		savingsPercent: percent,
		savingsNote: share ? `${share.text} Das sind ${percent!.toLocaleString('de-DE')} % der Kosten vorher${share.share < 0 ? ' (die Kosten sind gestiegen; eingesetzt ist 0 %)' : ''}.${range}` : null,
		label: `Kooperation „${r.title}“`,
		href: `/kooperationen/${r.id}`,
		partners: partners.length >= 2 ? partners.length : null,
		partnersNote: partners.length >= 2 ? note : `${note} Bitte tragen Sie die Zahl der Partner ein.`
	};
}

/** An idea: the bodies it names (who brought it in and who showed interest). */
export async function prefillFromIdea(db: Kysely<Database>, id: string): Promise<FundingPrefill | null> {
	const stored = await readSteering(db, 'idea', id);
	if (!stored) return null;
	const i = stored.record;
	const bodies = [...new Set([i.proposed_by, ...i.interested].filter((b): b is string => !!b))];
	const names = await bodyNames(db, bodies);
	const listed = bodies.map((b) => names.get(b) ?? b).join(', ');
	const count = bodies.length;
	const note = count === 0
		? 'Die Idee nennt noch keine Körperschaft.'
		: `Die Idee nennt ${count === 1 ? 'eine Körperschaft' : `${count} Körperschaften`} (${listed}).`;
	return {
		label: `Idee „${i.title}“`,
		href: `/steuerung/ideen/${i.id}`,
		// One body is no cooperation yet: the number stays open rather than a guess.
		partners: count >= 2 ? count : null,
		partnersNote: count >= 2 ? note : `${note} Bitte tragen Sie die Zahl der voraussichtlichen Partner ein.`
	};
}
