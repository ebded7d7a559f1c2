/**
 * Bodies placed at their seat (issue 17): a body without a place of its own (a Landschaftsverband,
 * an agency, a company) names the municipality key of its seat in the data file (`seat`), and
 * reading takes that Gemeinde's position from the national directory (read-data.ts). The register
 * keeps the position only, so a seated body is recognised the way the map always did: it is not a
 * place itself and its position is exactly a current Gemeinde's position in the directory.
 * The map (map.ts) and the body profile say so, naming the Gemeinde.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex } from '../search/facet-index';

/** Kinds that are places themselves (never "at the seat" of another Gemeinde). */
export const PLACE_KINDS: ReadonlySet<string> = new Set(['kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt', 'gemeindeverband', 'land', 'gemeindefreies-gebiet']);

export interface SeatCandidate {
	id: string;
	kind: string;
	lat: number | null;
	lon: number | null;
}

/**
 * Which of the bodies stand at their seat: body id -> the seat Gemeinde's name (the register's
 * name of its body, else the directory's name without the ", Stadt" suffix).
 */
export async function seatsOf(db: Kysely<Database>, bodies: readonly SeatCandidate[], nameOf: (bodyId: string) => string | undefined): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	const candidates = bodies.filter((b): b is SeatCandidate & { lat: number; lon: number } => !PLACE_KINDS.has(b.kind) && b.lat !== null && b.lon !== null);
	if (!candidates.length) return out;
	const lats = candidates.map((c) => c.lat);
	const lons = candidates.map((c) => c.lon);
	const units = await db.selectFrom('directory_unit').select(['body_id', 'name', 'lat', 'lon'])
		.where('level', '=', 60).where('valid_to', 'is', null)
		.where('lat', '>=', Math.min(...lats) - 0.01).where('lat', '<=', Math.max(...lats) + 0.01)
		.where('lon', '>=', Math.min(...lons) - 0.01).where('lon', '<=', Math.max(...lons) + 0.01)
		.execute();
	for (const c of candidates) {
		const u = units.find((x) => x.lat !== null && x.lon !== null && Math.abs(x.lat - c.lat) < 1e-5 && Math.abs(x.lon - c.lon) < 1e-5 && x.body_id !== c.id);
		if (u) out.set(c.id, nameOf(u.body_id) ?? u.name.replace(/,.*$/, ''));
	}
	return out;
}

/** The seat Gemeinde of one body whose position is its seat's, or null (own position, none, or a place). */
export async function seatOfBody(db: Kysely<Database>, body: SeatCandidate): Promise<string | null> {
	if (PLACE_KINDS.has(body.kind) || body.lat === null || body.lon === null) return null;
	const index = await facetIndex(db);
	// Once per data revision and position (the profile is a hot page).
	return index.cachedAsync(`seat:${body.id}:${body.lat}:${body.lon}`, async () =>
		(await seatsOf(db, [body], (id) => index.lookups.bodies.get(id)?.name)).get(body.id) ?? null);
}
