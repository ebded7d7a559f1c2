/**
 * Posted forms → plain objects → zod. Every form action reads its post through `parseForm` with a
 * schema that lives next to the route (`_schema.ts`) or in the capability it calls, so the rules
 * of a form are written once and in one style: parse → authorise → command → present.
 *
 * `formObject` turns FormData into an object for a schema: a field the schema declares as an
 * array gets every posted value (`getAll`), any other field its first value; a field that was not
 * posted is left out (so `.optional()` / `.default()` decide). Files stay File objects.
 */
import { z } from 'zod';

/** A message at the name of a form field (also the input's id), as the pages render them. */
export interface FieldError {
	field: string;
	message: string;
}

type Posted = FormDataEntryValue | FormDataEntryValue[];

/** Unwrap optional, nullable, default, catch, readonly and pipes down to the declared type. */
function declared(schema: z.ZodType): z.ZodType {
	let s = schema as z.ZodType & { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } };
	for (let depth = 0; depth < 10; depth++) {
		const def = s._zod.def;
		const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
		if (!inner) break;
		s = inner as typeof s;
	}
	return s;
}

const isArrayField = (schema: z.ZodType | undefined): boolean => schema !== undefined && declared(schema)._zod.def.type === 'array';

/** The fields of a post as an object; array fields of `schema` (a z.object) get all their values. */
export function formObject(form: FormData, schema?: z.ZodType): Record<string, Posted> {
	const shape = schema ? (declared(schema) as unknown as { shape?: Record<string, z.ZodType> }).shape : undefined;
	const out: Record<string, Posted> = {};
	for (const key of new Set(form.keys())) {
		if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		const value = isArrayField(shape?.[key]) ? form.getAll(key) : form.get(key);
		if (value !== null) out[key] = value;
	}
	return out;
}

export type FormResult<T> = { ok: true; data: T; form: FormData } | { ok: false; errors: FieldError[]; form: FormData };

/** The zod issues as field errors: the path joined with dots ("participants.2.body"); a
 * form-wide issue (empty path) is reported at `fallbackField`. One message per field. */
export function fieldErrors(error: z.ZodError, fallbackField = 'form'): FieldError[] {
	const seen = new Set<string>();
	const out: FieldError[] = [];
	for (const issue of error.issues) {
		const field = issue.path.length ? issue.path.join('.') : fallbackField;
		if (seen.has(field)) continue;
		seen.add(field);
		out.push({ field, message: issue.message });
	}
	return out;
}

/** Read and validate a post. Accepts the request or its FormData (when the caller needs it too). */
export async function parseForm<S extends z.ZodType>(source: Request | FormData, schema: S, fallbackField?: string): Promise<FormResult<z.output<S>>> {
	const form = source instanceof FormData ? source : await source.formData();
	const r = schema.safeParse(formObject(form, schema), { error: germanError });
	if (r.success) return { ok: true, data: r.data, form };
	return { ok: false, errors: fieldErrors(r.error, fallbackField), form };
}

/** Read a post under a lenient schema (every field has a default or a fallback, so it never
 * fails on a form's own fields): its values, or the schema's defaults for a post it rejects. */
export async function readForm<S extends z.ZodType>(source: Request | FormData, schema: S): Promise<{ data: z.output<S>; form: FormData }> {
	const post = await parseForm(source, schema);
	return { data: post.ok ? post.data : schema.parse({}), form: post.form };
}

/** German defaults for issues a schema gives no message of its own. */
export const germanError: z.core.$ZodErrorMap = (issue) => {
	switch (issue.code) {
		case 'too_big':
			return issue.origin === 'string' ? `Höchstens ${String(issue.maximum)} Zeichen sind erlaubt.` : 'Der Wert ist zu groß.';
		case 'too_small':
			return issue.origin === 'string' && Number(issue.minimum) <= 1 ? 'Bitte dieses Feld ausfüllen.' : 'Der Wert ist zu klein.';
		case 'invalid_value':
			return 'Bitte einen Wert aus der Auswahl wählen.';
		case 'invalid_type':
			return issue.input === undefined ? 'Bitte dieses Feld ausfüllen.' : 'Die Angabe ist ungültig.';
		default:
			return 'Die Angabe ist ungültig.';
	}
};

// ---------------------------------------------------------------------------------------------
// Field kinds shared by the forms

/** A text field: missing → '', otherwise as posted (not trimmed unless asked). */
export const text = () => z.string().default('');
/** A text field, trimmed; missing → ''. */
export const trimmed = () => z.string().trim().default('');
/** A text field cut to at most `max` characters (a post longer than any input allows). */
export const capped = (max: number) => z.string().default('').transform((s) => s.slice(0, max));
/** A checkbox: checked when posted at all. */
export const checkbox = () => z.unknown().optional().transform((v) => v !== undefined && v !== null);
/** A number as `Number(form.get(name))` reads it (missing or empty → 0, text → NaN): for callers
 * whose own checks decide. */
export const numeric = () => z.string().optional().transform((s) => Number(s ?? 0));
/** A hidden lock version or id: a positive whole number, or null when missing or malformed. */
export const positiveInt = () => z.string().optional().transform((s) => (s !== undefined && /^[1-9]\d{0,9}$/.test(s) ? Number(s) : null));
/** A posted lock version: 0 to 999,999,999, or null when missing or malformed (then the post is
 * not one of the rendered form). `trim` first trims the value. */
export const lockVersion = (trim = false) => z.string().catch('').default('').transform((s) => {
	const v = trim ? s.trim() : s;
	return /^\d{1,9}$/.test(v) ? Number(v) : null;
});
/** Just the lock version of a form whose other fields a domain parser reads. */
export const versionForm = z.object({ version: lockVersion() });
/** Every posted value of a repeated field (checkboxes, multi-selects), text only. */
export const many = () => z.array(z.unknown()).default([]).transform((v) => v.filter((x): x is string => typeof x === 'string'));

/** The problems of already-read values under a schema of rules (for forms that keep the values
 * to show them again whatever the rules say). Empty when the values pass. */
export function problems(schema: z.ZodType, values: unknown): FieldError[] {
	const r = schema.safeParse(values, { error: germanError });
	return r.success ? [] : fieldErrors(r.error);
}
