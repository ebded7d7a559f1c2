import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { datasetForUrl, openDataOptions } from '#lib/server/opendata/dataset.ts';
import { fileResponse } from '#lib/server/opendata/http.ts';

/** The open dataset's cooperations as CSV (UTF-8 with BOM, semicolon), described in dcat.rdf. */
export const GET: RequestHandler = async ({ url, request }) => {
	const set = await datasetForUrl(db(), url, openDataOptions(settings()));
	if (!set) error(404, 'Diese Region gibt es nicht.');
	return fileResponse(request, {
		body: set.files.csv, contentType: 'text/csv; charset=utf-8', disposition: 'attachment',
		filename: `ikz-kooperationen-${set.meta.regionId}.csv`, modified: set.meta.modified
	});
};
