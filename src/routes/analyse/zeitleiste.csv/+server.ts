import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { timeline, timelineCsv } from '#lib/server/analysis/timeline.ts';
import { toCsv } from '#lib/server/registry/present.ts';

/** The numbers of /analyse/zeitleiste (same parameters), one line per year; trenner=semikolon for German Excel. */
export const GET: RequestHandler = async ({ url }) => {
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	const t = await timeline(db(), { regionId: param('region'), topic: param('thema'), legalForm: param('rechtsform') });
	const { header, records } = timelineCsv(t);
	const sep = p.get('trenner') === 'semikolon' ? ';' : ',';
	return new Response(toCsv(header, records, sep), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="ikz-zeitleiste.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
