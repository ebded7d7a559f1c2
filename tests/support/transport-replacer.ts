/**
 * The page data as SvelteKit writes them into a page: devalue's `uneval` with the transport hooks
 * (src/hooks.ts) as the replacer, where the first encoder that claims a value decides its text.
 */
import { uneval } from 'devalue';
import { transport } from '../../src/hooks';

export const transportReplacer = (value: unknown): string | undefined => {
	for (const [key, t] of Object.entries(transport)) {
		const encoded = t.encode(value);
		if (encoded) return `app.decode('${key}', ${uneval(encoded)})`;
	}
	return undefined;
};
