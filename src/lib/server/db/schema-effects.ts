/** Kysely table type for effect figures per cooperation (issue 19); migration 2026-12-07-0020-effects. */

export interface EffectFigureTable {
	id: string;
	cooperation_id: string;
	/** The body the figure is about (a partner's own costs); null = the whole cooperation. */
	body_id: string | null;
	/** 'cost_before' | 'cost_now' | 'one_off' | 'saving_expected' | 'saving_realised' | 'service' */
	kind: string;
	/** Service indicators only: 'opening_hours' | 'processing_time' | 'cases' | 'staff' | 'other'. */
	indicator: string | null;
	/** Free label of a service indicator ('other'), or a short description. */
	label: string | null;
	/** Unit of a service indicator (money figures are euros per year, one-off costs euros). */
	unit: string | null;
	year: number;
	value_min: number;
	value_max: number;
	/** 1 = an estimate ("Schätzung"). */
	estimate: number;
	source: string;
	note: string | null;
	entered_at: string;
	/** "Name <e-mail>" of the person who entered it. */
	entered_by: string;
	entered_by_id: string | null;
}

export interface EffectTables {
	effect_figure: EffectFigureTable;
}
