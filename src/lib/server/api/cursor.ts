/**
 * Opaque cursors for paging: base64url of the position in the result (offset and the internal
 * sequence number of the last item returned) plus a hash of the query, so a cursor is only used
 * with the query it came from. When the register changed in between, paging continues after the
 * last item seen if it is still there.
 */
import { createHash } from 'node:crypto';

export interface CursorPosition {
	offset: number;
	lastKey: string;
}

export const queryHash = (normalised: string): string => createHash('sha256').update(normalised).digest('base64url').slice(0, 12);

export function encodeCursor(pos: CursorPosition, hash: string): string {
	return Buffer.from(JSON.stringify({ o: pos.offset, k: pos.lastKey, h: hash }), 'utf8').toString('base64url');
}

/** The position, or null when the cursor is malformed or belongs to another query. */
export function decodeCursor(cursor: string, hash: string): CursorPosition | null {
	try {
		const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; k?: unknown; h?: unknown };
		if (typeof v.o !== 'number' || !Number.isInteger(v.o) || v.o < 0 || v.o > 10_000_000) return null;
		if (typeof v.k !== 'string' || v.k.length > 200 || v.h !== hash) return null;
		return { offset: v.o, lastKey: v.k };
	} catch {
		return null;
	}
}

/** The keys of the whole result in order: an array, or a view that reads them on demand. */
export interface ResultKeys {
	readonly length: number;
	at(k: number): string | undefined;
	indexOf(key: string): number;
}

/** Where the next page starts in `keys` (the whole result in order). */
export function resumeAt(keys: ResultKeys, pos: CursorPosition): number {
	if (pos.offset > 0 && keys.at(pos.offset - 1) === pos.lastKey) return pos.offset;
	const i = keys.indexOf(pos.lastKey);
	return i >= 0 ? i + 1 : Math.min(pos.offset, keys.length);
}
