/**
 * A local OParl 1.1 server for the tests (issue 21, item 5), written after the OParl 1.1
 * specification: System, Body list, per body the external lists of papers and meetings with
 * paging (`links.next`), `modified_since`, ETag / If-None-Match, papers with consultations and a
 * mainFile with `text`, meetings with agenda items. Faults can be switched on for a phase: 5xx,
 * malformed JSON, a broken page link (404), a slow answer. Listens on 127.0.0.1, port 0.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FixturePaper {
	key: string;
	name: string;
	reference?: string;
	paperType?: string;
	date: string;
	modified: string;
	text: string;
	/** Key of a meeting that decided it. */
	meeting?: string;
}
export interface FixtureMeeting { key: string; name: string; start: string; modified: string; agenda: { number: string; name: string; paper?: string; result?: string }[] }
export interface FixtureBody { key: string; name: string; papers: FixturePaper[]; meetings: FixtureMeeting[] }

export type Fault = '500' | 'malformed' | '404' | 'slow';

const T = 'https://schema.oparl.org/1.1/';

export interface OparlTestServer {
	url: string;
	systemUrl: string;
	bodyUrl(key: string): string;
	/** Requests seen (path with query). */
	requests: string[];
	/** Answers 304 served. */
	notModified: number;
	/** Faults for list pages whose path+query contains `match`: served `times` times, then normal answers. */
	fault(match: string, kind: Fault, times: number): void;
	setBodies(bodies: FixtureBody[]): void;
	close(): Promise<void>;
}

export async function startOparlServer(initial: FixtureBody[], opts: { pageSize?: number; slowMs?: number } = {}): Promise<OparlTestServer> {
	let bodies = initial;
	const pageSize = opts.pageSize ?? 5;
	const faults: { match: string; kind: Fault; times: number }[] = [];
	const requests: string[] = [];
	let notModified = 0;
	let base = '';
	const api = () => `${base}/oparl/v1`;
	const bodyId = (b: FixtureBody) => `${api()}/body/${b.key}`;
	const paperObj = (b: FixtureBody, p: FixturePaper) => ({
		id: `${bodyId(b)}/paper/${p.key}`, type: `${T}Paper`, body: bodyId(b), name: p.name, reference: p.reference, paperType: p.paperType, date: p.date,
		web: `${base}/ris/vo020?key=${p.key}`, created: p.modified, modified: p.modified,
		mainFile: { id: `${bodyId(b)}/file/${p.key}`, type: `${T}File`, name: p.name, fileName: `${p.key}.pdf`, mimeType: 'application/pdf', text: p.text, accessUrl: `${base}/files/${p.key}.pdf` },
		consultation: p.meeting ? [{
			id: `${bodyId(b)}/consultation/${p.key}`, type: `${T}Consultation`, paper: `${bodyId(b)}/paper/${p.key}`,
			meeting: `${bodyId(b)}/meeting/${p.meeting}`, agendaItem: `${bodyId(b)}/meeting/${p.meeting}/ai/${p.key}`, authoritative: true, role: 'Entscheidung'
		}] : []
	});
	const meetingObj = (b: FixtureBody, m: FixtureMeeting) => ({
		id: `${bodyId(b)}/meeting/${m.key}`, type: `${T}Meeting`, name: m.name, start: m.start, modified: m.modified,
		agendaItem: m.agenda.map((a) => ({ id: `${bodyId(b)}/meeting/${m.key}/ai/${a.paper ?? a.number}`, type: `${T}AgendaItem`, number: a.number, name: a.name, result: a.result, public: true }))
	});
	function list<T extends { modified: string }>(u: URL, items: T[], obj: (i: T) => unknown) {
		const since = u.searchParams.get('modified_since');
		const from = since ? Date.parse(since) : null;
		const filtered = items.filter((i) => from === null || Date.parse(i.modified) >= from).sort((a, b) => Date.parse(a.modified) - Date.parse(b.modified));
		const page = Math.max(1, Number(u.searchParams.get('page') ?? 1));
		const slice = filtered.slice((page - 1) * pageSize, page * pageSize).map(obj);
		const next = page * pageSize < filtered.length ? new URL(u) : null;
		if (next) next.searchParams.set('page', String(page + 1));
		const body = { data: slice, pagination: { totalElements: filtered.length, elementsPerPage: pageSize, currentPage: page, totalPages: Math.ceil(filtered.length / pageSize) }, links: next ? { next: next.toString() } : {} };
		return body;
	}
	const server = http.createServer((req, res) => {
		const u = new URL(req.url ?? '/', base);
		const pq = u.pathname + u.search;
		requests.push(pq);
		const send = (status: number, body: unknown, etag?: string) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
			if (etag) headers.etag = etag;
			res.writeHead(status, headers).end(text);
		};
		const f = faults.find((x) => x.times > 0 && pq.includes(x.match));
		if (f) {
			f.times--;
			if (f.kind === '500') return send(503, { error: 'Wartung' });
			if (f.kind === '404') return send(404, { error: 'nicht gefunden' });
			if (f.kind === 'malformed') return send(200, '{"data": [{"id": "kaputt",');
			if (f.kind === 'slow') return void setTimeout(() => send(200, { data: [] }), opts.slowMs ?? 3000);
		}
		const etagged = (body: unknown) => {
			const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 16)}"`;
			if (req.headers['if-none-match'] === etag) {
				notModified++;
				return void res.writeHead(304, { etag }).end();
			}
			send(200, body, etag);
		};
		if (u.pathname === '/oparl/v1/system') return send(200, { id: `${api()}/system`, type: `${T}System`, oparlVersion: T, name: 'Ratsinformationssystem (Test)', body: `${api()}/bodies` });
		if (u.pathname === '/oparl/v1/bodies') {
			return send(200, { data: bodies.map((b) => ({ id: bodyId(b), type: `${T}Body`, name: b.name, system: `${api()}/system`, paper: `${bodyId(b)}/papers`, meeting: `${bodyId(b)}/meetings` })), links: {} });
		}
		const m = /^\/oparl\/v1\/body\/([^/]+)\/(papers|meetings)$/.exec(u.pathname);
		const b = m && bodies.find((x) => x.key === m[1]);
		if (m && b) {
			return etagged(m[2] === 'papers'
				? list(u, b.papers, (p) => paperObj(b, p))
				: list(u, b.meetings, (x) => meetingObj(b, x)));
		}
		const one = /^\/oparl\/v1\/body\/([^/]+)$/.exec(u.pathname);
		const ob = one && bodies.find((x) => x.key === one[1]);
		if (ob) return send(200, { id: bodyId(ob), type: `${T}Body`, name: ob.name, paper: `${bodyId(ob)}/papers`, meeting: `${bodyId(ob)}/meetings` });
		send(404, { error: 'nicht gefunden' });
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: base,
		get systemUrl() { return `${api()}/system`; },
		bodyUrl: (key) => `${api()}/body/${key}`,
		requests,
		get notModified() { return notModified; },
		fault: (match, kind, times) => void faults.push({ match, kind, times }),
		setBodies: (b) => void (bodies = b),
		close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); })
	};
}
