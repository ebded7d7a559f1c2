import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { readAudit } from '#lib/server/auth/audit.ts';
import { toCsv } from '#lib/server/registry/present.ts';
import { presentAudit, protocolQuery } from '#lib/server/auth/audit-view.ts';

const HEADER = ['Zeit (UTC)', 'Zeit (Berlin)', 'Person', 'Aktion', 'Ergebnis', 'Datensatzart', 'Datensatz-Kennung', 'Einzelheiten', 'Adresse'];

/**
 * The protocol with the page's filter, all matching rows up to EXPORT_MAX_ROWS, as CSV for German
 * Excel: UTF-8 with BOM, semicolons, formula-like cells neutralised (present.ts).
 */
export const GET: RequestHandler = async ({ url }) => {
	const q = protocolQuery(url.searchParams);
	const { rows } = await readAudit(db(), { ...q.filter, limit: settings().EXPORT_MAX_ROWS, offset: 0 });
	const records = rows.map(presentAudit).map((r) => [r.at, r.local, r.actor, r.action, r.outcomeLabel, r.entityLabel, r.entityId, r.detail, r.address]);
	return new Response(toCsv(HEADER, records, ';'), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="protokoll.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
