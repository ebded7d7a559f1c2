import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { createJob, listJobs } from '#lib/server/import/jobs.ts';
import { ownOrOnlyRegion } from '#lib/server/registry/regions.ts';
import { parseForm } from '#lib/server/forms/form-data.ts';
import { importUploadForm } from '#lib/server/forms/import-upload.ts';

export const load: PageServerLoad = async ({ locals }) => {
	const regionId = await ownOrOnlyRegion(db(), locals.actor);
	const s = settings();
	return {
		regionId,
		limits: { megabytes: Math.floor(s.IMPORT_MAX_BYTES / (1024 * 1024) * 10) / 10, rows: s.IMPORT_MAX_ROWS, hours: s.IMPORT_JOB_HOURS },
		jobs: regionId ? (await listJobs(db(), regionId)).map((j) => ({
			id: j.id, fileName: j.fileName, createdAt: j.createdAt, actorLabel: j.actorLabel, status: j.status, appliedAt: j.appliedAt,
			created: j.result?.created.length ?? 0, updated: j.result?.updated.length ?? 0
		})) : []
	};
};

export const actions: Actions = {
	hochladen: async (event) => {
		const regionId = await ownOrOnlyRegion(db(), event.locals.actor);
		if (!regionId) return fail(400, { errors: [{ field: 'datei', message: 'Ihrem Konto ist keine Region zugeordnet.' }] });
		await requireCan(event, 'import.run', { regionId }, { entity: 'region', entityId: regionId });
		const post = await parseForm(event.request, importUploadForm(settings().IMPORT_MAX_BYTES));
		if (!post.ok) return fail(400, { errors: post.errors });
		const file = post.data.datei;
		const bytes = new Uint8Array(await file.arrayBuffer());
		const job = await createJob(db(), event.locals.actor, regionId, file.name, bytes, settings());
		if (!job.ok) return fail(400, { errors: [{ field: 'datei', message: job.message }] });
		redirect(303, `/verwaltung/import/${job.id}`);
	}
};
