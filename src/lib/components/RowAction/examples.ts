import RowAction from './RowAction.svelte';
import { examplesOf } from '../examples.ts';

/** RowAction in its three sizes, with a subject that needs escaping. */
export const examples = examplesOf('RowAction', RowAction, [
	{ name: 'revoke a key', props: { action: '?/token_widerrufen', name: 'token_id', value: 'tok_7Qx', label: 'Widerrufen', subject: 'Fachverfahren Kfz-Zulassung' } },
	{ name: 'small, numeric id', props: { action: '?/entfernen', name: 'zahl', value: 42, label: 'Entfernen', subject: 'Einsparung, Stadt Zittau, 2019', size: 'small' } },
	{ name: 'extra small, subject with markup characters', props: { action: '?/erneut', name: 'id', value: 'm-3', label: 'Erneut versuchen', subject: 'Einladung <Kreis Plön> an „a&b@example.org“', size: 'x-small' } }
]);
