/**
 * Test data that is not Kreis Unna's (issue 14 and 17 gaps): the shipped data plus a small region
 * in Sachsen, "Landkreis Görlitz", written for the tests. Three of its five cooperations name no
 * topic field; a Zweckverband without a place of its own has its seat in Herrnhut and a
 * Landesverband its seat in Dresden (`seat`, AGS); a Verein has its own position. Figures and
 * partners are invented for the test; AGS and positions of the Gemeinden are the official
 * directory's (data/directory/gemeindeverzeichnis.tsv, Destatis GV-ISys).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export const GOERLITZ = 'landkreis-goerlitz';

const bodies = [
	{ id: 'lk-goerlitz', name: 'Landkreis Görlitz', kind: 'kreis', ags: '14626', lat: 51.15, lon: 14.8 },
	{ id: 'gr-goerlitz', name: 'Görlitz', official_name: 'Stadt Görlitz', kind: 'stadt', ags: '14626110', parent: 'lk-goerlitz', lat: 51.153, lon: 14.987 },
	{ id: 'gr-herrnhut', name: 'Herrnhut', official_name: 'Stadt Herrnhut', kind: 'stadt', ags: '14626180', parent: 'lk-goerlitz', lat: 51.016, lon: 14.744 },
	{ id: 'gr-ebersbach', name: 'Ebersbach-Neugersdorf', kind: 'stadt', ags: '14626085', parent: 'lk-goerlitz', lat: 51.01, lon: 14.58 },
	{ id: 'gr-zv-wasser', name: 'Zweckverband Wasser Oberlausitz-Süd (Test)', kind: 'zweckverband', seat: '14626180' },
	{ id: 'gr-landesverband', name: 'Sächsischer Testverband der Kommunen', kind: 'verein', seat: '14612000' },
	{ id: 'gr-naturschutz', name: 'Naturschutzverein Neißeaue (Test)', kind: 'verein', lat: 51.12, lon: 14.95 }
];

const coop = (id: string, n: number, title: string, legalForm: string, start: string, topics: string[], partners: string[]) => ({
	id, list: 'vereinbarungen', number: n, title, performer: { kind: 'jointly' }, legal_form: legalForm, start, status: 'active', topics,
	participants: partners.map((body) => ({ body, role: 'member' }))
});

/** Titles of the cooperations without a topic, and with one. */
export const WITHOUT_TOPIC = ['Gemeinsame Friedhofsverwaltung', 'Abwasserbeseitigung Ortsteil Ruppersdorf', 'Gemeinsame Fortbildung der Standesbeamten'];
const cooperations = [
	coop('gr-1', 1, WITHOUT_TOPIC[0]!, 'oerv', '2018', [], ['gr-goerlitz', 'gr-herrnhut']),
	coop('gr-2', 2, WITHOUT_TOPIC[1]!, 'zweckverband', '2020', [], ['gr-goerlitz', 'gr-ebersbach', 'gr-zv-wasser']),
	coop('gr-3', 3, 'Gemeinsames Rechenzentrum Süd', 'oerv', '2015', ['verwaltung-it'], ['gr-herrnhut', 'gr-ebersbach']),
	coop('gr-4', 4, WITHOUT_TOPIC[2]!, 'oerv', '2021', [], ['gr-goerlitz', 'gr-landesverband']),
	coop('gr-5', 5, 'Kulturraum Oberlausitz-Niederschlesien (Test)', 'oerv', '2010', ['kultur-sport'], ['lk-goerlitz', 'gr-goerlitz', 'gr-naturschutz'])
];

/** A copy of `data/` with the Görlitz region added; returns its folder (remove it with fs.rmSync). */
export function dataWithGoerlitz(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-goerlitz-'));
	fs.cpSync('data', dir, { recursive: true });
	const region = path.join(dir, GOERLITZ);
	fs.mkdirSync(region);
	fs.writeFileSync(path.join(region, 'region.yaml'), stringify({
		id: GOERLITZ, name: 'Landkreis Görlitz', kreis_body: 'lk-goerlitz',
		source: { title: 'Testliste (für die Tests geschrieben)', date: '2026-03-31' },
		lists: [{ id: 'vereinbarungen', label: 'Zweckvereinbarungen des Landkreises (Test)' }]
	}));
	fs.writeFileSync(path.join(region, 'bodies.yaml'), stringify(bodies));
	fs.writeFileSync(path.join(region, 'cooperations.yaml'), stringify(cooperations));
	return dir;
}
