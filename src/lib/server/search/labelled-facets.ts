/**
 * A search's facet counts as the page, its JSON and API v1 show them: each offered facet (its
 * `shown` rule) with its parameter, heading and options labelled by the facet's definition.
 */
import { filterValues, type SearchQuery } from '../../domain/search-query';
import type { FacetCount, FacetDefinition, Lookups } from '../../domain/facets';

export interface LabelledFacet {
	key: string;
	/** The URL parameter of the facet (the checkboxes' name). */
	param: string;
	/** The facet's heading. */
	title: string;
	options: { value: string; label: string; count: number; selected: boolean }[];
}

export function labelFacets(
	facets: readonly FacetDefinition[],
	counts: { [key: string]: FacetCount[] | undefined },
	query: Pick<SearchQuery, 'filters'>,
	lookups: Lookups
): LabelledFacet[] {
	const out: LabelledFacet[] = [];
	for (const def of facets) {
		const options = counts[def.key] ?? [];
		const selected = filterValues(query, def.key);
		if (def.shown && !def.shown(options, selected)) continue;
		out.push({
			key: def.key, param: def.param, title: def.title,
			options: options.map((f) => ({ value: f.value, label: def.label(f.value, lookups), count: f.count, selected: selected.includes(f.value) }))
		});
	}
	return out;
}
