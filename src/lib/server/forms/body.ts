/**
 * The body form (/koerperschaften/neu, /koerperschaften/[id]/bearbeiten): `bodyForm` reads the
 * post into the values as typed (one line each, aliases and note multi-line, control characters
 * and bidi overrides removed, trimmed) and checks them, German messages at the fields; `record`
 * is null while there are errors. The checks that need the database stay with `saveBody`.
 */
import { z } from 'zod';
import { text } from './form-data';
import { BODY_KINDS, type BodyRecord } from '../data/data-schema';
import { foldGerman } from '../../domain/text-fold';
import type { BodyInput, BodyProblem } from '../registry/body-write';

/** Maximum lengths (characters) and number of aliases. */
export const BODY_LIMITS = { name: 200, officialName: 300, alias: 200, aliases: 50, note: 2000 } as const;

/** The form's strings, exactly as typed (trimmed); aliases one per line. */
export interface BodyFormValues {
	name: string;
	official_name: string;
	kind: string;
	ags: string;
	parent: string;
	lat: string;
	lon: string;
	note: string;
	aliases: string;
}

export const EMPTY_BODY_FORM: BodyFormValues = { name: '', official_name: '', kind: '', ags: '', parent: '', lat: '', lon: '', note: '', aliases: '' };

// Control characters, bidi overrides and the BOM: invisible, and a way to disguise text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const oneLine = (v: unknown): string => (typeof v === 'string' ? v.replace(/[\t\r\n]/g, ' ').replace(CONTROL, '').trim() : '');
const lines = (v: unknown): string => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim() : '');
const line = () => text().catch('').transform(oneLine);
const multiLine = () => text().catch('').transform(lines);
const length = (s: string): number => [...s].length;

const bodyFields = z.object({
	name: line(), official_name: line(), kind: line(), ags: line(), parent: line(), lat: line(), lon: line(), note: multiLine(), aliases: multiLine()
});

type Checked = { values: BodyFormValues; record: BodyInput | null; errors: BodyProblem[] };

/** The rules of the form on the values alone. */
function checkBody(values: BodyFormValues): Checked {
	const errors: BodyProblem[] = [];
	const fail = (field: string, message: string): void => {
		errors.push({ field, message });
	};
	if (values.name === '') fail('name', 'Bitte den Namen der Körperschaft angeben (z. B. „Fröndenberg/Ruhr“).');
	else if (length(values.name) > BODY_LIMITS.name) fail('name', `Der Name ist zu lang: höchstens ${BODY_LIMITS.name} Zeichen, eingegeben sind ${length(values.name)}.`);
	if (length(values.official_name) > BODY_LIMITS.officialName)
		fail('official_name', `Der amtliche Name ist zu lang: höchstens ${BODY_LIMITS.officialName} Zeichen, eingegeben sind ${length(values.official_name)}.`);

	const kinds: readonly string[] = BODY_KINDS;
	if (values.kind === '') fail('kind', 'Bitte die Art der Körperschaft wählen.');
	else if (!kinds.includes(values.kind)) fail('kind', `„${values.kind}“ ist keine bekannte Art. Bitte eine Art aus der Auswahl wählen.`);

	const ags = values.ags.replace(/\s+/g, '');
	if (ags !== '' && !/^\d{2,12}$/.test(ags))
		fail('ags', `Der Amtliche Gemeindeschlüssel besteht nur aus Ziffern (2 bis 12, z. B. 05978012), nicht „${values.ags}“.`);

	if (values.parent !== '' && !/^[a-z0-9][a-z0-9-]{0,80}$/.test(values.parent)) fail('parent', 'Bitte eine übergeordnete Körperschaft aus der Auswahl wählen.');

	const coord = (field: 'lat' | 'lon', label: string, max: number): number | null => {
		const raw = values[field];
		if (raw === '') return null;
		const n = /^[+\-−]?\d{1,3}([.,]\d{1,8})?$/.test(raw) ? Number(raw.replace(',', '.').replace('−', '-')) : NaN;
		if (!Number.isFinite(n) || Math.abs(n) > max) {
			fail(field, `${label} muss eine Zahl zwischen −${max} und ${max} sein (z. B. ${field === 'lat' ? '51,473' : '7,767'}), nicht „${raw}“.`);
			return null;
		}
		return n;
	};
	const lat = coord('lat', 'Die geografische Breite', 90);
	const lon = coord('lon', 'Die geografische Länge', 180);
	if ((values.lat === '') !== (values.lon === '')) fail(values.lat === '' ? 'lat' : 'lon', 'Bitte Breite und Länge zusammen angeben (oder beide leer lassen).');

	if (length(values.note) > BODY_LIMITS.note) fail('note', `Der Hinweis ist zu lang: höchstens ${BODY_LIMITS.note} Zeichen, eingegeben sind ${length(values.note)}.`);

	const aliases = [...new Set(values.aliases.split('\n').map(oneLine).filter((a) => a !== ''))];
	if (aliases.length > BODY_LIMITS.aliases) fail('aliases', `Höchstens ${BODY_LIMITS.aliases} weitere Schreibweisen sind möglich, eingegeben sind ${aliases.length}.`);
	const long = aliases.find((a) => length(a) > BODY_LIMITS.alias);
	if (long) fail('aliases', `Die Schreibweise „${[...long].slice(0, 40).join('')}…“ ist zu lang: höchstens ${BODY_LIMITS.alias} Zeichen je Zeile.`);
	const unreadable = aliases.find((a) => foldGerman(a) === '');
	if (unreadable) fail('aliases', `Die Schreibweise „${unreadable}“ enthält keine Buchstaben oder Ziffern. Bitte die Zeile entfernen.`);

	if (errors.length) return { values, record: null, errors };
	return {
		values,
		record: {
			name: values.name,
			...(values.official_name ? { official_name: values.official_name } : {}),
			kind: values.kind as BodyRecord['kind'],
			ags: ags || null,
			aliases,
			parent: values.parent || null,
			lat,
			lon,
			note: values.note || null
		},
		errors
	};
}

/** The body form: its values as typed, the record (null while there are errors) and the errors. Never fails. */
export const bodyForm = bodyFields.transform(checkBody);

/** The same for any source with `get` (FormData, a Map of fields). */
export const parseBodyForm = (form: { get(name: string): unknown }): Checked =>
	bodyForm.parse(Object.fromEntries(Object.keys(bodyFields.shape).map((k) => [k, form.get(k)])));
