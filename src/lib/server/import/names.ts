/**
 * Names of an imported row (issue 14, parts 1 and 2): partner and lead cells split into names and
 * groups, each name resolved with the place around it (name-resolve.ts); a name that stays
 * unknown is recorded once for the whole file and takes the user's one decision.
 */
import type { CooperationRecord } from '../data/data-schema';
import type { Cell } from '../tables/types';
import type { Target } from '../../domain/import-columns';
import { slashParts, splitPartnerText, splitTitlePartners, type PartnerPiece } from '../../domain/partner-text';
import { foldGerman } from '../../domain/text-fold';
import type { Anchors, Place } from './name-resolve';
import type { Lookups } from './lookups';
import { cellText } from './cells';
import { AS_TEXT, NEW_BODY, type Finding, type ImportOptions } from './model';

/** Resolve a typed name with the place around it; "Unna/Bönen" may be two names. Returns ids or null (unknown). */
export function resolveName(text: string, lk: Lookups, anchors: Anchors): string[] | null {
	const m = lk.dir.resolve(text, anchors);
	if ('id' in m) return [m.id];
	const parts = slashParts(text);
	if (parts) {
		const ids = parts.map((p) => lk.dir.resolve(p, anchors));
		if (ids.every((r) => 'id' in r)) return ids.map((r) => (r as { id: string }).id);
	}
	return null;
}

/** Resolve without context (names only one body carries): the anchors of a row. */
export function resolvePlain(text: string, lk: Lookups): string[] | null {
	const id = lk.dir.resolvePlain(text);
	if (id) return [id];
	const parts = slashParts(text);
	if (parts) {
		const ids = parts.map((p) => lk.dir.resolvePlain(p));
		if (ids.every(Boolean)) return ids as string[];
	}
	return null;
}

export const nameKey = (text: string) => foldGerman(text);

/** The "Partner" cell as the register shows and exports it (registry/present.ts partnerText). */
export function shownPartners(r: CooperationRecord, lk: Lookups): string {
	return [...r.participants.filter((x) => x.role !== 'performer').map((x) => lk.resolver.bodyName(x.body)), ...r.partner_groups.map((g) => g.label)].join(', ');
}

/** Take a record's partners as they are. */
export function keepPartners(r: CooperationRecord, p: Parsed): void {
	for (const x of r.participants) if (x.role !== 'performer' && !p.participants.includes(x.body)) p.participants.push(x.body);
	for (const g of r.partner_groups) p.groups.push({ label: g.label, count: g.count ?? null });
}

export interface RowContext {
	lk: Lookups;
	options: ImportOptions;
	/** The place of the row being read (its partners, its lead body), the file's and the region's. */
	anchors: Anchors;
	unknown: Map<string, { text: string; lines: number[]; anchors: Anchors }>;
	newBodies: Map<string, string>;
	/** Other names chosen for a new body of this pass: kept as its aliases, so the file imports again unchanged. */
	newAliases: Map<string, Set<string>>;
	/** Distinct names (folded) resolved without a choice. */
	resolved: Set<string>;
}

/** The body a picker's search text names, when exactly one. */
export function searchHit(key: string, ctx: RowContext): string | undefined {
	const q = ctx.options.search?.[key]?.trim();
	if (!q) return undefined;
	const m = ctx.lk.dir.resolve(q, ctx.anchors);
	return 'id' in m ? m.id : undefined;
}

/** Resolve one name with the user's decisions; records unknown ones. */
export function decideName(text: string, line: number, ctx: RowContext): { ids: string[] } | { asText: true } | { unknown: true } {
	const ids = resolveName(text, ctx.lk, ctx.anchors);
	const key = nameKey(text);
	if (ids) {
		ctx.resolved.add(key);
		return { ids };
	}
	const u = ctx.unknown.get(key) ?? { text, lines: [], anchors: ctx.anchors };
	if (!u.lines.includes(line)) u.lines.push(line);
	ctx.unknown.set(key, u);
	const d = ctx.options.names[key] ?? searchHit(key, ctx) ?? (ctx.options.createRemaining ? NEW_BODY : undefined);
	if (d === AS_TEXT) return { asText: true };
	if (d === NEW_BODY) {
		ctx.newBodies.set(key, text);
		return { ids: [`${NEW_BODY}:${key}`] };
	}
	// A body created in this pass, chosen for another name ("SW Kamen" → the new "Stadtwerke Kamen").
	if (d?.startsWith(`${NEW_BODY}:`)) {
		const other = d.slice(NEW_BODY.length + 1);
		const u = ctx.unknown.get(other);
		if (other !== key && (ctx.options.names[other] ?? (ctx.options.createRemaining ? NEW_BODY : undefined)) === NEW_BODY && u) {
			ctx.newBodies.set(other, u.text);
			const a = ctx.newAliases.get(other) ?? new Set<string>();
			a.add(text);
			ctx.newAliases.set(other, a);
			return { ids: [d] };
		}
	}
	if (d && (ctx.lk.resolver.bodyName(d) !== d)) return { ids: [d] };
	return { unknown: true };
}

export interface Parsed {
	title: string;
	titleSource: string | null;
	partnerText: string | null;
	participants: string[];
	participantNotes: Map<string, string>;
	groups: { label: string; count: number | null }[];
	findings: Finding[];
	blocked: boolean;
	/** Names not (yet) resolved, folded: they tell rows apart while unresolved. */
	unresolved: string[];
}

export function readPartners(pieces: PartnerPiece[], line: number, ctx: RowContext, p: Parsed): void {
	for (const piece of pieces) {
		if (piece.kind === 'group') {
			p.groups.push({ label: piece.text, count: piece.count ?? null });
			continue;
		}
		const tryTexts = [piece.text, ...(piece.note ? [piece.text.replace(/\s*\([^()]*\)$/, '')] : []), ...(piece.bare ? [piece.bare] : [])];
		let done = false;
		for (const t of tryTexts.slice(0, -1)) {
			const ids = resolveName(t, ctx.lk, ctx.anchors);
			if (ids) {
				for (const id of ids) if (!p.participants.includes(id)) p.participants.push(id);
				if (piece.note) for (const id of ids) p.participantNotes.set(id, piece.note);
				done = true;
				break;
			}
		}
		if (done) continue;
		const last = tryTexts[tryTexts.length - 1]!;
		const d = decideName(last, line, ctx);
		if ('ids' in d) {
			for (const id of d.ids) if (!p.participants.includes(id)) p.participants.push(id);
			if (piece.note) for (const id of d.ids) p.participantNotes.set(id, piece.note);
		} else if ('asText' in d) {
			p.groups.push({ label: piece.text, count: null });
			p.unresolved.push(nameKey(last));
		} else {
			p.blocked = true;
			p.findings.push({ level: 'error', text: `Partner „${last}“ ist unbekannt – bitte unten zuordnen.` });
			p.unresolved.push(nameKey(last));
		}
	}
}

/** Every name a row carries (partners, partners in the title, the lead body), as typed. */
export function namesOfRow(cells: Cell[], col: (t: Target) => number): string[] {
	const v = (t: Target) => (col(t) >= 0 ? cellText(cells[col(t)]) : '');
	const out: string[] = [];
	const pieces = [...splitPartnerText(v('partners'))];
	const split = v('title_with_partners') ? splitTitlePartners(v('title_with_partners')) : null;
	if (split) pieces.push(...splitPartnerText(split.partners));
	for (const pc of pieces) {
		if (pc.kind === 'group') continue;
		out.push(pc.text);
		if (pc.bare) out.push(pc.bare);
	}
	if (v('performer')) out.push(v('performer'));
	return out;
}

/** The places (Kreis, Land) of the names each row carries that only one body has: what decides
 * between bodies of the same name in that row and in the file. One pass over the file, no queries. */
export function placesOfRows(rows: Cell[][], col: (t: Target) => number, lk: Lookups): Place[][] {
	return rows.map((cells) => {
		const places: Place[] = [];
		for (const text of namesOfRow(cells, col)) {
			for (const id of resolvePlain(text, lk) ?? []) {
				const p = lk.dir.place(id);
				if (p) places.push(p);
			}
		}
		return uniquePlaces(places);
	});
}

export function uniquePlaces(places: Place[]): Place[] {
	const seen = new Set<string>();
	return places.filter((p) => { const k = `${p.kreis}|${p.land}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

