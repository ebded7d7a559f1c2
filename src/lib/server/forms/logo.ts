/** The logo upload of the conference papers (/berichte/logo): one non-empty file of at most `LOGO_MAX_BYTES`. */
import { z } from 'zod';
import { LOGO_MAX_BYTES } from '../papers/logo';

export const logoUploadForm = z.object({
	datei: z.instanceof(File, { message: 'Bitte wählen Sie eine Bilddatei (PNG oder JPEG).' })
		.refine((f) => f.size > 0, 'Bitte wählen Sie eine Bilddatei (PNG oder JPEG).')
		.superRefine((f, ctx) => {
			if (f.size > LOGO_MAX_BYTES) {
				ctx.addIssue({ code: 'custom', message: `Die Datei ist ${Math.ceil(f.size / 1024).toLocaleString('de-DE')} KB groß; ein Logo darf höchstens ${LOGO_MAX_BYTES / 1024} KB groß sein.` });
			}
		})
});
