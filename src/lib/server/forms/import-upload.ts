/**
 * The file upload that starts an import (/verwaltung/import): one non-empty file of at most
 * IMPORT_MAX_BYTES (a setting, so the schema is made for the limit). Whether it is a readable CSV
 * or XLSX is the import's own check (createJob).
 */
import { z } from 'zod';

const CHOOSE = 'Bitte wählen Sie eine Datei (CSV oder XLSX).';
const megabytes = (n: number) => (n / (1024 * 1024)).toLocaleString('de-DE', { maximumFractionDigits: 1 });

export function importUploadForm(maxBytes: number) {
	return z.object({
		datei: z.instanceof(File, { message: CHOOSE })
			.refine((f) => f.size > 0, CHOOSE)
			.superRefine((f, ctx) => {
				if (f.size > maxBytes) ctx.addIssue({ code: 'custom', message: `Die Datei ist ${megabytes(f.size)} MB groß; erlaubt sind höchstens ${megabytes(maxBytes)} MB.` });
			})
	});
}
