/**
 * Reading a "Partner" cell as people write it (issue 4, item 1): "Lünen, Selm, Werne",
 * "Städte Bergkamen, Kamen und Werne, Gemeinden Bönen und Holzwickede", "Unna / Bönen",
 * "alle kreisangehörigen Kommunen (außer Bergkamen, Lünen und Schwerte)", "weitere 192 Städte
 * und Gemeinden in NRW". The result is a list of pieces: names to resolve to bodies, and partner
 * groups (partners by rule or by number, kept as text). Which names are bodies is decided by the
 * caller's resolver, not here; the rules know no region.
 */

export interface PartnerPiece {
	/** The text as written (trimmed), e.g. "Städte Bergkamen" or "alle kreisfreien Städte". */
	text: string;
	kind: 'name' | 'group';
	/** For a name: the name without a leading kind word ("Bergkamen" for "Städte Bergkamen"). */
	bare?: string;
	/** A note in brackets after a name: "Kamen (ab 2015)" → "ab 2015". */
	note?: string;
	/** For a group: a number it names ("weitere 192 Städte" → 192). */
	count?: number;
}

/** Words that make a piece a rule or a group rather than a name. */
const GROUP_WORDS = /(^|\s)(alle|allen|samtliche|sämtliche|weitere|diverse|sonstige|übrige|ubrige|restliche|außer|ausser|ohne|jeweils|gesamte|gesamten|mehrere|verschiedene|div\.)(\s|$)/iu;
const GROUP_END = /(kommunen|städte und gemeinden|mitgliedskommunen|kreisgebiet|landkreise)$/iu;
/** Leading kind words that a list distributes over names: "Städte A, B und C". */
const KIND_PREFIX = /^(städte|stadt|gemeinden|gemeinde|kreise|kreisstadt|große kreisstadt|städten|gemeinde)\s+/iu;

/** Split at a separator that is not inside brackets. */
function splitOutside(text: string, sep: RegExp): string[] {
	const out: string[] = [];
	let depth = 0;
	let last = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (ch === '(' || ch === '[') depth++;
		else if ((ch === ')' || ch === ']') && depth > 0) depth--;
		else if (depth === 0) {
			sep.lastIndex = i;
			const m = sep.exec(text);
			if (m && m.index === i) {
				out.push(text.slice(last, i));
				last = i + m[0].length;
				i = last - 1;
			}
		}
	}
	out.push(text.slice(last));
	return out.map((s) => s.trim()).filter(Boolean);
}

const COMMA = /\s*[,;\n]\s*/y;
// "und" between names, but not "Städte- und Gemeindebund" (a hyphen before it joins words).
const AND = /(?<!-)\s+(?:und|u\.|sowie|&|\+)\s+/y;
const SPACED_SLASH = /\s+\/\s+/y;

/** A rule or a number of partners rather than a name; a note in brackets does not count. */
export function isGroupText(text: string): boolean {
	const outside = text.replace(/\([^()]*\)/g, ' ').trim();
	return GROUP_WORDS.test(outside) || GROUP_END.test(outside) || /\d/.test(outside);
}

function piece(text: string): PartnerPiece {
	if (isGroupText(text)) {
		const n = /\d+/.exec(text);
		return { text, kind: 'group', ...(n ? { count: Number(n[0]) } : {}) };
	}
	let name = text;
	let note: string | undefined;
	const br = /^(.*\S)\s*\(([^()]*)\)$/.exec(text);
	if (br) {
		name = br[1]!;
		note = br[2]!.trim();
	}
	const bare = name.replace(KIND_PREFIX, '').trim();
	return { text, kind: 'name', ...(bare !== name ? { bare } : {}), ...(note ? { note } : {}) };
}

/** The pieces of a partner cell, in order. Empty or "–" gives none. */
export function splitPartnerText(text: string | null | undefined): PartnerPiece[] {
	const t = (text ?? '').replace(/\s+/g, ' ').trim();
	if (!t || /^[-–—?]+$/.test(t)) return [];
	const out: PartnerPiece[] = [];
	for (const part of splitOutside(t, COMMA)) {
		// A rule ("alle Städte und Gemeinden") stays whole; otherwise names are split at "und" and
		// " / " ("Fröndenberg/Ruhr und diverse" → a name and a group).
		const pieces = splitOutside(part, AND);
		if (isGroupText(pieces[0]!)) {
			out.push(piece(part));
			continue;
		}
		for (const p of pieces) for (const q of splitOutside(p, SPACED_SLASH)) out.push(piece(q));
	}
	return out;
}

/**
 * A title with the partners in brackets at its end (the Kreis list's shape):
 * "Öffentlicher Verkehr … (Kreis Unna, Städte Bergkamen, …)" → title and partner text. Returns
 * null when the title does not end in brackets; the caller decides whether the brackets really
 * name partners (at least one piece resolves to a body).
 */
export function splitTitlePartners(title: string): { title: string; partners: string } | null {
	const t = title.replace(/\s+/g, ' ').trim();
	if (!t.endsWith(')')) return null;
	let depth = 0;
	for (let i = t.length - 1; i >= 0; i--) {
		if (t[i] === ')') depth++;
		else if (t[i] === '(') {
			depth--;
			if (depth === 0) {
				const head = t.slice(0, i).trim();
				const inner = t.slice(i + 1, -1).trim();
				return head && inner ? { title: head, partners: inner } : null;
			}
		}
	}
	return null;
}

/** "Unna/Bönen/Fröndenberg": a slash list without spaces, tried when the whole does not resolve. */
export function slashParts(text: string): string[] | null {
	const parts = text.split('/').map((s) => s.trim());
	return parts.length > 1 && parts.every(Boolean) ? parts : null;
}
