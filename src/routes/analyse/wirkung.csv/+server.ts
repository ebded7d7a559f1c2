import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { effectReport, reportRecords, REPORT_HEADER } from '#lib/server/effects/report.ts';
import { effectParams } from '#lib/server/effects/params.ts';
import { toCsv } from '#lib/server/registry/present.ts';

/** The effect roll-ups as CSV: the totals per year, then per measure, topic field, body and region for the chosen year. */
export const GET: RequestHandler = async ({ url }) => {
	const report = await effectReport(db(), await effectParams(db(), url.searchParams));
	const sep = url.searchParams.get('trenner') === 'semikolon' ? ';' : ',';
	return new Response(toCsv(REPORT_HEADER, reportRecords(report), sep), {
		headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="ikz-wirkung.csv"' }
	});
};
