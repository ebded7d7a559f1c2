/**
 * The open dataset of a region (issue 4, item 4): every cooperation of the public register that is
 * not archived, in the public shape of the register's own exports (`cooperationJson`, `csvRecord`),
 * plus the bodies they name (`bodyJson`), as CSV and JSON files, and the metadata a DCAT-AP.de
 * record needs (dcat.ts writes it as RDF/XML).
 *
 * Never in it: contacts (Ansprechpartner), user accounts, versions, the audit log, notes or
 * descriptions – the presenters choose their fields explicitly and none of them reads those tables.
 *
 * The rows come from the same in-memory index and the same row reader as `/kooperationen?sort=nr`,
 * so the files list exactly what the register shows, in the same order. The export row limit
 * (EXPORT_MAX_ROWS) does not apply: an open dataset is complete or it is wrong, and its size is
 * bounded by the region's register, not by the request.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex } from '../search/facet-index';
import { cooperationRows, type CooperationRow } from '../registry/rows';
import { bodyList, type BodyListItem } from '../registry/profiles';
import { DIRECTORY_LICENCE_URL, DIRECTORY_PUBLISHER, DIRECTORY_SOURCE, DIRECTORY_TITLE } from '../directory/source';
import { bodyJson, cooperationJson, CSV_HEADER, csvRecord, toCsv } from '../registry/present';
import { readJson, REGION_SOURCE } from '../db/json-columns';

/**
 * The licence of the dataset. It should be a setting (docs/settings.md, src/lib/server/settings.ts);
 * until it is one, this constant is the only place to change it: Datenlizenz Deutschland –
 * Namensnennung – 2.0 (dl-de/by-2-0), the usual licence of German municipal open data. The
 * attribution text is the name of the region's Kreis (the publisher).
 */
/** The licences a region may publish under (setting OPEN_DATA_LICENSE), with their DCAT-AP.de URIs. */
export const LICENSES = {
	'dl-de/by-2-0': {
		id: 'dl-de/by-2-0',
		name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0',
		url: 'https://www.govdata.de/dl-de/by-2-0',
		dcatUri: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0'
	},
	'dl-de/zero-2-0': {
		id: 'dl-de/zero-2-0',
		name: 'Datenlizenz Deutschland – Zero – Version 2.0',
		url: 'https://www.govdata.de/dl-de/zero-2-0',
		dcatUri: 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0'
	},
	'cc-by-4.0': {
		id: 'cc-by-4.0',
		name: 'Creative Commons Namensnennung – 4.0 International',
		url: 'https://creativecommons.org/licenses/by/4.0/',
		dcatUri: 'http://dcat-ap.de/def/licenses/cc-by/4.0'
	}
} as const;
export type LicenseId = keyof typeof LICENSES;
/** The dataset options the settings give (OPEN_DATA_LICENSE, OPEN_DATA_CONTRIBUTOR_ID). */
export function openDataOptions(s: { OPEN_DATA_LICENSE: LicenseId; OPEN_DATA_CONTRIBUTOR_ID?: string | undefined }): { license: LicenseId; contributorId: string | null } {
	return { license: s.OPEN_DATA_LICENSE, contributorId: s.OPEN_DATA_CONTRIBUTOR_ID ?? null };
}
/** The default: the usual licence of German open government data. */
export const LICENSE = LICENSES['dl-de/by-2-0'];

export const VOCAB = {
	themes: [
		'http://publications.europa.eu/resource/authority/data-theme/GOVE',
		'http://publications.europa.eu/resource/authority/data-theme/REGI'
	],
	accessRights: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
	language: 'http://publications.europa.eu/resource/authority/language/DEU',
	/** The register changes whenever someone edits it: irregularly. */
	frequency: 'http://publications.europa.eu/resource/authority/frequency/IRREG',
	districtKey: 'http://dcat-ap.de/def/politicalGeocoding/districtKey/',
	levelDistrict: 'http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict',
	contributors: 'http://dcat-ap.de/def/contributors/',
	fileType: 'http://publications.europa.eu/resource/authority/file-type/',
	mediaType: 'https://www.iana.org/assignments/media-types/'
} as const;

export interface Distribution {
	key: 'csv' | 'json';
	/** Absolute IRI of the distribution in the metadata. */
	iri: string;
	title: string;
	description: string;
	/** Absolute download address (also the access address). */
	url: string;
	filename: string;
	/** EU file-type code (CSV, JSON). */
	format: string;
	/** IANA media type without parameters. */
	mediaType: string;
	/** Size of the file in bytes, as served. */
	byteSize: number;
	/** SHA-1 of the file (the algorithm DCAT-AP's checksum shape accepts); integrity, not security. */
	sha1: string;
}

export interface DatasetMeta {
	regionId: string;
	regionName: string;
	title: string;
	description: string;
	keywords: string[];
	themes: readonly string[];
	/** The page /offene-daten (absolute). */
	landingPage: string;
	/** IRI of the dataset (landing page + fragment). */
	iri: string;
	/** The DCAT-AP.de record itself (absolute). */
	metadataUrl: string;
	publisher: { name: string; url: string | null };
	contactPoint: { name: string; url: string };
	/** ISO instants: the first cooperation stored, the last change to a cooperation or body. */
	issued: string;
	modified: string;
	license: (typeof LICENSES)[LicenseId] & { attribution: string };
	accessRights: string;
	language: string;
	frequency: string;
	/** From the Kreis' AGS (first five digits); null when the Kreis has none. */
	spatial: { districtKey: string; uri: string; levelUri: string } | null;
	/** dcatde:contributorID: only when configured (see `DatasetOptions.contributorId`). */
	contributorId: string | null;
	counts: { cooperations: number; bodies: number };
	/** The national municipality directory, where the dataset passes its data on (AGS of the
	 * bodies): its licence (dl-de/by-2-0) requires the source to be named (issue 13). */
	directorySource: { title: string; publisher: string; attribution: string; licenseUri: string; licenseUrl: string } | null;
	distributions: Distribution[];
}

export interface OpenDataset {
	meta: DatasetMeta;
	files: { csv: string; json: string };
	cooperations: CooperationRow[];
	bodies: BodyListItem[];
}

export interface DatasetOptions {
	/** Put `?region=<id>` into every address (when the request named the region explicitly). */
	regionInUrls?: boolean;
	/**
	 * The GovData contributor id (http://dcat-ap.de/def/contributors/…). It is assigned to the
	 * operator of a portal that delivers to GovData, not to this app, so there is no value to ship;
	 * without one the property is left out (it is optional in DCAT-AP.de).
	 */
	contributorId?: string | null;
	/** The licence (setting OPEN_DATA_LICENSE); default dl-de/by-2-0. */
	license?: LicenseId;
}

/** "im Kreis Unna", "im Hochsauerlandkreis", "im Märkischen Kreis"; null for names that are no Kreis. */
export function regionLocative(regionName: string): string | null {
	const name = regionName.trim();
	// "Märkischer Kreis", "Oberbergischer Kreis": the adjective takes the dative ending.
	if (/er Kreis$/.test(name)) return `im ${name.replace(/er Kreis$/, 'en Kreis')}`;
	if (/^Kreis\s/.test(name) || /kreis$/i.test(name) || /-Kreis\s/.test(name)) return `im ${name}`;
	return null;
}

/** "Interkommunale Zusammenarbeit im Kreis Unna", or "… – Region Hannover" for other names. */
export function datasetTitle(regionName: string): string {
	const where = regionLocative(regionName);
	return where ? `Interkommunale Zusammenarbeit ${where}` : `Interkommunale Zusammenarbeit – ${regionName.trim()}`;
}

/** The five-digit district key (Kreisschlüssel) from an AGS, or null. */
export function districtKey(ags: string | null | undefined): string | null {
	const digits = (ags ?? '').replace(/\s/g, '');
	return /^\d{5,}$/.test(digits) ? digits.slice(0, 5) : null;
}

function normaliseOrigin(baseUrl: string): string {
	const u = new URL(baseUrl);
	if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Keine http(s)-Adresse: ${baseUrl}`);
	return u.origin;
}

/** The region of a request: `region` if it names one (else null = unknown), otherwise the first region. */
export async function openDataRegion(db: Kysely<Database>, requested: string | null): Promise<{ regionId: string; explicit: boolean } | null> {
	const ids = (await db.selectFrom('region').select('id').orderBy('position').orderBy('id').execute()).map((r) => r.id);
	const wanted = requested?.trim().slice(0, 100) || null;
	if (wanted) return ids.includes(wanted) ? { regionId: wanted, explicit: true } : null;
	return ids[0] ? { regionId: ids[0], explicit: false } : null;
}

const iso = (value: string | null | undefined): string | null => {
	if (!value) return null;
	const t = Date.parse(value);
	return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/** Issued and modified: cooperations (archived ones too: archiving changes the dataset) and bodies. */
async function timestamps(db: Kysely<Database>, regionId: string, fallback: string | null): Promise<{ issued: string; modified: string }> {
	const c = await db.selectFrom('cooperation')
		.select((eb) => [eb.fn.max('updated_at').as('modified'), eb.fn.min('created_at').as('issued')])
		.where('region_id', '=', regionId).executeTakeFirst();
	// Bodies have no updated_at; every change in the app leaves a version with its time.
	const b = await db.selectFrom('record_version').innerJoin('body', 'body.id', 'record_version.entity_id')
		.select((eb) => eb.fn.max('record_version.at').as('at'))
		.where('record_version.entity', '=', 'body').where('body.region_id', '=', regionId).executeTakeFirst();
	const candidates = [iso(c?.modified), iso(b?.at)].filter((x): x is string => x !== null).sort();
	const epoch = iso(fallback) ?? new Date(0).toISOString();
	const modified = candidates.at(-1) ?? epoch;
	const issued = iso(c?.issued) ?? modified;
	return { issued: issued < modified ? issued : modified, modified };
}

/** Build the files and the metadata of a region's open dataset for the given public origin. */
export async function openDataset(db: Kysely<Database>, regionId: string, baseUrl: string, opts: DatasetOptions = {}): Promise<OpenDataset> {
	const origin = normaliseOrigin(baseUrl);
	const region = await db.selectFrom('region').select(['id', 'name', 'kreis_body_id', 'source_json']).where('id', '=', regionId).executeTakeFirst();
	if (!region) throw new Error(`Unbekannte Region: ${regionId}`);
	const source = readJson(REGION_SOURCE, region.source_json);
	const kreis = region.kreis_body_id
		? await db.selectFrom('body').select(['id', 'name', 'ags']).where('id', '=', region.kreis_body_id).executeTakeFirst()
		: undefined;

	// The register's rows of this region, in list order (= sort by Nr.).
	const index = await facetIndex(db);
	const own = new Set((await db.selectFrom('cooperation').select('seq')
		.where('region_id', '=', regionId).where('archived_at', 'is', null).execute()).map((r) => r.seq));
	const cooperations = await cooperationRows(db, index.rows.filter((r) => own.has(r.seq)).map((r) => r.seq));
	// The region's bodies and every body a cooperation names (so each id in the file resolves).
	const named = new Set<string>();
	for (const r of cooperations) {
		for (const p of r.partners) named.add(p.id);
		if (r.performer.id) named.add(r.performer.id);
	}
	const bodies = (await bodyList(db)).filter((b) => index.lookups.bodies.get(b.id)?.regions.includes(regionId) || named.has(b.id));

	const { issued, modified } = await timestamps(db, regionId, source.date ?? null);
	const query = opts.regionInUrls ? `?region=${encodeURIComponent(regionId)}` : '';
	const landingPage = `${origin}/offene-daten${query}`;
	const title = datasetTitle(region.name);
	const publisherName = kreis?.name ?? region.name;
	const license = { ...LICENSES[opts.license ?? 'dl-de/by-2-0'], attribution: publisherName };

	// Bodies with an AGS linked to the national directory pass directory data on.
	const linkedIds = new Set((await db.selectFrom('directory_unit').select('body_id').where('body_id', 'in', bodies.length ? bodies.map((b) => b.id) : ['']).execute()).map((u) => u.body_id));
	const directorySource = bodies.some((b) => b.ags && linkedIds.has(b.id))
		? { title: DIRECTORY_TITLE, publisher: DIRECTORY_PUBLISHER, attribution: DIRECTORY_SOURCE, licenseUri: LICENSES['dl-de/by-2-0'].dcatUri, licenseUrl: DIRECTORY_LICENCE_URL }
		: null;

	const csv = toCsv(CSV_HEADER, cooperations.map(csvRecord), ';');
	const json = JSON.stringify({
		dataset: {
			title, modified,
			license: { id: license.id, name: license.name, url: license.url, attribution: license.attribution },
			source: landingPage,
			publisher: publisherName,
			...(directorySource ? { directory_source: { title: directorySource.title, publisher: directorySource.publisher, attribution: directorySource.attribution, license: directorySource.licenseUrl } } : {})
		},
		cooperations: cooperations.map(cooperationJson),
		bodies: bodies.map(bodyJson)
	}) + '\n';

	const file = (key: Distribution['key'], text: string, d: Omit<Distribution, 'key' | 'iri' | 'url' | 'byteSize' | 'sha1'>): Distribution => ({
		key, iri: `${landingPage}#verteilung-${key}`, url: `${origin}/offene-daten/${d.filename}${query}`,
		byteSize: Buffer.byteLength(text, 'utf8'), sha1: createHash('sha1').update(text, 'utf8').digest('hex'), ...d
	});
	const distributions = [
		file('csv', csv, {
			title: `Kooperationen – ${region.name} (CSV)`,
			description: 'Eine Zeile je Kooperation; UTF-8 mit BOM, Trennzeichen Semikolon. Spalten wie in der Ergebnisliste des Registers.',
			filename: 'kooperationen.csv', format: 'CSV', mediaType: 'text/csv'
		}),
		file('json', json, {
			title: `Kooperationen und Körperschaften – ${region.name} (JSON)`,
			description: 'Die Kooperationen mit Partnern (Kennung, Rolle, Beitritt, Austritt), Partnergruppen, Aufgabenerledigung, Rechtsform, Beginn, Ende, Status und Themenfeldern sowie die genannten Körperschaften.',
			filename: 'kooperationen.json', format: 'JSON', mediaType: 'application/json'
		})
	];

	const contributorId = opts.contributorId?.trim() || null;
	if (contributorId && !contributorId.startsWith(VOCAB.contributors)) throw new Error(`Keine DCAT-AP.de-Contributor-ID: ${contributorId}`);
	const key = districtKey(kreis?.ags);
	const sourceDate = /^\d{4}-\d{2}-\d{2}$/.test(source.date ?? '') ? source.date!.split('-').reverse().join('.') : source.date;
	const by = [source.author, sourceDate].filter(Boolean).join(', ');
	const sourceNote = source.title ? ` Grundlage der ersten Fassung: ${source.title}${by ? ` (${by})` : ''}.` : '';

	const meta: DatasetMeta = {
		regionId, regionName: region.name, title,
		description: `Das öffentliche Register der interkommunalen Zusammenarbeit (IKZ) ${regionLocative(region.name) ?? `– ${region.name}`}: `
			+ `${cooperations.length} Kooperationen (Vereinbarungen, Zweckverbände, Verträge, Absprachen) mit Aufgabenbereich, Partnern, `
			+ `Aufgabenerledigung, Rechtsform, Beginn, Ende, Status und Themenfeld sowie die ${bodies.length} Körperschaften, die darin genannt sind oder zur Region gehören. `
			+ `Ohne personenbezogene Daten (keine Ansprechpartner).${sourceNote}`,
		keywords: ['Interkommunale Zusammenarbeit', 'IKZ', 'Kooperation', 'Kommunen', 'Verwaltungskooperation', 'Zweckverband',
			'öffentlich-rechtliche Vereinbarung', region.name],
		themes: VOCAB.themes,
		landingPage, iri: `${landingPage}#datensatz`, metadataUrl: `${origin}/offene-daten/dcat.rdf${query}`,
		publisher: { name: publisherName, url: kreis ? `${origin}/koerperschaften/${encodeURIComponent(kreis.id)}` : null },
		contactPoint: { name: source.author?.trim() || publisherName, url: landingPage },
		issued, modified, license,
		accessRights: VOCAB.accessRights, language: VOCAB.language, frequency: VOCAB.frequency,
		spatial: key ? { districtKey: key, uri: `${VOCAB.districtKey}${key}`, levelUri: VOCAB.levelDistrict } : null,
		contributorId,
		counts: { cooperations: cooperations.length, bodies: bodies.length },
		directorySource,
		distributions
	};
	return { meta, files: { csv, json }, cooperations, bodies };
}

/** The dataset a request asks for (`?region=`, default the first region); null for an unknown region. */
export async function datasetForUrl(db: Kysely<Database>, url: URL, opts: Omit<DatasetOptions, 'regionInUrls'> = {}): Promise<OpenDataset | null> {
	const r = await openDataRegion(db, url.searchParams.get('region'));
	return r ? openDataset(db, r.regionId, url.origin, { ...opts, regionInUrls: r.explicit }) : null;
}

/** What each column of the CSV (and the matching JSON key) means, for the page /offene-daten. */
export const FIELDS: { column: (typeof CSV_HEADER)[number]; json: string; meaning: string }[] = [
	{ column: 'Liste', json: 'list', meaning: 'Die Liste, in der die Kooperation geführt wird: Vereinbarungen mit Beteiligung des Kreises oder Kooperationen der Städte und Gemeinden untereinander (JSON: Kennung der Liste).' },
	{ column: 'Nr.', json: 'number', meaning: 'Laufende Nummer in der Liste.' },
	{ column: 'Aufgabenbereich', json: 'title', meaning: 'Was gemeinsam erledigt wird.' },
	{ column: 'Partner', json: 'partners, partner_groups', meaning: 'Die beteiligten Körperschaften, danach Partnergruppen, die nur als Regel oder Anzahl bekannt sind (z. B. „weitere 192 Städte und Gemeinden in NRW“). JSON: je Partner Kennung, Name, Rolle, Beitritt und Austritt; je Gruppe Bezeichnung und Anzahl.' },
	{ column: 'Aufgabenerledigung durch', json: 'performer', meaning: 'Die Körperschaft, die die Aufgabe erledigt, oder „Beteiligte gemeinsam“, „jede Kommune selbst“, „nicht angegeben“.' },
	{ column: 'Rechtsform', json: 'legal_form.label', meaning: 'Die Rechtsform in einheitlicher Bezeichnung (z. B. öffentlich-rechtliche Vereinbarung, Zweckverband, GmbH, Absprache).' },
	{ column: 'Rechtsform (Quelle)', json: 'legal_form.source', meaning: 'Die Rechtsform so, wie die Quelle sie schreibt.' },
	{ column: 'seit', json: 'start', meaning: 'Beginn, wie angegeben; ungenaue Angaben bleiben erhalten („Schuljahr 1983/84“, „geplant 2015“, „?“).' },
	{ column: 'bis', json: 'end', meaning: 'Ende, wie angegeben; leer, wenn keines bekannt ist.' },
	{ column: 'Status', json: 'status', meaning: 'aktiv, geplant, in Prüfung, befristet oder beendet (JSON: englischer Code active, planned, under_review, temporary, ended).' },
	{ column: 'Themenfeld', json: 'topics', meaning: 'Themenfelder, mehrere durch Semikolon getrennt; leer, wenn keines angegeben ist (JSON: Kennungen der Themenfelder, sonst eine leere Liste).' },
	{ column: 'Org.', json: 'org_unit', meaning: 'Amt oder Gesellschaft des Kreises, bei der die Vereinbarung geführt wird (nur bei der Liste des Kreises).' },
	{ column: 'ID', json: 'id', meaning: 'Dauerhafte Kennung; der Steckbrief steht unter /kooperationen/ID.' },
	{ column: 'Quelle', json: 'source', meaning: 'Woher die Angaben stammen: eine Fundstelle (z. B. Beschluss, Amtsblatt) oder ein Link; leer, wenn nicht angegeben.' }
];

/** The body fields of the JSON file. */
export const BODY_FIELDS: { json: string; meaning: string }[] = [
	{ json: 'id', meaning: 'Dauerhafte Kennung; der Steckbrief steht unter /koerperschaften/ID.' },
	{ json: 'name', meaning: 'Name der Körperschaft.' },
	{ json: 'kind', meaning: 'Art (z. B. kreis, stadt, gemeinde, zweckverband).' },
	{ json: 'ags', meaning: 'Amtlicher Gemeindeschlüssel, wo bekannt.' },
	{ json: 'parent', meaning: 'Der Kreis, zu dem eine Stadt oder Gemeinde gehört.' },
	{ json: 'cooperations', meaning: 'Anzahl der Kooperationen im Register, an denen sie beteiligt ist.' }
];
