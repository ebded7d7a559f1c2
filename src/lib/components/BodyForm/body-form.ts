/** The text values of the body form (create and edit), as the browser sends them. */
export type BodyFormFields = Record<'name' | 'official_name' | 'kind' | 'ags' | 'parent' | 'lat' | 'lon' | 'note' | 'aliases', string>;

/** The choices of the form: kinds of body and the bodies that can be the parent. */
export interface BodyFormChoices {
	kinds: { id: string; label: string }[];
	parents: { id: string; name: string }[];
}

/** One problem with an entered value, shown at its field (and in the error summary). */
export interface FieldError {
	field: string;
	message: string;
}

/** All messages for one field, joined; null when the field has none. */
export function errorText(errors: readonly FieldError[], field: string): string | null {
	return errors.filter((e) => e.field === field).map((e) => e.message).join(' ') || null;
}
