/**
 * The fields the cooperation forms (new, edit) post besides the record itself, which
 * `parseCooperationForm` (src/lib/domain/cooperation-form.ts) reads against the cooperation model.
 */
import { z } from 'zod';
import { numeric, parseForm, text } from './form-data';

export const cooperationPostExtras = z.object({
	/** The "add rows" button names its group; anything else adds partner rows. */
	gruppe: z.enum(['participants', 'partner_groups', 'events']).catch('participants'),
	/** The change comment of the version; empty → none. */
	comment: text().transform((s) => s.trim() || null),
	/** The survey round the edit answers (0: none), and the version the editor started from. */
	erhebung: numeric(),
	version: numeric()
});

/** Read a cooperation form's post: the FormData for `parseCooperationForm` and the other fields
 * (defaults when a field is malformed: this read never fails). */
export async function readCooperationPost(request: Request): Promise<{ form: FormData; extras: z.output<typeof cooperationPostExtras> }> {
	const post = await parseForm(request, cooperationPostExtras);
	return { form: post.form, extras: post.ok ? post.data : cooperationPostExtras.parse({}) };
}
