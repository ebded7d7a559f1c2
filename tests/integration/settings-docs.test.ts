/** Every setting is documented in docs/settings.md (so limits never hide in code). */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { SETTING_NAMES, readSettings } from '../../src/lib/server/settings';

describe('settings', () => {
	it('are all documented', () => {
		const doc = fs.readFileSync('docs/settings.md', 'utf8');
		for (const name of SETTING_NAMES) expect(doc, name).toContain(`\`${name}\``);
	});
	it('have defaults and refuse invalid values', () => {
		expect(readSettings({}).PAGE_SIZE_DEFAULT).toBe(25);
		expect(() => readSettings({ PAGE_SIZE_MAX: '5' })).toThrow();
		expect(readSettings({ EXPORT_MAX_ROWS: '500' }).EXPORT_MAX_ROWS).toBe(500);
	});
});
