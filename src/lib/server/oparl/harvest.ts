/**
 * The harvest (issue 21, item 2): meetings (with their agenda items) and papers (with their
 * consultations and files) of a connected body, incrementally with `modified_since` and paging
 * via `links.next`. After each page, in one transaction, the page's objects, the recognition's
 * proposals and the cursor are stored: an interrupted run loses nothing and the next run goes on
 * from the stored cursor. Timeouts, 5xx, malformed JSON and broken page links end the run with a
 * note in its log. Requests are spaced by OPARL_REQUEST_INTERVAL_MS; the first page of a pass is
 * requested with If-None-Match / If-Modified-Since when the system sent ETag / Last-Modified.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor, ActorRole } from '../auth/policy';
import { fetchJson, type FetchLimits } from './client';
import { OparlMeeting, OparlPage, OparlPaper } from './schemas';
import { recognise, type RecogniseContext } from './recognise';
import { proposeHit, type HitSource } from './propose';
import type { Rules } from './rules';

export interface HarvestOptions {
	limits: FetchLimits;
	intervalMs: number;
	maxPages: number;
	rules: Rules;
	now?: () => Date;
}

export interface RunSummary { runId: number; status: 'done' | 'interrupted' | 'busy'; pages: number; papers: number; meetings: number; proposals: number; log: { at: string; message: string }[] }

const running = new Set<string>();
export const isRunning = (sourceId: string) => running.has(sourceId);

const day = (s: string | null | undefined) => (s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null);

async function recognitionContext(db: Kysely<Database>, source: { body_id: string; region_id: string }, rules: Rules): Promise<RecogniseContext> {
	const bodies = await db.selectFrom('body').select(['id', 'name', 'official_name']).where('region_id', '=', source.region_id).execute();
	const aliases = await db.selectFrom('body_alias').innerJoin('body', 'body.id', 'body_alias.body_id').select(['body_alias.body_id', 'body_alias.alias'])
		.where('body.region_id', '=', source.region_id).execute();
	const names = new Map<string, Set<string>>(bodies.map((b) => [b.id, new Set([b.name, ...(b.official_name ? [b.official_name] : [])])]));
	for (const a of aliases) names.get(a.body_id)?.add(a.alias);
	const coops = await db.selectFrom('participation').innerJoin('cooperation', 'cooperation.seq', 'participation.cooperation_seq')
		.select(['cooperation.seq', 'cooperation.id', 'cooperation.title', 'cooperation.legal_form_id'])
		.where('participation.body_id', '=', source.body_id).where('cooperation.archived_at', 'is', null).execute();
	const seqs = [...new Set(coops.map((c) => c.seq))];
	const parts = seqs.length ? await db.selectFrom('participation').select(['cooperation_seq', 'body_id']).where('cooperation_seq', 'in', seqs).execute() : [];
	const topics = seqs.length ? await db.selectFrom('cooperation_topic').innerJoin('topic', 'topic.id', 'cooperation_topic.topic_id')
		.select(['cooperation_topic.cooperation_seq', 'topic.label']).where('cooperation_topic.cooperation_seq', 'in', seqs).execute() : [];
	const seen = new Set<string>();
	return {
		rules, ownBodyId: source.body_id,
		bodies: [...names].map(([id, n]) => ({ id, names: [...n] })),
		cooperations: coops.filter((c) => !seen.has(c.id) && seen.add(c.id)).map((c) => ({
			id: c.id, title: c.title, legalForm: c.legal_form_id,
			bodyIds: parts.filter((p) => p.cooperation_seq === c.seq).map((p) => p.body_id),
			topicWords: topics.filter((t) => t.cooperation_seq === c.seq).flatMap((t) => t.label.split(/[\s/,-]+/))
		}))
	};
}

/** Harvest one connected system now. Returns at once with 'busy' when a run of it is under way in this process. */
export async function harvestSource(db: Kysely<Database>, sourceId: string, opts: HarvestOptions): Promise<RunSummary> {
	const now = opts.now ?? (() => new Date());
	const source = await db.selectFrom('oparl_source').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
	if (running.has(sourceId)) return { runId: 0, status: 'busy', pages: 0, papers: 0, meetings: 0, proposals: 0, log: [] };
	running.add(sourceId);
	const log: RunSummary['log'] = [];
	const note = (message: string) => log.push({ at: now().toISOString(), message });
	const run = await db.insertInto('oparl_run').values({ source_id: sourceId, started_at: now().toISOString(), finished_at: null, status: 'running', log_json: '[]' })
		.returning('id').executeTakeFirstOrThrow();
	const counts = { pages: 0, papers: 0, meetings: 0, proposals: 0 };
	let status: 'done' | 'interrupted' = 'done';
	try {
		const user = await db.selectFrom('app_user').select(['id', 'name', 'email', 'role', 'body_id']).where('id', '=', source.created_by).executeTakeFirst();
		const actor: Actor = user
			? { role: user.role as ActorRole, userId: user.id, name: user.name, email: user.email, bodyId: user.body_id, regionId: source.region_id }
			: { role: 'coordinator', userId: source.created_by, name: 'OParl-Abruf', email: null, bodyId: null, regionId: source.region_id };
		const ctx = await recognitionContext(db, source, opts.rules);
		const list = (await db.selectFrom('cooperation').select('list').where('region_id', '=', source.region_id).where('list', '!=', 'kreis').limit(1).executeTakeFirst())?.list ?? 'kommunen';
		const topic = (await db.selectFrom('topic').select('id').where('id', '=', 'verwaltung-it').executeTakeFirst())?.id
			?? (await db.selectFrom('topic').select('id').orderBy('position').limit(1).executeTakeFirstOrThrow()).id;
		const hitSource: HitSource = { id: source.id, regionId: source.region_id, bodyId: source.body_id, bodyName: (await db.selectFrom('body').select('name').where('id', '=', source.body_id).executeTakeFirst())?.name ?? source.body_name };
		let lastRequest = 0;
		const polite = async () => {
			const wait = lastRequest + opts.intervalMs - Date.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			lastRequest = Date.now();
		};
		const lists: { name: 'meeting' | 'paper'; url: string | null }[] = [{ name: 'meeting', url: source.meeting_url }, { name: 'paper', url: source.paper_url }];
		for (const l of lists) {
			if (!l.url) continue;
			const ok = await harvestList(db, source.id, l.name, l.url, opts, now, polite, note, counts, run.id, async (trx, item) => {
				if (l.name === 'meeting') {
					const m = item as OparlMeeting;
					await trx.insertInto('oparl_meeting').values({ oparl_id: m.id, source_id: source.id, name: m.name ?? null, start: m.start ?? null, agenda_json: JSON.stringify(m.agendaItem ?? []) })
						.onConflict((oc) => oc.column('oparl_id').doUpdateSet({ name: m.name ?? null, start: m.start ?? null, agenda_json: JSON.stringify(m.agendaItem ?? []) })).execute();
					counts.meetings++;
					return;
				}
				const p = item as OparlPaper;
				const files = [p.mainFile, ...(p.auxiliaryFile ?? [])].filter((f) => !!f);
				const text = files.map((f) => [f.name, f.text].filter(Boolean).join('\n')).join('\n\n').slice(0, 1_000_000);
				const consultations = p.consultation ?? [];
				const row = { source_id: source.id, name: p.name, reference: p.reference ?? null, paper_type: p.paperType ?? null, date: day(p.date), web_url: p.web ?? null, modified: p.modified ?? null, consultations_json: JSON.stringify(consultations), text };
				await trx.insertInto('oparl_paper').values({ oparl_id: p.id, ...row }).onConflict((oc) => oc.column('oparl_id').doUpdateSet(row)).execute();
				counts.papers++;
				const rec = recognise({ name: `${p.paperType ?? ''} ${p.name}`, text }, ctx);
				if (!rec) return;
				// The decision's day: the meeting of the deciding (authoritative) consultation, else the paper's date.
				let date = day(p.date);
				const ordered = [...consultations].sort((a, b) => Number(!!b.authoritative) - Number(!!a.authoritative));
				for (const c of ordered) {
					if (!c.meeting) continue;
					const m = await trx.selectFrom('oparl_meeting').select('start').where('oparl_id', '=', c.meeting).executeTakeFirst();
					if (m && day(m.start)) {
						date = day(m.start);
						break;
					}
				}
				const id = await proposeHit(trx, actor, hitSource, { id: p.id, name: p.name, reference: p.reference ?? null, webUrl: p.web ?? null, date }, rec, { list, topic }, now());
				if (id) counts.proposals++;
			});
			if (!ok) {
				status = 'interrupted';
				break;
			}
		}
	} catch (e) {
		status = 'interrupted';
		note(`Abbruch: ${(e as Error).message}`);
	} finally {
		running.delete(sourceId);
		const end = now().toISOString();
		await db.updateTable('oparl_run').set({ status, finished_at: end, ...counts, log_json: JSON.stringify(log.slice(-200)) }).where('id', '=', run.id).execute();
		await db.updateTable('oparl_source').set({ last_run_at: end }).where('id', '=', sourceId).execute();
	}
	return { runId: run.id, status, ...counts, log };
}

type Store = (trx: Kysely<Database>, item: OparlMeeting | OparlPaper) => Promise<void>;

/** One list of a source: returns false when the run must stop (the note says why). */
async function harvestList(
	db: Kysely<Database>, sourceId: string, list: 'meeting' | 'paper', baseUrl: string, opts: HarvestOptions, now: () => Date,
	polite: () => Promise<void>, note: (m: string) => void, counts: { pages: number; papers: number; meetings: number; proposals: number }, runId: number, store: Store
): Promise<boolean> {
	const label = list === 'paper' ? 'Drucksachen' : 'Sitzungen';
	const cursor = await db.selectFrom('oparl_cursor').selectAll().where('source_id', '=', sourceId).where('list', '=', list).executeTakeFirst();
	let url: string;
	let passStarted: string;
	let firstOfPass: boolean;
	if (cursor?.next_url) {
		url = cursor.next_url;
		passStarted = cursor.pass_started_at ?? now().toISOString();
		firstOfPass = false;
		note(`${label}: fortgesetzt bei ${url}`);
	} else {
		const u = new URL(baseUrl);
		if (cursor?.since) u.searchParams.set('modified_since', cursor.since);
		url = u.toString();
		passStarted = now().toISOString();
		firstOfPass = true;
	}
	const schema = list === 'paper' ? OparlPaper : OparlMeeting;
	for (let page = 0; page < opts.maxPages; page++) {
		await polite();
		const r = await fetchJson(url, opts.limits, firstOfPass ? { etag: cursor?.etag, lastModified: cursor?.last_modified } : {});
		if (!r.ok) {
			note(`${label}: ${r.note} Der nächste Lauf setzt hier fort.`);
			// A page link that no longer exists (4xx) cannot be resumed: the next run starts the pass again.
			if (!firstOfPass && r.httpStatus && r.httpStatus >= 400 && r.httpStatus < 500) {
				await db.updateTable('oparl_cursor').set({ next_url: null, pass_started_at: null }).where('source_id', '=', sourceId).where('list', '=', list).execute();
				note(`${label}: defekter Seitenverweis; der nächste Lauf beginnt den Durchgang neu.`);
			}
			return false;
		}
		if (r.status === 304) {
			note(`${label}: unverändert seit dem letzten Abruf.`);
			return true;
		}
		const parsed = OparlPage.safeParse(r.json);
		if (!parsed.success) {
			note(`${label}: ${url}: keine OParl-Liste (data fehlt). Der nächste Lauf setzt hier fort.`);
			return false;
		}
		const items: (OparlMeeting | OparlPaper)[] = [];
		let skipped = 0;
		for (const raw of parsed.data.data) {
			const o = schema.safeParse(raw);
			if (o.success && !o.data.deleted) items.push(o.data);
			else if (!o.success) skipped++;
		}
		if (skipped) note(`${label}: ${skipped} Objekt(e) auf ${url} passen nicht zu OParl 1.1 und wurden übersprungen.`);
		const next = parsed.data.links?.next ?? null;
		const done = !next || next === url;
		await db.transaction().execute(async (trx) => {
			for (const item of items) await store(trx, item);
			const state = {
				next_url: done ? null : next, pass_started_at: done ? null : passStarted,
				...(done ? { since: passStarted } : {}),
				...(firstOfPass ? { etag: r.etag, last_modified: r.lastModified } : {})
			};
			const have = await trx.selectFrom('oparl_cursor').select('list').where('source_id', '=', sourceId).where('list', '=', list).executeTakeFirst();
			if (have) await trx.updateTable('oparl_cursor').set(state).where('source_id', '=', sourceId).where('list', '=', list).execute();
			else await trx.insertInto('oparl_cursor').values({ source_id: sourceId, list, since: null, etag: null, last_modified: null, ...state }).execute();
			counts.pages++;
			await trx.updateTable('oparl_run').set({ ...counts }).where('id', '=', runId).execute();
		});
		if (done) {
			note(`${label}: vollständig gelesen.`);
			return true;
		}
		url = next;
		firstOfPass = false;
	}
	note(`${label}: Höchstzahl von ${opts.maxPages} Seiten je Lauf erreicht; der nächste Lauf setzt fort.`);
	return true;
}
