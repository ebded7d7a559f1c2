/**
 * The fields a browser would submit for a server-rendered form, read from the HTML without a
 * browser: for HTTP tests and the soak script (issue 18) that post the app's real forms.
 */
import { decodeReferences as decode } from './html-text';

function attrs(tag: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of tag.matchAll(/\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decode(m[2] ?? '');
	return out;
}

/**
 * The fields a browser submits for the form whose action is `action` (HTML "constructing the entry
 * list"): in document order; unchecked checkboxes and buttons left out; a select sends its selected
 * option or else its first; a textarea drops one newline right after its start tag.
 */
export function formEntries(html: string, action: string): [string, string][] {
	const start = html.indexOf(`action="${action}"`);
	if (start < 0) throw new Error(`form ${action} not found`);
	const form = html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start));
	const entries: [string, string][] = [];
	const re = /<input\b[^>]*>|<select\b[^>]*>([\s\S]*?)<\/select>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>/g;
	for (const m of form.matchAll(re)) {
		const tag = m[0].slice(0, m[0].indexOf('>') + 1);
		const a = attrs(tag);
		if (!a.name || 'disabled' in a) continue;
		if (tag.startsWith('<input')) {
			const type = (a.type ?? 'text').toLowerCase();
			if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
			if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
			entries.push([a.name, a.value ?? (type === 'checkbox' ? 'on' : '')]);
		} else if (tag.startsWith('<select')) {
			const options = [...(m[1] ?? '').matchAll(/<option\b[^>]*>/g)].map((o) => attrs(o[0]));
			const chosen = options.find((o) => 'selected' in o) ?? options[0];
			if (chosen) entries.push([a.name, chosen.value ?? '']);
		} else {
			entries.push([a.name, decode((m[2] ?? '').replace(/^\r?\n/, '')).replace(/\r?\n/g, '\r\n')]);
		}
	}
	return entries;
}

