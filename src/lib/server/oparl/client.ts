/**
 * Outgoing requests to council information systems (issue 21). Only http(s) URLs, only the hosts
 * of OPARL_ALLOWED_HOSTS when that is set, a timeout and a size limit on every answer, no cookies
 * or credentials; conditional requests with ETag / Last-Modified where the system offers them.
 * Every failure is a result with a German note, never an exception, so a run can log it and stop.
 */
export interface FetchLimits {
	timeoutMs: number;
	maxBytes: number;
	/** Lower-case host names; empty: any host. */
	allowedHosts: readonly string[];
}

export type FetchResult =
	| { ok: true; status: 200; json: unknown; etag: string | null; lastModified: string | null }
	| { ok: true; status: 304 }
	| { ok: false; note: string; httpStatus?: number };

export function parseAllowedHosts(s: string): string[] {
	return s.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** Why this URL may not be requested, or null when it may. */
export function urlProblem(raw: string, allowedHosts: readonly string[]): string | null {
	let u: URL;
	try {
		u = new URL(raw);
	} catch {
		return 'Das ist keine gültige Adresse.';
	}
	if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'Nur Adressen mit http:// oder https:// sind erlaubt.';
	if (u.username || u.password) return 'Adressen mit Zugangsdaten sind nicht erlaubt.';
	if (allowedHosts.length && !allowedHosts.includes(u.hostname.toLowerCase())) return `Der Server ${u.hostname} ist nicht freigegeben (Einstellung OPARL_ALLOWED_HOSTS).`;
	return null;
}

export async function fetchJson(url: string, limits: FetchLimits, conditional: { etag?: string | null; lastModified?: string | null } = {}, redirects = 0): Promise<FetchResult> {
	const problem = urlProblem(url, limits.allowedHosts);
	if (problem) return { ok: false, note: `${url}: ${problem}` };
	const headers: Record<string, string> = { accept: 'application/json' };
	if (conditional.etag) headers['if-none-match'] = conditional.etag;
	if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
	const signal = AbortSignal.timeout(limits.timeoutMs);
	let res: Response;
	try {
		res = await fetch(url, { headers, signal, redirect: 'manual', credentials: 'omit' });
	} catch (e) {
		const timeout = (e as Error).name === 'TimeoutError' || signal.aborted;
		return { ok: false, note: timeout ? `${url}: keine Antwort innerhalb von ${limits.timeoutMs} ms.` : `${url}: nicht erreichbar (${(e as Error).message}).` };
	}
	if (res.status === 304) {
		await res.body?.cancel();
		return { ok: true, status: 304 };
	}
	if (res.status >= 300 && res.status < 400) {
		const loc = res.headers.get('location');
		await res.body?.cancel();
		// One redirect is followed only when its target passes the same checks.
		if (loc && redirects < 1) return fetchJson(new URL(loc, url).toString(), limits, conditional, redirects + 1);
		return { ok: false, note: `${url}: Weiterleitung (${res.status}) nicht gefolgt.`, httpStatus: res.status };
	}
	if (res.status !== 200) {
		await res.body?.cancel();
		return { ok: false, note: `${url}: Antwort ${res.status}.`, httpStatus: res.status };
	}
	const declared = Number(res.headers.get('content-length') ?? 0);
	if (declared > limits.maxBytes) {
		await res.body?.cancel();
		return { ok: false, note: `${url}: Antwort größer als ${limits.maxBytes} Bytes.` };
	}
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		const reader = res.body!.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limits.maxBytes) {
				await reader.cancel();
				return { ok: false, note: `${url}: Antwort größer als ${limits.maxBytes} Bytes.` };
			}
			chunks.push(value);
		}
	} catch (e) {
		const timeout = (e as Error).name === 'TimeoutError' || signal.aborted;
		return { ok: false, note: timeout ? `${url}: Antwort nicht innerhalb von ${limits.timeoutMs} ms vollständig.` : `${url}: Antwort abgebrochen.` };
	}
	let json: unknown;
	try {
		json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		return { ok: false, note: `${url}: kein gültiges JSON.` };
	}
	return { ok: true, status: 200, json, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
}
