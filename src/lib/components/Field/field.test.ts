/**
 * The shared form field (Field, used by TextField and SelectField): which attributes the control
 * gets, and that the rendered control points to the hint and error the field shows.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import TextField from '../TextField/TextField.svelte';
import SelectField from '../SelectField/SelectField.svelte';
import { controlAttributes, describedByOf } from './field.ts';

const attrs = (html: string, tag: string) => {
	const m = new RegExp(`<${tag}\\b([^>]*)>`).exec(html);
	if (!m) throw new Error(`no <${tag}> in ${html}`);
	return Object.fromEntries([...m[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1], a[2] ?? '']));
};

describe('describedByOf', () => {
	it('names hint, error and further ids in that order, and nothing when none is there', () => {
		expect(describedByOf('jahr', 'Vierstellig', 'Bitte ein Jahr angeben.')).toBe('jahr-hint jahr-error');
		expect(describedByOf('jahr', null, 'Fehlt')).toBe('jahr-error');
		expect(describedByOf('ort', '', undefined, null, 'ort-karte')).toBe('ort-karte');
		expect(describedByOf('ort', 'Hinweis', null, 'a', 'b')).toBe('ort-hint a b');
		expect(describedByOf('ort', null, null)).toBeUndefined();
		expect(describedByOf('ort', '', '', undefined)).toBeUndefined();
	});
});

describe('controlAttributes', () => {
	it('takes the id as name unless a name is given; required and invalid only when so', () => {
		expect(controlAttributes({ id: 'plz', label: 'PLZ' })).toEqual({ id: 'plz', name: 'plz', required: undefined, 'aria-invalid': undefined, 'aria-describedby': undefined });
		expect(controlAttributes({ id: 'f-3', name: 'partner[]', label: 'Partner', required: true, error: 'Fehlt', hint: 'Körperschaft', describedBy: 'liste' }))
			.toEqual({ id: 'f-3', name: 'partner[]', required: true, 'aria-invalid': 'true', 'aria-describedby': 'f-3-hint f-3-error liste' });
	});
});

describe('TextField and SelectField through Field', () => {
	it('a text input with hint and error: label for the id, described by both, invalid, required', () => {
		const html = render(TextField, { props: { id: 'traeger', label: 'Träger <Amt>', value: 'Amt „Nord“', required: true, hint: 'Wer leistet', error: 'Zu lang' } }).body;
		expect(html).toContain('<label class="kern-label" for="traeger">Träger &lt;Amt>');
		expect(html).toContain('<div class="kern-hint" id="traeger-hint">Wer leistet</div>');
		expect(html).toMatch(/<p class="kern-error" id="traeger-error"><span class="kern-sr-only">Fehler:(?:\u00a0|&nbsp;)<\/span>Zu lang<\/p>/);
		expect(html).toContain('kern-form-input--error');
		const input = attrs(html, 'input');
		expect(input).toMatchObject({ id: 'traeger', name: 'traeger', required: '', 'aria-invalid': 'true', 'aria-describedby': 'traeger-hint traeger-error', value: 'Amt „Nord“', type: 'text' });
		expect(input.class).toBe('kern-form-input__input kern-form-input__input--error');
	});

	it('an optional textarea without hint or error has no ARIA state and no required', () => {
		const html = render(TextField, { props: { id: 'notiz', name: 'anmerkung', label: 'Notiz', multiline: true, optional: true, value: 'a < b' } }).body;
		expect(html).toMatch(/<span class="kern-label__optional"> ?– optional<\/span>/);
		expect(html).not.toContain('kern-hint');
		expect(html).not.toContain('kern-error');
		const area = attrs(html, 'textarea');
		expect(area).toMatchObject({ id: 'notiz', name: 'anmerkung', rows: '4' });
		expect(Object.keys(area)).not.toContain('required');
		expect(Object.keys(area)).not.toContain('aria-invalid');
		expect(Object.keys(area)).not.toContain('aria-describedby');
		expect(html).toContain('>a &lt; b</textarea>');
	});

	it('a password is never echoed', () => {
		const html = render(TextField, { props: { id: 'pw', label: 'Passwort', type: 'password', value: 'geheim' } }).body;
		expect(attrs(html, 'input').type).toBe('password');
		expect(html).not.toContain('geheim');
	});

	it('a select with error and a further describing id', () => {
		const html = render(SelectField, {
			props: { id: 'land', label: 'Land', selected: 'sn', error: 'Bitte wählen', describedBy: 'land-karte', emptyLabel: 'alle', options: [{ id: 'by', label: 'Bayern' }, { id: 'sn', label: 'Sachsen' }] }
		}).body;
		expect(attrs(html, 'select')).toMatchObject({ id: 'land', name: 'land', 'aria-invalid': 'true', 'aria-describedby': 'land-error land-karte' });
		expect(html).toMatch(/<option value="sn" selected(="")?>Sachsen<\/option>/);
		expect(html).toContain('<p class="kern-error" id="land-error">');
	});
});
