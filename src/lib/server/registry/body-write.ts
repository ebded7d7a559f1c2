/**
 * Creating and editing bodies (Körperschaften, issue 3, item 2). `saveBody` checks the optimistic
 * lock, refuses a name or alias that already belongs to ANOTHER body (so "Frönd." and
 * "Fröndenberg/Ruhr" can never become two bodies), writes body + body_alias, keeps a snapshot in
 * `record_version`, refreshes the search text of the cooperations the body takes part in, bumps
 * the revision and marks the body as owned by the app (the data files no longer overwrite it).
 * The form values of a stored body (`bodyFormValues`) and the readable diff for the conflict
 * message live here too, shared by the pages "neu" and "bearbeiten"; the form itself is read and
 * checked by `bodyForm` (forms/body.ts).
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { bumpRevision, inTransaction, keepFileState } from '../db/versions';
import { bumpNamesGeneration } from '../db/generation';
import { isPostgres } from '../db/dialect';
import { BODY_KINDS, bodyFile, type BodyRecord } from '../data/data-schema';
import { searchText, type SearchTextNames } from '../data/load-data';
import { foldGerman } from '../../domain/text-fold';
import { BODY_KIND_LABEL } from '../../i18n/de';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { readCooperation } from './write';
import { loadBodyResolver } from './body-resolve';
import { DIRECTORY_REGION } from '../directory/apply';
import { actorLabel } from '../auth/actor-label';
import { column, readJsonOrNull } from '../db/json-columns';
import { BODY_LIMITS, type BodyFormValues } from '../forms/body';

/** A body as saved in one of its versions; one that is no body record reads as a version without snapshot. */
const BODY_SNAPSHOT = column('record_version.snapshot_json (body)', bodyFile.element);

// The form's parser, for the callers that import it from here.
export { parseBodyForm } from '../forms/body';

export interface StoredBody {
	record: BodyRecord;
	regionId: string;
	version: number;
	origin: string;
}

export interface BodyProblem {
	/** The form field it concerns: name, official_name, kind, ags, parent, lat, lon, note, aliases, id. */
	field: string;
	message: string;
}

/** A body to save; a new body may come without an id (it is derived from the name). */
export type BodyInput = Omit<BodyRecord, 'id'> & { id?: string | null };

export interface BodySaveInput {
	record: BodyInput;
	regionId: string;
	/** The version the editor started from; null creates a new body. */
	expectedVersion: number | null;
}

export type BodySaveOutcome =
	| { ok: true; id: string; version: number }
	| { ok: false; reason: 'conflict'; current: StoredBody }
	| { ok: false; reason: 'invalid'; problems: BodyProblem[] };

const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32);
const length = (s: string): number => [...s].length;

/** Rebuild the full record (the data-file shape) from the rows. Aliases leave out the name and
 * the official name (the alias table holds those too, for matching). */
export async function readBody(db: Kysely<Database>, id: string): Promise<StoredBody | null> {
	const b = await db.selectFrom('body').selectAll().where('id', '=', id).executeTakeFirst();
	if (!b) return null;
	const aliases = (await db.selectFrom('body_alias').select('alias').where('body_id', '=', id).orderBy(isPostgres(db) ? sql`ctid` : sql`rowid`).execute()) // insertion order (PostgreSQL: physical order of the rows one insert wrote)
		.map((a) => a.alias)
		.filter((a) => a !== b.name && a !== b.official_name);
	const record: BodyRecord = {
		id: b.id,
		name: b.name,
		...(b.official_name ? { official_name: b.official_name } : {}),
		kind: b.kind as BodyRecord['kind'],
		ags: b.ags,
		aliases,
		parent: b.parent_id,
		lat: b.lat,
		lon: b.lon,
		note: b.note
	};
	return { record, regionId: b.region_id, version: b.version, origin: b.origin };
}

/** The record of one stored version (null when there is no snapshot of it). */
export async function readBodyVersion(db: Kysely<Database>, id: string, version: number): Promise<BodyRecord | null> {
	const row = await db.selectFrom('record_version').select('snapshot_json')
		.where('entity', '=', 'body').where('entity_id', '=', id).where('version', '=', version).executeTakeFirst();
	return row?.snapshot_json ? readJsonOrNull(BODY_SNAPSHOT, row.snapshot_json) : null;
}

/** Every stored version of a body, newest first, with its snapshot (null when the version has none). */
export async function bodyVersions(db: Kysely<Database>, id: string): Promise<{ version: number; at: string; actor_label: string; action: string; comment: string | null; record: BodyInput | null }[]> {
	const rows = await db.selectFrom('record_version').select(['version', 'at', 'actor_label', 'action', 'comment', 'snapshot_json'])
		.where('entity', '=', 'body').where('entity_id', '=', id).orderBy('version', 'desc').execute();
	return rows.map(({ snapshot_json, ...r }) => ({ ...r, record: snapshot_json ? readJsonOrNull(BODY_SNAPSHOT, snapshot_json) : null }));
}

/** An id from a name: the folded name as a slug ("Fröndenberg/Ruhr" → "frondenberg-ruhr"). */
export function slugOf(name: string): string {
	const slug = foldGerman(name)
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 60)
		.replace(/^-+|-+$/g, '');
	return slug || 'koerperschaft';
}

/** Ids that are page names under /koerperschaften/ ("/koerperschaften/neu" is the form, not a body). */
const RESERVED_IDS = new Set(['neu']);

async function freeId(db: Kysely<Database>, name: string): Promise<string> {
	const base = slugOf(name);
	for (let n = 1; ; n++) {
		const id = n === 1 ? base : `${base}-${n}`;
		if (!RESERVED_IDS.has(id) && !(await db.selectFrom('body').select('id').where('id', '=', id).executeTakeFirst())) return id;
	}
}


const ZOD_FIELD_MESSAGE: Record<string, string> = {
	id: 'Die Kennung darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten.',
	name: 'Bitte einen Namen angeben.',
	official_name: 'Der amtliche Name ist ungültig.',
	kind: 'Bitte eine Art aus der Auswahl wählen.',
	ags: 'Der Amtliche Gemeindeschlüssel besteht aus 2 bis 12 Ziffern (z. B. 05978012).',
	aliases: 'Die weiteren Schreibweisen sind ungültig.',
	parent: 'Bitte eine übergeordnete Körperschaft aus der Auswahl wählen.',
	lat: 'Die geografische Breite muss eine Zahl zwischen −90 und 90 sein.',
	lon: 'Die geografische Länge muss eine Zahl zwischen −180 und 180 sein.',
	note: 'Der Hinweis ist ungültig.'
};

/** Every name the body is known by, with the form field it came from. */
function spellings(r: BodyRecord): { text: string; field: string }[] {
	return [
		{ text: r.name, field: 'name' },
		...(r.official_name ? [{ text: r.official_name, field: 'official_name' }] : []),
		...r.aliases.map((text) => ({ text, field: 'aliases' }))
	];
}

/** Checks that need the database: other bodies' names and AGS, the parent. */
async function checkAgainstOthers(db: Kysely<Database>, r: BodyRecord): Promise<BodyProblem[]> {
	const problems: BodyProblem[] = [];
	const all = spellings(r).map((s) => ({ ...s, folded: foldGerman(s.text) }));
	for (const s of all) {
		if (!s.folded) problems.push({ field: s.field, message: `„${s.text}“ enthält keine Buchstaben oder Ziffern. Bitte einen lesbaren Namen angeben.` });
	}
	const folded = [...new Set(all.map((s) => s.folded).filter(Boolean))];
	const owned = folded.length
		? await db.selectFrom('body_alias').innerJoin('body', 'body.id', 'body_alias.body_id')
			.select(['body_alias.alias_folded', 'body.id', 'body.name'])
			.where('body_alias.alias_folded', 'in', folded).where('body_alias.body_id', '!=', r.id).execute()
		: [];
	const reported = new Set<string>();
	for (const s of all) {
		const other = owned.find((o) => o.alias_folded === s.folded);
		if (!other || reported.has(s.folded)) continue;
		reported.add(s.folded);
		problems.push({
			field: s.field,
			message: `„${s.text}“ gehört schon zu ${other.name}. Eine Schreibweise kann nur zu einer Körperschaft gehören: Bitte entfernen Sie sie hier oder ändern Sie zuerst ${other.name}.`
		});
	}
	// An abbreviation that already stands for exactly one other body ("Bergk." → Bergkamen) would
	// take it over here: refused as well.
	const abbreviations = all.filter((s) => s.folded && !owned.some((o) => o.alias_folded === s.folded) && /[\p{L}\p{N}]\./u.test(s.text));
	if (abbreviations.length) {
		const resolver = await loadBodyResolver(db);
		for (const s of abbreviations) {
			const hit = resolver.resolve(s.text);
			if ('id' in hit && hit.id !== r.id && !reported.has(s.folded)) {
				reported.add(s.folded);
				const other = resolver.bodyName(hit.id);
				problems.push({
					field: s.field,
					message: `„${s.text}“ steht als Abkürzung schon für ${other}. Eine Schreibweise kann nur zu einer Körperschaft gehören: Bitte eine eindeutigere Schreibweise verwenden.`
				});
			}
		}
	}
	if (r.ags) {
		const other = await db.selectFrom('body').select(['id', 'name']).where('ags', '=', r.ags).where('id', '!=', r.id).executeTakeFirst();
		if (other) problems.push({ field: 'ags', message: `Der Amtliche Gemeindeschlüssel ${r.ags} gehört schon zu ${other.name}.` });
	}
	if (r.parent) {
		if (r.parent === r.id) problems.push({ field: 'parent', message: 'Eine Körperschaft kann nicht sich selbst übergeordnet sein.' });
		else {
			// Walk up from the parent: reaching this body again would make a cycle.
			const seen = new Set<string>();
			let at: string | null = r.parent;
			while (at && !seen.has(at)) {
				seen.add(at);
				const row: { parent_id: string | null } | undefined = await db.selectFrom('body').select('parent_id').where('id', '=', at).executeTakeFirst();
				if (!row) {
					if (at === r.parent) problems.push({ field: 'parent', message: 'Die gewählte übergeordnete Körperschaft gibt es nicht. Bitte aus der Auswahl wählen.' });
					break;
				}
				if (row.parent_id === r.id) {
					problems.push({ field: 'parent', message: 'Diese Zuordnung ergäbe einen Kreis: Die gewählte Körperschaft ist selbst dieser Körperschaft untergeordnet.' });
					break;
				}
				at = row.parent_id;
			}
		}
	}
	return problems;
}

/** Checks on the record alone: the schema and the limits. */
function checkRecord(input: BodyRecord): { record: BodyRecord | null; problems: BodyProblem[] } {
	const problems: BodyProblem[] = [];
	const parsed = bodyFile.element.safeParse(input);
	if (!parsed.success) {
		const fields = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'name')));
		for (const f of fields) problems.push({ field: f, message: ZOD_FIELD_MESSAGE[f] ?? `Die Angabe „${f}“ ist ungültig.` });
		return { record: null, problems };
	}
	const r = parsed.data;
	if (length(r.name) > BODY_LIMITS.name) problems.push({ field: 'name', message: `Der Name ist zu lang: höchstens ${BODY_LIMITS.name} Zeichen.` });
	if (r.official_name && length(r.official_name) > BODY_LIMITS.officialName)
		problems.push({ field: 'official_name', message: `Der amtliche Name ist zu lang: höchstens ${BODY_LIMITS.officialName} Zeichen.` });
	if (r.aliases.length > BODY_LIMITS.aliases)
		problems.push({ field: 'aliases', message: `Höchstens ${BODY_LIMITS.aliases} weitere Schreibweisen sind möglich, eingegeben sind ${r.aliases.length}.` });
	const long = r.aliases.find((a) => length(a) > BODY_LIMITS.alias);
	if (long) problems.push({ field: 'aliases', message: `Die Schreibweise „${[...long].slice(0, 40).join('')}…“ ist zu lang: höchstens ${BODY_LIMITS.alias} Zeichen je Zeile.` });
	if (r.note && length(r.note) > BODY_LIMITS.note) problems.push({ field: 'note', message: `Der Hinweis ist zu lang: höchstens ${BODY_LIMITS.note} Zeichen.` });
	if ((r.lat == null) !== (r.lon == null))
		problems.push({ field: r.lat == null ? 'lat' : 'lon', message: 'Bitte Breite und Länge zusammen angeben (oder beide leer lassen).' });
	return { record: r, problems };
}

/** The names a cooperation's search text takes from one body. */
const wordsOf = (r: BodyRecord): string[] => [r.name, r.official_name ?? '', ...r.aliases].filter(Boolean);

/** Recompute the search text of every cooperation the body takes part in or performs. */
async function refreshSearchTexts(trx: Kysely<Database>, bodyId: string): Promise<number> {
	const viaParticipation = trx.selectFrom('participation').innerJoin('cooperation', 'cooperation.seq', 'participation.cooperation_seq')
		.select('cooperation.id').where('participation.body_id', '=', bodyId);
	const ids = (await trx.selectFrom('cooperation').select('id').where((eb) => eb.or([eb('performer_body_id', '=', bodyId), eb('id', 'in', viaParticipation)])).execute())
		.map((r) => r.id);
	if (!ids.length) return 0;
	const legalForms = await trx.selectFrom('legal_form').select(['id', 'label', 'short']).execute();
	const words = new Map<string, string[]>();
	const names: SearchTextNames = {
		legalForm: (id) => legalForms.find((l) => l.id === id),
		bodyWords: (id) => words.get(id) ?? []
	};
	for (const id of ids) {
		const coop = await readCooperation(trx, id);
		if (!coop) continue;
		const involved = [...coop.record.participants.map((p) => p.body), ...(coop.record.performer.body ? [coop.record.performer.body] : [])];
		const missing = involved.filter((b) => !words.has(b));
		if (missing.length) {
			const bodies = await trx.selectFrom('body').select(['id', 'name', 'official_name']).where('id', 'in', missing).execute();
			const aliases = await trx.selectFrom('body_alias').select(['body_id', 'alias']).where('body_id', 'in', missing).execute();
			for (const b of bodies) {
				words.set(b.id, [b.name, b.official_name ?? '', ...aliases.filter((a) => a.body_id === b.id).map((a) => a.alias)].filter(Boolean));
			}
		}
		await trx.updateTable('cooperation').set({ search_text: searchText(coop.record, names) }).where('seq', '=', coop.seq).execute();
	}
	return ids.length;
}

/** Validate and write one version of a body. */
export async function saveBody(db: Kysely<Database>, actor: Actor, input: BodySaveInput, now = new Date()): Promise<BodySaveOutcome> {
	const creating = input.expectedVersion === null;
	const givenId = input.record.id?.trim() || null;
	if (!creating && !givenId) return { ok: false, reason: 'invalid', problems: [{ field: 'id', message: 'Es fehlt die Kennung der Körperschaft.' }] };
	const stamp = now.toISOString();
	const label = actorLabel(actor);

	return inTransaction(db, async (trx): Promise<BodySaveOutcome> => {
		const id = givenId ?? (await freeId(trx, input.record.name || 'koerperschaft'));
		const aliases = [...new Set(input.record.aliases.map((a) => a.trim()).filter((a) => a !== ''))];
		const { record, problems } = checkRecord({ ...input.record, id, aliases });
		if (!record) return { ok: false, reason: 'invalid', problems };

		const before = await trx.selectFrom('body').select(['seq', 'version']).where('id', '=', id).executeTakeFirst();
		let old: StoredBody | null = null;
		if (creating) {
			if (before || RESERVED_IDS.has(id)) return { ok: false, reason: 'invalid', problems: [{ field: 'id', message: `Die Kennung ${id} ist schon vergeben.` }] };
		} else {
			if (!before) return { ok: false, reason: 'invalid', problems: [{ field: 'id', message: 'Diese Körperschaft gibt es nicht mehr.' }] };
			if (before.version !== input.expectedVersion) return { ok: false, reason: 'conflict', current: (await readBody(trx, id))! };
			old = await readBody(trx, id);
		}
		problems.push(...(await checkAgainstOthers(trx, record)));
		if (problems.length) return { ok: false, reason: 'invalid', problems };

		const row = {
			id, region_id: input.regionId, name: record.name, official_name: record.official_name ?? null, kind: record.kind,
			ags: record.ags ?? null, parent_id: record.parent ?? null, lat: record.lat ?? null, lon: record.lon ?? null,
			note: record.note ?? null, content_hash: hashOf(record), origin: 'app'
		};
		let version: number;
		if (creating) {
			await trx.insertInto('body').values({ ...row, version: 1 }).execute();
			version = 1;
		} else {
			// Bodies from the data files have no version rows yet: keep their file state as the first version.
			if (old) await keepFileState(trx, { entity: 'body', id, version: old.version, at: stamp, origin: old.origin, snapshotJson: JSON.stringify(old.record) });
			version = before!.version + 1;
			const upd = await trx.updateTable('body').set({ ...row, version })
				.where('id', '=', id).where('version', '=', input.expectedVersion!).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', current: (await readBody(trx, id))! };
			await trx.deleteFrom('body_alias').where('body_id', '=', id).execute();
		}
		const all = [...new Set([record.name, record.official_name, ...record.aliases].filter((a): a is string => !!a))];
		await trx.insertInto('body_alias').values(all.map((alias) => ({ body_id: id, alias, alias_folded: foldGerman(alias) }))).execute();

		if (old && JSON.stringify(wordsOf(old.record)) !== JSON.stringify(wordsOf(record))) await refreshSearchTexts(trx, id);

		await trx.insertInto('record_version').values({
			entity: 'body', entity_id: id, version, at: stamp, actor_id: actor.userId, actor_label: label,
			action: creating ? 'angelegt' : 'bearbeitet', snapshot_json: JSON.stringify(record), comment: null
		}).execute();
		await bumpRevision(trx);
		await bumpNamesGeneration(trx);
		await audit(trx, actor, { action: creating ? 'koerperschaft.angelegt' : 'koerperschaft.geaendert', entity: 'body', entityId: id, detail: { version } }, now);
		return { ok: true, id, version };
	});
}

// ---------------------------------------------------------------------------------------------
// The form (pages /koerperschaften/neu and /koerperschaften/[id]/bearbeiten): read and checked by
// `bodyForm` (forms/body.ts); here the values of a stored record.

const coordText = (v: number | null | undefined): string => (v == null ? '' : String(v).replace('.', ','));

export function bodyFormValues(r: BodyRecord): BodyFormValues {
	return {
		name: r.name, official_name: r.official_name ?? '', kind: r.kind, ags: r.ags ?? '', parent: r.parent ?? '',
		lat: coordText(r.lat), lon: coordText(r.lon), note: r.note ?? '', aliases: r.aliases.join('\n')
	};
}

// ---------------------------------------------------------------------------------------------
// What differs between two versions (the conflict message)

export interface BodyDiffLine {
	field: string;
	label: string;
	before: string | null;
	after: string | null;
}

const FIELDS: ReadonlyArray<[field: string, label: string, read: (r: BodyInput, bodyName: (id: string) => string) => string | null]> = [
	['name', 'Name', (r) => r.name || null],
	['official_name', 'Amtlicher Name', (r) => r.official_name || null],
	['kind', 'Art', (r) => (r.kind ? (BODY_KIND_LABEL[r.kind] ?? r.kind) : null)],
	['ags', 'Amtlicher Gemeindeschlüssel', (r) => r.ags || null],
	['parent', 'Übergeordnete Körperschaft', (r, n) => (r.parent ? n(r.parent) : null)],
	['lat', 'Geografische Breite', (r) => coordText(r.lat) || null],
	['lon', 'Geografische Länge', (r) => coordText(r.lon) || null],
	['aliases', 'Weitere Schreibweisen', (r) => r.aliases.join(', ') || null],
	['note', 'Hinweis', (r) => r.note || null]
];

/** The fields that differ between two versions, as people read them. */
export function diffBodies(before: BodyInput, after: BodyInput, bodyName: (id: string) => string): BodyDiffLine[] {
	const lines: BodyDiffLine[] = [];
	for (const [field, label, read] of FIELDS) {
		const a = read(before, bodyName);
		const b = read(after, bodyName);
		if (a !== b) lines.push({ field, label, before: a, after: b });
	}
	return lines;
}

/** One field of a record as shown in the diff (for a third column, e.g. the user's input). */
export function bodyFieldText(r: BodyInput, field: string, bodyName: (id: string) => string): string | null {
	const f = FIELDS.find(([name]) => name === field);
	return f ? f[2](r, bodyName) : null;
}

/** The choices of the form: kinds with their German labels, and the bodies that may be the parent. */
export async function bodyFormOptions(db: Kysely<Database>, exceptId: string | null = null): Promise<{ kinds: { id: string; label: string }[]; parents: { id: string; name: string }[] }> {
	// The register's bodies, the directory's Kreise and Länder and the current parent; not the
	// 12,000 Gemeinden of the national directory (issue 13).
	const current = exceptId ? (await db.selectFrom('body').select('parent_id').where('id', '=', exceptId).executeTakeFirst())?.parent_id ?? null : null;
	const bodies = await db.selectFrom('body').select(['id', 'name'])
		.where((eb) => eb.or([
			eb('region_id', '!=', DIRECTORY_REGION), eb('kind', 'in', ['kreis', 'land', 'regierungsbezirk']),
			...(current ? [eb('id', '=', current)] : [])
		]))
		.execute();
	const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });
	return {
		kinds: BODY_KINDS.map((id) => ({ id, label: BODY_KIND_LABEL[id] ?? id })),
		parents: bodies.filter((b) => b.id !== exceptId).sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id))
	};
}

/** The German message for a save refused because someone else saved in between. */
export const CONFLICT_MESSAGE =
	'Jemand anderes hat diese Körperschaft inzwischen geändert, während Sie sie bearbeitet haben. Ihre Eingaben sind noch nicht gespeichert; sie stehen unten im Formular. Bitte prüfen Sie die Unterschiede in der Tabelle und speichern Sie dann erneut.';

/** What the edit page shows after a conflict: the changed fields with the user's own input. */
export interface BodyConflict {
	lines: (BodyDiffLine & { mine: string | null })[];
	/** null when there is no snapshot of the version the user started from (then `before` is their input). */
	startedVersion: number | null;
	currentVersion: number;
}
