/**
 * Route files are not libraries (issue 20): a file under src/routes imports only from `$lib`/`#lib`,
 * packages, its own `./$types` and plain modules beside it in the same folder (a form's schema); never
 * a `+page`/`+server`/`+layout` file and never a file of another route folder. Nothing in src/lib
 * imports from src/routes. Shared helpers belong in src/lib.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const IMPORT = /(?:^|[\s;}])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return filesUnder(full);
		return /\.(ts|js|svelte)$/.test(e.name) ? [full] : [];
	});
}

function specifiers(source: string): string[] {
	return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2]!).filter(Boolean);
}

/** The imports of one file (path relative to src/) that break the rule above. */
function routeImportViolations(file: string, source: string): string[] {
	const inRoutes = file.startsWith('routes/');
	return specifiers(source).filter((spec) => {
		if (/(^|\/)src\/routes\//.test(spec) || spec.startsWith('$routes')) return true;
		if (!spec.startsWith('.')) return false;
		const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
		if (!inRoutes) return target.startsWith('routes/');
		if (spec === './$types') return false;
		if (!target.startsWith('routes/')) return false;
		const sameFolder = path.posix.dirname(target) === path.posix.dirname(file);
		return !sameFolder || path.posix.basename(target).startsWith('+');
	});
}

describe('route boundaries', () => {
	it('finds the kinds of import it forbids and lets the allowed ones pass', () => {
		const page = 'routes/verwaltung/benutzer/[id]/+page.server.ts';
		expect(routeImportViolations(page, "import { _x } from '../+page.server.ts';")).toEqual(['../+page.server.ts']);
		expect(routeImportViolations('routes/a.csv/+server.ts', "import { y } from '../a/+page.server';")).toEqual(['../a/+page.server']);
		expect(routeImportViolations(page, "import { z } from '../helpers';")).toEqual(['../helpers']);
		expect(routeImportViolations(page, "const m = await import('./+page.svelte');")).toEqual(['./+page.svelte']);
		expect(routeImportViolations('lib/server/x.ts', "import { q } from '../../routes/kooperationen/+page.server';")).toEqual(['../../routes/kooperationen/+page.server']);
		expect(routeImportViolations(page, [
			"import type { PageServerLoad } from './$types';",
			"import { schema } from './schema';",
			"import { db } from '#lib/server/context.ts';",
			"import { fail } from '@sveltejs/kit';",
			"import Field from '$lib/components/Field.svelte';"
		].join('\n'))).toEqual([]);
	});

	it('holds for every file in src', () => {
		const found = filesUnder(ROOT).flatMap((full) => {
			const file = path.relative(ROOT, full).split(path.sep).join('/');
			return routeImportViolations(file, readFileSync(full, 'utf8')).map((spec) => `${file}: ${spec}`);
		});
		expect(found).toEqual([]);
	});
});
