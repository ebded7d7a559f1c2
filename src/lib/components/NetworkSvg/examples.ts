import NetworkSvg from './NetworkSvg.svelte';
import { examplesOf } from '../examples.ts';

const nodes = [
	{ id: 'plauen', name: 'Stadt Plauen', href: '/koerperschaften/plauen' },
	{ id: 'oelsnitz', name: 'Stadt Oelsnitz/Vogtl.', href: '/koerperschaften/oelsnitz' },
	{ id: 'reichenbach', name: 'Stadt Reichenbach im Vogtland', href: '/koerperschaften/reichenbach' },
	{ id: 'vogtlandkreis', name: 'Vogtlandkreis', href: '/koerperschaften/vogtlandkreis' }
];
const edges = [
	{ a: 'vogtlandkreis', b: 'plauen', count: 12 },
	{ a: 'vogtlandkreis', b: 'oelsnitz', count: 3 },
	{ a: 'plauen', b: 'reichenbach', count: 1 }
];

/** NetworkSvg as a ring around a centre, on a ring without one, as arcs for narrow screens, and with no connections. */
export const examples = examplesOf('NetworkSvg', NetworkSvg, [
	{ name: 'ring around a centre', props: { nodes, edges, center: 'vogtlandkreis', title: 'Partner des Vogtlandkreises', desc: 'Drei Partner; die Linienbreite steht für die Zahl gemeinsamer Kooperationen.' } },
	{ name: 'ring without centre', props: { nodes, edges, title: 'Netz im Vogtland', desc: 'Vier Körperschaften, drei Verbindungen.', idPrefix: 'ring' } },
	{ name: 'arcs for narrow screens', props: { nodes, edges, title: 'Netz im Vogtland (schmal)', desc: 'Eine Spalte, Bögen für Verbindungen.', layout: 'arcs', idPrefix: 'bogen' } },
	{ name: 'no connections', props: { nodes: nodes.slice(0, 1), edges: [], title: 'Keine gemeinsamen Kooperationen', desc: 'Nur eine Körperschaft.' } }
]);
