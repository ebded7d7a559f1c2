import FuzzyDateText from './FuzzyDateText.svelte';
import { examplesOf } from '../examples.ts';
import { parseFuzzyDate } from '#lib/domain/fuzzy-date.ts';

/** FuzzyDateText for a school year, a planned year, an unknown date, an exact day, text as written, and no date at all. */
export const examples = examplesOf('FuzzyDateText', FuzzyDateText, [
	{ name: 'school year', props: { date: parseFuzzyDate('Schuljahr 2016/17') } },
	{ name: 'planned year', props: { date: parseFuzzyDate('geplant 2027') } },
	{ name: 'unknown', props: { date: parseFuzzyDate('?') } },
	{ name: 'exact day, with the text as written', props: { date: parseFuzzyDate('01.07.2015'), source: '1. Juli 2015 (Zweckvereinbarung)' } },
	{ name: 'no date, source only', props: { date: null, source: 'laut Satzung „seit Gründung des Landkreises Bautzen“' } },
	{ name: 'no date at all', props: { date: null } }
]);
