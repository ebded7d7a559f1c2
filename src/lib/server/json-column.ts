/**
 * Reading the JSON text columns the app writes itself (a region's lists, a legal form's spellings,
 * a reasoning, an audit detail, a body's version snapshot) through a zod schema instead of parsing
 * and casting to a type: a column whose content does not have the expected shape is an error at
 * the read, not a wrong value further on.
 */
import { z } from 'zod';

/** The column's text parsed and checked against `schema` (throws on malformed JSON or a wrong shape). */
export function jsonColumn<S extends z.ZodType>(text: string, schema: S): z.output<S> {
	return schema.parse(JSON.parse(text));
}

/** The column's value under `schema`, or null when the text is no JSON or has another shape. */
export function jsonColumnOrNull<S extends z.ZodType>(text: string, schema: S): z.output<S> | null {
	try {
		const r = schema.safeParse(JSON.parse(text));
		return r.success ? r.data : null;
	} catch {
		return null;
	}
}

/** A list of strings (spellings, match words, reasoning lines). */
export const stringList = z.array(z.string());
/** A list of id and label pairs (a region's cooperation lists). */
export const labelledList = z.array(z.object({ id: z.string(), label: z.string() }));
/** A JSON object with any values (an audit entry's detail). */
export const jsonObject = z.record(z.string(), z.unknown());
