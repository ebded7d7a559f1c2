import { describe, expect, it } from 'vitest';
import {
	addYears, councilField, deemedApproval, EMPTY_LIFECYCLE, findingsOf, formatDay, lifecycleSteps, lifecycleValues, noticeField, normalizeLifecycle, parseDay, stepSummary,
	type LifecycleBody, type LifecycleCooperation, type LifecycleRecord, type LifecycleStep
} from './gkg-lifecycle';
import { checkLifecycle, lifecycleForm } from '../server/forms/lifecycle';

// The Zentrale Vergabestelle of Unna, Bönen and Fröndenberg (kommunen-47), performed by Unna.
const vergabe: LifecycleCooperation = {
	legal_form: 'oerv', legal_form_group: 'public-law', status: 'active',
	participants: [
		{ id: 'unna', name: 'Unna', kind: 'stadt' },
		{ id: 'boenen', name: 'Bönen', kind: 'gemeinde' },
		{ id: 'froendenberg', name: 'Fröndenberg/Ruhr', kind: 'stadt' }
	]
};

const rec = (over: Partial<LifecycleRecord> = {}): LifecycleRecord => ({
	...structuredClone(EMPTY_LIFECYCLE),
	sub_type: 'mandating',
	council_decisions: [
		{ body: 'unna', date: '2025-03-10', reference: 'DS 12/2025' },
		{ body: 'boenen', date: '2025-03-12' },
		{ body: 'froendenberg', date: '2025-03-20' }
	],
	authority: 'Landrat des Kreises Unna',
	term: { open_ended: false, end_date: null, years: 10 },
	...over
});

const TODAY = '2026-06-01';
const byId = (steps: LifecycleStep[], id: string) => {
	const s = steps.find((x) => x.id === id);
	if (!s) throw new Error(`no step ${id}: ${steps.map((x) => x.id).join(', ')}`);
	return s;
};
const codes = (steps: LifecycleStep[]) => findingsOf(steps).map((f) => f.code);

describe('which cooperations have a lifecycle', () => {
	it('öffentlich-rechtliche Vereinbarung, Zweckverband and AöR do; the order of steps is fixed', () => {
		const steps = lifecycleSteps(null, vergabe, TODAY);
		expect(steps.map((s) => s.id)).toEqual([
			'sub_type', 'council:unna', 'council:boenen', 'council:froendenberg', 'authority', 'submission', 'approval', 'publication',
			'notice:unna', 'notice:boenen', 'notice:froendenberg', 'effective', 'term', 'termination_rule', 'termination'
		]);
		for (const form of ['zweckverband', 'aoer']) {
			const s = lifecycleSteps(null, { ...vergabe, legal_form: form }, TODAY);
			expect(byId(s, 'sub_type').state).toBe('not_applicable');
			expect(byId(s, 'approval').state).toBe('missing');
			// The parties' notices of § 24 Abs. 3 S. 2 are modelled for öffentlich-rechtliche Vereinbarungen only.
			expect(s.some((x) => x.id.startsWith('notice:'))).toBe(false);
		}
	});

	it('private-law and informal forms get one not-applicable step and no findings', () => {
		for (const [form, group] of [['gmbh', 'private-law'], ['absprache', 'informal'], ['unknown', 'unknown']] as const) {
			const s = lifecycleSteps(rec(), { ...vergabe, legal_form: form, legal_form_group: group }, TODAY);
			expect(s).toHaveLength(1);
			expect(s[0]!.state).toBe('not_applicable');
			expect(s[0]!.reason).toContain('Nur öffentlich-rechtliche Vereinbarungen');
			expect(findingsOf(s)).toEqual([]);
		}
	});

	it('other public-law forms (Arbeitsgemeinschaft) are named as such, without steps', () => {
		const s = lifecycleSteps(null, { ...vergabe, legal_form: 'arbeitsgemeinschaft', legal_form_group: 'public-law' }, TODAY);
		expect(s).toHaveLength(1);
		expect(s[0]!.reason).toContain('keine Verfahrensschritte');
	});

	it('nothing recorded: everything missing, each gap a finding where it is the next thing to do', () => {
		const s = lifecycleSteps(null, vergabe, TODAY);
		expect(stepSummary(s)).toEqual({ done: 0, missing: 14, notApplicable: 1 });
		expect(codes(s)).toEqual([
			'sub_type_missing', 'council_decision_missing', 'council_decision_missing', 'council_decision_missing', 'authority_missing', 'approval_missing', 'term_missing'
		]);
		// Publication before approval is not yet a finding; the approval is.
		expect(byId(s, 'publication').finding).toBeNull();
	});
});

describe('sub-type', () => {
	it('is required for an öffentlich-rechtliche Vereinbarung', () => {
		expect(byId(lifecycleSteps(rec({ sub_type: null }), vergabe, TODAY), 'sub_type')).toMatchObject({ state: 'missing', finding: 'sub_type_missing' });
		expect(byId(lifecycleSteps(rec({ sub_type: 'delegating' }), vergabe, TODAY), 'sub_type')).toMatchObject({ state: 'done' });
		expect(byId(lifecycleSteps(rec({ sub_type: 'delegating' }), vergabe, TODAY), 'sub_type').reason).toContain('delegierend');
	});
});

describe('council decisions', () => {
	it('one per municipal body taking part; a missing one names the body', () => {
		const r = rec({ council_decisions: [{ body: 'unna', date: '2025-03-10', reference: 'DS 12/2025' }] });
		const s = lifecycleSteps(r, vergabe, TODAY);
		expect(byId(s, 'council:unna')).toMatchObject({ state: 'done', date: '2025-03-10' });
		expect(byId(s, 'council:unna').reason).toBe('Beschlossen am 10.03.2025 (DS 12/2025).');
		expect(byId(s, 'council:boenen')).toMatchObject({ state: 'missing', finding: 'council_decision_missing' });
		const f = findingsOf(s).filter((x) => x.code === 'council_decision_missing');
		expect(f.map((x) => x.label)).toEqual(['Ratsbeschluss von Bönen fehlt', 'Ratsbeschluss von Fröndenberg/Ruhr fehlt']);
		expect(f.map((x) => x.body?.id)).toEqual(['boenen', 'froendenberg']);
	});

	it('not of a company that performs the task, nor of associations or state offices; the Kreis decides in its Kreistag', () => {
		const coop: LifecycleCooperation = {
			...vergabe,
			participants: [
				{ id: 'kreis-unna', name: 'Kreis Unna', kind: 'kreis' },
				{ id: 'kamen', name: 'Kamen', kind: 'stadt' },
				{ id: 'gsw', name: 'GSW', kind: 'unternehmen' },
				{ id: 'caritas', name: 'Caritas', kind: 'verein' },
				{ id: 'strassen-nrw', name: 'Straßen.NRW', kind: 'landesbetrieb' },
				{ id: 'kamen', name: 'Kamen', kind: 'stadt' }
			]
		};
		const s = lifecycleSteps(null, coop, TODAY);
		expect(s.filter((x) => x.id.startsWith('council')).map((x) => x.id)).toEqual(['council:kreis-unna', 'council:kamen']);
		expect(byId(s, 'council:kreis-unna').label).toBe('Beschluss Kreis Unna (Kreistag)');
		expect(byId(s, 'council:kreis-unna').reason).toContain('Kreistags');
	});

	it('without any municipal body the step says so', () => {
		const s = lifecycleSteps(null, { ...vergabe, participants: [{ id: 'gsw', name: 'GSW', kind: 'unternehmen' }] }, TODAY);
		expect(byId(s, 'council')).toMatchObject({ state: 'missing' });
	});
});

describe('approval and the four weeks', () => {
	// Submitted on Monday 5 January 2026: four weeks end with Monday 2 February 2026 (day 28).
	const submitted = rec({ submitted_at: '2026-01-05' });

	it('day 28: the period is still running, no approval yet', () => {
		const s = lifecycleSteps(submitted, vergabe, '2026-02-02');
		expect(byId(s, 'approval')).toMatchObject({ state: 'missing', finding: 'approval_pending', date: null });
		expect(byId(s, 'approval').reason).toContain('nach Ablauf des 02.02.2026');
		expect(byId(s, 'publication').finding).toBeNull();
	});

	it('day 29: deemed approved, marked as derived, dated at the end of the period', () => {
		const s = lifecycleSteps(submitted, vergabe, '2026-02-03');
		expect(byId(s, 'approval')).toMatchObject({ state: 'derived', date: '2026-02-02', finding: null });
		expect(byId(s, 'approval').reason).toBe('Gilt als genehmigt (§ 24 Abs. 2 GkG NRW): am 05.01.2026 bei der Aufsichtsbehörde eingegangen, keine Versagung und keine angekündigten Änderungen innerhalb von vier Wochen (Frist endete am 02.02.2026).');
		// Deemed approval counts as approval: now the missing publication is a finding.
		expect(byId(s, 'publication')).toMatchObject({ state: 'missing', finding: 'approved_not_published' });
	});

	it('an old record with only the objection flag: the day is needed before anything is derived', () => {
		const s = lifecycleSteps({ ...submitted, objection: true }, vergabe, '2026-06-01');
		expect(byId(s, 'approval')).toMatchObject({ state: 'missing', finding: 'objection_date_missing' });
		expect(byId(s, 'objection')).toMatchObject({ state: 'missing', date: null });
		expect(byId(s, 'publication').finding).toBeNull();
	});

	it('a recorded approval is done; the submission is then not needed', () => {
		const s = lifecycleSteps(rec({ approval_date: '2025-05-02' }), vergabe, TODAY);
		expect(byId(s, 'approval')).toMatchObject({ state: 'done', date: '2025-05-02' });
		expect(byId(s, 'approval').reason).toBe('Genehmigt am 02.05.2025 durch Landrat des Kreises Unna.');
		expect(byId(s, 'submission').state).toBe('not_applicable');
	});

	it('a recorded approval wins over the deemed one', () => {
		const s = lifecycleSteps(rec({ submitted_at: '2025-04-01', approval_date: '2025-04-20' }), vergabe, TODAY);
		expect(byId(s, 'approval')).toMatchObject({ state: 'done', date: '2025-04-20' });
		expect(byId(s, 'submission')).toMatchObject({ state: 'done', date: '2025-04-01' });
	});

	it('missing authority is a finding of its own', () => {
		expect(codes(lifecycleSteps(rec({ authority: null, approval_date: '2025-05-02' }), vergabe, TODAY))).toContain('authority_missing');
	});
});

describe('§ 24 Abs. 2 GkG: the two steps of the deemed approval', () => {
	// Received Monday 14 April 2025: the four weeks end Monday 12 May 2025; the further four weeks
	// would end Monday 9 June 2025, Pfingstmontag, so they end Tuesday 10 June 2025 (§ 31 Abs. 3 VwVfG NRW).
	const received = rec({ submitted_at: '2025-04-14' });
	const withObjection = (kind: 'refusal' | 'changes', date: string, meeting: string | null = null): LifecycleRecord =>
		({ ...received, objection: true, objection_kind: kind, objection_date: date, meeting_set_at: meeting });
	const approval = (r: LifecycleRecord, today: string) => byId(lifecycleSteps(r, vergabe, today), 'approval');

	it('changes announced on the last day of the four weeks stop the first step; the meeting period runs', () => {
		const r = withObjection('changes', '2025-05-12');
		expect(deemedApproval(r, '2025-05-20')).toMatchObject({ state: 'meeting_running', first: { end: '2025-05-12' }, further: { nominal: '2025-06-09', end: '2025-06-10' } });
		const s = approval(r, '2025-05-20');
		expect(s).toMatchObject({ state: 'missing', finding: 'meeting_pending' });
		expect(s.reason).toContain('bis 10.06.2025 (rechnerisch 09.06.2025, ein Feiertag (Pfingstmontag)');
		// The recorded reaction is a step of its own, with its day.
		expect(byId(lifecycleSteps(r, vergabe, '2025-05-20'), 'objection')).toMatchObject({ state: 'done', date: '2025-05-12' });
	});

	it('announced one day after the four weeks: too late, the approval is deemed given at the end of the first period', () => {
		const r = withObjection('changes', '2025-05-13');
		expect(approval(r, '2025-05-12')).toMatchObject({ state: 'missing', finding: 'approval_pending' });
		const s = approval(r, '2025-05-13');
		expect(s).toMatchObject({ state: 'derived', date: '2025-05-12', finding: 'objection_after_period' });
		expect(s.reason).toContain('erst am 13.05.2025 Änderungen angekündigt, nach Ablauf der vier Wochen');
	});

	it('meeting set on the moved last day of the further period: no deemed approval, the decision is due', () => {
		const r = withObjection('refusal', '2025-05-02', '2025-06-10');
		const s = approval(r, '2026-01-01');
		expect(s).toMatchObject({ state: 'missing', finding: 'approval_objection', date: null });
		expect(s.reason).toContain('die Genehmigung versagt');
		expect(s.reason).toContain('am 10.06.2025 innerhalb der weiteren vier Wochen (bis 10.06.2025)');
		expect(byId(lifecycleSteps(r, vergabe, '2026-01-01'), 'meeting')).toMatchObject({ state: 'done', date: '2025-06-10' });
		expect(byId(lifecycleSteps(r, vergabe, '2026-01-01'), 'publication').finding).toBeNull();
	});

	it('meeting set one day after the further period: deemed given at its end', () => {
		const s = approval(withObjection('changes', '2025-05-02', '2025-06-11'), '2026-01-01');
		expect(s).toMatchObject({ state: 'derived', date: '2025-06-10', finding: 'meeting_after_period' });
	});

	it('no meeting set: the further period runs through its moved last day, deemed given from the day after', () => {
		const r = withObjection('changes', '2025-04-30');
		expect(approval(r, '2025-06-09')).toMatchObject({ state: 'missing', finding: 'meeting_pending' });
		expect(approval(r, '2025-06-10')).toMatchObject({ state: 'missing', finding: 'meeting_pending' });
		const s = approval(r, '2025-06-11');
		expect(s).toMatchObject({ state: 'derived', date: '2025-06-10', finding: null });
		expect(s.reason).toContain('innerhalb der weiteren vier Wochen keinen Erörterungstermin bestimmt');
		// A deemed approval counts: the publication is now due.
		expect(byId(lifecycleSteps(r, vergabe, '2025-06-11'), 'publication').finding).toBe('approved_not_published');
	});

	it('a first period ending on Karfreitag runs to the Tuesday after Easter', () => {
		// Received Friday 6 March 2026: nominal end Friday 3 April 2026 (Karfreitag) → Tuesday 7 April 2026.
		const r = rec({ submitted_at: '2026-03-06' });
		expect(approval(r, '2026-04-04')).toMatchObject({ state: 'missing', finding: 'approval_pending' });
		expect(approval(r, '2026-04-07')).toMatchObject({ state: 'missing', finding: 'approval_pending' });
		expect(approval(r, '2026-04-08')).toMatchObject({ state: 'derived', date: '2026-04-07' });
		// Changes announced on the Tuesday are in time.
		expect(approval({ ...r, objection: true, objection_kind: 'changes', objection_date: '2026-04-07' }, '2026-04-08')).toMatchObject({ finding: 'meeting_pending' });
	});

	it('a first period ending on a Saturday runs to Monday', () => {
		const r = rec({ submitted_at: '2026-02-07' });
		expect(approval(r, '2026-03-09')).toMatchObject({ state: 'missing', finding: 'approval_pending' });
		expect(approval(r, '2026-03-10')).toMatchObject({ state: 'derived', date: '2026-03-09' });
		expect(approval(r, '2026-03-10').reason).toContain('09.03.2026 (rechnerisch 07.03.2026, ein Samstag');
	});

	it('no deemed approval for Zweckverband and AöR: the approval itself is to be recorded', () => {
		for (const form of ['zweckverband', 'aoer']) {
			const s = byId(lifecycleSteps(rec({ submitted_at: '2025-01-06' }), { ...vergabe, legal_form: form }, TODAY), 'approval');
			expect(s).toMatchObject({ state: 'missing', finding: 'approval_missing', date: null });
			expect(s.reason).toContain('nur für öffentlich-rechtliche Vereinbarungen');
		}
	});
});

describe('case table: deemed approval across years, weekends and holidays', () => {
	// Each row: day of receipt, the authority's reaction (kind, day, meeting set), "today", and the expected
	// approval step (state, finding, date). Written from § 24 Abs. 2 GkG, § 31 VwVfG NRW, §§ 187, 188, 190 BGB
	// and § 2 FTG NW; the calendar facts are in the comments.
	type Row = [string, string, ('refusal' | 'changes' | null), string | null, string | null, string, string, string | null, string | null];
	const rows: Row[] = [
		// name, received, kind, reaction day, meeting set, today, state, finding, date
		['Monday, nothing happens, day after the end', '2026-01-05', null, null, null, '2026-02-03', 'derived', null, '2026-02-02'],
		['end on Ostermontag 2024 (1 April) → Tuesday 2 April', '2024-03-04', null, null, null, '2024-04-02', 'missing', 'approval_pending', null],
		['… deemed from Wednesday 3 April 2024', '2024-03-04', null, null, null, '2024-04-03', 'derived', null, '2024-04-02'],
		['end on Christi Himmelfahrt 2025 (29 May) → Friday 30 May', '2025-05-01', null, null, null, '2025-05-31', 'derived', null, '2025-05-30'],
		['end on Tag der Deutschen Einheit 2026 (Saturday) → Monday 5 October', '2026-09-05', null, null, null, '2026-10-05', 'missing', 'approval_pending', null],
		['end on Allerheiligen 2026 (Sunday) → Monday 2 November', '2026-10-04', null, null, null, '2026-11-03', 'derived', null, '2026-11-02'],
		['end on Fronleichnam 2027 (Thursday 27 May) → Friday 28 May', '2027-04-29', null, null, null, '2027-05-29', 'derived', null, '2027-05-28'],
		['end on 25 December 2027 (Saturday) → Monday 27 December (26th a Sunday)', '2027-11-27', null, null, null, '2027-12-28', 'derived', null, '2027-12-27'],
		['end on New Year 2028 (Saturday) → Monday 3 January', '2027-12-04', null, null, null, '2028-01-04', 'derived', null, '2028-01-03'],
		['leap year: received 1 February 2028 → ends Tuesday 29 February', '2028-02-01', null, null, null, '2028-03-01', 'derived', null, '2028-02-29'],
		['refusal on the (moved) last day of the first period is in time', '2024-03-04', 'refusal', '2024-04-02', null, '2024-04-20', 'missing', 'meeting_pending', null],
		['… meeting set on the last day of the further period (Tuesday 30 April 2024)', '2024-03-04', 'refusal', '2024-04-02', '2024-04-30', '2024-06-01', 'missing', 'approval_objection', null],
		['… no meeting: deemed at the end of the further period', '2024-03-04', 'refusal', '2024-04-02', null, '2024-05-01', 'derived', null, '2024-04-30'],
		['changes announced the day after the moved end: too late', '2024-03-04', 'changes', '2024-04-03', null, '2024-04-03', 'derived', 'objection_after_period', '2024-04-02'],
		['first period ending on Karfreitag 2026 → Tuesday 7 April; the further one ends Tuesday 5 May', '2026-03-06', 'changes', '2026-03-20', null, '2026-05-05', 'missing', 'meeting_pending', null],
		['… no meeting by 5 May 2026: deemed from 6 May', '2026-03-06', 'changes', '2026-03-20', null, '2026-05-06', 'derived', null, '2026-05-05'],
		['received Thursday 6 March 2025: further period ends on 1 May 2025 (holiday) → Friday 2 May', '2025-03-06', 'changes', '2025-03-20', null, '2025-05-02', 'missing', 'meeting_pending', null],
		['… meeting set on Friday 2 May 2025 is in time', '2025-03-06', 'changes', '2025-03-20', '2025-05-02', '2025-06-01', 'missing', 'approval_objection', null],
		['… meeting set on Saturday 3 May 2025 is late: deemed at 2 May', '2025-03-06', 'changes', '2025-03-20', '2025-05-03', '2025-06-01', 'derived', 'meeting_after_period', '2025-05-02']
	];
	it.each(rows)('%s', (_name, received, kind, reaction, meeting, today, state, finding, date) => {
		const r = rec({ submitted_at: received, objection: kind !== null, objection_kind: kind, objection_date: reaction, meeting_set_at: meeting });
		const s = byId(lifecycleSteps(r, vergabe, today), 'approval');
		expect({ state: s.state, finding: s.finding, date: s.date }).toEqual({ state, finding, date });
	});
});

describe('§ 24 Abs. 3 S. 2 GkG: each party\'s notice of the publication', () => {
	const published = rec({ approval_date: '2025-05-02', publication: { gazette: 'Amtsblatt Kreis Unna', issue: '14/2025', date: '2025-05-30' } });

	it('recorded per party; the missing ones are findings that name the party', () => {
		const r: LifecycleRecord = { ...published, partner_notices: [{ body: 'unna', date: '2025-06-04', reference: 'Amtsblatt der Stadt Unna 9/2025' }] };
		const s = lifecycleSteps(r, vergabe, TODAY);
		expect(byId(s, 'notice:unna')).toMatchObject({ state: 'done', date: '2025-06-04' });
		expect(byId(s, 'notice:unna').reason).toBe('Hingewiesen am 04.06.2025 (Amtsblatt der Stadt Unna 9/2025).');
		const f = findingsOf(s).filter((x) => x.code === 'partner_notice_missing');
		expect(f.map((x) => x.body?.id)).toEqual(['boenen', 'froendenberg']);
	});

	it('all notices recorded: no findings; a notice dated before the publication is pointed out', () => {
		const r: LifecycleRecord = { ...published, partner_notices: [
			{ body: 'unna', date: '2025-06-04' }, { body: 'boenen', date: '2025-06-05' }, { body: 'froendenberg', date: '2025-05-29' }
		] };
		const s = lifecycleSteps(r, vergabe, TODAY);
		expect(codes(s)).toEqual([]);
		expect(byId(s, 'notice:froendenberg').reason).toContain('vor der Bekanntmachung');
	});

	it('not yet published: the notices are not yet a finding', () => {
		const s = lifecycleSteps(rec({ approval_date: '2025-05-02' }), vergabe, TODAY);
		expect(byId(s, 'notice:boenen')).toMatchObject({ state: 'missing', finding: null });
	});
});

describe('publication and effective date', () => {
	const approved = rec({ approval_date: '2025-05-02' });

	it('approved but not published', () => {
		const s = lifecycleSteps(approved, vergabe, TODAY);
		expect(codes(s)).toEqual(['approved_not_published']);
	});

	it('published: effective the day after, derived', () => {
		const s = lifecycleSteps({ ...approved, publication: { gazette: 'Amtsblatt Kreis Unna', issue: '14/2025', date: '2025-05-30' } }, vergabe, TODAY);
		expect(byId(s, 'publication')).toMatchObject({ state: 'done', date: '2025-05-30' });
		expect(byId(s, 'publication').reason).toBe('Amtsblatt Kreis Unna, Ausgabe 14/2025, vom 30.05.2025.');
		expect(byId(s, 'effective')).toMatchObject({ state: 'derived', date: '2025-05-31' });
		// Published, so each party's notice is now due (§ 24 Abs. 3 S. 2 GkG).
		expect(codes(s)).toEqual(['partner_notice_missing', 'partner_notice_missing', 'partner_notice_missing']);
		// Across a month and a year end.
		const ny = lifecycleSteps({ ...approved, publication: { gazette: 'Amtsblatt', issue: null, date: '2025-12-31' } }, vergabe, TODAY);
		expect(byId(ny, 'effective').date).toBe('2026-01-01');
	});

	it('a later effective date is kept; an earlier one is a finding', () => {
		const pub = { gazette: 'Amtsblatt', issue: null, date: '2025-05-30' };
		expect(byId(lifecycleSteps({ ...approved, publication: pub, effective_date: '2025-07-01' }, vergabe, TODAY), 'effective')).toMatchObject({ state: 'done', date: '2025-07-01', finding: null });
		expect(byId(lifecycleSteps({ ...approved, publication: pub, effective_date: '2025-05-31' }, vergabe, TODAY), 'effective').finding).toBeNull();
		const early = lifecycleSteps({ ...approved, publication: pub, effective_date: '2025-05-30' }, vergabe, TODAY);
		expect(byId(early, 'effective')).toMatchObject({ state: 'done', finding: 'effective_before_publication' });
	});

	it('published but no date and no effective date', () => {
		const s = lifecycleSteps({ ...approved, publication: { gazette: 'Amtsblatt Kreis Unna', issue: '14/2025', date: null } }, vergabe, TODAY);
		expect(byId(s, 'publication').state).toBe('done');
		expect(byId(s, 'effective')).toMatchObject({ state: 'missing', finding: 'published_no_effective_date' });
	});

	it('published before the approval', () => {
		const s = lifecycleSteps({ ...approved, publication: { gazette: 'Amtsblatt', issue: null, date: '2025-04-30' } }, vergabe, TODAY);
		expect(byId(s, 'publication').finding).toBe('published_before_approval');
	});
});

describe('term and termination rules', () => {
	const base = rec({ approval_date: '2025-05-02', publication: { gazette: 'Amtsblatt', issue: null, date: '2025-05-30' }, termination_rule: null });
	const rule = (r: LifecycleRecord) => byId(lifecycleSteps(r, vergabe, TODAY), 'termination_rule');

	it('open-ended needs a termination rule', () => {
		expect(rule({ ...base, term: { open_ended: true, end_date: null, years: null } })).toMatchObject({ state: 'missing', finding: 'no_termination_rule' });
		expect(rule({ ...base, term: { open_ended: true, end_date: null, years: null }, termination_rule: 'Kündigung mit einer Frist von einem Jahr zum Jahresende' }).state).toBe('done');
	});

	it('20 years in years: not required; 21: required', () => {
		expect(rule({ ...base, term: { open_ended: false, end_date: null, years: 20 } })).toMatchObject({ state: 'not_applicable', finding: null });
		expect(rule({ ...base, term: { open_ended: false, end_date: null, years: 21 } })).toMatchObject({ state: 'missing', finding: 'no_termination_rule' });
	});

	it('by end date, counted from the effective day (31.05.2025): exactly 20 years not, one day more yes', () => {
		expect(rule({ ...base, term: { open_ended: false, end_date: '2045-05-31', years: null } })).toMatchObject({ state: 'not_applicable' });
		expect(rule({ ...base, term: { open_ended: false, end_date: '2045-06-01', years: null } })).toMatchObject({ state: 'missing', finding: 'no_termination_rule' });
		expect(rule({ ...base, term: { open_ended: false, end_date: '2045-06-01', years: null } }).reason).toContain('über 20 Jahre');
	});

	it('an end date without a known start cannot be judged; no term at all is a finding', () => {
		const noStart = { ...rec(), term: { open_ended: false, end_date: '2050-01-01', years: null } };
		expect(rule(noStart)).toMatchObject({ state: 'missing', finding: null });
		const none = { ...base, term: { open_ended: false, end_date: null, years: null } };
		expect(byId(lifecycleSteps(none, vergabe, TODAY), 'term')).toMatchObject({ state: 'missing', finding: 'term_missing' });
	});

	it('addYears keeps the day, and 29 February becomes 28 February', () => {
		expect(addYears('2025-05-31', 20)).toBe('2045-05-31');
		expect(addYears('2024-02-29', 20)).toBe('2044-02-29');
		expect(addYears('2024-02-29', 21)).toBe('2045-02-28');
	});
});

describe('§ 23 Abs. 5 GkG applies to öffentlich-rechtliche Vereinbarungen only', () => {
	const openEnded = rec({ approval_date: '2025-05-02', term: { open_ended: true, end_date: null, years: null }, termination_rule: null });
	it('an open-ended Zweckverband or AöR without a termination rule raises no finding', () => {
		for (const form of ['zweckverband', 'aoer']) {
			const s = lifecycleSteps(openEnded, { ...vergabe, legal_form: form }, TODAY);
			expect(byId(s, 'termination_rule')).toMatchObject({ state: 'not_applicable', finding: null });
			expect(byId(s, 'termination_rule').reason).toContain('§ 23 Abs. 5 GkG NRW gilt nur für öffentlich-rechtliche Vereinbarungen');
			expect(codes(s)).not.toContain('no_termination_rule');
		}
		expect(codes(lifecycleSteps(openEnded, vergabe, TODAY))).toContain('no_termination_rule');
	});
	it('nor a missing term for them; for the öffentlich-rechtliche Vereinbarung it is one', () => {
		const none = rec({ term: { open_ended: false, end_date: null, years: null } });
		expect(byId(lifecycleSteps(none, { ...vergabe, legal_form: 'zweckverband' }, TODAY), 'term')).toMatchObject({ state: 'not_applicable', finding: null });
		expect(byId(lifecycleSteps(none, vergabe, TODAY), 'term').finding).toBe('term_missing');
	});
	it('a Zweckverband\'s recorded rule on withdrawal is shown as done', () => {
		const s = lifecycleSteps({ ...openEnded, termination_rule: 'Austritt mit einer Frist von zwei Jahren zum Jahresende (§ 20 der Satzung)' }, { ...vergabe, legal_form: 'zweckverband' }, TODAY);
		expect(byId(s, 'termination_rule').state).toBe('done');
	});
});

describe('termination', () => {
	const base = rec({ approval_date: '2025-05-02', publication: { gazette: 'Amtsblatt', issue: null, date: '2025-05-30' } });
	it('notified but not published', () => {
		const s = lifecycleSteps({ ...base, termination: { notified_date: '2026-03-01', published_date: null } }, vergabe, TODAY);
		expect(byId(s, 'termination')).toMatchObject({ state: 'missing', finding: 'termination_not_published' });
	});
	it('notified and published', () => {
		const s = lifecycleSteps({ ...base, termination: { notified_date: '2026-03-01', published_date: '2026-03-20' } }, vergabe, TODAY);
		expect(byId(s, 'termination')).toMatchObject({ state: 'done', date: '2026-03-20' });
	});
	it('not terminated: not applicable, unless the cooperation has ended', () => {
		expect(byId(lifecycleSteps(base, vergabe, TODAY), 'termination').state).toBe('not_applicable');
		expect(byId(lifecycleSteps(base, { ...vergabe, status: 'ended' }, TODAY), 'termination')).toMatchObject({ state: 'missing', finding: 'termination_missing' });
	});
});

describe('dates', () => {
	it('formats and parses German and ISO days', () => {
		expect(formatDay('2026-03-05')).toBe('05.03.2026');
		expect(formatDay(null)).toBe('');
		expect(parseDay('5.3.2026')).toBe('2026-03-05');
		expect(parseDay('2026-03-05')).toBe('2026-03-05');
		expect(parseDay('')).toBeNull();
		expect(parseDay('31.02.2026')).toBeUndefined();
		expect(parseDay('März 2026')).toBeUndefined();
	});
});

describe('the form', () => {
	const bodies = vergabe.participants;
	// The form is read and checked in src/lib/server/forms/lifecycle.ts; these tests run its schema on the same fields.
	const post = (fields: Record<string, string>) => fields;
	const parseLifecycleForm = (fields: Record<string, string>, list: readonly LifecycleBody[], today: string) => {
		const { values } = lifecycleForm(list).parse(fields);
		return { values, ...checkLifecycle(values, list, today) };
	};

	it('round-trips a record through the form values', () => {
		const r = rec({ approval_date: '2025-05-02', publication: { gazette: 'Amtsblatt Kreis Unna', issue: '14/2025', date: '2025-05-30' }, objection: false });
		const v = lifecycleValues(r, bodies);
		const fields: Record<string, string> = {
			sub_type: v.sub_type, authority: v.authority, submitted_at: v.submitted_at, approval_date: v.approval_date, gazette: v.gazette, issue: v.issue,
			publication_date: v.publication_date, effective_date: v.effective_date, end_date: v.end_date, years: v.years, termination_rule: v.termination_rule,
			notified_date: v.notified_date, termination_published_date: v.termination_published_date
		};
		for (const b of bodies) {
			fields[councilField(b.id, 'date')] = v.council[b.id]!.date;
			fields[councilField(b.id, 'reference')] = v.council[b.id]!.reference;
		}
		const parsed = parseLifecycleForm(post(fields), bodies, TODAY);
		expect(parsed.errors).toEqual([]);
		expect(parsed.record).toEqual({ ...r, council_decisions: r.council_decisions.map((c) => ({ ...c, reference: c.reference ?? null })) });
	});

	it('accepts German dates and checkboxes', () => {
		const p = parseLifecycleForm(post({ approval_date: '2.5.2025', open_ended: 'on', objection_kind: 'changes', objection_date: '20.4.2025', [councilField('boenen', 'date')]: '12.03.2025' }), bodies, TODAY);
		expect(p.errors).toEqual([]);
		expect(p.record).toMatchObject({ approval_date: '2025-05-02', objection: true, objection_kind: 'changes', objection_date: '2025-04-20', meeting_set_at: null, term: { open_ended: true, end_date: null, years: null }, council_decisions: [{ body: 'boenen', date: '2025-03-12', reference: null }] });
	});

	it('refuses invalid input with messages at the fields', () => {
		const p = parseLifecycleForm(post({
			sub_type: 'irgendwas', approval_date: '2027-01-01', submitted_at: '30.02.2025', publication_date: '2025-05-30', years: '0',
			[councilField('unna', 'reference')]: 'DS 1', authority: 'x'.repeat(201), open_ended: 'on'
		}), bodies, TODAY);
		expect(p.record).toBeNull();
		const fields = p.errors.map((e) => e.field);
		expect(fields).toEqual(expect.arrayContaining(['sub_type', 'approval_date', 'submitted_at', 'gazette', 'years', councilField('unna', 'date'), 'authority', 'open_ended']));
		expect(p.errors.find((e) => e.field === 'approval_date')?.message).toContain('Zukunft');
	});

	it('checks the order of dates', () => {
		const p = parseLifecycleForm(post({
			submitted_at: '2025-05-01', approval_date: '2025-04-01', notified_date: '2026-03-01', termination_published_date: '2026-02-01',
			gazette: 'Amtsblatt', publication_date: '2025-05-30', end_date: '2025-05-31'
		}), bodies, TODAY);
		expect(p.errors.map((e) => e.field).sort()).toEqual(['approval_date', 'end_date', 'termination_published_date']);
	});

	it('reads the reaction of the authority and the parties\' notices, and checks their order', () => {
		const ok = parseLifecycleForm(post({
			submitted_at: '2025-04-14', objection_kind: 'refusal', objection_date: '2025-05-02', meeting_set_at: '2025-06-10',
			[noticeField('unna', 'date')]: '4.6.2025', [noticeField('unna', 'reference')]: 'Amtsblatt Unna 9/2025'
		}), bodies, TODAY);
		expect(ok.errors).toEqual([]);
		expect(ok.record).toMatchObject({ objection: true, objection_kind: 'refusal', objection_date: '2025-05-02', meeting_set_at: '2025-06-10', partner_notices: [{ body: 'unna', date: '2025-06-04', reference: 'Amtsblatt Unna 9/2025' }] });
		const bad = parseLifecycleForm(post({
			submitted_at: '2025-04-14', objection_kind: 'vielleicht', objection_date: '2025-04-01', meeting_set_at: '2025-03-01',
			[noticeField('boenen', 'reference')]: 'Amtsblatt'
		}), bodies, TODAY);
		expect(bad.record).toBeNull();
		expect(bad.errors.map((e) => e.field).sort()).toEqual(['meeting_set_at', 'objection_date', 'objection_kind', noticeField('boenen', 'date')].sort());
		const noKind = parseLifecycleForm(post({ objection_date: '2025-05-02', meeting_set_at: '2025-05-20' }), bodies, TODAY);
		expect(noKind.errors.map((e) => e.field)).toEqual(['objection_kind', 'meeting_set_at']);
	});

	it('an old record (objection flag only, no notices) is read as "changes announced", without a day', () => {
		const old = { ...rec({ submitted_at: '2025-04-14', objection: true }) } as Record<string, unknown>;
		delete old.objection_kind; delete old.objection_date; delete old.meeting_set_at; delete old.partner_notices;
		const r = normalizeLifecycle(old as unknown as LifecycleRecord);
		expect(r).toMatchObject({ objection: true, objection_kind: null, objection_date: null, meeting_set_at: null, partner_notices: [] });
		expect(lifecycleValues(r, bodies).objection_kind).toBe('changes');
	});

	it('only reads the council fields of the bodies it is given', () => {
		const p = parseLifecycleForm(post({ [councilField('dortmund', 'date')]: '2025-01-01' }), bodies, TODAY);
		expect(p.record?.council_decisions).toEqual([]);
	});
});
