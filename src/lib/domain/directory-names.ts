/**
 * The names of a unit of the official municipality directory (issue 13): from the record kind
 * (Satzart), the kind of unit (Textkennzeichen) and the name as Destatis writes it ("Lünen, Stadt",
 * "Garmisch-Partenkirchen, M", "Marktl (VGem)", "GVV Aidlingen/Grafenau", "Reg.-Bez. Arnsberg")
 * derive the display name, the official name with its designation, the body kind of the register
 * and the short forms people write ("Stadt Lünen", "Markt Garmisch-Partenkirchen", "VGem Marktl",
 * "Lkr. Cham", "LK Görlitz"). Pure rules, no I/O and no list of places: the same rules for every
 * Land. Strong forms name the unit; weak forms ("Cham" for the Landkreis, "Halle" for
 * "Halle (Saale)") only count when no unit has the text as a strong form.
 */

/** Satzart: 10 Land, 20 Regierungsbezirk, 40 Kreis, 50 Gemeindeverband, 60 Gemeinde. */
export type DirectoryLevel = 10 | 20 | 40 | 50 | 60;

export interface DirectoryNameInput {
	level: number;
	/** Textkennzeichen (kind of unit), empty for Länder and Regierungsbezirke. */
	tk: string | null;
	/** The name as the directory writes it. */
	name: string;
}

export interface DirectoryNames {
	display: string;
	official: string;
	/** Body kind of the register (data-schema BODY_KINDS). */
	kind: string;
	/** The German name of the kind of unit (from the Textkennzeichen). */
	kindLabel: string;
	forms: string[];
	weakForms: string[];
}

/** The German kind of unit by Textkennzeichen (the directory's own terms). */
export const DIRECTORY_KIND_LABEL: Record<string, string> = {
	'41': 'Kreisfreie Stadt', '42': 'Stadtkreis', '43': 'Kreis', '44': 'Landkreis', '45': 'Regionalverband',
	'50': 'Verbandsfreie Gemeinde', '51': 'Amt', '52': 'Samtgemeinde', '53': 'Verbandsgemeinde',
	'54': 'Verwaltungsgemeinschaft', '55': 'Kirchspielslandgemeinde', '56': 'Verwaltungsverband',
	'58': 'Erfüllende Gemeinde', '60': 'Markt', '61': 'Kreisfreie Stadt', '62': 'Stadtkreis', '63': 'Stadt',
	'64': 'Gemeinde', '65': 'Gemeindefreies Gebiet (bewohnt)', '66': 'Gemeindefreies Gebiet (unbewohnt)',
	'67': 'Große Kreisstadt'
};

/** Abbreviated designations after the comma, as the directory writes them (Bayern, Hessen, …). */
const DESIGNATION: Record<string, string> = {
	m: 'Markt', st: 'Stadt', gkst: 'Große Kreisstadt', 'krst.': 'Kreisstadt', krst: 'Kreisstadt',
	'gemfr. gebiet': 'gemeindefreies Gebiet', 'gemfr. geb.': 'gemeindefreies Gebiet', 'gemfr. bezirk': 'gemeindefreier Bezirk'
};

/** Expand one designation part: "M" → "Markt", "Barbarossast." → "Barbarossastadt". */
export function expandDesignation(part: string): string {
	const p = part.trim();
	const known = DESIGNATION[p.toLowerCase()];
	if (known) return known;
	return p.replace(/(\p{L})st\.(?=\s|$)/gu, '$1stadt');
}

/** A designation that reads well in front of the name ("Stadt", "Freie und Hansestadt", "Große Kreisstadt"). */
function isPrefixDesignation(d: string): boolean {
	return /^\p{Lu}[\p{L}-]*(?: (?:und|\p{Lu}[\p{L}-]*))*$/u.test(d);
}

const uniq = (xs: string[]): string[] => [...new Set(xs.map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean))];

/** "Sankt Augustin" ↔ "St. Augustin"; "Halle (Saale)" ↔ "Halle/Saale"; bare "Halle" as a weak form. */
function spellingVariants(base: string): { strong: string[]; weak: string[] } {
	const strong: string[] = [];
	const weak: string[] = [];
	if (/\bSankt\b/.test(base)) strong.push(base.replace(/\bSankt\b/g, 'St.'));
	if (/\bSt\. ?/.test(base)) strong.push(base.replace(/\bSt\. ?/g, 'Sankt '));
	const bracket = /^(.+?) \(([^)]+)\)$/.exec(base);
	if (bracket) {
		strong.push(`${bracket[1]}/${bracket[2]}`, `${bracket[1]} ${bracket[2]}`);
		weak.push(bracket[1]!);
	}
	const slash = /^([^/]+?)\s*\/\s*([^/]+)$/.exec(base);
	if (slash && !bracket) {
		strong.push(`${slash[1]} (${slash[2]})`);
		weak.push(slash[1]!);
	}
	return { strong, weak };
}

function splitName(name: string): { base: string; parts: string[] } {
	const i = name.indexOf(', ');
	if (i < 0) return { base: name.trim(), parts: [] };
	return { base: name.slice(0, i).trim(), parts: name.slice(i + 2).split(', ').map(expandDesignation).filter(Boolean) };
}

function gemeinde(u: DirectoryNameInput, tk: string): DirectoryNames {
	const { base, parts } = splitName(u.name);
	const forms = [base, u.name];
	const weak: string[] = [];
	for (const p of parts) {
		if (isPrefixDesignation(p)) forms.push(`${p} ${base}`);
		else {
			const first = p.split(' ')[0]!;
			if (/stadt$/i.test(first) || /^(Markt|Gemeinde|Flecken)$/.test(first)) forms.push(`${first} ${base}`);
		}
	}
	const town = ['61', '62', '63', '67'].includes(tk) || parts.some((p) => /stadt\b/i.test(p));
	if (town) forms.push(`Stadt ${base}`);
	if (tk === '60' || parts.includes('Markt')) forms.push(`Markt ${base}`, `Marktgemeinde ${base}`, `Gemeinde ${base}`);
	if (tk === '64') forms.push(`Gemeinde ${base}`);
	if (tk === '67') forms.push(`Große Kreisstadt ${base}`, `GKSt ${base}`, `Gr. Kreisstadt ${base}`);
	if (tk === '61' || tk === '41') forms.push(`Kreisfreie Stadt ${base}`);
	if (tk === '62' || tk === '42') forms.push(`Stadtkreis ${base}`);
	const v = spellingVariants(base);
	forms.push(...v.strong);
	weak.push(...v.weak);
	const official = parts.length === 1 && isPrefixDesignation(parts[0]!) ? `${parts[0]} ${base}` : parts.length ? `${base}, ${parts.join(', ')}` : base;
	const kind = tk === '61' || tk === '62' || tk === '41' || tk === '42' ? 'kreisfreie-stadt'
		: tk === '63' || tk === '67' ? 'stadt'
			: tk === '65' || tk === '66' ? 'gemeindefreies-gebiet' : 'gemeinde';
	return { display: base, official, kind, kindLabel: DIRECTORY_KIND_LABEL[tk] ?? 'Gemeinde', forms: uniq(forms), weakForms: uniq(weak) };
}

/** Initials of a hyphenated Kreis name with at least three parts: "Rhein-Sieg-Kreis" → "RSK". */
function kreisInitials(name: string): string | null {
	const parts = name.split('-').filter(Boolean);
	if (parts.length < 3 || !/kreis$/i.test(name)) return null;
	return parts.map((p) => p[0]!.toUpperCase()).join('');
}

function kreis(u: DirectoryNameInput, tk: string): DirectoryNames {
	const { base, parts } = splitName(u.name);
	const hasKreis = /kreis/i.test(base);
	// The source name alone ("Cham") names the Kreis only weakly: people mean the town.
	const forms = hasKreis || parts.length ? [u.name] : [];
	const weak: string[] = [];
	let display: string;
	if (tk === '45') {
		display = /regionalverband/i.test(base) ? base : `Regionalverband ${base}`;
		forms.push(display);
		weak.push(base.replace(/^Regionalverband\s+/i, ''));
	} else if (hasKreis) {
		display = base;
		forms.push(base);
		const initials = kreisInitials(base);
		if (initials) forms.push(initials);
		const m = /^(?:Land)?[Kk]reis\s+(.+)$/.exec(base);
		if (m) {
			weak.push(m[1]!);
			if (tk === '44') forms.push(`Lkr. ${m[1]}`, `LK ${m[1]}`, `Landkreis ${m[1]}`, `Kreis ${m[1]}`);
			else forms.push(`Kr. ${m[1]}`, `Kreis ${m[1]}`);
		}
	} else if (tk === '44') {
		display = `Landkreis ${base}`;
		forms.push(display, `Lkr. ${base}`, `Lkr ${base}`, `LK ${base}`, `Lk. ${base}`, `LKr. ${base}`, `Landkr. ${base}`, `Kreis ${base}`, `Lkrs. ${base}`);
		weak.push(base);
	} else {
		display = `Kreis ${base}`;
		forms.push(display, `Kr. ${base}`, `Krs. ${base}`, `Landkreis ${base}`);
		weak.push(base);
	}
	for (const p of parts) forms.push(`${p} ${base}`);
	const v = spellingVariants(base);
	for (const s of v.strong) forms.push(tk === '44' && !hasKreis ? `Landkreis ${s}` : `Kreis ${s}`);
	return { display, official: display, kind: 'kreis', kindLabel: DIRECTORY_KIND_LABEL[tk] ?? 'Kreis', forms: uniq(forms), weakForms: uniq(weak) };
}

/** Gemeindeverband kinds: full name and the abbreviations people write. */
const VERBAND: Record<string, { full: string; short: string[] }> = {
	'51': { full: 'Amt', short: [] },
	'52': { full: 'Samtgemeinde', short: ['SG', 'Samtgem.'] },
	'53': { full: 'Verbandsgemeinde', short: ['VG', 'VGem', 'Verbandsgem.'] },
	'54': { full: 'Verwaltungsgemeinschaft', short: ['VG', 'VGem', 'Verw.-Gem.'] },
	'55': { full: 'Kirchspielslandgemeinde', short: [] },
	'56': { full: 'Verwaltungsverband', short: ['GVV', 'VVB', 'Gemeindeverwaltungsverband'] },
	'58': { full: 'Erfüllende Gemeinde', short: [] }
};

function verband(u: DirectoryNameInput, tk: string): DirectoryNames {
	const kindLabel = DIRECTORY_KIND_LABEL[tk] ?? 'Gemeindeverband';
	const v = VERBAND[tk] ?? { full: 'Gemeindeverband', short: [] };
	let base = u.name.trim();
	let sourcePrefixed = false;
	// "Marktl (VGem)", "GVV Aidlingen/Grafenau", "VVG der Stadt Herrenberg", "Verwaltungsgemeinschaft X".
	const bracket = /^(.+?)\s*\((VGem|VG|Amt|SG|GVV)\)$/.exec(base);
	if (bracket) base = bracket[1]!;
	const prefix = /^(VVG|GVV|VG|VGem|Amt|SG|Verwaltungsgemeinschaft|Verwaltungsverband|Gemeindeverwaltungsverband|Verbandsgemeinde|Samtgemeinde)\s+(?:der\s+(?:Stadt|Gemeinde)\s+)?(.+)$/.exec(base);
	if (prefix) { base = prefix[2]!; sourcePrefixed = true; }
	const { base: plain, parts } = splitName(base);
	base = plain;
	const display = tk === '58' ? `${base} (erfüllende Gemeinde)` : sourcePrefixed ? u.name.trim() : `${v.full} ${base}`;
	const forms = [display, u.name, `${v.full} ${base}`, ...v.short.map((s) => `${s} ${base}`)];
	if (tk === '54' && prefix?.[1] === 'VVG') forms.push(`VVG ${base}`, `Vereinbarte Verwaltungsgemeinschaft ${base}`);
	for (const p of parts) forms.push(`${v.full} ${p} ${base}`);
	const weak = tk === '58' ? [] : [base];
	const official = tk === '58' ? `Erfüllende Gemeinde ${base}` : `${v.full} ${base}`;
	return { display, official, kind: 'gemeindeverband', kindLabel, forms: uniq(forms), weakForms: uniq(weak) };
}

function regierungsbezirk(u: DirectoryNameInput): DirectoryNames {
	let base = u.name.trim();
	const former = /^früher:\s*/i.test(base);
	base = base.replace(/^früher:\s*/i, '');
	const m = /^(?:Reg\.-Bez\.|Regierungsbezirk|RB)\s+(.+)$/.exec(base);
	const region = /^(Statistische Region|Direktionsbezirk)\s+(.+)$/.exec(base);
	const core = m ? m[1]! : region ? region[2]! : base;
	const full = region ? base : `Regierungsbezirk ${core}`;
	const display = former ? `${full} (ehemals)` : full;
	const forms = [display, full, u.name, ...(region ? [] : [`Reg.-Bez. ${core}`, `RB ${core}`, `Regbez. ${core}`])];
	return { display, official: display, kind: 'regierungsbezirk', kindLabel: region ? region[1]! : 'Regierungsbezirk', forms: uniq(forms), weakForms: [core] };
}

/** Every name of one directory unit. */
export function directoryNames(u: DirectoryNameInput): DirectoryNames {
	const tk = (u.tk ?? '').trim();
	if (u.level === 10) {
		const name = u.name.trim();
		return { display: name, official: name, kind: 'land', kindLabel: 'Land', forms: uniq([name, `Land ${name}`, `Bundesland ${name}`]), weakForms: [] };
	}
	if (u.level === 20) return regierungsbezirk(u);
	if (u.level === 40) return tk === '41' || tk === '42' ? gemeinde(u, tk) : kreis(u, tk);
	if (u.level === 50) return verband(u, tk);
	return gemeinde(u, tk);
}
