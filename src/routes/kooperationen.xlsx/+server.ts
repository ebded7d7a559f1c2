import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { searchPage } from '#lib/server/registry/search-service.ts';
import { cooperationSheet } from '#lib/server/registry/present.ts';
import { writeXlsx } from '#lib/server/tables/xlsx-write.ts';

/**
 * All rows of a /kooperationen result (up to EXPORT_MAX_ROWS) as an Excel workbook: the same
 * filters as the page, a bold frozen header with autofilter, "seit"/"bis" as dates where exact and
 * the source texts beside them, the start year as a number, row heights for wrapped cells, and a
 * print setup (A4 landscape, one page wide, header row on every page).
 */
export const GET: RequestHandler = async ({ url }) => {
	const { rows } = await searchPage(db(), url.searchParams, settings(), 'export');
	const body = writeXlsx([cooperationSheet(rows)]);
	return new Response(body, {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': 'attachment; filename="ikz-kooperationen.xlsx"',
			'Content-Length': String(body.byteLength),
			'Cache-Control': 'no-store'
		}
	});
};
