/** The props every form field of the app shares (TextField, SelectField), as GOV.UK Frontend's form group (a type, not an interface, so that component examples can check props against it). */
export type FieldProps = {
	id: string;
	/** The form field's name; the id when not given. */
	name?: string;
	label: string;
	hint?: string | null;
	/** The error message at the field; the control is then marked invalid. */
	error?: string | null;
	required?: boolean;
	/** Adds "– optional" to the label. */
	optional?: boolean;
	/** Ids of further elements that describe the field (read after hint and error). */
	describedBy?: string | null;
};

/** The attributes of a field's control (input, textarea, select) that come from the field. */
export interface ControlAttributes {
	id: string;
	name: string;
	required: true | undefined;
	'aria-invalid': 'true' | undefined;
	'aria-describedby': string | undefined;
}

/**
 * The aria-describedby of a control whose field shows the given hint and error (ids `<id>-hint`,
 * `<id>-error`), followed by further ids; undefined when nothing describes it, so the attribute is left out.
 */
export function describedByOf(id: string, hint: string | null | undefined, error: string | null | undefined, ...further: (string | null | undefined)[]): string | undefined {
	return [hint ? `${id}-hint` : null, error ? `${id}-error` : null, ...further].filter(Boolean).join(' ') || undefined;
}

/** Id, name, required and the ARIA state of a field's control. */
export function controlAttributes(f: FieldProps): ControlAttributes {
	return {
		id: f.id,
		name: f.name ?? f.id,
		required: f.required ? true : undefined,
		'aria-invalid': f.error ? 'true' : undefined,
		'aria-describedby': describedByOf(f.id, f.hint, f.error, f.describedBy)
	};
}
