import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { buildPaper, defaultChoices, listConferences, paperOptions, parsePaperChoices, parsePaperScope, PAPER_MAX_ROWS, type PaperModel } from '#lib/server/papers/model.ts';
import { renderPptx, type PaperLogo } from '#lib/server/papers/pptx.ts';
import { readLogo } from '#lib/server/papers/logo.ts';
import { renderPdf } from '#lib/server/papers/pdf.ts';
import { renderDocx } from '#lib/server/papers/docx.ts';

const FORMATS: Record<string, { type: string; render: (m: PaperModel, logo: PaperLogo | null) => Promise<Uint8Array> }> = {
	pptx: { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', render: renderPptx },
	pdf: { type: 'application/pdf', render: renderPdf },
	docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: (m) => renderDocx(m) }
};

/**
 * The conference paper as a file: /berichte/sitzungsunterlage.{pptx|pdf|docx}?koerperschaft=&thema=&von=&bis=&laufend=
 * &titel=&sitzung=&datum=&ort=&stand=&agenda=&logo=1&konferenz=
 * (logo=1: the region's logo on the PPTX slide masters and the PDF title page, where one is uploaded)
 * (the parameters of /berichte). Anything but the three formats is 404; an invalid scope is 400.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const format = Object.hasOwn(FORMATS, params.format) ? FORMATS[params.format]! : null;
	if (!format) error(404, 'Diese Sitzungsunterlage gibt es nur als PPTX, PDF oder DOCX.');
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region')?.slice(0, 100) || null);
	const { lookups } = await paperOptions(db(), regionId);
	const { scope, errors: scopeErrors } = parsePaperScope(url.searchParams, lookups);
	const asked = url.searchParams.get('konferenz')?.slice(0, 100) ?? '';
	const conferenceId = (await listConferences(db(), regionId)).some((c) => c.id === asked) ? asked : null;
	const { choices, errors: choiceErrors } = parsePaperChoices(url.searchParams, await defaultChoices(db(), regionId, new Date(), conferenceId));
	const errors = [...scopeErrors, ...choiceErrors];
	if (errors.length) error(400, errors.map((e) => e.message).join(' '));
	const model = await buildPaper(db(), scope, new Date(), settings(), choices);
	if (model.tooLarge) error(422, `Der gewählte Umfang umfasst mehr als ${PAPER_MAX_ROWS} Kooperationen. Bitte grenzen Sie ihn ein.`);
	const logo = url.searchParams.get('logo') === '1' ? await readLogo(db(), model.region.id) : null;
	const body = await format.render(model, logo);
	const region = model.region.id.replace(/[^a-z0-9-]/gi, '-');
	return new Response(new Blob([body as Uint8Array<ArrayBuffer>], { type: format.type }), {
		headers: {
			'Content-Type': format.type,
			'Content-Disposition': `attachment; filename="sitzungsunterlage-${region}-${model.day}.${params.format}"`,
			'Content-Length': String(body.byteLength),
			'Cache-Control': 'no-store'
		}
	});
};
