import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { searchPage } from '#lib/server/registry/search-service.ts';
import { CSV_HEADER, csvRecord, toCsv } from '#lib/server/registry/present.ts';

/** All rows of a /kooperationen result (up to EXPORT_MAX_ROWS) as CSV; trenner=semikolon for German Excel. */
export const GET: RequestHandler = async ({ url }) => {
	const { rows } = await searchPage(db(), url.searchParams, settings(), 'export');
	const sep = url.searchParams.get('trenner') === 'semikolon' ? ';' : ',';
	const body = toCsv(CSV_HEADER, rows.map(csvRecord), sep);
	return new Response(body, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="ikz-kooperationen.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
