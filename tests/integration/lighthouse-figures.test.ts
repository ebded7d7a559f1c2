/**
 * The figures `npm run lighthouse` prints and the targets it holds them against (issue 17): read
 * from hand-made Lighthouse results, a passing and a failing one.
 */
import { describe, expect, it } from 'vitest';
import { figuresOf, misses, table, type Lhr } from '../../scripts/lighthouse-figures';

function result(scores: Record<string, number | null>, extra: Partial<Record<string, object>> = {}): Lhr {
	const audit = (score: number | null, numericValue?: number, more: object = {}) => ({ title: 'x', score, scoreDisplayMode: 'numeric', numericValue, ...more });
	return {
		lighthouseVersion: '13.5.0',
		environment: { benchmarkIndex: 1712.6 },
		categories: Object.fromEntries(Object.entries(scores).map(([c, score]) => [c, {
			score,
			auditRefs: c === 'performance'
				? [{ id: 'largest-contentful-paint', weight: 25 }, { id: 'total-blocking-time', weight: 30 }]
				: c === 'best-practices' ? [{ id: 'errors-in-console', weight: 1 }] : c === 'seo' ? [{ id: 'meta-description', weight: 1 }] : []
		}])),
		audits: {
			'largest-contentful-paint': audit(0.97, 1830.4),
			'total-blocking-time': audit(1, 40),
			'cumulative-layout-shift': audit(1, 0.012),
			'total-byte-weight': audit(1, 146_000),
			'errors-in-console': audit(1, undefined, { scoreDisplayMode: 'binary', details: { items: [] } }),
			'meta-description': audit(1, undefined, { scoreDisplayMode: 'binary' }),
			...extra
		} as Lhr['audits']
	};
}

describe('Lighthouse figures', () => {
	it('reads scores as percentages, LCP, TBT, CLS and bytes; a result meeting every target misses nothing', () => {
		const f = figuresOf({ name: 'Startseite', path: '/' }, result({ performance: 0.96, accessibility: 1, 'best-practices': 1, seo: 1 }));
		expect(f.scores).toEqual({ performance: 96, accessibility: 100, 'best-practices': 100, seo: 100 });
		expect([f.lcpMs, f.tbtMs, f.cls, f.bytes]).toEqual([1830.4, 40, 0.012, 146_000]);
		expect(misses(f)).toEqual([]);
		expect(f.failing).toEqual([]);
		const printed = table([f]).split('\n');
		expect(printed[0]).toMatch(/^Seite\s+Perf\s+A11y\s+BP\s+SEO\s+LCP s\s+TBT ms\s+CLS\s+KB\s+CPU-Index$/);
		expect(printed[1]).toMatch(/^Startseite\s+96\s+100\s+100\s+100\s+1\.83\s+40\s+0\.012\s+143\s+1713$/);
	});

	it('names every missed target: a score below it, a missing category, too many bytes, a console error, and the failing audits', () => {
		const lhr = result({ performance: 0.94, accessibility: 1, 'best-practices': 0.96, seo: null }, {
			'total-byte-weight': { title: 'x', score: 0.9, numericValue: 160 * 1024 },
			'errors-in-console': { title: 'x', score: 0, scoreDisplayMode: 'binary', details: { items: [{ source: 'exception', description: 'Refused to apply inline style' }] } },
			'largest-contentful-paint': { title: 'x', score: 0.5, scoreDisplayMode: 'numeric', numericValue: 4100 }
		});
		const f = figuresOf({ name: 'Netzwerk', path: '/analyse/netzwerk' }, lhr);
		expect(misses(f)).toEqual(['performance 94 < 95', 'best-practices 96 < 100', 'seo – < 100', '160 KB > 150 KB', 'Konsolenfehler: Refused to apply inline style']);
		expect(f.failing).toEqual(['performance: largest-contentful-paint (0.5)', 'best-practices: errors-in-console (0)']);
	});
});
