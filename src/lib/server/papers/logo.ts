/**
 * The logo of a region's conference papers (issue 16, item 4): the steering office uploads a PNG or
 * JPEG once; the paper form offers "mit Logo" and the PPTX puts it on both slide masters, the PDF
 * on its title page. The file's own bytes decide its type (see `domain/image-info.ts`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { imageInfo, IMAGE_MAX_SIDE } from '../../domain/image-info';
import { cleanFileName } from '../import/jobs';
import type { PaperLogo } from './pptx';

/** Largest logo file accepted (bytes); a logo for slides needs far less. */
export const LOGO_MAX_BYTES = 1024 * 1024;

export interface StoredLogo extends PaperLogo {
	fileName: string;
	uploadedAt: string;
	uploadedBy: string;
}

export async function readLogo(db: Kysely<Database>, regionId: string): Promise<StoredLogo | null> {
	const r = await db.selectFrom('paper_logo').selectAll().where('region_id', '=', regionId).executeTakeFirst();
	if (!r) return null;
	return {
		type: r.media_type === 'image/jpeg' ? 'image/jpeg' : 'image/png',
		data: new Uint8Array(r.bytes), width: Number(r.width), height: Number(r.height),
		fileName: r.file_name, uploadedAt: r.uploaded_at, uploadedBy: r.uploaded_by
	};
}

export type SaveLogoResult = { ok: true; logo: StoredLogo } | { ok: false; message: string };

/** Check and store (or replace) a region's logo; the upload is written to the audit log. */
export async function saveLogo(db: Kysely<Database>, actor: Actor, regionId: string, fileName: string, bytes: Uint8Array, now = new Date()): Promise<SaveLogoResult> {
	if (bytes.byteLength === 0) return { ok: false, message: 'Bitte wählen Sie eine Bilddatei (PNG oder JPEG).' };
	if (bytes.byteLength > LOGO_MAX_BYTES) {
		return { ok: false, message: `Die Datei ist ${(bytes.byteLength / 1024).toLocaleString('de-DE', { maximumFractionDigits: 0 })} KB groß; ein Logo darf höchstens ${LOGO_MAX_BYTES / 1024} KB groß sein.` };
	}
	const info = imageInfo(bytes);
	if (!info) {
		return { ok: false, message: `Die Datei ist kein PNG- oder JPEG-Bild (oder größer als ${IMAGE_MAX_SIDE.toLocaleString('de-DE')} Pixel je Seite). Andere Formate wie SVG oder GIF bitte vorher als PNG speichern.` };
	}
	const row = {
		region_id: regionId, media_type: info.type, width: info.width, height: info.height, bytes,
		file_name: cleanFileName(fileName), uploaded_at: now.toISOString(), uploaded_by: actor.name || 'Unbekannt'
	};
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('paper_logo').where('region_id', '=', regionId).execute();
		await tx.insertInto('paper_logo').values(row).execute();
		await audit(tx, actor, { action: 'papier.logo', entity: 'region', entityId: regionId, detail: { file: row.file_name, type: info.type, width: info.width, height: info.height } }, now);
	});
	return { ok: true, logo: { type: info.type, data: bytes, width: info.width, height: info.height, fileName: row.file_name, uploadedAt: row.uploaded_at, uploadedBy: row.uploaded_by } };
}

export async function removeLogo(db: Kysely<Database>, actor: Actor, regionId: string, now = new Date()): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const r = await tx.deleteFrom('paper_logo').where('region_id', '=', regionId).executeTakeFirst();
		const removed = Number(r.numDeletedRows) > 0;
		if (removed) await audit(tx, actor, { action: 'papier.logo.entfernt', entity: 'region', entityId: regionId }, now);
		return removed;
	});
}

/** The logo as a data: URL for the preview on the upload page (CSP allows data: images). */
export function logoDataUrl(logo: PaperLogo): string {
	return `data:${logo.type};base64,${Buffer.from(logo.data).toString('base64')}`;
}
