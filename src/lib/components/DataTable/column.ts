/** A column of a DataTable: its header and how its cells are aligned. */
export interface Column {
	/** The header text; with `hidden` only screen readers get it (e.g. a column of buttons). */
	label: string;
	/** Numbers are right-aligned (header and cells), so digits line up. */
	numeric?: boolean;
	hidden?: boolean;
	/** The unabbreviated header where `label` is an abbreviation: shown as <abbr title>. */
	full?: string;
	/** A further class of the header cell, for a page's own column styles (e.g. `numeric` in app.css). */
	class?: string;
}

/**
 * The columns that apply, in order: a page lists a column only for some users as
 * `isAdmin && { label: 'Region' }`, so the header and the row cells are switched by the same flag.
 */
export function columnsOf(columns: readonly (Column | string | false | null | undefined)[]): Column[] {
	return columns.flatMap((c) => (typeof c === 'string' ? [{ label: c }] : c ? [c] : []));
}

/** The class of a cell (td) in a column: KERN's numeric alignment where the column holds numbers. */
export function cellClass(column: Pick<Column, 'numeric'> | undefined): string {
	return column?.numeric ? 'kern-table__cell kern-table__cell--numeric' : 'kern-table__cell';
}
