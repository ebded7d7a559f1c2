/**
 * The topic filter of the analyses (timeline, map, network), the same as the search's `thema`: a
 * topic id, or `_ohne` for the cooperations without a topic field (issue 14). Unknown values are
 * dropped. Pure functions over the facet index's rows and lookups.
 */
import { TOPIC_NONE, TOPIC_NONE_LABEL } from '../../domain/facets';

interface TopicLookups {
	topics: Map<string, string>;
}

/** The requested topic if it is one of the taxonomy or `_ohne`; otherwise null (no filter). */
export function pickTopic(lookups: TopicLookups, requested: string | null | undefined): string | null {
	if (!requested) return null;
	return requested === TOPIC_NONE || lookups.topics.has(requested) ? requested : null;
}

/** Whether a row passes the topic filter (null: every row; `_ohne`: rows without a topic). */
export function matchesTopic(row: { topics: readonly string[] }, topic: string | null): boolean {
	if (!topic) return true;
	return topic === TOPIC_NONE ? row.topics.length === 0 : row.topics.includes(topic);
}

/** The German label of a topic filter value ("ohne Themenfeld" for `_ohne`). */
export function topicFilterLabel(lookups: TopicLookups, topic: string): string {
	return topic === TOPIC_NONE ? TOPIC_NONE_LABEL : (lookups.topics.get(topic) ?? topic);
}

/**
 * The options of a topic select: the taxonomy's topics that occur in `rows` (or are chosen), in
 * taxonomy order, then "ohne Themenfeld" when a row has no topic (or it is chosen). Without rows
 * (`rows` null) every topic and "ohne Themenfeld" are offered.
 */
export function topicOptions(lookups: TopicLookups, rows: readonly { topics: readonly string[] }[] | null, selected: string | null): { id: string; label: string }[] {
	const used = rows ? new Set(rows.flatMap((r) => r.topics)) : null;
	const withoutTopic = !rows || rows.some((r) => r.topics.length === 0);
	const out = [...lookups.topics].filter(([id]) => !used || used.has(id) || id === selected).map(([id, label]) => ({ id, label }));
	if (withoutTopic || selected === TOPIC_NONE) out.push({ id: TOPIC_NONE, label: TOPIC_NONE_LABEL });
	return out;
}
