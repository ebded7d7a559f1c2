import RegionMapSvg from './RegionMapSvg.svelte';
import { examplesOf } from '../examples.ts';
import type { MapNode, RegionMap } from '#lib/server/analysis/map.ts';

// A small hand-laid map (regionMap() computes this from the database; the component only draws it).
const node = (id: string, name: string, x: number, y: number, over: Partial<MapNode> = {}): MapNode => ({
	id, name, label: name, kind: 'gemeinde', x, y, r: 8, labelX: x + 12, labelY: y + 4, anchor: 'start', labeled: true,
	narrow: { x: x + 14, y: y + 12, anchor: 'start' }, home: true, context: false, cooperations: 2, seat: null, keyNumber: null, keySpot: null, ...over
});
const map: RegionMap = {
	filter: { regionId: 'lk-goerlitz', topic: null, body: null }, regionName: 'Landkreis Görlitz', topicLabel: null, bodyName: null,
	width: 960, height: 560, narrowFont: 36, strokeScale: { maxWeight: 4, minWidth: 1, maxWidth: 6 }, shortened: true, cooperationCount: 5,
	cooperations: { 'kommunen-2': { id: 'kommunen-2', title: 'Gemeinsames Ordnungsamt', list: 'kommunen', number: 2 } },
	nodes: [
		node('lk-goerlitz', 'Landkreis Görlitz', 480, 200, { kind: 'kreis', r: 14, cooperations: 5 }),
		node('zittau', 'Große Kreisstadt Zittau', 520, 330, { cooperations: 4 }),
		node('olbersdorf', 'Gemeinde Olbersdorf', 470, 360, { labeled: false, narrow: null, keyNumber: 1, keySpot: { x: 470, y: 378, anchor: 'middle' }, seat: 'Olbersdorf' }),
		node('ostritz', 'Stadt Ostritz', 600, 280, { context: true, cooperations: 0 }),
		node('lk-bautzen', 'Landkreis Bautzen', 300, 120, { kind: 'kreis', home: false, cooperations: 1 })
	],
	links: [
		{ a: { id: 'lk-goerlitz', name: 'Landkreis Görlitz' }, b: { id: 'zittau', name: 'Große Kreisstadt Zittau' }, weight: 4, cooperations: ['kommunen-2'], line: { x1: 480, y1: 200, x2: 520, y2: 330, width: 6 } },
		{ a: { id: 'zittau', name: 'Große Kreisstadt Zittau' }, b: { id: 'olbersdorf', name: 'Gemeinde Olbersdorf' }, weight: 1, cooperations: ['kommunen-2'], line: { x1: 520, y1: 330, x2: 470, y2: 360, width: 1 } },
		{ a: { id: 'lk-goerlitz', name: 'Landkreis Görlitz' }, b: { id: 'neisse', name: 'Neisse-Verband' }, weight: 1, cooperations: ['kommunen-2'], line: null }
	],
	withoutPosition: [{ id: 'neisse', name: 'Abwasserzweckverband „Untere Neiße“', kind: 'zweckverband', cooperations: 1 }],
	key: [{ number: 1, id: 'olbersdorf', name: 'Gemeinde Olbersdorf' }],
	options: { regions: [{ id: 'lk-goerlitz', label: 'Landkreis Görlitz' }], topics: [], bodies: [] }
};

/** RegionMapSvg on the page (narrow labels, no key) and standalone (numbered key, bodies without a place), and a map without links. */
export const examples = examplesOf('RegionMapSvg', RegionMapSvg, [
	{ name: 'on the page', props: { map } },
	{ name: 'standalone with key', props: { map, standalone: true, baseUrl: 'https://ikz.example.org', id: 'karte-datei' } },
	{ name: 'no links, filtered', props: { map: { ...map, topicLabel: 'Informationstechnik', bodyName: 'Stadt Ostritz', links: [], key: [], withoutPosition: [], strokeScale: { maxWeight: 1, minWidth: 1, maxWidth: 1 }, shortened: false }, id: 'karte-leer' } }
]);
