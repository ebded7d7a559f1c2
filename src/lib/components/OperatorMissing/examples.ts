import OperatorMissing from './OperatorMissing.svelte';
import { examplesOf } from '../examples.ts';

const labels = { OPERATOR_NAME: 'Name der Betreiberin', OPERATOR_ADDRESS: 'Postanschrift', OPERATOR_EMAIL: 'E-Mail-Adresse für Anfragen' };

/** OperatorMissing with two missing details, with a setting it has no label for (not shown), and with none missing (renders nothing). */
export const examples = examplesOf('OperatorMissing', OperatorMissing, [
	{ name: 'two details missing', props: { missing: ['OPERATOR_ADDRESS', 'OPERATOR_EMAIL'], labels } },
	{ name: 'one unknown setting left out', props: { missing: ['SOMETHING_ELSE', 'OPERATOR_NAME'], labels } },
	{ name: 'nothing missing', props: { missing: [], labels } }
]);
