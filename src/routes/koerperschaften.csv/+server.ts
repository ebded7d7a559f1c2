import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { searchBodies } from '#lib/server/registry/profiles.ts';
import { BODY_CSV_HEADER, bodyCsvRecord, toCsv } from '#lib/server/registry/present.ts';

/** The body list of /koerperschaften as CSV; trenner=semikolon for German Excel. */
export const GET: RequestHandler = async ({ url }) => {
	const { bodies } = await searchBodies(db(), url.searchParams);
	const sep = url.searchParams.get('trenner') === 'semikolon' ? ';' : ',';
	return new Response(toCsv(BODY_CSV_HEADER, bodies.map(bodyCsvRecord), sep), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="ikz-koerperschaften.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
