import Bar from './Bar.svelte';
import { examplesOf } from '../examples.ts';

/** Bar (decorative, hidden from assistive technology): a part of the largest count, the largest, zero of nothing. */
export const examples = examplesOf('Bar', Bar, [
	{ name: 'a third of the largest', props: { value: 14, max: 42 } },
	{ name: 'the largest, wider', props: { value: 42, max: 42, width: 240 } },
	{ name: 'nothing counted', props: { value: 0, max: 0 } }
]);
