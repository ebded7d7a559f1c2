import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '#lib/server/context.ts';
import { can, type Actor } from '#lib/server/auth/policy.ts';
import { requireCan } from '#lib/server/auth/guard.ts';
import { whoPresenter } from '#lib/server/auth/who.ts';
import { legalCooperation, type LegalCooperation } from '#lib/server/legal/store.ts';
import { addFigure, effectVersions, readFigure, readFigures, removeFigure } from '#lib/server/effects/store.ts';
import {
	cooperationShares, EFFECT_KIND_LABEL, EFFECT_KINDS, formatRange, SERVICE_INDICATOR_LABEL, SERVICE_INDICATORS, type EffectFigure
} from '#lib/domain/effects.ts';
import { emptyEffectValues, parseEffectForm, readEffectForm } from './schema';
import { readForm } from '#lib/server/forms/form-data.ts';
import { removeFigureForm } from '#lib/server/forms/effects.ts';

async function cooperationOf(id: string) {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) error(404, 'Diese Kooperation gibt es nicht.');
	const c = await legalCooperation(db(), id);
	if (!c) error(404, 'Diese Kooperation gibt es nicht.');
	return c;
}

/** The bodies whose figures this actor may enter: the steering office all taking-part bodies and the whole cooperation, an editor only their own body. */
function bodyChoices(actor: Actor, c: LegalCooperation): { id: string; label: string }[] {
	const whole = can(actor, 'effect.edit', { regionId: c.regionId, bodyIds: [] }) ? [{ id: '', label: 'die ganze Kooperation' }] : [];
	return [...whole, ...c.bodies.filter((b) => can(actor, 'effect.edit', { regionId: c.regionId, bodyIds: [b.id] })).map((b) => ({ id: b.id, label: b.name }))];
}

/** May this actor add or remove a figure about this body (null = the whole cooperation)? */
const mayTouch = (actor: Actor, c: LegalCooperation, bodyId: string | null) =>
	can(actor, 'effect.edit', { regionId: c.regionId, bodyIds: bodyId && c.bodies.some((b) => b.id === bodyId) ? [bodyId] : [] });

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const c = await cooperationOf(params.id);
	const a = locals.actor;
	const figures = await readFigures(db(), c.id);
	const names = new Map(c.bodies.map((b) => [b.id, b.name]));
	const showWho = can(a, 'history.read');
	const who = await whoPresenter(db(), a);
	const shares = cooperationShares({ id: c.id, title: c.title, regionId: c.regionId, bodyIds: c.bodies.map((b) => b.id), topicIds: [], measureIds: [] }, figures);
	const row = (f: EffectFigure) => ({
		id: f.id,
		kind: EFFECT_KIND_LABEL[f.kind],
		service: f.kind === 'service',
		what: f.kind === 'service' ? `${f.indicator ? SERVICE_INDICATOR_LABEL[f.indicator] : ''}${f.label ? `: ${f.label}` : ''}` : (f.label ?? ''),
		body: f.bodyId ? (names.get(f.bodyId) ?? f.bodyId) : 'ganze Kooperation',
		year: f.year,
		value: formatRange({ min: f.min, max: f.max, estimate: false }, { unit: f.kind === 'service' ? (f.unit ?? '') : '€' }),
		estimate: f.estimate,
		range: f.min !== f.max,
		source: f.source,
		note: f.note,
		enteredAt: f.enteredAt,
		enteredBy: showWho ? who(f.enteredBy) : null,
		canRemove: mayTouch(a, c, f.bodyId)
	});
	const versions = showWho ? (await effectVersions(db(), c.id)).map((v) => ({ version: v.version, at: v.at, actor: who(v.actor_label), action: v.action })) : [];
	const choices = bodyChoices(a, c);
	return {
		cooperation: { id: c.id, title: c.title, archived: c.archived, bodies: c.bodies.map((b) => b.name) },
		money: figures.filter((f) => f.kind !== 'service').map(row),
		service: figures.filter((f) => f.kind === 'service').map(row),
		shares: shares.map((s) => ({
			year: s.year, body: s.bodyId ? (names.get(s.bodyId) ?? s.bodyId) : 'ganze Kooperation',
			realised: s.realised ? formatRange(s.realised) : '–', basis: s.realisedBasis,
			expected: s.expected ? formatRange(s.expected) : '–', oneOff: s.oneOff ? formatRange(s.oneOff) : '–', split: s.split
		})).sort((x, y) => x.year - y.year || x.body.localeCompare(y.body, 'de')),
		versions,
		canEdit: choices.length > 0,
		choices,
		kinds: EFFECT_KINDS.map((id) => ({ id, label: EFFECT_KIND_LABEL[id] })),
		indicators: SERVICE_INDICATORS.map((id) => ({ id, label: SERVICE_INDICATOR_LABEL[id] })),
		values: emptyEffectValues(),
		saved: url.searchParams.get('gespeichert'),
	};
};

async function guarded(event: RequestEvent) {
	const c = await cooperationOf(event.params.id);
	await requireCan(event, 'effect.edit', { bodyIds: c.bodyIds, regionId: c.regionId }, { entity: 'effect', entityId: c.id });
	return c;
}

export const actions: Actions = {
	erfassen: async (event) => {
		const c = await guarded(event);
		const values = readEffectForm(await event.request.formData());
		const { input, errors } = parseEffectForm(values);
		if (!input) return fail(400, { values, errors });
		if (input.bodyId && !c.bodies.some((b) => b.id === input.bodyId)) {
			return fail(400, { values, errors: [{ field: 'koerperschaft', message: 'Diese Körperschaft ist an der Kooperation nicht beteiligt.' }] });
		}
		await requireCan(event, 'effect.edit', { regionId: c.regionId, bodyIds: input.bodyId ? [input.bodyId] : [] }, {
			entity: 'effect', entityId: c.id,
			message: 'Sie können nur Zahlen Ihrer eigenen Körperschaft erfassen; Zahlen der ganzen Kooperation erfasst die Steuerungsstelle.'
		});
		const r = await addFigure(db(), event.locals.actor, c.id, input);
		if (!r.ok) return fail(400, { values, errors: r.problems });
		redirect(303, `/kooperationen/${c.id}/wirkung?gespeichert=erfasst`);
	},
	entfernen: async (event) => {
		const c = await guarded(event);
		const { zahl: id } = (await readForm(event.request, removeFigureForm)).data;
		const f = id ? await readFigure(db(), id) : null;
		if (!f || f.cooperationId !== c.id) return fail(404, { values: null, errors: [{ field: 'zahlen', message: 'Diese Zahl gibt es nicht (mehr).' }] });
		await requireCan(event, 'effect.edit', { regionId: c.regionId, bodyIds: f.bodyId ? [f.bodyId] : [] }, {
			entity: 'effect', entityId: c.id, message: 'Sie können nur Zahlen Ihrer eigenen Körperschaft entfernen.'
		});
		const r = await removeFigure(db(), event.locals.actor, c.id, f.id);
		if (!r.ok) return fail(404, { values: null, errors: r.problems });
		redirect(303, `/kooperationen/${c.id}/wirkung?gespeichert=entfernt`);
	}
};
