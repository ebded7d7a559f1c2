import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { VAT_EXPORT_HEADER, vatExportRows } from '#lib/server/legal/overview.ts';
import { toCsv } from '#lib/server/registry/present.ts';

/**
 * The § 2b UStG assessments of the region for the tax advisers: one row per cooperation that needs
 * one, with answers, result, reasoning, who assessed it and when. CSV for German Excel: UTF-8 with
 * BOM, semicolons, formula-like cells neutralised (present.ts).
 */
export const GET: RequestHandler = async (event) => {
	const regionId = await regionFor(db(), event.locals.actor, event.url.searchParams.get('region'));
	await requireCan(event, 'vat.read', { regionId }, { entity: 'region', entityId: regionId });
	const rows = await vatExportRows(db(), regionId);
	return new Response(toCsv([...VAT_EXPORT_HEADER], rows, ';'), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="umsatzsteuer-2b-${regionId}.csv"`,
			'Cache-Control': 'no-store'
		}
	});
};
