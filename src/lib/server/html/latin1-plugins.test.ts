import { createRequire } from 'node:module';
import path from 'node:path';
import { realpathSync } from 'node:fs';
import { parseAst, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { latin1Escape, latin1Templates } from './latin1-plugins.ts';

/** The `this` of a Vite hook in one environment: enough for these plugins. */
const context = (consumer: 'server' | 'client') => ({
	environment: { config: { consumer } },
	parse: (code: string) => parseAst(code),
	error: (message: string) => {
		throw new Error(message);
	}
});

type Hook = (this: unknown, ...args: unknown[]) => unknown;
const hook = (plugin: Plugin, name: 'buildStart' | 'load' | 'buildEnd' | 'transform') => plugin[name] as unknown as Hook;

const escaping = realpathSync(path.join(path.dirname(createRequire(import.meta.url).resolve('svelte/package.json')), 'src/escaping.js'));

describe('latin1Escape', () => {
	it("loads the app's escape function in place of Svelte's, in the server build only", () => {
		const plugin = latin1Escape();
		expect(plugin.apply).toBe('build');
		const server = context('server');
		hook(plugin, 'buildStart').call(server);
		const code = hook(plugin, 'load').call(server, escaping) as string;
		expect(code).toMatch(/^export \{ escapeHtml as escape_html \} from ".*\/src\/lib\/server\/html\/escape-html\.ts";/);
		expect(hook(plugin, 'load').call(server, escaping.replace('escaping.js', 'index-client.js'))).toBeNull();
		expect(() => hook(plugin, 'buildEnd').call(server)).not.toThrow();
		expect(hook(plugin, 'load').call(context('client'), escaping)).toBeNull();
	});

	it('fails the server build when Svelte\'s module was never loaded', () => {
		const plugin = latin1Escape();
		const server = context('server');
		hook(plugin, 'buildStart').call(server);
		expect(() => hook(plugin, 'buildEnd').call(server)).toThrow(/never loaded/);
		// Another error already ends the build; the client build has nothing to replace.
		expect(() => hook(plugin, 'buildEnd').call(server, new Error('other'))).not.toThrow();
		hook(plugin, 'buildStart').call(context('client'));
		expect(() => hook(plugin, 'buildEnd').call(context('client'))).not.toThrow();
	});
});

describe('latin1Templates', () => {
	it('rewrites compiled .svelte modules of the server build only', () => {
		const plugin = latin1Templates();
		const code = 'export default function C($$renderer) { $$renderer.push(`<p>–</p>`); }';
		const out = hook(plugin, 'transform').call(context('server'), code, '/app/src/routes/+page.svelte') as { code: string } | null;
		expect(out?.code).toContain('<p>&#8211;</p>');
		expect(hook(plugin, 'transform').call(context('client'), code, '/app/src/routes/+page.svelte')).toBeNull();
		expect(hook(plugin, 'transform').call(context('server'), code, '/app/src/lib/x.ts')).toBeNull();
	});
});
