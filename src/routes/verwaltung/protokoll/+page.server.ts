import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { auditActions, readAudit } from '#lib/server/auth/audit.ts';
import { AUDIT_OUTCOMES, presentAudit, protocolQuery } from '#lib/server/auth/audit-view.ts';
import { AUDIT_OUTCOME_LABEL } from '#lib/i18n/de.ts';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async ({ url }) => {
	const q = protocolQuery(url.searchParams);
	const { total, rows } = await readAudit(db(), { ...q.filter, limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
	const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
	return {
		values: q.values,
		query: Object.entries(q.values).filter(([, v]) => v !== ''),
		page: q.page,
		pageCount,
		total,
		rows: rows.map(presentAudit),
		actions: await auditActions(db()),
		outcomes: AUDIT_OUTCOMES.map((id) => ({ id, label: AUDIT_OUTCOME_LABEL[id] ?? id }))
	};
};
