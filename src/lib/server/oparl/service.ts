/**
 * The harvest as the server runs it (issue 21): options from the settings, a run started in the
 * background from the page (the page shows its progress from `oparl_run`), and the schedule
 * (OPARL_HARVEST_HOURS, or the region's own interval): every few minutes the systems whose last run is older are harvested one
 * after the other. A run another instance started within the last hour is not started again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Settings } from '../settings';
import { logLine } from '../ops/log';
import { parseAllowedHosts } from './client';
import { harvestSource, isRunning, type HarvestOptions, type RunSummary } from './harvest';
import { readRules } from './rules';
import { oparlHarvestHoursByRegion } from '../registry/region-settings';

export function harvestOptions(s: Settings): HarvestOptions {
	return {
		limits: { timeoutMs: s.OPARL_TIMEOUT_MS, maxBytes: s.OPARL_MAX_BYTES, allowedHosts: parseAllowedHosts(s.OPARL_ALLOWED_HOSTS) },
		intervalMs: s.OPARL_REQUEST_INTERVAL_MS,
		maxPages: s.OPARL_MAX_PAGES_PER_RUN,
		rules: readRules(s.DATA_DIR)
	};
}

/** Is a run of this source under way (here, or started by another instance within the last hour)? */
export async function runUnderWay(db: Kysely<Database>, sourceId: string, now = new Date()): Promise<boolean> {
	if (isRunning(sourceId)) return true;
	const since = new Date(now.getTime() - 3_600_000).toISOString();
	return !!(await db.selectFrom('oparl_run').select('id').where('source_id', '=', sourceId).where('status', '=', 'running').where('started_at', '>', since).executeTakeFirst());
}

/** Start a run without waiting for it; false when one is under way. */
export async function startHarvest(db: Kysely<Database>, s: Settings, sourceId: string): Promise<boolean> {
	if (await runUnderWay(db, sourceId)) return false;
	void harvestSource(db, sourceId, harvestOptions(s)).then(
		(r: RunSummary) => logLine('info', 'OParl-Abruf beendet', { source: sourceId, status: r.status, pages: r.pages, papers: r.papers, proposals: r.proposals }),
		(e: unknown) => logLine('error', 'OParl-Abruf fehlgeschlagen', { source: sourceId, error: String(e) })
	);
	return true;
}

/**
 * Harvest every source that is due; returns the ids harvested. A region's own interval (set on
 * /verwaltung/oparl, table region_setting) wins over OPARL_HARVEST_HOURS; 0 means only on demand.
 */
export async function harvestDue(db: Kysely<Database>, s: Settings, now = new Date()): Promise<string[]> {
	const perRegion = await oparlHarvestHoursByRegion(db);
	const sources = await db.selectFrom('oparl_source').select(['id', 'region_id', 'last_run_at']).execute();
	const done: string[] = [];
	for (const src of sources) {
		const hours = perRegion.get(src.region_id) ?? s.OPARL_HARVEST_HOURS;
		if (!hours) continue;
		const due = new Date(now.getTime() - hours * 3_600_000).toISOString();
		if (src.last_run_at && src.last_run_at > due) continue;
		if (await runUnderWay(db, src.id, now)) continue;
		await harvestSource(db, src.id, harvestOptions(s));
		done.push(src.id);
	}
	return done;
}

let timer: NodeJS.Timeout | null = null;
/** Check for due harvests every five minutes (a region may have its own interval even when OPARL_HARVEST_HOURS is 0). */
export function startSchedule(db: Kysely<Database>, s: Settings): void {
	if (timer) return;
	let busy = false;
	timer = setInterval(() => {
		if (busy) return;
		busy = true;
		harvestDue(db, s).catch((e) => logLine('error', 'OParl-Zeitplan fehlgeschlagen', { error: String(e) })).finally(() => (busy = false));
	}, 5 * 60_000);
	timer.unref();
}
