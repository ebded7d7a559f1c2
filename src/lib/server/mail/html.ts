/**
 * The HTML alternative of a mail (issue 19, part 3): built at sending time from the stored plain
 * text, so the queue keeps one text and both parts always say the same. Every character of the
 * text is escaped; only absolute http(s) links become anchors, with the address itself as the link
 * text (no hidden targets). Blank lines separate paragraphs, line breaks inside one are kept; the
 * signature after "-- " is set apart. lang="de", a title, no images, no styles from outside: a
 * screen reader reads it as the text version, a mail client that shows HTML gets real links.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Links: absolute http(s) addresses up to white space; a trailing full stop, comma or closing bracket is left outside. */
const URL = /https?:\/\/[^\s<>"']+?(?=[.,;:!?)\]]*(?:\s|$))/g;

function inline(line: string): string {
	let out = '';
	let last = 0;
	for (const m of line.matchAll(URL)) {
		const url = m[0];
		out += escapeHtml(line.slice(last, m.index)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
		last = m.index! + url.length;
	}
	return out + escapeHtml(line.slice(last));
}

function paragraphs(text: string): string {
	return text
		.split(/\n{2,}/)
		.map((p) => p.trim())
		.filter(Boolean)
		.map((p) => `<p>${p.split('\n').map(inline).join('<br>\n')}</p>`)
		.join('\n');
}

export function mailHtml(subject: string, text: string): string {
	const normal = text.replace(/\r\n/g, '\n');
	const cut = normal.indexOf('\n-- \n');
	const body = cut >= 0 ? normal.slice(0, cut) : normal;
	const signature = cut >= 0 ? normal.slice(cut + 5) : '';
	return [
		'<!DOCTYPE html>',
		'<html lang="de">',
		'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${escapeHtml(subject)}</title></head>`,
		'<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b; max-width: 40em;">',
		paragraphs(body),
		signature ? `<hr>\n<footer style="font-size: 14px; color: #4a4a4a;">${paragraphs(signature)}</footer>` : '',
		'</body>',
		'</html>'
	].filter(Boolean).join('\n');
}
