/**
 * The knowledge base and the funding check (issue 7, items 3 and 4) on the shipped data: the loader
 * loads every article file and leaves them alone the second time, an article edited in the app is
 * versioned and kept by the loader, the register's search finds the checklist, checklists are
 * ticked per cooperation, cooperations show what concerns them, every link in the shipped texts
 * resolves, and the funding check takes its numbers from a cooperation or an idea.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { loadedDatabase } from './helpers';
import type { Database } from '../../src/lib/server/db/schema';
import { can, type Actor } from '../../src/lib/server/auth/policy';
import { createUser } from '../../src/lib/server/auth/users';
import { applyDataSet, formatLoadReport } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { articleVersions, listArticles, readArticle, saveArticle, searchKnowledge } from '../../src/lib/server/knowledge/articles';
import { checklistProgress, checklistState, knowledgeForCooperation, setChecklistTicks, tickableCooperations } from '../../src/lib/server/knowledge/checklists';
import { checkKnowledgeRefs, readKnowledgeFolder } from '../../src/lib/server/knowledge/read';
import { prefillFromCooperation, prefillFromIdea } from '../../src/lib/server/knowledge/funding-prefill';
import { readFundingProgrammes } from '../../src/lib/server/knowledge/programmes';
import { emptyArticleForm, formToRecord, problemsToErrors, valuesOf } from '../../src/lib/server/knowledge/article-form';
import { formValues, parseFundingForm, parseGermanNumber } from '../../src/lib/server/knowledge/funding-form';
import { readSteering, saveSteering } from '../../src/lib/server/steering/store';
import { bodiesOf, readCooperation } from '../../src/lib/server/registry/write';
import { checklistItems } from '../../src/lib/domain/markdown';
import { checkFunding } from '../../src/lib/domain/funding';

type Db = Kysely<Database>;
const REGION = 'kreis-unna';
const FILES = fs.readdirSync('data/knowledge').filter((f) => f.endsWith('.md')).sort();

async function actor(db: Db, role: 'coordinator' | 'editor', bodyId: string, email: string): Promise<Actor> {
	const userId = await createUser(db, { email, name: email.split('@')[0]!, bodyId, role });
	return { role, userId, name: email.split('@')[0]!, email, bodyId, regionId: REGION };
}

describe('loading the shipped articles', () => {
	it('loads every file once, and the second start changes nothing', async () => {
		const h = await loadedDatabase();
		expect(FILES.length).toBeGreaterThanOrEqual(20);
		expect([...h.report.knowledge.added].sort()).toEqual(FILES.map((f) => f.replace(/\.md$/, '')));
		const rows = await h.db.selectFrom('knowledge_article').select(['id', 'origin', 'version', 'region_id']).execute();
		expect(rows).toHaveLength(FILES.length);
		for (const r of rows) {
			expect(r.origin).toBe(`data:knowledge/${r.id}.md`);
			expect(r.version).toBe(1);
			expect(r.region_id).toBeNull();
		}
		const again = await applyDataSet(h.db, readDataSet('data'));
		expect(again.knowledge).toMatchObject({ added: [], changed: [], removed: [], unchanged: FILES.length, keptApp: 0 });
		expect(again.revision).toBe(h.report.revision);
		expect(formatLoadReport(again)).toContain(`Wissensbereich (Artikel): 0 neu, 0 geändert, 0 entfernt, ${FILES.length} unverändert`);
		await h.close();
	});

	it('holds what the issue asks for: a guide per legal form, the three checklists, two model texts, rulings, FAQ, sources, examples', async () => {
		const h = await loadedDatabase();
		const all = await listArticles(h.db);
		const byKind = (k: string) => all.filter((a) => a.kind === k);
		const guideForms = new Set(byKind('guide').flatMap((a) => a.legalForms));
		for (const lf of ['oerv', 'zweckverband', 'aoer', 'arbeitsgemeinschaft', 'gmbh', 'ev', 'vertrag', 'absprache', 'projekt']) expect(guideForms, lf).toContain(lf);
		expect(byKind('checklist').map((a) => a.title)).toEqual(expect.arrayContaining([
			'Vom Ratsbeschluss zur wirksamen öffentlich-rechtlichen Vereinbarung', 'Zweckverband gründen', '§ 2b UStG prüfen'
		]));
		expect(byKind('model').map((a) => a.title)).toEqual(expect.arrayContaining(['Mustertext öffentlich-rechtliche Vereinbarung', 'Muster Verbandssatzung Zweckverband']));
		const rulings = byKind('ruling').map((a) => a.meta as { file_number: string; date: string; court: string; link: string });
		expect(rulings.map((r) => [r.file_number, r.date]).sort()).toEqual([
			['C-107/98', '1999-11-18'], ['C-480/06', '2009-06-09'], ['C-51/15', '2016-12-21'], ['C-796/18', '2020-05-28']
		]);
		for (const r of rulings) expect(r.link).toBe(`https://curia.europa.eu/juris/liste.jsf?num=${r.file_number}`);
		const faq = byKind('faq');
		expect(faq).toHaveLength(1);
		const questions = (await readArticle(h.db, faq[0]!.id))!.record.body.match(/^## .+\?$/gm) ?? [];
		expect(questions.length).toBeGreaterThanOrEqual(8);
		expect(questions.length).toBeLessThanOrEqual(12);
		const sources = byKind('source').map((a) => a.title).join(' | ');
		for (const name of ['KGSt', 'RVR', 'Landkreistag', 'Städte- und Gemeindebund', 'Städtetag', 'Wegweiser Kommune', 'Kommunal Agentur NRW', 'KIKZ']) expect(sources, name).toContain(name);
		expect(byKind('example').length).toBeGreaterThanOrEqual(2);
		expect(byKind('example').length).toBeLessThanOrEqual(4);
		await h.close();
	});

	it('every link in the shipped texts resolves: articles, cooperations, register filters', async () => {
		const h = await loadedDatabase();
		const ids = new Set((await listArticles(h.db)).map((a) => a.id));
		const coops = new Set((await h.db.selectFrom('cooperation').select('id').execute()).map((r) => r.id));
		const legalForms = new Set((await h.db.selectFrom('legal_form').select('id').execute()).map((r) => r.id));
		let checked = 0;
		for (const id of ids) {
			const body = (await readArticle(h.db, id))!.record.body;
			for (const [, target] of body.matchAll(/\]\(([^)\s]+)\)/g)) {
				checked++;
				const t = target!;
				if (t.startsWith('/wissen/')) expect(ids, `${id} → ${t}`).toContain(t.slice('/wissen/'.length));
				else if (t.startsWith('/kooperationen/')) expect(coops, `${id} → ${t}`).toContain(t.slice('/kooperationen/'.length));
				else if (t.startsWith('/kooperationen?rechtsform=')) expect(legalForms, `${id} → ${t}`).toContain(t.split('=')[1]);
				else expect(['/wissen?art=ruling', '/foerderung', '/kooperationen'], `${id} → ${t}`).toContain(t);
			}
		}
		expect(checked).toBeGreaterThan(40);
		await h.close();
	});

	it('the checklist from council decision to effective agreement has the law\'s steps, each with a stable key', async () => {
		const h = await loadedDatabase();
		const items = checklistItems((await readArticle(h.db, 'checkliste-oerv'))!.record.body);
		const keys = items.map((i) => i.key);
		for (const k of ['ratsbeschluesse', 'schriftform', 'vorlage-aufsicht', 'genehmigung', 'amtsblatt', 'wirksam', 'kuendigungsregel']) expect(keys).toContain(k);
		// In the law's order.
		expect(keys.indexOf('ratsbeschluesse')).toBeLessThan(keys.indexOf('schriftform'));
		expect(keys.indexOf('genehmigung')).toBeLessThan(keys.indexOf('amtsblatt'));
		expect(keys.indexOf('amtsblatt')).toBeLessThan(keys.indexOf('wirksam'));
		expect(items.find((i) => i.key === 'genehmigung')!.text).toContain('vier Wochen');
		expect(items.find((i) => i.key === 'wirksam')!.text).toContain('Tag nach der Veröffentlichung');
		await h.close();
	});
});

describe('the corrected legal statements (issue 22) in a freshly loaded database', () => {
	it('two-step deemed approval, the parties\' notices, § 2b scope and date, BMF 14.11.2019, Abs. 4, Umlage, Verein – each with sources', async () => {
		const h = await loadedDatabase();
		const body = async (id: string) => (await readArticle(h.db, id))!.record.body;
		for (const id of ['leitfaden-oerv', 'faq-ikz', 'checkliste-oerv']) {
			const b = await body(id);
			expect(b, id).toMatch(/weitere[rn]? vier Wochen/);
			expect(b, id).toContain('Erörterung');
			expect(b, id).toContain('§ 24 Abs. 3 Satz 2 GkG NRW');
			expect(b, id).toContain('§ 31 Abs. 3 VwVfG NRW');
		}
		const all = await Promise.all((await listArticles(h.db)).map(async (a) => [a.id, await body(a.id)] as const));
		for (const [id, b] of all) {
			// The misleading date sentence is gone everywhere; § 2b covers all activities of a public body.
			expect(b, id).not.toMatch(/ab dem 1\. Januar 2027 (gilt )?§ 2b UStG (auch )?für Leistungen zwischen/i);
			expect(b, id).not.toContain('ohnehin Unternehmer');
			expect(b, id).not.toMatch(/vier Wochen (lang )?(nicht|ohne) (widerspricht|Widerspruch)/);
			if (b.includes('§ 2b') && ['guide', 'checklist', 'faq'].includes((await readArticle(h.db, id))!.record.kind)) expect(b, `${id} names its sources`).toMatch(/Quellen/);
		}
		const ust = await body('checkliste-2b-ustg');
		for (const needle of ['14.11.2019', '16.12.2016', '§ 2b Abs. 4', 'Anhang I', '17.500 €', 'Optionserklärung', 'Widerruf', '§ 27 Abs. 22a UStG', 'alle ihre Tätigkeiten', 'privaten Anbietern', 'Grünpflege']) {
			expect(ust, needle).toContain(needle);
		}
		expect((await readArticle(h.db, 'checkliste-2b-ustg'))!.record.summary).not.toContain('für Leistungen zwischen öffentlichen Stellen');
		expect(await body('leitfaden-zweckverband')).toContain('Nicht jede Umlage ist ein Entgelt');
		expect(await body('leitfaden-verein-vertrag')).toContain('nur, soweit er nachhaltig Leistungen gegen Entgelt erbringt');
		expect(await body('faq-ikz')).toContain('75.000 €');
		expect(await body('faq-ikz')).toContain('Alternativen, die nicht zusammengerechnet werden');
		// Checklist keys already ticked stay; the new steps get their own keys.
		const keys = checklistItems(ust).map((i) => i.key);
		for (const k of ['leistungen', 'grundlage', 'oeffentliche-gewalt', 'wettbewerb', 'nur-oeffentlich', 'langfristig', 'gemeinsame-aufgabe', 'kostenerstattung', 'nur-oeffentliche-kunden', 'ergebnis', 'anpassen', 'steuerpflicht', 'optionserklaerung', 'entgelt', 'abs4', 'private-anbieter', 'hilfstaetigkeiten', 'delegation']) expect(keys).toContain(k);
		expect(checklistItems(await body('checkliste-oerv')).map((i) => i.key)).toContain('hinweis-beteiligte');
		await h.close();
	});
});

describe('editing in the app', () => {
	it('a save is versioned (file state first), locked, audited, and the loader leaves the article alone', async () => {
		const h = await loadedDatabase();
		const kora = await actor(h.db, 'coordinator', 'kreis-unna', 'kora@kreis-unna.de');
		const before = (await readArticle(h.db, 'leitfaden-oerv'))!;
		expect(await articleVersions(h.db, 'leitfaden-oerv')).toEqual([]);
		const edited = { ...before.record, body: `${before.record.body}\n\n## Hinweis des Kreises\n\nDie Kommunalaufsicht berät gern vorab.` };
		const saved = await saveArticle(h.db, kora, edited, before.version, { comment: 'Hinweis ergänzt' }, new Date('2026-03-02T09:00:00Z'));
		expect(saved).toMatchObject({ ok: true, version: 2 });
		const after = (await readArticle(h.db, 'leitfaden-oerv'))!;
		expect(after).toMatchObject({ origin: 'app', version: 2 });
		expect(after.record.body).toContain('Kommunalaufsicht berät gern');
		const versions = await articleVersions(h.db, 'leitfaden-oerv');
		expect(versions.map((v) => [v.version, v.action])).toEqual([[2, 'bearbeitet'], [1, 'aus Datendatei']]);
		expect(versions[0]).toMatchObject({ comment: 'Hinweis ergänzt', actorLabel: 'kora <kora@kreis-unna.de>' });
		const log = await h.db.selectFrom('audit_log').selectAll().where('entity', '=', 'article').execute();
		expect(log.map((l) => [l.action, l.entity_id])).toEqual([['article.edit', 'leitfaden-oerv']]);
		// The search sees the new text at once.
		expect((await searchKnowledge(h.db, 'Kommunalaufsicht berät')).map((x) => x.id)).toEqual(['leitfaden-oerv']);

		// A save based on the old version is a conflict and changes nothing.
		const stale = await saveArticle(h.db, kora, { ...before.record, title: 'Veraltet' }, before.version);
		expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await readArticle(h.db, 'leitfaden-oerv'))!.record.title).toBe(before.record.title);

		// A changed data file: the app's version stays; other articles follow the file.
		const ds = readDataSet('data');
		const file = ds.knowledge!.articles.find((a) => a.record.id === 'leitfaden-oerv')!;
		file.record = { ...file.record, body: 'Neue Fassung aus der Datei' };
		const faq = ds.knowledge!.articles.find((a) => a.record.id === 'faq-ikz')!;
		faq.record = { ...faq.record, summary: 'Geänderte Kurzfassung aus der Datei' };
		ds.knowledge!.articles = ds.knowledge!.articles.filter((a) => a.record.id !== 'quelle-kikz-hessen');
		const reload = await applyDataSet(h.db, ds);
		expect(reload.knowledge.keptApp).toBe(1);
		expect(reload.knowledge.changed).toEqual(['faq-ikz']);
		expect(reload.knowledge.removed).toEqual(['quelle-kikz-hessen']);
		expect((await readArticle(h.db, 'leitfaden-oerv'))!.record.body).toContain('Kommunalaufsicht berät gern');
		expect((await readArticle(h.db, 'faq-ikz'))!.record.summary).toBe('Geänderte Kurzfassung aus der Datei');
		expect(await readArticle(h.db, 'quelle-kikz-hessen')).toBeNull();
		await h.close();
	});

	it('a new article belongs to the app and its region; invalid ones are refused with reasons', async () => {
		const h = await loadedDatabase();
		const kora = await actor(h.db, 'coordinator', 'kreis-unna', 'kora@kreis-unna.de');
		const created = await saveArticle(h.db, kora, {
			id: 'beispiel-bauhoefe', kind: 'example', title: 'Praxisbeispiel: Bauhöfe', summary: '', legal_forms: [],
			meta: { cooperations: ['kommunen-12'] }, body: 'Gemeinsamer Einkauf.'
		}, null, { regionId: REGION });
		expect(created).toMatchObject({ ok: true, version: 1 });
		const row = await h.db.selectFrom('knowledge_article').selectAll().where('id', '=', 'beispiel-bauhoefe').executeTakeFirstOrThrow();
		expect(row).toMatchObject({ origin: 'app', region_id: REGION, kind: 'example' });
		expect((await articleVersions(h.db, 'beispiel-bauhoefe')).map((v) => v.action)).toEqual(['angelegt']);

		const unknownCoop = await saveArticle(h.db, kora, { id: 'x-1', kind: 'example', title: 'X', meta: { cooperations: ['kommunen-999'] } }, null);
		expect(unknownCoop).toMatchObject({ ok: false, reason: 'invalid' });
		expect(JSON.stringify(unknownCoop)).toContain('kommunen-999');
		const badRuling = await saveArticle(h.db, kora, { id: 'x-2', kind: 'ruling', title: 'X', meta: { file_number: 'C-1/00', date: '1.1.2000', court: 'EuGH' } }, null);
		expect(badRuling).toMatchObject({ ok: false, reason: 'invalid' });
		const badLink = await saveArticle(h.db, kora, { id: 'x-3', kind: 'source', title: 'X', meta: { url: 'javascript:alert(1)' } }, null);
		expect(badLink).toMatchObject({ ok: false, reason: 'invalid' });
		const badForm = await saveArticle(h.db, kora, { id: 'x-4', kind: 'guide', title: 'X', legal_forms: ['kommune-ag'] }, null);
		expect(badForm).toMatchObject({ ok: false, reason: 'invalid' });
		const taken = await saveArticle(h.db, kora, { id: 'faq-ikz', kind: 'faq', title: 'X' }, null);
		expect(taken).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await readArticle(h.db, 'x-1')).toBeNull();
		await h.close();
	});
});

describe('search', () => {
	it('"Amtsblatt" and "Checkliste" find the checklist from council decision to effective agreement', async () => {
		const h = await loadedDatabase();
		expect((await searchKnowledge(h.db, 'Amtsblatt')).map((x) => x.id)).toContain('checkliste-oerv');
		const checklists = await searchKnowledge(h.db, 'Checkliste');
		expect(checklists.map((x) => x.id)).toEqual(expect.arrayContaining(['checkliste-oerv', 'checkliste-zweckverband-gruenden', 'checkliste-2b-ustg']));
		expect(checklists.find((x) => x.id === 'checkliste-oerv')).toMatchObject({ kind: 'checklist', href: '/wissen/checkliste-oerv' });
		// The checklists come first, before articles that only mention a checklist.
		expect(checklists.slice(0, 3).every((x) => x.kind === 'checklist')).toBe(true);
		expect(checklists.length).toBeGreaterThan(3);
		const amtsblatt = await searchKnowledge(h.db, 'Amtsblatt');
		expect(amtsblatt.length).toBeGreaterThan(1);
		// Folded like the register: umlauts, ß, parts of words; all terms must match.
		expect((await searchKnowledge(h.db, 'amtsbl GENEHMIGUNG')).map((x) => x.id)).toContain('checkliste-oerv');
		expect((await searchKnowledge(h.db, 'Kündigungsregelung Verbandsversammlung')).map((x) => x.id)).not.toContain('checkliste-oerv');
		expect((await searchKnowledge(h.db, 'Stadtreinigung')).map((x) => x.id)).toContain('eugh-c-480-06-stadtreinigung-hamburg');
		// Rulings by file number and keyword, filters by kind and legal form.
		expect((await listArticles(h.db, { q: 'C-51/15' })).map((a) => a.id)).toContain('eugh-c-51-15-remondis');
		expect((await listArticles(h.db, { kind: 'ruling', q: 'Inhouse' })).map((a) => a.id)).toEqual(['eugh-c-107-98-teckal']);
		const zv = await listArticles(h.db, { legalForm: 'zweckverband' });
		expect(zv.map((a) => a.id)).toEqual(expect.arrayContaining(['leitfaden-zweckverband', 'checkliste-zweckverband-gruenden', 'muster-verbandssatzung']));
		expect(zv.every((a) => a.legalForms.includes('zweckverband'))).toBe(true);
		expect(await searchKnowledge(h.db, '   ')).toEqual([]);
		await h.close();
	});
});

describe('checklists per cooperation', () => {
	it('ticks are kept per cooperation, with time and who; unticking removes them; progress shows on the cooperation', async () => {
		const h = await loadedDatabase();
		const kamen = await actor(h.db, 'editor', 'kamen', 'redaktion@kamen.de');
		const t1 = new Date('2026-04-01T08:00:00Z');
		expect(await setChecklistTicks(h.db, kamen, 'checkliste-oerv', 'kommunen-12', ['ratsbeschluesse', 'schriftform'], t1))
			.toEqual({ ok: true, added: ['ratsbeschluesse', 'schriftform'], removed: [] });
		const state = (await checklistState(h.db, 'checkliste-oerv', 'kommunen-12'))!;
		const total = checklistItems((await readArticle(h.db, 'checkliste-oerv'))!.record.body).length;
		expect(state).toHaveLength(total);
		expect(state.filter((s) => s.done).map((s) => s.key)).toEqual(['ratsbeschluesse', 'schriftform']);
		expect(state.find((s) => s.key === 'schriftform')).toMatchObject({ doneAt: t1.toISOString(), doneBy: 'redaktion <redaktion@kamen.de>' });
		// Another cooperation has its own state.
		expect((await checklistState(h.db, 'checkliste-oerv', 'kommunen-46'))!.some((s) => s.done)).toBe(false);

		// The form sends the full set: one kept (with its first time), one new, one taken back.
		const t2 = new Date('2026-04-02T08:00:00Z');
		expect(await setChecklistTicks(h.db, kamen, 'checkliste-oerv', 'kommunen-12', ['ratsbeschluesse', 'amtsblatt'], t2))
			.toEqual({ ok: true, added: ['amtsblatt'], removed: ['schriftform'] });
		const again = (await checklistState(h.db, 'checkliste-oerv', 'kommunen-12'))!;
		expect(again.filter((s) => s.done).map((s) => [s.key, s.doneAt])).toEqual([['ratsbeschluesse', t1.toISOString()], ['amtsblatt', t2.toISOString()]]);
		expect(await checklistProgress(h.db, 'kommunen-12')).toEqual([{ articleId: 'checkliste-oerv', title: 'Vom Ratsbeschluss zur wirksamen öffentlich-rechtlichen Vereinbarung', done: 2, total }]);
		const log = await h.db.selectFrom('audit_log').select(['action', 'entity_id', 'detail']).where('action', '=', 'checklist.tick').execute();
		expect(log).toHaveLength(2);
		expect(log[1]).toMatchObject({ entity_id: 'kommunen-12' });
		expect(JSON.parse(log[1]!.detail!)).toEqual({ checkliste: 'checkliste-oerv', erledigt: 1, zurueckgenommen: 1 });

		// Unknown items, unknown cooperations and articles that are no checklists are refused.
		expect(await setChecklistTicks(h.db, kamen, 'checkliste-oerv', 'kommunen-12', ['gibt-es-nicht'])).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await setChecklistTicks(h.db, kamen, 'checkliste-oerv', 'kommunen-999', [])).toMatchObject({ ok: false, reason: 'not_found' });
		expect(await setChecklistTicks(h.db, kamen, 'leitfaden-oerv', 'kommunen-12', [])).toMatchObject({ ok: false, reason: 'not_found' });
		expect(await checklistState(h.db, 'leitfaden-oerv', 'kommunen-12')).toBeNull();
		await h.close();
	});

	it('editors may tick for their own cooperations only, coordinators for their region', async () => {
		const h = await loadedDatabase();
		const kamen = await actor(h.db, 'editor', 'kamen', 'redaktion@kamen.de');
		const boenen = await actor(h.db, 'editor', 'boenen', 'redaktion@boenen.de');
		const kora = await actor(h.db, 'coordinator', 'kreis-unna', 'kora@kreis-unna.de');
		const coop = (await readCooperation(h.db, 'kommunen-12'))!;
		const resource = { bodyIds: bodiesOf(coop.record), regionId: coop.regionId };
		expect(can(kamen, 'checklist.tick', resource)).toBe(true);
		expect(can(boenen, 'checklist.tick', resource)).toBe(false);
		expect(can(kora, 'checklist.tick', resource)).toBe(true);
		const mine = (await tickableCooperations(h.db, kamen)).map((c) => c.id);
		expect(mine).toContain('kommunen-12');
		expect(mine).not.toContain('kommunen-46');
		const kamenCount = await h.db.selectFrom('cooperation').select('id').where('archived_at', 'is', null)
			.where((eb) => eb.or([eb('performer_body_id', '=', 'kamen'), eb.exists(eb.selectFrom('participation').select('body_id').whereRef('participation.cooperation_seq', '=', 'cooperation.seq').where('body_id', '=', 'kamen'))]))
			.execute();
		expect(mine).toHaveLength(kamenCount.length);
		for (const id of mine) {
			const c = (await readCooperation(h.db, id))!;
			expect(can(kamen, 'checklist.tick', { bodyIds: bodiesOf(c.record), regionId: c.regionId }), id).toBe(true);
		}
		const all = await tickableCooperations(h.db, kora);
		expect(all.length).toBe(Number((await h.db.selectFrom('cooperation').select((eb) => eb.fn.countAll<number>().as('n')).where('region_id', '=', REGION).where('archived_at', 'is', null).executeTakeFirstOrThrow()).n));
		expect(await tickableCooperations(h.db, { ...kamen, role: 'member' })).toEqual([]);
		await h.close();
	});

	it('a cooperation\'s profile gets the articles for its legal form, the examples that name it and its checklists', async () => {
		const h = await loadedDatabase();
		const kamen = await actor(h.db, 'editor', 'kamen', 'redaktion@kamen.de');
		await setChecklistTicks(h.db, kamen, 'checkliste-oerv', 'kommunen-12', ['amtsblatt']);
		const k = await knowledgeForCooperation(h.db, 'kommunen-12', 'oerv');
		expect(k.related.map((r) => r.id)).toEqual(expect.arrayContaining(['leitfaden-oerv', 'checkliste-oerv', 'muster-oerv', 'checkliste-2b-ustg', 'eugh-c-480-06-stadtreinigung-hamburg']));
		expect(k.related.map((r) => r.id)).not.toContain('leitfaden-zweckverband');
		expect(k.related[0]!.kind).toBe('guide');
		expect(k.examples.map((e) => e.id)).toEqual(['beispiel-erziehungsberatung']);
		expect(k.checklists).toEqual([expect.objectContaining({ articleId: 'checkliste-oerv', done: 1 })]);
		const vhs = await knowledgeForCooperation(h.db, 'kommunen-2', 'zweckverband');
		expect(vhs.related.map((r) => r.id)).toEqual(expect.arrayContaining(['leitfaden-zweckverband', 'muster-verbandssatzung', 'checkliste-zweckverband-gruenden']));
		expect(vhs.examples.map((e) => e.id)).toEqual(['beispiel-volkshochschulen']);
		expect(vhs.checklists).toEqual([]);
		expect((await knowledgeForCooperation(h.db, 'kommunen-12', 'unknown')).related).toEqual([]);
		await h.close();
	});
});

describe('funding check with the register', () => {
	const NRW = readFundingProgrammes('data').find((p) => p.id === 'nrw-ikz')!;

	it('reads the programmes once, validated', () => {
		expect(NRW).toMatchObject({ base_amount: 175000, per_further_partner: 35000, max_share: 0.9, min_years: 5, min_savings: 0.15, valid_from: '2021-08-31', cross_border_single_partner_cap: 75000 });
		// Bayern from its Richtlinie text; Hessen and Rheinland-Pfalz with no figure the team could verify (all open).
		expect(readFundingProgrammes('data').find((x) => x.id === 'by-ikz')).toMatchObject({ base_amount: 50000, per_further_partner: 0, max_share: 0.85, min_costs: 5000, valid_to: '2025-12-31', extension_unchecked: true });
		for (const id of ['he-ikz', 'rp-ikz']) {
			const p = readFundingProgrammes('data').find((x) => x.id === id)!;
			expect(p, id).toMatchObject({ base_amount: null, max_share: null, min_years: null, min_savings: null });
			expect(checkFunding(p, { partners: 3, newProject: true, costs: 100_000, years: 5, savingsShare: 0.2, clearImprovement: null }, '2026-11-26').eligible).toBe('open');
		}
		expect(readFundingProgrammes('data')).toBe(readFundingProgrammes('./data'));
	});

	it('a cooperation: the bodies taking part, without outside performers', async () => {
		const h = await loadedDatabase();
		const vergabe = (await prefillFromCooperation(h.db, 'kommunen-47'))!;
		expect(vergabe).toMatchObject({ partners: 3, href: '/kooperationen/kommunen-47', label: 'Kooperation „Zentrale Vergabestelle“' });
		expect(vergabe.partnersNote).toContain('Unna');
		expect(vergabe.partnersNote).toContain('Bönen');
		// An active cooperation is no new project; partners outside the Land are asked for separately.
		expect(vergabe.partnersNote).toContain('besteht laut Register bereits');
		expect(vergabe.partnersNote).toContain('anderen Land oder Nachbarstaat');
		// kommunen-1: Lünen, Selm, Werne; the Caritas does the work and is no funded partner.
		expect((await prefillFromCooperation(h.db, 'kommunen-1'))!.partners).toBe(3);
		expect(checkFunding(NRW, { partners: vergabe.partners, costs: null, years: null, savingsShare: null, clearImprovement: null }, '2026-11-26'))
			.toMatchObject({ eligible: 'open', cap: 210000 });
		expect(await prefillFromCooperation(h.db, 'kommunen-999')).toBeNull();
		await h.close();
	});

	it('an idea: the bodies it names; one body leaves the number open', async () => {
		const h = await loadedDatabase();
		const one = (await prefillFromIdea(h.db, 'idee-abfallwirtschaft'))!;
		expect(one).toMatchObject({ partners: null, href: '/steuerung/ideen/idee-abfallwirtschaft', label: 'Idee „Abfallwirtschaft“' });
		expect(one.partnersNote).toContain('eine Körperschaft (Kreis Unna)');
		// Two more bodies show interest: three partners.
		const kora = await actor(h.db, 'coordinator', 'kreis-unna', 'kora@kreis-unna.de');
		const stored = (await readSteering(h.db, 'idea', 'idee-abfallwirtschaft'))!;
		expect((await saveSteering(h.db, kora, 'idea', REGION, { ...stored.record, interested: ['kamen', 'boenen', 'kreis-unna'] }, stored.version, 'bearbeitet')).ok).toBe(true);
		const three = (await prefillFromIdea(h.db, 'idee-abfallwirtschaft'))!;
		expect(three.partners).toBe(3);
		expect(checkFunding(NRW, { partners: three.partners, newProject: true, costs: 150_000, years: 6, savingsShare: 0.2, clearImprovement: null }, '2026-11-26'))
			.toMatchObject({ eligible: true, cap: 210000, maxGrant: 135000 });
		expect(await prefillFromIdea(h.db, 'idee-gibt-es-nicht')).toBeNull();
		await h.close();
	});
});

describe('reading the knowledge folder', () => {
	it('names every problem: missing front matter, bad meta, id and file name, unknown references', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-knowledge-'));
		try {
			fs.mkdirSync(path.join(dir, 'knowledge'));
			fs.mkdirSync(path.join(dir, 'funding'));
			fs.writeFileSync(path.join(dir, 'knowledge', 'ohne.md'), '# Kein Vorspann');
			fs.writeFileSync(path.join(dir, 'knowledge', 'urteil.md'), '---\nid: urteil\nkind: ruling\ntitle: U\nmeta:\n  file_number: C-1/00\n  court: EuGH\n---\nText');
			fs.writeFileSync(path.join(dir, 'knowledge', 'falsch.md'), '---\nid: anders\nkind: guide\ntitle: G\nlegal_forms: [gibt-es-nicht]\n---\nText');
			fs.writeFileSync(path.join(dir, 'knowledge', 'bsp.md'), '---\nid: bsp\nkind: example\ntitle: B\nmeta:\n  cooperations: [kommunen-999]\n---\nText');
			fs.writeFileSync(path.join(dir, 'funding', 'programmes.yaml'), '- id: x\n  land: NRW\n  name: X\n  source_note: s\n  valid_from: "2020-01-01"\n  base_amount: -1\n  per_further_partner: 1\n  max_share: 1.5\n  min_years: 5\n  min_savings: 0.1\n  improvement_alternative: true\n');
			const problems: string[] = [];
			const k = readKnowledgeFolder(dir, problems);
			checkKnowledgeRefs(k, new Set(['oerv']), new Set(['kommunen-1']), problems);
			const text = problems.join('\n');
			expect(text).toContain('ohne.md: Vorspann');
			expect(text).toMatch(/urteil\.md: meta\.date/);
			expect(text).toContain('falsch.md: id anders passt nicht zum Dateinamen');
			expect(text).toContain('falsch.md: Rechtsform gibt-es-nicht unbekannt');
			expect(text).toContain('bsp.md: Kooperation kommunen-999 unbekannt');
			expect(text).toMatch(/programmes\.yaml: 0\.base_amount/);
			expect(text).toMatch(/programmes\.yaml: 0\.max_share/);
			expect(k.programmes).toEqual([]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('the forms', () => {
	it('the article editor: German dates, keywords, example ids; impossible dates and bad links refused at the field', async () => {
		const h = await loadedDatabase();
		const kora = await actor(h.db, 'coordinator', 'kreis-unna', 'kora@kreis-unna.de');
		const v = { ...emptyArticleForm('ruling'), title: 'EuGH Testurteil', file_number: 'C-1/99', ruling_date: '9.6.2009', court: 'EuGH', keywords: 'Vergabe, Inhouse;  Abfall', link: 'https://curia.europa.eu/juris/liste.jsf?num=C-1/99' };
		const { record, errors } = formToRecord('eugh-test', v);
		expect(errors).toEqual([]);
		expect(record).toMatchObject({ kind: 'ruling', meta: { date: '2009-06-09', keywords: ['Vergabe', 'Inhouse', 'Abfall'], link: 'https://curia.europa.eu/juris/liste.jsf?num=C-1/99' } });
		expect(await saveArticle(h.db, kora, record, null)).toMatchObject({ ok: true });
		// Back into the form as it was typed (in ISO form for the date).
		expect(valuesOf((await readArticle(h.db, 'eugh-test'))!.record)).toMatchObject({ ruling_date: '2009-06-09', keywords: 'Vergabe, Inhouse, Abfall', court: 'EuGH' });

		const bad = formToRecord('x', { ...v, ruling_date: '31.02.2020', link: 'javascript:alert(1)', file_number: '' });
		expect(bad.errors.map((e) => e.field).sort()).toEqual(['file_number', 'link', 'ruling_date']);
		expect(formToRecord('x', { ...emptyArticleForm('example'), title: 'B', cooperations: 'kommunen-46; kommunen-47, kommunen-46' }).record)
			.toMatchObject({ meta: { cooperations: ['kommunen-46', 'kommunen-47'] } });
		expect(formToRecord('x', { ...emptyArticleForm('example'), title: 'B' }).errors.map((e) => e.field)).toEqual(['cooperations']);
		expect(formToRecord('x', { ...emptyArticleForm(), kind: 'gedicht' }).errors.map((e) => e.field)).toEqual(['title', 'kind']);
		// Problems the service finds land at the form's fields.
		const saved = await saveArticle(h.db, kora, formToRecord('bsp-x', { ...emptyArticleForm('example'), title: 'B', cooperations: 'kommunen-999' }).record, null);
		expect(saved.ok).toBe(false);
		if (!saved.ok && saved.reason === 'invalid') expect(problemsToErrors(saved.problems).map((e) => e.field)).toEqual(['cooperations']);
		await h.close();
	});

	it('the funding form: German numbers, ranges, an empty field means unknown', () => {
		expect(parseGermanNumber('250.000')).toBe(250000);
		expect(parseGermanNumber('250.000,50 €')).toBe(250000.5);
		expect(parseGermanNumber('1,5')).toBe(1.5);
		expect(parseGermanNumber('12 %')).toBe(12);
		expect(parseGermanNumber('')).toBeNull();
		expect(parseGermanNumber('-5')).toBeNaN();
		expect(parseGermanNumber('1e9')).toBeNaN();
		const ok = parseFundingForm(formValues(new URLSearchParams('partner=3&partner_aussen=1&neu=ja&kosten=150.000&jahre=6&einsparung=12,5&mehreinnahmen=3&verbesserung=ja')));
		expect(ok).toEqual({ errors: [], input: { partners: 3, otherPartners: 1, newProject: true, costs: 150000, years: 6, savingsShare: 0.125, incomeShare: 0.03, clearImprovement: true } });
		const open = parseFundingForm(formValues(new URLSearchParams('verbesserung=vielleicht&neu=vielleicht')));
		expect(open.input).toEqual({ partners: null, otherPartners: null, newProject: null, costs: null, years: null, savingsShare: null, incomeShare: null, clearImprovement: null });
		const bad = parseFundingForm(formValues(new URLSearchParams(`partner=2,5&partner_aussen=-1&kosten=abc&jahre=500&einsparung=120&mehreinnahmen=x&x=${'9'.repeat(100)}`)));
		expect(bad.errors.map((e) => e.field)).toEqual(['partner', 'partner_aussen', 'kosten', 'jahre', 'einsparung', 'mehreinnahmen']);
		expect(formValues(new URLSearchParams(`kosten=${'1'.repeat(100)}`)).kosten).toHaveLength(40);
	});
});
