import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { applyJob, appliedNames, discardJob, previewJob, readJob, saveOptions, type JobRow } from '#lib/server/import/jobs.ts';
import { NEW_BODY, NEW_BODY_KINDS, type ImportOptions, type ImportPreview } from '#lib/server/import/analyse.ts';
import { TARGETS, TARGET_LABEL } from '#lib/domain/import-columns.ts';
import { importOptionsForm } from '#lib/server/forms/import-options.ts';
import { loadBodyResolver } from '#lib/server/registry/body-resolve.ts';

/** Rows listed on the page: every row with a finding or a change, and up to this many others. */
const QUIET_ROWS = 200;

async function jobFor(event: Pick<RequestEvent, 'params' | 'locals' | 'getClientAddress' | 'url' | 'cookies'>): Promise<JobRow> {
	const job = await readJob(db(), event.params.id);
	if (!job) error(404, 'Diesen Import gibt es nicht (mehr).');
	await requireCan(event, 'import.run', { regionId: job.regionId }, { entity: 'import', entityId: job.id });
	return job;
}

/** The preview's rows grouped by what they need (issue 14, part 5): what to decide first, open. */
const GROUPS = [
	{ id: 'entscheiden', label: 'Zu entscheiden', open: true },
	{ id: 'neu', label: 'Werden neu angelegt', open: false },
	{ id: 'geaendert', label: 'Werden geändert', open: false },
	{ id: 'unveraendert', label: 'Unverändert', open: false },
	{ id: 'ausgelassen', label: 'Werden ausgelassen', open: false }
] as const;
function groupOf(r: ImportPreview['rows'][number]): (typeof GROUPS)[number]['id'] {
	if (r.action === 'error' || r.duplicate) return 'entscheiden';
	return r.action === 'create' ? 'neu' : r.action === 'update' ? 'geaendert' : r.action === 'unchanged' ? 'unveraendert' : 'ausgelassen';
}

function present(p: ImportPreview, options: ImportOptions) {
	const decisions = options.rows;
	const regionName = new Map(p.regions.map((r) => [r.id, r.name]));
	const interesting = p.rows.filter((r) => r.action !== 'unchanged' || r.findings.length);
	const quiet = p.rows.filter((r) => r.action === 'unchanged' && !r.findings.length);
	const rows = [...interesting, ...quiet.slice(0, QUIET_ROWS)].sort((a, b) => a.index - b.index).map((r) => ({
		index: r.index, line: r.line, action: r.action, title: r.title, region: r.regionId !== p.region ? regionName.get(r.regionId) ?? r.regionId : null, partners: r.partners, findings: r.findings, duplicate: r.duplicate,
		existing: r.existing, decision: decisions[String(r.index)] ?? '', changes: r.changes.map((c) => ({ label: c.label, before: c.before, after: c.after })), group: groupOf(r)
	}));
	return {
		groups: GROUPS.map((g) => ({ ...g, rows: rows.filter((r) => r.group === g.id) })).filter((g) => g.rows.length),
		names: p.names, createRemaining: !!options.createRemaining, newKind: options.newKind ?? 'sonstige',
		/** Names this import creates as new bodies: another name may be the same body. */
		newChoices: p.unknownNames.filter((u) => u.decision === NEW_BODY).map((u) => ({ value: `${NEW_BODY}:${u.key}`, key: u.key, name: u.text })),
		sheetNames: p.sheetNames, sheet: p.sheet, headerRow: p.headerRow + 1, format: p.format,
		columns: p.headers.map((h, i) => ({ index: i, header: h || `Spalte ${i + 1}`, samples: p.samples[i] ?? [], target: p.mapping[i]!, suggested: p.suggested[i]! })),
		mappingProblems: p.mappingProblems, lists: p.lists, list: p.list, topics: p.topics, topic: p.topic,
		unknownNames: p.unknownNames, counts: p.counts, blocking: p.blocking, total: p.rows.length,
		rows,
		hiddenQuiet: Math.max(0, quiet.length - QUIET_ROWS)
	};
}

export const load: PageServerLoad = async (event) => {
	const job = await jobFor(event);
	const base = { job: { id: job.id, fileName: job.fileName, fileSize: job.fileSize, createdAt: job.createdAt, actorLabel: job.actorLabel, status: job.status, appliedAt: job.appliedAt, result: job.result } };
	if (job.status !== 'open') {
		const { titles, bodies } = await appliedNames(db(), job);
		return { ...base, preview: null, message: null, titles, bodies, targets: [], allBodies: [], kinds: [] };
	}
	const p = await previewJob(db(), event.locals.actor, job.id, settings());
	if (!p || 'message' in p) return { ...base, preview: null, message: p && 'message' in p ? p.message : 'Nicht gefunden', titles: {} as Record<string, string>, bodies: [], targets: [], allBodies: [], kinds: [] };
	const resolver = await loadBodyResolver(db());
	return {
		...base, message: null, titles: {} as Record<string, string>, bodies: [],
		preview: present(p.preview, job.options),
		kinds: NEW_BODY_KINDS.map((k) => ({ id: k, label: KIND_LABEL[k] })),
		targets: TARGETS.map((t) => ({ id: t, label: TARGET_LABEL[t] })),
		allBodies: resolver.all()
	};
};

const KIND_LABEL: Record<(typeof NEW_BODY_KINDS)[number], string> = {
	zweckverband: 'Zweckverband', aoer: 'Anstalt öffentlichen Rechts', unternehmen: 'Unternehmen', verein: 'Verein / Verband',
	kammer: 'Kammer', einrichtung: 'Einrichtung', landesbetrieb: 'Landesbehörde / Landesbetrieb', sonstige: 'Sonstige'
};

async function saveFrom(event: RequestEvent): Promise<{ job: JobRow; options: ImportOptions }> {
	const job = await jobFor(event);
	if (job.status !== 'open') error(409, 'Dieser Import ist abgeschlossen.');
	const form = await event.request.formData();
	const options = importOptionsForm(form);
	await saveOptions(db(), job.id, options);
	return { job, options };
}

export const actions: Actions = {
	pruefen: async (event) => {
		await saveFrom(event);
		redirect(303, `/verwaltung/import/${event.params.id}#vorschau`);
	},
	ausfuehren: async (event) => {
		const { job } = await saveFrom(event);
		const out = await applyJob(db(), event.locals.actor, job.id, settings());
		if (!out.ok) return fail(400, { errors: out.problems.map((message) => ({ field: 'vorschau', message })) });
		redirect(303, `/verwaltung/import/${job.id}?hinweis=ausgefuehrt`);
	},
	verwerfen: async (event) => {
		const job = await jobFor(event);
		if (job.status === 'open') await discardJob(db(), event.locals.actor, job.id);
		redirect(303, '/verwaltung/import?hinweis=verworfen');
	}
};
