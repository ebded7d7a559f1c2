import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { BODY_FIELDS, datasetForUrl, FIELDS, openDataOptions } from '#lib/server/opendata/dataset.ts';

const local = (absolute: string) => {
	const u = new URL(absolute);
	return u.pathname + u.search;
};

/** The page that explains the open dataset and links its files and its DCAT-AP.de record. */
export const load: PageServerLoad = async ({ url }) => {
	const set = await datasetForUrl(db(), url, openDataOptions(settings()));
	if (!set) error(404, 'Diese Region gibt es nicht.');
	const m = set.meta;
	return {
		title: m.title,
		regionName: m.regionName,
		description: m.description,
		counts: m.counts,
		modified: m.modified,
		license: m.license,
		publisher: m.publisher.name,
		contactPoint: m.contactPoint.name,
		landingPage: m.landingPage,
		metadataPath: local(m.metadataUrl),
		spatial: m.spatial?.districtKey ?? null,
		downloads: m.distributions.map((d) => ({ key: d.key, title: d.title, description: d.description, path: local(d.url), format: d.format, mediaType: d.mediaType, bytes: d.byteSize })),
		fields: FIELDS,
		bodyFields: BODY_FIELDS
	};
};
