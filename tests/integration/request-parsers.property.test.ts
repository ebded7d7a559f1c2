/**
 * Property-based tests of the request parsers (issue 18), with fast-check: whatever a client sends
 * – any parameter names and values, any row numbers, any Unicode – the search query parser, the
 * cooperation form parser, the import options parser and the login target check never throw and
 * only give values inside their documented bounds. A failure prints the shrunk counterexample and
 * the seed; `FC_SEED=<seed>` replays it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_LIMITS, FILTER_KEYS, parseSearchQuery, SORTS, toSearchParams } from '../../src/lib/domain/search-query';
import { keepPostedRows, MAX_ROWS, parseCooperationForm, valuesFromRecord, type FormContext, type FormValues } from '../../src/lib/domain/cooperation-form';
import { TARGETS } from '../../src/lib/domain/import-columns';
import { importOptionsForm } from '../../src/lib/server/forms/import-options';
import { safeTarget } from '../../src/lib/server/auth/guard';

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const RUNS = Number(process.env.FC_RUNS ?? 300);
const params = { seed: SEED, numRuns: RUNS } as const;

// Text as clients send it: Unicode, control characters, separators, escapes.
const messy = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 60 }),
	fc.string({ maxLength: 30 }),
	fc.constantFrom('', ' ', '%ff', '\u0000', '\r\n', '\t', '\u202e', '😀', 'ä', '-1', '0', '1e9', '999999999999', 'NaN', '../', '<script>', '1.5', ' 12 ')
);

describe('search query parsing', () => {
	const KEYS = ['q', 'sort', 'seite', 'pro_seite', 'jahr', 'unbestaetigt', 'verknuepfung', 'thema', 'partner', 'rechtsform', 'status', 'liste', 'kreis'];
	const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), messy), messy), { maxLength: 40 });

	it('never throws and stays inside its limits', () => {
		fc.assert(fc.property(query, (pairs) => {
			const q = parseSearchQuery(new URLSearchParams(pairs));
			expect(q.q.length).toBeLessThanOrEqual(DEFAULT_LIMITS.queryMaxLength);
			expect(q.q).toBe(q.q.trim());
			expect(q.q).not.toMatch(/\s\s/);
			expect(Number.isInteger(q.page) && q.page >= 1).toBe(true);
			expect(q.perPage >= 5 && q.perPage <= DEFAULT_LIMITS.pageSizeMax).toBe(true);
			expect(q.year === null || (q.year >= 1800 && q.year <= 2200)).toBe(true);
			expect((SORTS as readonly string[]).includes(q.sort)).toBe(true);
			for (const key of FILTER_KEYS) {
				expect(q.filters[key].length).toBeLessThanOrEqual(DEFAULT_LIMITS.filterMaxValues);
				for (const v of q.filters[key]) expect(v).toMatch(/^[\p{L}\p{N}_.-]{1,80}$/u);
			}
		}), params);
	});

	it('written back to a URL and read again, gives the same query', () => {
		fc.assert(fc.property(query, (pairs) => {
			const q = parseSearchQuery(new URLSearchParams(pairs));
			expect(parseSearchQuery(new URLSearchParams(toSearchParams(q).toString()))).toEqual(q);
		}), params);
	});
});

describe('cooperation form parsing', () => {
	const BODIES: Record<string, string> = { kamen: 'Kamen', boenen: 'Bönen', selm: 'Selm', 'kreis-unna': 'Kreis Unna' };
	const ctx: FormContext = {
		resolveBody: (typed) => {
			const hit = Object.entries(BODIES).find(([, n]) => n.toLowerCase() === typed.trim().toLowerCase());
			return hit ? { id: hit[0] } : { suggestions: [] };
		},
		bodyName: (id) => BODIES[id] ?? id,
		legalForms: ['oerv', 'zv'],
		topics: ['schule', 'verkehr', 'umwelt'],
		lists: ['kreis', 'kommunen']
	};
	const SCALARS = ['title', 'list', 'number', 'org_unit', 'legal_form', 'status', 'topics', 'main_topic', 'performer_kind', 'performer_body', 'performer_note', 'start', 'end', 'description', 'notes'];
	const rowKey = fc.tuple(fc.constantFrom('participants', 'partner_groups', 'events'), fc.oneof(fc.nat({ max: 5 }), fc.constantFrom(999_999, 1_000_000, -1)), fc.constantFrom('body', 'role', 'joined', 'left', 'note', 'label', 'count', 'kind', 'date', 'text'))
		.map(([g, i, f]) => `${g}.${i}.${f}`);
	const good = fc.constantFrom('Kamen', 'Bönen', 'kreis', 'oerv', 'active', 'schule', 'verkehr', 'jointly', 'body', 'member', '2016', 'Okt. 2008', 'founding', 'Titel');
	// Half of the forms start with a valid core (form.get reads the first value), so that drafts come out too.
	const VALID: [string, string][] = [['title', 'Gemeinsamer Bauhof'], ['list', 'kreis'], ['legal_form', 'oerv'], ['status', 'active'], ['topics', 'verkehr'], ['performer_kind', 'jointly']];
	const formData = fc.tuple(fc.boolean(), fc.array(fc.tuple(fc.oneof(fc.constantFrom(...SCALARS), rowKey, messy), fc.oneof(good, messy)), { maxLength: 60 })).map(([valid, pairs]) => {
		const f = new FormData();
		for (const [k, v] of [...(valid ? VALID : []), ...pairs]) f.append(k, v);
		return f;
	});
	let drafts = 0;

	it('never throws; errors name fields of the re-rendered form; a draft means no errors and a known main topic first', () => {
		fc.assert(fc.property(formData, (form) => {
			const { values, draft, errors } = parseCooperationForm(form, ctx);
			const rowField = /^(participants|partner_groups|events)\.(\d+)\.[a-z_]+$/;
			for (const e of errors) {
				const m = rowField.exec(e.field);
				if (m) expect(Number(m[2])).toBeLessThan(values[m[1] as 'participants' | 'partner_groups' | 'events'].length);
				else expect([...SCALARS, 'participants', 'partner_groups', 'events']).toContain(e.field);
				expect(e.message.length).toBeGreaterThan(0);
			}
			if (draft) {
				expect(errors).toEqual([]);
				expect(ctx.topics).toContain(draft.topics[0]);
				expect(new Set(draft.topics).size).toBe(draft.topics.length);
			}
			const kept = keepPostedRows(values, form);
			for (const g of ['participants', 'partner_groups', 'events'] as const) expect(kept[g].length).toBeLessThanOrEqual(MAX_ROWS);
		}), params);
	});

	it('a draft rendered back into the form parses to the same draft', () => {
		fc.assert(fc.property(formData, (form) => {
			const { draft } = parseCooperationForm(form, ctx);
			if (!draft) return;
			drafts++;
			const v: FormValues = valuesFromRecord(draft, ctx);
			const again = new FormData();
			for (const [k, x] of Object.entries(v)) {
				if (Array.isArray(x)) {
					if (k === 'topics') for (const t of x as string[]) again.append('topics', t);
					else (x as Record<string, string>[]).forEach((row, i) => { for (const [f, y] of Object.entries(row)) again.append(`${k}.${i}.${f}`, y); });
				} else again.append(k, x as string);
			}
			expect(parseCooperationForm(again, ctx).draft).toEqual(draft);
		}), params);
		// The property was not vacuous.
		expect(drafts).toBeGreaterThan(RUNS / 20);
	});
});

describe('import options parsing', () => {
	const KEYS = ['blatt', 'blatt_vorher', 'kopfzeile', 'kopfzeile_vorher', 'liste', 'thema', 'spalten'];
	const key = fc.oneof(fc.constantFrom(...KEYS), fc.nat({ max: 600 }).map((i) => `spalte.${i}`), fc.nat({ max: 5 }).map((i) => `name_key.${i}`), fc.nat({ max: 5 }).map((i) => `name.${i}`), fc.string({ maxLength: 9 }).map((s) => `zeile.${s}`), messy);
	const value = fc.oneof(messy, fc.constantFrom(...TARGETS), fc.constantFrom('skip', 'create', '__neu', '__text', 'kamen', '0', '1', '2'));

	it('never throws and gives options inside their bounds', () => {
		fc.assert(fc.property(fc.array(fc.tuple(key, value), { maxLength: 50 }), fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constant(Number.NaN)), (pairs, columns) => {
			const f = new FormData();
			for (const [k, v] of pairs) f.append(k, v);
			const o = importOptionsForm(f, columns);
			expect(Number.isInteger(o.sheet) && o.sheet >= 0).toBe(true);
			expect(o.headerRow === null || (Number.isInteger(o.headerRow) && o.headerRow >= 0)).toBe(true);
			if (o.mapping) {
				expect(o.mapping.length).toBeLessThanOrEqual(500);
				for (const t of o.mapping) expect(TARGETS).toContain(t);
			}
			for (const v of Object.values(o.names)) expect(v).toMatch(/^(__neu(:[\s\S]+)?|__text|[a-z0-9][a-z0-9-]{0,80})$/);
			for (const [k, v] of Object.entries(o.rows)) {
				expect(k).toMatch(/^\d{1,7}$/);
				expect(['skip', 'create']).toContain(v);
			}
			expect((o.list ?? '').length).toBeLessThanOrEqual(80);
		}), params);
	});
});

describe('login target', () => {
	it('is always a local path of printable ASCII that a Location header can carry', () => {
		fc.assert(fc.property(fc.oneof(messy, messy.map((s) => `/${s}`), messy.map((s) => `//${s}`), fc.constant(null)), (raw) => {
			const t = safeTarget(raw);
			expect(t.startsWith('/')).toBe(true);
			expect(t.startsWith('//') || t.startsWith('/\\')).toBe(false);
			expect(t).toMatch(/^[\x21-\x7e]+$/);
			expect(() => new Headers({ location: t })).not.toThrow();
		}), params);
	});
});
