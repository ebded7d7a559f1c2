/**
 * Figures for a Prometheus-style /metrics (issue 23), kept per worker process: requests by status,
 * a latency histogram, answers turned into 503 because the database was away, the database pool,
 * and the last search index build. The worker only collects; the supervisor (scripts/serve.js)
 * asks every worker over the cluster channel and serves the sum on METRICS_ADDRESS, which is off
 * unless set (never on the public port).
 */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsSnapshot {
	requests: Record<string, number>;
	/** Upper bounds of the latency buckets in seconds. */
	latencyBounds: number[];
	/** Count per bucket of latencyBounds (not cumulative), plus one for +Inf at the end. */
	latencyBuckets: number[];
	latencySum: number;
	latencyCount: number;
	databaseUnavailable: number;
	pool: { total: number; idle: number; waiting: number } | null;
	indexBuilds: number;
	indexBuildSeconds: number | null;
}

const state = {
	requests: {} as Record<string, number>,
	latencyBuckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
	latencySum: 0,
	latencyCount: 0,
	databaseUnavailable: 0,
	indexBuilds: 0,
	indexBuildSeconds: null as number | null
};
let poolStats: (() => MetricsSnapshot['pool']) | null = null;

export function observeRequest(status: number, seconds: number): void {
	state.requests[String(status)] = (state.requests[String(status)] ?? 0) + 1;
	let i = LATENCY_BUCKETS.findIndex((b) => seconds <= b);
	if (i < 0) i = LATENCY_BUCKETS.length;
	state.latencyBuckets[i]! += 1;
	state.latencySum += seconds;
	state.latencyCount += 1;
}

export function observeDatabaseUnavailable(): void {
	state.databaseUnavailable += 1;
}

export function observeIndexBuild(seconds: number): void {
	state.indexBuilds += 1;
	state.indexBuildSeconds = seconds;
}

export function setPoolStats(fn: (() => MetricsSnapshot['pool']) | null): void {
	poolStats = fn;
}

export function snapshot(): MetricsSnapshot {
	return {
		requests: { ...state.requests }, latencyBounds: LATENCY_BUCKETS.slice(), latencyBuckets: state.latencyBuckets.slice(), latencySum: state.latencySum, latencyCount: state.latencyCount,
		databaseUnavailable: state.databaseUnavailable, pool: poolStats?.() ?? null, indexBuilds: state.indexBuilds, indexBuildSeconds: state.indexBuildSeconds
	};
}

// A worker of scripts/serve.js answers the supervisor's question for its figures.
if (typeof process.send === 'function') {
	process.on('message', (message: unknown) => {
		const m = message as { type?: unknown; id?: unknown } | null;
		if (m?.type === 'ikz:metrics?' && typeof m.id === 'number') process.send?.({ type: 'ikz:metrics', id: m.id, snapshot: snapshot() });
	});
}
