/**
 * Responses for the open data files, friendly to portals that harvest them regularly: a strong
 * ETag (hash of the bytes served), Last-Modified (the dataset's dct:modified), and 304 Not
 * Modified for a matching If-None-Match. Any origin may fetch them (no credentials, public data).
 */
import { createHash } from 'node:crypto';

export interface FileResponse {
	body: string;
	contentType: string;
	filename: string;
	/** 'attachment' for downloads, 'inline' for what a harvester or browser reads directly. */
	disposition: 'attachment' | 'inline';
	/** ISO instant of the data's last change. */
	modified: string;
}

export function etagOf(body: string): string {
	return `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 32)}"`;
}

/** Does an If-None-Match header match the tag? (`*`, lists, weak tags compared weakly, RFC 9110 13.1.2.) */
export function noneMatch(header: string | null, etag: string): boolean {
	if (!header) return false;
	if (header.trim() === '*') return true;
	const bare = etag.replace(/^W\//, '');
	return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export function fileResponse(request: Request, f: FileResponse): Response {
	const etag = etagOf(f.body);
	const lastModified = new Date(f.modified).toUTCString();
	const headers = new Headers({
		ETag: etag,
		'Last-Modified': lastModified,
		// Caches may keep it but must ask again each time; the ETag makes that cheap.
		'Cache-Control': 'public, no-cache',
		'Access-Control-Allow-Origin': '*',
		'Access-Control-Expose-Headers': 'ETag, Last-Modified'
	});
	// Only the ETag decides: some changes (a renamed topic in the taxonomy files, a record the data
	// loader removed) leave no time stamp, so If-Modified-Since could wrongly answer 304.
	const notModified = noneMatch(request.headers.get('if-none-match'), etag);
	if (notModified) return new Response(null, { status: 304, headers });
	headers.set('Content-Type', f.contentType);
	headers.set('Content-Disposition', `${f.disposition}; filename="${f.filename.replace(/[^\w.-]/g, '_')}"`);
	return new Response(f.body, { headers });
}
