/**
 * Step "check region permission" of the import preview (issue 14): a row goes into the region its
 * region column names, and the importing person must be allowed to import there
 * (`mayImportInto`, the policy module). Rows into other regions are marked as not allowed –
 * an error of the row, which the user leaves out – so the preview never offers what applying
 * would refuse.
 */
import { mayImportInto, type Actor } from '../auth/policy';
import { summarise } from './analyse';
import type { ImportPreview, PreviewRow } from './model';

/** The row's own message; `apply.ts` refuses such rows with the same words. */
export function notAllowedText(regionName: string): string {
	return `Keine Berechtigung für die Region „${regionName}“: diese Zeile kann nicht übernommen werden – bitte auslassen.`;
}

/** Would applying this row write into a region the actor may not import into? */
export function refusedRow(actor: Actor, row: PreviewRow): boolean {
	return !!row.record && (row.action === 'create' || row.action === 'update') && !mayImportInto(actor, row.regionId);
}

/** The preview as this actor may apply it: rows into regions the actor may not import into become errors. */
export function withRegionPermission(preview: ImportPreview, actor: Actor): ImportPreview {
	if (!preview.rows.some((r) => refusedRow(actor, r))) return preview;
	const names = new Map(preview.regions.map((r) => [r.id, r.name]));
	const rows = preview.rows.map((r): PreviewRow => refusedRow(actor, r)
		? { ...r, action: 'error', record: null, changes: [], baseVersion: null, findings: [...r.findings, { level: 'error', text: notAllowedText(names.get(r.regionId) ?? r.regionId) }] }
		: r);
	return { ...preview, rows, ...summarise(rows, preview.mappingProblems) };
}
