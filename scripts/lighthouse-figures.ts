/**
 * The figures `npm run lighthouse` reads from a Lighthouse result (scripts/lighthouse.ts) and the
 * targets of issue 17 they are held against; pure functions, tested on their own.
 */

export interface Target { name: string; path: string; signedIn?: boolean }

export const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100, bytes: 150 * 1024 } as const;
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export interface Figures {
	name: string;
	path: string;
	scores: Record<(typeof CATEGORIES)[number], number | null>;
	lcpMs: number;
	tbtMs: number;
	cls: number;
	bytes: number;
	consoleErrors: string[];
	/** Lighthouse's CPU benchmark of this run (higher = faster; a loaded machine scores low, and the simulated TBT grows). */
	benchmarkIndex: number;
	/** Audits below a full score in the categories that must reach 100 (and performance's failing ones). */
	failing: string[];
}

export interface Audit { id?: string; title: string; score: number | null; scoreDisplayMode?: string; numericValue?: number; details?: { items?: Record<string, unknown>[] } }
export interface Lhr { lighthouseVersion?: string; environment?: { benchmarkIndex?: number }; audits: Record<string, Audit>; categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>; runtimeError?: { message: string }; runWarnings?: string[] }

/** The figures of one Lighthouse result. */
export function figuresOf(target: Target, lhr: Lhr): Figures {
	const a = (id: string) => lhr.audits[id];
	const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c]!.score! * 100)])) as Figures['scores'];
	const failing: string[] = [];
	for (const c of CATEGORIES) {
		for (const ref of lhr.categories[c]?.auditRefs ?? []) {
			const audit = a(ref.id);
			if (!audit || audit.score === null || audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'manual') continue;
			if (audit.score < (c === 'performance' ? 0.9 : 1) && (ref.weight > 0 || c !== 'performance')) failing.push(`${c}: ${ref.id} (${audit.score})`);
		}
	}
	const consoleErrors = (a('errors-in-console')?.details?.items ?? []).map((i) => String(i.description ?? i.source ?? ''));
	return {
		name: target.name, path: target.path, scores,
		lcpMs: a('largest-contentful-paint')?.numericValue ?? NaN,
		tbtMs: a('total-blocking-time')?.numericValue ?? NaN,
		cls: a('cumulative-layout-shift')?.numericValue ?? NaN,
		bytes: a('total-byte-weight')?.numericValue ?? NaN,
		benchmarkIndex: lhr.environment?.benchmarkIndex ?? NaN,
		consoleErrors, failing
	};
}

/** What misses a target, in words; empty when all are met. */
export function misses(f: Figures): string[] {
	const out: string[] = [];
	for (const c of CATEGORIES) {
		const s = f.scores[c];
		if (s === null || s < TARGETS[c]) out.push(`${c} ${s ?? '–'} < ${TARGETS[c]}`);
	}
	if (!(f.bytes <= TARGETS.bytes)) out.push(`${Math.round(f.bytes / 1024)} KB > ${TARGETS.bytes / 1024} KB`);
	if (f.consoleErrors.length) out.push(`Konsolenfehler: ${f.consoleErrors.join(' | ')}`);
	return out;
}

export function table(all: Figures[]): string {
	const head = ['Seite', 'Perf', 'A11y', 'BP', 'SEO', 'LCP s', 'TBT ms', 'CLS', 'KB', 'CPU-Index'];
	const rows = all.map((f) => [f.name, ...CATEGORIES.map((c) => String(f.scores[c] ?? '–')), (f.lcpMs / 1000).toFixed(2), String(Math.round(f.tbtMs)),
		f.cls.toFixed(3), String(Math.round(f.bytes / 1024)), String(Math.round(f.benchmarkIndex))]);
	const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
	return [line(head), ...rows.map(line)].join('\n');
}
