/**
 * The DCAT-AP.de 2.0 record of an open dataset as RDF/XML: one dcat:Dataset with its publisher,
 * contact point, themes, keywords, dates, political geocoding, access rights, language and one
 * dcat:Distribution per file (licence with attribution text, format, media type, size, checksum).
 * No dcat:Catalog: a portal harvesting the record supplies its own catalogue. The record itself is
 * not listed as a distribution – it describes the data, it is not a form of it (and its size would
 * have to include itself).
 */
import { el, xmlDocument, type XmlElement } from './xml';
import { VOCAB, type DatasetMeta, type Distribution } from './dataset';

export const NS = {
	rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	dcatde: 'http://dcat-ap.de/def/dcatde/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	vcard: 'http://www.w3.org/2006/vcard/ns#',
	spdx: 'http://spdx.org/rdf/terms#'
} as const;

const XSD = 'http://www.w3.org/2001/XMLSchema#';

const res = (name: string, iri: string) => el(name, { 'rdf:resource': iri });
const de = (name: string, text: string) => el(name, { 'xml:lang': 'de' }, text);
const typed = (name: string, type: string, text: string) => el(name, { 'rdf:datatype': `${XSD}${type}` }, text);

function distribution(d: Distribution, meta: DatasetMeta): XmlElement {
	return el('dcat:distribution', {},
		el('dcat:Distribution', { 'rdf:about': d.iri },
			de('dct:title', d.title),
			de('dct:description', d.description),
			res('dcat:accessURL', d.url),
			res('dcat:downloadURL', d.url),
			res('dct:format', `${VOCAB.fileType}${d.format}`),
			res('dcat:mediaType', `${VOCAB.mediaType}${d.mediaType}`),
			// DCAT-AP 2.0.x types the size as xsd:decimal.
			typed('dcat:byteSize', 'decimal', String(d.byteSize)),
			res('dct:license', meta.license.dcatUri),
			el('dcatde:licenseAttributionByText', { 'xml:lang': 'de' }, meta.license.attribution),
			res('dct:language', meta.language),
			typed('dct:issued', 'dateTime', meta.issued),
			typed('dct:modified', 'dateTime', meta.modified),
			el('spdx:checksum', {},
				el('spdx:Checksum', {},
					res('spdx:algorithm', `${NS.spdx}checksumAlgorithm_sha1`),
					typed('spdx:checksumValue', 'hexBinary', d.sha1)))));
}

/** The RDF/XML document (UTF-8). Every value is escaped by the XML writer. */
export function dcatRdf(meta: DatasetMeta): string {
	const ns = Object.fromEntries(Object.entries(NS).map(([prefix, uri]) => [`xmlns:${prefix}`, uri]));
	const dataset = el('dcat:Dataset', { 'rdf:about': meta.iri },
		el('dct:identifier', {}, meta.iri),
		de('dct:title', meta.title),
		de('dct:description', meta.description),
		...meta.themes.map((t) => res('dcat:theme', t)),
		...meta.keywords.map((k) => de('dcat:keyword', k)),
		el('dct:publisher', {},
			el('foaf:Organization', { 'rdf:about': meta.publisher.url ?? undefined },
				el('foaf:name', {}, meta.publisher.name))),
		el('dcat:contactPoint', {},
			el('vcard:Organization', {},
				el('vcard:fn', {}, meta.contactPoint.name),
				res('vcard:hasURL', meta.contactPoint.url))),
		typed('dct:issued', 'dateTime', meta.issued),
		typed('dct:modified', 'dateTime', meta.modified),
		res('dct:accrualPeriodicity', meta.frequency),
		meta.spatial && res('dct:spatial', meta.spatial.uri),
		meta.spatial && res('dcatde:politicalGeocodingURI', meta.spatial.uri),
		meta.spatial && res('dcatde:politicalGeocodingLevelURI', meta.spatial.levelUri),
		// Optional in DCAT-AP.de and assigned to a portal operator, not to this app: only when configured.
		meta.contributorId && res('dcatde:contributorID', meta.contributorId),
		res('dct:accessRights', meta.accessRights),
		res('dct:language', meta.language),
		res('dcat:landingPage', meta.landingPage),
		// The directory the AGS of the bodies come from, with its licence and the required attribution.
		meta.directorySource && el('dct:source', {},
			el('dcat:Dataset', {},
				de('dct:title', meta.directorySource.title),
				el('dct:publisher', {}, el('foaf:Organization', {}, el('foaf:name', {}, meta.directorySource.publisher))),
				res('dct:license', meta.directorySource.licenseUri),
				el('dcatde:licenseAttributionByText', { 'xml:lang': 'de' }, meta.directorySource.attribution))),
		...meta.distributions.map((d) => distribution(d, meta)));
	return xmlDocument(el('rdf:RDF', ns, dataset));
}
