/**
 * Open data (issue 4, item 4) on the shipped data: the dataset holds every non-archived
 * cooperation of Kreis Unna in the register's order and nothing personal (a contact, a user and
 * their edit are seeded and searched for in all three files), the DCAT-AP.de record is well-formed
 * RDF/XML (parsed with saxes) with the mandatory properties and the right vocabulary URIs, the
 * byte sizes and checksums it states are those of the files, and dct:modified follows edits.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SaxesParser } from 'saxes';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database, Role } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { addContact } from '../../src/lib/server/registry/contacts';
import { readCooperation, saveCooperation, setArchived } from '../../src/lib/server/registry/write';
import { readBody, saveBody } from '../../src/lib/server/registry/body-write';
import { searchPage } from '../../src/lib/server/registry/search-service';
import { CSV_HEADER, csvRecord, toCsv } from '../../src/lib/server/registry/present';
import { readSettings } from '../../src/lib/server/settings';
import { datasetForUrl, FIELDS, openDataset } from '../../src/lib/server/opendata/dataset';
import { dcatRdf } from '../../src/lib/server/opendata/dcat';

type Db = Kysely<Database>;
const REGION = 'kreis-unna';
const BASE = 'https://ikz.example.org';
const ERZIEHUNG = 'kommunen-12'; // Gemeinsame Erziehungsberatungsstelle: Bergkamen, Kamen

const NS = {
	rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	dcatde: 'http://dcat-ap.de/def/dcatde/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	vcard: 'http://www.w3.org/2006/vcard/ns#',
	spdx: 'http://spdx.org/rdf/terms#',
	xml: 'http://www.w3.org/XML/1998/namespace'
};
const XSD = 'http://www.w3.org/2001/XMLSchema#';

// ---------------------------------------------------------------------------------------------
// A namespace-aware tree of the RDF/XML, built from saxes events.

interface XNode { uri: string; local: string; attrs: Map<string, string>; children: XNode[]; text: string }

function parseXml(xml: string): XNode {
	const parser = new SaxesParser({ xmlns: true });
	const stack: XNode[] = [];
	let root: XNode | null = null;
	parser.on('opentag', (tag) => {
		const attrs = new Map(Object.values(tag.attributes).map((a) => [`${a.uri}${a.local}`, a.value] as [string, string]));
		const node: XNode = { uri: tag.uri, local: tag.local, attrs, children: [], text: '' };
		stack.at(-1)?.children.push(node);
		stack.push(node);
	});
	parser.on('text', (t) => {
		const top = stack.at(-1);
		if (top) top.text += t;
	});
	parser.on('closetag', () => {
		root = stack.pop() ?? null;
	});
	parser.on('error', (e) => {
		throw e;
	});
	parser.write(xml).close();
	if (!root) throw new Error('kein Wurzelelement');
	return root;
}

const all = (n: XNode, ns: keyof typeof NS, local: string) => n.children.filter((c) => c.uri === NS[ns] && c.local === local);
function one(n: XNode, ns: keyof typeof NS, local: string): XNode {
	const found = all(n, ns, local);
	if (found.length !== 1) throw new Error(`${ns}:${local}: ${found.length} statt 1 in ${n.local}`);
	return found[0]!;
}
const resource = (n: XNode) => n.attrs.get(`${NS.rdf}resource`);
const resources = (n: XNode, ns: keyof typeof NS, local: string) => all(n, ns, local).map((c) => resource(c));
const datatype = (n: XNode) => n.attrs.get(`${NS.rdf}datatype`);

function datasetNode(rdf: string): XNode {
	const root = parseXml(rdf);
	expect([root.uri, root.local]).toEqual([NS.rdf, 'RDF']);
	return one(root, 'dcat', 'Dataset');
}

// ---------------------------------------------------------------------------------------------
// Independent sources: the data files and plain SQL.

const yamlCoops = [
	...(parse(fs.readFileSync('data/kreis-unna/cooperations-kreis.yaml', 'utf8')) as { id: string }[]),
	...(parse(fs.readFileSync('data/kreis-unna/cooperations-kommunen.yaml', 'utf8')) as { id: string }[])
];
const regionYaml = parse(fs.readFileSync('data/kreis-unna/region.yaml', 'utf8')) as { name: string; source: { author: string } };

async function latestChange(db: Db): Promise<string> {
	const coops = await db.selectFrom('cooperation').select('updated_at').where('region_id', '=', REGION).execute();
	const bodies = await db.selectFrom('record_version').select('at').where('entity', '=', 'body').execute();
	return [...coops.map((c) => c.updated_at), ...bodies.map((b) => b.at)].map((s) => new Date(s).toISOString()).sort().at(-1)!;
}

async function actorOf(db: Db, role: Role, bodyId: string, name: string, email: string): Promise<Actor> {
	const userId = await createUser(db, { email, name, bodyId, role });
	return { role, userId, name, email, bodyId, regionId: REGION };
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

// ---------------------------------------------------------------------------------------------

describe('the dataset', () => {
	it('holds every non-archived cooperation of Kreis Unna, in the register order, and the bodies they name', async () => {
		const h = await loadedDatabase();
		const set = await openDataset(h.db, REGION, BASE);
		const ids = set.cooperations.map((c) => c.id);
		expect(ids).toHaveLength(yamlCoops.length);
		expect(new Set(ids)).toEqual(new Set(yamlCoops.map((c) => c.id)));
		const sql = await h.db.selectFrom('cooperation').select('id').where('region_id', '=', REGION).where('archived_at', 'is', null).execute();
		expect(new Set(ids)).toEqual(new Set(sql.map((r) => r.id)));
		// Same rows, same order as the register sorted by Nr.
		const settings = { ...readSettings({}), EXPORT_MAX_ROWS: 1_000_000 };
		const page = await searchPage(h.db, new URLSearchParams('sort=nr'), settings, 'export');
		expect(ids).toEqual(page.rows.map((r) => r.id));

		// CSV: header + one line per cooperation, semicolon, BOM (no cell of the data holds a line break).
		expect(set.files.csv.startsWith('\uFEFF')).toBe(true);
		const lines = set.files.csv.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe(CSV_HEADER.join(';'));
		expect(lines).toHaveLength(ids.length + 1);
		// JSON: dataset facts, the cooperations, and a body for every id a cooperation names.
		const json = JSON.parse(set.files.json) as {
			dataset: { title: string; modified: string; license: { id: string; url: string; attribution: string }; source: string };
			cooperations: { id: string; partners: { id: string }[]; performer: { id: string | null } }[];
			bodies: { id: string }[];
		};
		expect(json.dataset).toMatchObject({
			title: 'Interkommunale Zusammenarbeit im Kreis Unna', modified: await latestChange(h.db),
			license: { id: 'dl-de/by-2-0', url: 'https://www.govdata.de/dl-de/by-2-0', attribution: 'Kreis Unna' },
			source: `${BASE}/offene-daten`
		});
		expect(json.cooperations.map((c) => c.id)).toEqual(ids);
		const bodyIds = new Set(json.bodies.map((b) => b.id));
		for (const c of json.cooperations) {
			for (const p of c.partners) expect(bodyIds.has(p.id), `${c.id} → ${p.id}`).toBe(true);
			if (c.performer.id) expect(bodyIds.has(c.performer.id)).toBe(true);
		}
		const regionBodies = await h.db.selectFrom('body').select('id').where('region_id', '=', REGION).execute();
		for (const b of regionBodies) expect(bodyIds.has(b.id)).toBe(true);
		// The fields table on the page describes every CSV column, in order.
		expect(FIELDS.map((f) => f.column)).toEqual(CSV_HEADER);
		await h.close();
	});

	it('drops an archived cooperation and moves dct:modified to the archiving', async () => {
		const h = await loadedDatabase();
		const coordinator = await actorOf(h.db, 'coordinator', 'kreis-unna', 'Kora Koordinatorin', 'kora@kreis-unna.example');
		const before = await openDataset(h.db, REGION, BASE);
		const s = (await readCooperation(h.db, ERZIEHUNG))!;
		const when = new Date('2031-02-03T04:05:06.000Z');
		expect(await setArchived(h.db, coordinator, ERZIEHUNG, true, s.version, when)).toMatchObject({ ok: true });
		const after = await openDataset(h.db, REGION, BASE);
		expect(after.cooperations.map((c) => c.id)).toEqual(before.cooperations.map((c) => c.id).filter((id) => id !== ERZIEHUNG));
		expect(after.files.csv).not.toContain(`;${ERZIEHUNG}\r\n`);
		expect(after.meta.modified).toBe(when.toISOString());
		await h.close();
	});

	it('never holds contacts, user names or e-mail addresses, even after that user edited a cooperation', async () => {
		const h = await loadedDatabase();
		const editor = await actorOf(h.db, 'editor', 'kamen', 'Ottilie Wendebrock', 'ottilie.wendebrock@kamen.example');
		await addContact(h.db, editor, ERZIEHUNG, {
			name: 'Zacharias Quendelmeyer', function: 'Leitung Beratungsstelle Quendelhof', bodyId: 'kamen',
			phone: '02307 148-9931', email: 'z.quendelmeyer@kamen.example'
		});
		const s = (await readCooperation(h.db, ERZIEHUNG))!;
		expect(await saveCooperation(h.db, editor, {
			regionId: REGION, record: { ...s.record, title: `${s.record.title} (neu gefasst)` }, expectedVersion: s.version,
			action: 'bearbeitet', comment: 'Absprache mit Zacharias Quendelmeyer'
		})).toMatchObject({ ok: true });
		const set = await openDataset(h.db, REGION, BASE);
		const rdf = dcatRdf(set.meta);
		// The edit itself is there (so the files were built after it) …
		expect(set.files.csv).toContain('(neu gefasst)');
		expect(set.files.json).toContain('(neu gefasst)');
		// … but nothing of the people.
		const personal = ['Zacharias', 'Quendelmeyer', 'Quendelhof', '148-9931', '1489931', 'z.quendelmeyer', 'Ottilie', 'Wendebrock', 'ottilie.wendebrock', 'kamen.example'];
		for (const [name, text] of Object.entries({ csv: set.files.csv, json: set.files.json, rdf })) {
			for (const p of personal) expect(text.toLowerCase(), `${p} in ${name}`).not.toContain(p.toLowerCase());
		}
		// The shape: exactly the public fields.
		const json = JSON.parse(set.files.json) as { cooperations: Record<string, unknown>[]; bodies: Record<string, unknown>[] };
		expect(Object.keys(json.cooperations[0]!).sort()).toEqual(
			['end', 'id', 'legal_form', 'list', 'number', 'org_unit', 'partner_groups', 'partners', 'performer', 'source', 'start', 'status', 'title', 'topics']);
		expect(Object.keys(json.bodies[0]!).sort()).toEqual(['ags', 'cooperations', 'id', 'kind', 'name', 'parent']);
		await h.close();
	});
});

describe('the DCAT-AP.de record', () => {
	it('is well-formed RDF/XML with the mandatory properties and vocabulary URIs', async () => {
		const h = await loadedDatabase();
		const set = await openDataset(h.db, REGION, BASE);
		const ds = datasetNode(dcatRdf(set.meta));
		expect(ds.attrs.get(`${NS.rdf}about`)).toBe(`${BASE}/offene-daten#datensatz`);
		const title = one(ds, 'dct', 'title');
		expect(title.text).toBe('Interkommunale Zusammenarbeit im Kreis Unna');
		expect(title.attrs.get(`${NS.xml}lang`)).toBe('de');
		expect(one(ds, 'dct', 'description').text).toContain(`${yamlCoops.length} Kooperationen`);
		expect(resources(ds, 'dcat', 'theme')).toContain('http://publications.europa.eu/resource/authority/data-theme/GOVE');
		const keywords = all(ds, 'dcat', 'keyword').map((k) => k.text);
		expect(keywords.length).toBeGreaterThanOrEqual(3);
		expect(keywords).toContain('Interkommunale Zusammenarbeit');

		const publisher = one(one(ds, 'dct', 'publisher'), 'foaf', 'Organization');
		expect(one(publisher, 'foaf', 'name').text).toBe('Kreis Unna');
		expect(publisher.attrs.get(`${NS.rdf}about`)).toBe(`${BASE}/koerperschaften/kreis-unna`);
		const contact = one(one(ds, 'dcat', 'contactPoint'), 'vcard', 'Organization');
		expect(one(contact, 'vcard', 'fn').text).toBe(regionYaml.source.author);

		const modified = one(ds, 'dct', 'modified');
		expect(datatype(modified)).toBe(`${XSD}dateTime`);
		expect(modified.text).toBe(await latestChange(h.db));
		const issued = one(ds, 'dct', 'issued');
		expect(datatype(issued)).toBe(`${XSD}dateTime`);
		expect(Date.parse(issued.text)).toBeLessThanOrEqual(Date.parse(modified.text));

		const district = 'http://dcat-ap.de/def/politicalGeocoding/districtKey/05978';
		expect(resources(ds, 'dct', 'spatial')).toEqual([district]);
		expect(resources(ds, 'dcatde', 'politicalGeocodingURI')).toEqual([district]);
		expect(resources(ds, 'dcatde', 'politicalGeocodingLevelURI')).toEqual(['http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict']);
		expect(all(ds, 'dcatde', 'contributorID')).toHaveLength(0);
		expect(resources(ds, 'dct', 'accessRights')).toEqual(['http://publications.europa.eu/resource/authority/access-right/PUBLIC']);
		expect(resources(ds, 'dct', 'language')).toEqual(['http://publications.europa.eu/resource/authority/language/DEU']);
		expect(resources(ds, 'dcat', 'landingPage')).toEqual([`${BASE}/offene-daten`]);

		const dists = all(ds, 'dcat', 'distribution').map((d) => one(d, 'dcat', 'Distribution'));
		expect(dists).toHaveLength(2);
		const byFormat = new Map(dists.map((d) => [resources(d, 'dct', 'format')[0], d]));
		const csv = byFormat.get('http://publications.europa.eu/resource/authority/file-type/CSV')!;
		const json = byFormat.get('http://publications.europa.eu/resource/authority/file-type/JSON')!;
		expect(resources(csv, 'dcat', 'mediaType')).toEqual(['https://www.iana.org/assignments/media-types/text/csv']);
		expect(resources(json, 'dcat', 'mediaType')).toEqual(['https://www.iana.org/assignments/media-types/application/json']);
		expect(resources(csv, 'dcat', 'downloadURL')).toEqual([`${BASE}/offene-daten/kooperationen.csv`]);
		expect(resources(json, 'dcat', 'downloadURL')).toEqual([`${BASE}/offene-daten/kooperationen.json`]);
		for (const d of dists) {
			expect(one(d, 'dct', 'title').text).not.toBe('');
			expect(resources(d, 'dcat', 'accessURL')).toEqual(resources(d, 'dcat', 'downloadURL'));
			expect(resources(d, 'dct', 'license')).toEqual(['http://dcat-ap.de/def/licenses/dl-by-de/2.0']);
			expect(one(d, 'dcatde', 'licenseAttributionByText').text).toBe('Kreis Unna');
			expect(datatype(one(d, 'dcat', 'byteSize'))).toBe(`${XSD}decimal`);
			const checksum = one(one(d, 'spdx', 'checksum'), 'spdx', 'Checksum');
			expect(resources(checksum, 'spdx', 'algorithm')).toEqual([`${NS.spdx}checksumAlgorithm_sha1`]);
		}
		await h.close();
	});

	it('states the real byte size and checksum of each file', async () => {
		const h = await loadedDatabase();
		const set = await openDataset(h.db, REGION, BASE);
		const ds = datasetNode(dcatRdf(set.meta));
		const stated = (format: string) => {
			const d = all(ds, 'dcat', 'distribution').map((x) => one(x, 'dcat', 'Distribution'))
				.find((x) => resources(x, 'dct', 'format')[0]?.endsWith(`/${format}`))!;
			return {
				size: Number(one(d, 'dcat', 'byteSize').text),
				sha1: one(one(one(d, 'spdx', 'checksum'), 'spdx', 'Checksum'), 'spdx', 'checksumValue').text
			};
		};
		// The CSV built independently from the register's own export path.
		const page = await searchPage(h.db, new URLSearchParams('sort=nr'), { ...readSettings({}), EXPORT_MAX_ROWS: 1_000_000 }, 'export');
		const csv = toCsv(CSV_HEADER, page.rows.map(csvRecord), ';');
		expect(csv).toBe(set.files.csv);
		// Umlauts and the BOM take more bytes than characters: the size is in bytes.
		expect(bytes(csv)).toBeGreaterThan(csv.length);
		expect(stated('CSV')).toEqual({ size: bytes(csv), sha1: createHash('sha1').update(Buffer.from(csv, 'utf8')).digest('hex') });
		expect(stated('JSON')).toEqual({ size: bytes(set.files.json), sha1: createHash('sha1').update(Buffer.from(set.files.json, 'utf8')).digest('hex') });
		await h.close();
	});

	it('follows edits: dct:modified is the latest change to a cooperation or a body', async () => {
		const h = await loadedDatabase();
		const coordinator = await actorOf(h.db, 'coordinator', 'kreis-unna', 'Kora Koordinatorin', 'kora@kreis-unna.example');
		const first = (await openDataset(h.db, REGION, BASE)).meta;

		const edit = new Date('2030-06-07T08:09:10.000Z');
		const s = (await readCooperation(h.db, ERZIEHUNG))!;
		expect(await saveCooperation(h.db, coordinator, {
			regionId: REGION, record: { ...s.record, title: `${s.record.title} – erweitert` }, expectedVersion: s.version, action: 'bearbeitet'
		}, edit)).toMatchObject({ ok: true });
		const second = (await openDataset(h.db, REGION, BASE)).meta;
		expect(first.modified < edit.toISOString()).toBe(true);
		expect(second.modified).toBe(edit.toISOString());
		expect(one(datasetNode(dcatRdf(second)), 'dct', 'modified').text).toBe(edit.toISOString());
		expect(second.issued).toBe(first.issued);
		expect(second.distributions.find((d) => d.key === 'csv')!.byteSize)
			.toBe(first.distributions.find((d) => d.key === 'csv')!.byteSize + bytes(' – erweitert'));

		const later = new Date('2030-09-10T11:12:13.000Z');
		const kamen = (await readBody(h.db, 'kamen'))!;
		expect(await saveBody(h.db, coordinator, { regionId: REGION, expectedVersion: kamen.version, record: { ...kamen.record, note: 'Neue Notiz' } }, later))
			.toMatchObject({ ok: true });
		expect((await openDataset(h.db, REGION, BASE)).meta.modified).toBe(later.toISOString());
		await h.close();
	});

	it('escapes every value, names the contributor only when one is given, and keeps an explicit region in the addresses', async () => {
		const h = await loadedDatabase();
		await h.db.updateTable('region').set({ name: 'Kreis <Test> & "Söhne" \u0001' }).where('id', '=', REGION).execute();
		const contributor = 'http://dcat-ap.de/def/contributors/testKennung';
		const set = await openDataset(h.db, REGION, BASE, { contributorId: contributor });
		const ds = datasetNode(dcatRdf(set.meta));
		expect(one(ds, 'dct', 'title').text).toBe('Interkommunale Zusammenarbeit im Kreis <Test> & "Söhne" ');
		expect(all(ds, 'dcat', 'keyword').map((k) => k.text)).toContain('Kreis <Test> & "Söhne" ');
		expect(resources(ds, 'dcatde', 'contributorID')).toEqual([contributor]);
		await expect(openDataset(h.db, REGION, BASE, { contributorId: 'https://example.org/x' })).rejects.toThrow();

		expect(await datasetForUrl(h.db, new URL(`${BASE}/offene-daten/dcat.rdf?region=atlantis`))).toBeNull();
		const explicit = (await datasetForUrl(h.db, new URL(`${BASE}/offene-daten/dcat.rdf?region=${REGION}`)))!;
		expect(explicit.meta.distributions.map((d) => d.url)).toEqual([
			`${BASE}/offene-daten/kooperationen.csv?region=${REGION}`, `${BASE}/offene-daten/kooperationen.json?region=${REGION}`]);
		const implicit = (await datasetForUrl(h.db, new URL(`${BASE}/offene-daten/dcat.rdf`)))!;
		expect(implicit.meta.distributions.map((d) => d.url)).toEqual([`${BASE}/offene-daten/kooperationen.csv`, `${BASE}/offene-daten/kooperationen.json`]);
		await h.close();
	});
});
