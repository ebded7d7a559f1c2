/**
 * Open data over HTTP against the built app: the page, the DCAT-AP.de record and the files it
 * names – status, content types, addresses on the app's own origin, sizes and checksums as served,
 * conditional requests with the ETag.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { startApp, type RunningApp } from './app-server';
import { decodeNumericReferences } from '../support/html-text';

let app: RunningApp;
beforeAll(async () => {
	app = await startApp();
});
afterAll(async () => app?.stop());

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${app.url}${p}`, { headers });

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const SPDX = 'http://spdx.org/rdf/terms#';

interface Dist { downloadURL: string; accessURL: string; mediaType: string; byteSize: number; sha1: string }

/** The distributions of the record, read with a namespace-aware parser. */
function distributions(xml: string): Dist[] {
	const parser = new SaxesParser({ xmlns: true });
	const out: Dist[] = [];
	let current: Partial<Dist> | null = null;
	let textOf: 'byteSize' | 'sha1' | null = null;
	parser.on('opentag', (t) => {
		const res = Object.values(t.attributes).find((a) => a.uri === RDF && a.local === 'resource')?.value;
		if (t.uri === DCAT && t.local === 'Distribution') current = {};
		else if (current && t.uri === DCAT && (t.local === 'downloadURL' || t.local === 'accessURL' || t.local === 'mediaType')) current[t.local] = res;
		else if (current && t.uri === DCAT && t.local === 'byteSize') textOf = 'byteSize';
		else if (current && t.uri === SPDX && t.local === 'checksumValue') textOf = 'sha1';
	});
	parser.on('text', (text) => {
		if (!current || !textOf) return;
		if (textOf === 'byteSize') current.byteSize = Number(text);
		else current.sha1 = text;
	});
	parser.on('closetag', (t) => {
		textOf = null;
		if (t.uri === DCAT && t.local === 'Distribution' && current) {
			out.push(current as Dist);
			current = null;
		}
	});
	parser.on('error', (e) => {
		throw e;
	});
	parser.write(xml).close();
	return out;
}

describe('open data', () => {
	it('the page explains the dataset and announces the record', async () => {
		const res = await get('/offene-daten');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/html');
		const html = decodeNumericReferences(await res.text());
		expect(html).toContain('<link rel="alternate" type="application/rdf+xml" href="/offene-daten/dcat.rdf"');
		expect(html).toContain('href="/offene-daten/kooperationen.csv"');
		expect(html).toContain('href="/offene-daten/kooperationen.json"');
		expect(html).toContain('Datenlizenz Deutschland – Namensnennung – Version 2.0');
		expect(html).toContain('Ansprechpartner');
		const about = await (await get('/ueber')).text();
		expect(about).toContain('href="/offene-daten"');
	});

	it('the record is RDF/XML whose files are on this origin, answer 200 and have the stated size and checksum', async () => {
		const res = await get('/offene-daten/dcat.rdf');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/rdf+xml; charset=utf-8');
		// Compressed for a client that accepts it (issue 17): then the tag is weak (RFC 9110 8.8.3); the
		// uncompressed file keeps the strong tag of its bytes, and both name the same version.
		expect(res.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
		expect(res.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
		const plain = await fetch(`${app.url}/offene-daten/dcat.rdf`, { headers: { 'accept-encoding': 'identity' } });
		await plain.arrayBuffer();
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.headers.get('etag')).toMatch(/^"[\w-]+"$/);
		expect(`W/${plain.headers.get('etag')}`).toBe(res.headers.get('etag'));
		expect(Date.parse(res.headers.get('last-modified') ?? '')).not.toBeNaN();
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		const xml = await res.text();
		expect(xml).toContain('http://dcat-ap.de/def/politicalGeocoding/districtKey/05978');
		const dists = distributions(xml);
		expect(dists.map((d) => d.mediaType).sort()).toEqual([
			'https://www.iana.org/assignments/media-types/application/json', 'https://www.iana.org/assignments/media-types/text/csv']);
		const types: Record<string, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };
		for (const d of dists) {
			expect(new URL(d.downloadURL).origin).toBe(app.url);
			expect(d.accessURL).toBe(d.downloadURL);
			const file = await fetch(d.downloadURL);
			expect(file.status, d.downloadURL).toBe(200);
			expect(file.headers.get('content-type')).toBe(types[d.downloadURL.split('.').at(-1)!]);
			const body = Buffer.from(await file.arrayBuffer());
			expect(body.length, d.downloadURL).toBe(d.byteSize);
			expect(createHash('sha1').update(body).digest('hex')).toBe(d.sha1);
		}
	});

	it('CSV with BOM and semicolons, JSON with dataset, cooperations and bodies', async () => {
		const csv = await get('/offene-daten/kooperationen.csv');
		expect(csv.headers.get('content-disposition')).toContain('attachment');
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const lines = text.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe('Liste;Nr.;Aufgabenbereich;Partner;Aufgabenerledigung durch;Rechtsform;Rechtsform (Quelle);seit;bis;Status;Themenfeld;Org.;ID;Quelle');
		const json = await (await get('/offene-daten/kooperationen.json')).json();
		expect(json.dataset.title).toBe('Interkommunale Zusammenarbeit im Kreis Unna');
		expect(json.dataset.source).toBe(`${app.url}/offene-daten`);
		expect(json.cooperations).toHaveLength(103);
		expect(lines).toHaveLength(104);
		expect(json.bodies.map((b: { id: string }) => b.id)).toContain('kreis-unna');
		const register = await (await get('/kooperationen.json?alle=1&sort=nr')).json();
		expect(json.cooperations.map((c: { id: string }) => c.id)).toEqual(register.items.map((c: { id: string }) => c.id));
	});

	it('a harvester that sends the ETag back gets 304 until something changes', async () => {
		for (const p of ['/offene-daten/dcat.rdf', '/offene-daten/kooperationen.csv', '/offene-daten/kooperationen.json']) {
			const first = await get(p);
			const tag = first.headers.get('etag')!;
			const again = await get(p, { 'If-None-Match': tag });
			expect(again.status, p).toBe(304);
			expect(await again.text()).toBe('');
			expect((await get(p, { 'If-None-Match': '"veraltet"' })).status).toBe(200);
		}
	});

	it('an unknown region is a 404, a named one appears in the addresses', async () => {
		expect((await get('/offene-daten/dcat.rdf?region=atlantis')).status).toBe(404);
		const xml = await (await get('/offene-daten/dcat.rdf?region=kreis-unna')).text();
		for (const d of distributions(xml)) expect(d.downloadURL.endsWith('?region=kreis-unna')).toBe(true);
	});
});
