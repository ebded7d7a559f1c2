/**
 * The audit protocol as people read it: the filter of /verwaltung/protokoll read from its GET
 * parameters (Berlin calendar days) and one row in words. The page and its CSV export
 * (/verwaltung/protokoll.csv) use both, so they always show the same rows in the same words.
 */
import type { AuditFilter } from './audit';
import { AUDIT_DETAIL, readJson } from '../db/json-columns';
import { AUDIT_ENTITY_LABEL, AUDIT_OUTCOME_LABEL, fmtDateTime } from '../../i18n/de';

/** The outcomes the protocol can be filtered by. */
export const AUDIT_OUTCOMES = ['ok', 'refused', 'failed'];

/** Minutes Berlin is ahead of UTC at an instant (60 in winter, 120 in summer). */
function berlinOffsetMinutes(at: Date): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
		.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
	const m = name.match(/GMT([+-])(\d{2}):(\d{2})/);
	return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The instant a Berlin calendar day (YYYY-MM-DD) begins, or null for anything else. Days change
 * at local midnight; summer time switches at 01:00 UTC, so the offset at UTC midnight is the one
 * in force at local midnight.
 */
function berlinDayStart(day: string, addDays = 0): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!m) return null;
	const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 10) !== day) return null;
	const shifted = new Date(utc + addDays * 86_400_000);
	return new Date(shifted.getTime() - berlinOffsetMinutes(shifted) * 60_000);
}

export interface ProtocolQuery {
	/** The accepted form values, for the form and for links (paging, export). */
	values: { aktion: string; ergebnis: string; person: string; kennung: string; von: string; bis: string };
	filter: AuditFilter;
	page: number;
}

/** The GET parameters of the protocol, read leniently: anything invalid is dropped. */
export function protocolQuery(params: URLSearchParams): ProtocolQuery {
	const text = (key: string, max: number) => (params.get(key) ?? '').trim().slice(0, max);
	const aktion = text('aktion', 100);
	const ergebnis = AUDIT_OUTCOMES.includes(text('ergebnis', 10)) ? text('ergebnis', 10) : '';
	const person = text('person', 200);
	const kennung = text('kennung', 200);
	const from = berlinDayStart(text('von', 10));
	const to = berlinDayStart(text('bis', 10), 1);
	const page = Math.max(1, Math.min(1_000_000, Number.parseInt(params.get('seite') ?? '1', 10) || 1));
	return {
		values: { aktion, ergebnis, person, kennung, von: from ? text('von', 10) : '', bis: to ? text('bis', 10) : '' },
		filter: {
			action: aktion || undefined, outcome: ergebnis || undefined, actor: person || undefined, entityId: kennung || undefined,
			from: from?.toISOString(), to: to?.toISOString()
		},
		page
	};
}

/** One audit row as people read it (the page and the CSV export use the same words). */
export function presentAudit(r: { id: number; at: string; actor_label: string; action: string; outcome: string; entity: string | null; entity_id: string | null; detail: string | null; address: string | null }) {
	let detail = '';
	if (r.detail) {
		try {
			detail = Object.entries(readJson(AUDIT_DETAIL, r.detail)).map(([k, v]) => `${k}: ${v === null ? '–' : String(v)}`).join(', ');
		} catch {
			detail = r.detail;
		}
	}
	return {
		id: r.id, at: r.at, local: fmtDateTime(r.at, true), actor: r.actor_label, action: r.action,
		outcome: r.outcome, outcomeLabel: AUDIT_OUTCOME_LABEL[r.outcome] ?? r.outcome,
		entity: r.entity, entityLabel: r.entity ? (AUDIT_ENTITY_LABEL[r.entity] ?? r.entity) : null, entityId: r.entity_id,
		detail, address: r.address
	};
}
