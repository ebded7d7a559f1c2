/**
 * Vite's `?raw` imports (a file's text as the default export, e.g. the search vocabulary
 * data/taxonomies/synonyms.yaml) for scripts run by tsx outside Vite: the benchmarks that load
 * the search index in-process. Used as `tsx --import ./bench/raw-imports.mjs <script>`.
 */
import fs from 'node:fs';
import { registerHooks } from 'node:module';

registerHooks({
	load(url, context, nextLoad) {
		if (url.startsWith('file:') && /\?raw$/.test(url)) {
			const text = fs.readFileSync(new URL(url.slice(0, -'?raw'.length)), 'utf8');
			return { format: 'module', shortCircuit: true, source: `export default ${JSON.stringify(text)};` };
		}
		return nextLoad(url, context);
	}
});
