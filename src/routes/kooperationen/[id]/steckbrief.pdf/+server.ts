import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { cooperationSteckbrief, renderSteckbriefPdf } from '#lib/server/papers/steckbrief.ts';

/** The one-page profile as PDF (A4 portrait, one page; public data only). */
export const GET: RequestHandler = async ({ params }) => {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Kooperation gibt es nicht.');
	const sheet = await cooperationSteckbrief(db(), params.id);
	if (!sheet) error(404, 'Diese Kooperation gibt es nicht.');
	const body = await renderSteckbriefPdf(sheet);
	return new Response(new Blob([body as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="steckbrief-${params.id}.pdf"`,
			'Content-Length': String(body.byteLength),
			'Cache-Control': 'no-store'
		}
	});
};
