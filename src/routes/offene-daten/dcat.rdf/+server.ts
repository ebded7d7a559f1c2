import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { datasetForUrl, openDataOptions } from '#lib/server/opendata/dataset.ts';
import { dcatRdf } from '#lib/server/opendata/dcat.ts';
import { fileResponse } from '#lib/server/opendata/http.ts';

/** The DCAT-AP.de metadata record of the open dataset (RDF/XML), for open data portals to harvest. */
export const GET: RequestHandler = async ({ url, request }) => {
	const set = await datasetForUrl(db(), url, openDataOptions(settings()));
	if (!set) error(404, 'Diese Region gibt es nicht.');
	return fileResponse(request, {
		body: dcatRdf(set.meta), contentType: 'application/rdf+xml; charset=utf-8', disposition: 'inline',
		filename: `ikz-kooperationen-${set.meta.regionId}.rdf`, modified: set.meta.modified
	});
};
