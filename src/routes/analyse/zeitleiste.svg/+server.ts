import { render } from 'svelte/server';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { timeline } from '#lib/server/analysis/timeline.ts';
import YearBars from '#lib/components/YearBars/YearBars.svelte';

/**
 * A chart of /analyse/zeitleiste (same parameters) as a standalone SVG file:
 * grafik=beginne (default, starts per year) or grafik=aktiv (active per year).
 */
export const GET: RequestHandler = async ({ url }) => {
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	const t = await timeline(db(), { regionId: param('region'), topic: param('thema'), legalForm: param('rechtsform') });
	const years = t.years.map((y) => y.year);
	const active = p.get('grafik') === 'aktiv';
	const props = active
		? {
				id: 'aktiv', title: 'Aktive Kooperationen pro Jahr', years,
				desc: 'Gestapelte Säulen: sicher aktiv und möglicherweise aktiv (unscharfer oder unbekannter Beginn oder Ende).',
				series: [
					{ key: 'ja', label: 'sicher aktiv', color: '#1e6b4f', values: t.years.map((y) => y.activeYes) },
					{ key: 'vielleicht', label: 'möglicherweise aktiv', color: '#7cc4a4', hatched: true, values: t.years.map((y) => y.activeMaybe) }
				]
			}
		: {
				id: 'beginne', title: 'Beginne pro Jahr', years,
				desc: `Gestapelte Säulen: sicherer und möglicher Beginn (Schuljahr, Zeitraum, geplant). Beginn unbekannt: ${t.unknownStart}.`,
				series: [
					{ key: 'sicher', label: 'Beginn sicher in diesem Jahr', color: '#1a5fb4', values: t.years.map((y) => y.startedCertain) },
					{ key: 'moeglich', label: 'Beginn möglich (unscharfe Angabe)', color: '#6d9eeb', hatched: true, values: t.years.map((y) => y.startedPossible) }
				]
			};
	// Svelte's hydration markers are XML comments; removing them keeps the file tidy.
	const svg = render(YearBars, { props }).body.replace(/<!--[\s\S]*?-->/g, '');
	return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, {
		headers: {
			'Content-Type': 'image/svg+xml; charset=utf-8',
			'Content-Disposition': `attachment; filename="ikz-zeitleiste-${active ? 'aktiv' : 'beginne'}.svg"`,
			'Cache-Control': 'no-store'
		}
	});
};
