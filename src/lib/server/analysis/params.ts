/** URL parameters of the analysis pages, parsed leniently like the search's. */
import type { FacetIndex } from '../search/facet-index';
import { pickRegion } from './scope';
import { pickTopic } from './topic-filter';

const ID = /^[a-z0-9_][a-z0-9-]{0,80}$/;

export interface AnalysisParams {
	region: string | null;
	topic: string | null;
	legalForm: string | null;
	year: number | null;
	body: string | null;
	task: string | null;
}

export function analysisParams(index: FacetIndex, p: URLSearchParams): AnalysisParams {
	const id = (name: string) => {
		const v = p.get(name)?.trim() ?? '';
		return ID.test(v) ? v : null;
	};
	const yearText = p.get('jahr')?.trim() ?? '';
	const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
	const topic = id('thema');
	const legalForm = id('rechtsform');
	const body = id('koerperschaft');
	return {
		region: pickRegion(index, id('region')),
		topic: pickTopic(index.lookups, topic),
		legalForm: legalForm && index.lookups.legalForms.has(legalForm) ? legalForm : null,
		year: year !== null && year >= 1800 && year <= 2200 ? year : null,
		body: body && index.lookups.bodies.has(body) ? body : null,
		task: id('aufgabe')
	};
}
