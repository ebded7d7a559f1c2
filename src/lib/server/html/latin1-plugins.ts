/**
 * The two Vite plugins that make the server build write every page as a one-byte (Latin-1)
 * string (issue 15; why: `escape-html.ts`). Build only, server environment only: the client
 * bundle is untouched, and the browser decodes the references to the same DOM text.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizePath, type Plugin } from 'vite';
import { rewriteStaticHtml, type AstNode } from './latin1-template.ts';

const ESCAPE_MODULE = normalizePath(fileURLToPath(new URL('./escape-html.ts', import.meta.url)));

/** The file of Svelte's that the server renderer imports its `escape_html` from. */
function svelteEscapingFile(): string {
	const svelte = path.dirname(createRequire(import.meta.url).resolve('svelte/package.json'));
	const file = path.join(svelte, 'src/escaping.js');
	try {
		return normalizePath(realpathSync(file));
	} catch {
		throw new Error(`ikz-latin1-escape: ${file} not found (Svelte upgraded?): check src/lib/server/html/latin1-plugins.ts`);
	}
}

/**
 * Checks that Svelte's escaping module still exports exactly `escape_html(value, is_attr)`, the
 * function this build replaces; anything else means Svelte changed and the replacement needs a look.
 */
export function checkEscapingShape(program: AstNode): void {
	const exported: string[] = [];
	for (const node of (program as unknown as { body: AstNode[] }).body) {
		if (node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') exported.push(node.type);
		if (node.type !== 'ExportNamedDeclaration') continue;
		const declaration = (node as unknown as { declaration: (AstNode & { id?: { name: string }; params?: unknown[] }) | null }).declaration;
		if (declaration?.type !== 'FunctionDeclaration' || !declaration.id) exported.push('export {…}');
		else exported.push(declaration.params?.length === 2 ? declaration.id.name : `${declaration.id.name}/${declaration.params?.length}`);
	}
	if (exported.join() !== 'escape_html') {
		throw new Error(
			`ikz-latin1-escape: Svelte's src/escaping.js no longer exports just escape_html(value, is_attr) (found: ${exported.join(', ') || 'nothing'}): check src/lib/server/html/latin1-plugins.ts`
		);
	}
}

/**
 * Replaces Svelte's `escape_html` with `escapeHtml` (which also writes characters above U+00FF
 * as references) in the server build. Fails the build when Svelte's module is missing, has
 * another shape, or was never loaded (for instance because the server build stopped bundling it).
 */
export function latin1Escape(): Plugin {
	let target = '';
	let replaced = false;
	return {
		name: 'ikz-latin1-escape',
		apply: 'build',
		enforce: 'pre',
		buildStart() {
			if (this.environment.config.consumer !== 'server') return;
			target = svelteEscapingFile();
			checkEscapingShape(this.parse(readFileSync(target, 'utf8')) as unknown as AstNode);
			replaced = false;
		},
		load(id) {
			if (this.environment.config.consumer !== 'server' || normalizePath(id.split('?')[0] ?? id) !== target) return null;
			replaced = true;
			return `export { escapeHtml as escape_html } from ${JSON.stringify(ESCAPE_MODULE)};\n`;
		},
		buildEnd(error) {
			if (this.environment.config.consumer !== 'server' || error || replaced) return;
			this.error(`ikz-latin1-escape: the server build never loaded ${target}, so pages are escaped by Svelte's own function: check src/lib/server/html/latin1-plugins.ts`);
		}
	};
}

/**
 * Writes characters above U+00FF in the static HTML of compiled Svelte components as numeric
 * references (server build only; `latin1-template.ts`).
 */
export function latin1Templates(): Plugin {
	return {
		name: 'ikz-latin1-templates',
		apply: 'build',
		enforce: 'post',
		transform(code, id) {
			if (this.environment.config.consumer !== 'server' || !/\.svelte$/.test(id)) return null;
			return rewriteStaticHtml(code, (source) => this.parse(source) as unknown as AstNode, id);
		}
	};
}
