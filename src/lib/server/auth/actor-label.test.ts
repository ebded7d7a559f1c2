import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actorLabel } from './actor-label';
import { VISITOR, type Actor } from './policy';

const person: Actor = { role: 'editor', userId: 'u-17', name: 'Jörg Müller-Lüdenscheidt', email: 'j.mueller@kreis-ploen.de', bodyId: 'ploen', regionId: 'sh' };

describe('actorLabel', () => {
	it('writes a person as "Name <e-mail>"', () => {
		expect(actorLabel(person)).toBe('Jörg Müller-Lüdenscheidt <j.mueller@kreis-ploen.de>');
	});
	it('falls back to the visitor for no actor, the visitor and a nameless actor without account', () => {
		expect(actorLabel(null)).toBe('Besucher');
		expect(actorLabel(undefined)).toBe('Besucher');
		expect(actorLabel(VISITOR)).toBe('Besucher');
		expect(actorLabel({ ...VISITOR, name: '' })).toBe('Besucher');
	});
	it('keeps the name of an actor without account (a scheduled harvest)', () => {
		expect(actorLabel({ role: 'coordinator', userId: null, name: 'OParl-Abruf', email: null, bodyId: null, regionId: 'oberhavel' })).toBe('OParl-Abruf');
	});
});

describe('one helper', () => {
	it('no other file in src writes the "Name <e-mail>" label itself', () => {
		const src = path.resolve(import.meta.dirname, '../../..');
		const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.(ts|svelte)$/.test(f) && !f.endsWith('actor-label.ts'));
		const copies = files.filter((f) => /\$\{[\w.?]*name\} <\$\{[\w.?]*email\}>/.test(readFileSync(path.join(src, f), 'utf8')));
		expect(copies).toEqual([]);
	});
});
