import DerivedMark from './DerivedMark.svelte';
import { examplesOf } from '../examples.ts';

/** DerivedMark with its default wording and with a text of its own. */
export const examples = examplesOf('DerivedMark', DerivedMark, [
	{ name: 'default text', props: {} },
	{ name: 'own text with special characters', props: { text: 'aus „Beginn“ & „Ende“ errechnet <ca.>' } }
]);
