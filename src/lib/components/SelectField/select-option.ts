/** One choice of a SelectField: the submitted value and the visible text. */
export interface SelectOption {
	id: string;
	label: string;
}

/** Choices shown under a heading (an `<optgroup>`). */
export interface SelectGroup {
	label: string;
	options: SelectOption[];
}

/** Options from a list of plain values, each shown as itself (or through `label`). */
export function valueOptions<T extends string | number>(values: readonly T[], label: (v: T) => string = String): SelectOption[] {
	return values.map((v) => ({ id: String(v), label: label(v) }));
}
