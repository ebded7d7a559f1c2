/**
 * A form body that cannot be read (text/plain, multipart without or with a wrong boundary, a body
 * larger than the server's limit) made `request.formData()` throw a TypeError in the form action:
 * a 500. Every page route reads forms through this one place instead: 400 (or 413) with a German text.
 */
import { error } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { settings } from '../context';
import { kindOf } from './paths';

export function guardFormBody(request: Request): void {
	const read = request.formData.bind(request);
	request.formData = async () => {
		try {
			return await read();
		} catch (e) {
			if ((e as { status?: unknown }).status === 413) error(413, tooLargeText());
			error(400, 'Die gesendeten Formulardaten sind nicht lesbar. Bitte senden Sie das Formular erneut von der Seite aus.');
		}
	};
}

function tooLargeText(): string {
	// The same figure as the import page's own check (IMPORT_MAX_BYTES; the server's BODY_SIZE_LIMIT lies a little above it).
	const mb = (settings().IMPORT_MAX_BYTES / (1024 * 1024)).toLocaleString('de-DE', { maximumFractionDigits: 1 });
	return `Die gesendeten Daten sind zu groß. Eine Datei für den Import darf höchstens ${mb} MB groß sein.`;
}

export const readableFormBody: Handle = ({ event, resolve }) => {
	if (kindOf(event) === 'page') guardFormBody(event.request);
	return resolve(event);
};
