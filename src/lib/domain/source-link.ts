/**
 * The source of a cooperation (issue 14) is a citation ("Kreistagsbeschluss vom 3.5.2019, DS 12/345")
 * or a link. It is shown as a link only when the whole text is one http or https URL; anything else
 * (javascript:, data:, mailto:, a citation with a URL inside) is shown as text.
 *
 * Pure: no I/O.
 */
export function sourceHref(text: string | null | undefined): string | null {
	const t = (text ?? '').trim();
	if (!t || /\s/.test(t)) return null;
	let url: URL;
	try {
		url = new URL(t);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (!url.hostname) return null;
	return url.href;
}
