/**
 * Sequential HTTP timing: one request at a time over one keep-alive connection, so the numbers are
 * server latency plus loopback, not queueing. node:http instead of fetch keeps client overhead
 * small and equal for the app and the baseline.
 */
import http from 'node:http';

export interface TimedResponse {
	ms: number;
	status: number;
	bytes: number;
	body: string;
}

export interface Summary {
	count: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
	mean: number;
	requestsPerSecond: number;
	meanBytes: number;
}

/** Latency of one of the URLs a scenario cycles through. */
export interface UrlSummary {
	url: URL;
	p50: number;
	max: number;
}

export interface Measurement {
	summary: Summary;
	perUrl: UrlSummary[];
}

export interface MeasureOptions {
	warmup: number;
	measured: number;
	timeoutMs: number;
}

/** A keep-alive agent with a single socket: every request reuses the same connection. */
export function keepAliveAgent(): http.Agent {
	return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** GET one URL and read the whole body; the time covers request start to last byte. */
export function timedGet(agent: http.Agent, url: URL, timeoutMs: number): Promise<TimedResponse> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const req = http.get(url, { agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const ms = performance.now() - started;
				const buf = Buffer.concat(chunks);
				resolve({ ms, status: res.statusCode ?? 0, bytes: buf.length, body: buf.toString('utf8') });
			});
		});
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`Timeout after ${timeoutMs} ms: ${url.href}`)));
		req.on('error', reject);
	});
}

/** Nearest-rank percentile of an ascending list (p99 of 300 samples is the 297th value). */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function summarize(ms: readonly number[], bytes: readonly number[], wallMs: number): Summary {
	const sorted = [...ms].sort((a, b) => a - b);
	const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
	return {
		count: ms.length,
		p50: percentile(sorted, 50),
		p90: percentile(sorted, 90),
		p99: percentile(sorted, 99),
		max: sorted[sorted.length - 1] ?? NaN,
		mean: sum(ms) / ms.length,
		requestsPerSecond: ms.length / (wallMs / 1000),
		meanBytes: sum(bytes) / bytes.length
	};
}

/**
 * Warm up, then time `measured` requests one after another, cycling through `urls`. Each response
 * must be 200; `inspect` sees every measured body after its timer has stopped (for sanity checks).
 */
export async function measure(
	agent: http.Agent,
	urls: readonly URL[],
	opts: MeasureOptions,
	inspect: (body: string) => void = () => {}
): Promise<Measurement> {
	const url = (i: number) => urls[i % urls.length] as URL;
	for (let i = 0; i < opts.warmup; i++) expectOk(await timedGet(agent, url(i), opts.timeoutMs), url(i));
	const ms: number[] = [];
	const bytes: number[] = [];
	const started = performance.now();
	for (let i = 0; i < opts.measured; i++) {
		const r = await timedGet(agent, url(i), opts.timeoutMs);
		expectOk(r, url(i));
		ms.push(r.ms);
		bytes.push(r.bytes);
		inspect(r.body);
	}
	const summary = summarize(ms, bytes, performance.now() - started);
	const perUrl = urls.map((u, k) => {
		const own = ms.filter((_, i) => i % urls.length === k).sort((a, b) => a - b);
		return { url: u, p50: percentile(own, 50), max: own[own.length - 1] ?? NaN };
	});
	return { summary, perUrl };
}

function expectOk(r: TimedResponse, url: URL): void {
	if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${url.href}: ${r.body.slice(0, 300)}`);
}
