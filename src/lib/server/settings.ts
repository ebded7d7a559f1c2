/**
 * Every limit and setting of the server in one place, read from the environment with defaults.
 * docs/settings.md documents each one; a test fails when one is missing there.
 */
import { z } from 'zod';

const schema = z.object({
	/** Where the database lives: a SQLite path or `file:` URL (default `var/ikz-atlas.sqlite`). */
	DATABASE_URL: z.string().min(1).default('file:var/ikz-atlas.sqlite'),
	/** SQLite page cache in MB (per connection). */
	SQLITE_CACHE_MB: z.coerce.number().int().min(2).max(8192).default(64),
	/** Folder with the region data the app ships and loads at start. */
	DATA_DIR: z.string().min(1).default('data'),
	/** Load the region data on start (set to `false` to start with what the database has). */
	LOAD_DATA_ON_START: z.enum(['true', 'false']).default('true'),
	/** Rows per page of a result list unless the user chooses otherwise. */
	PAGE_SIZE_DEFAULT: z.coerce.number().int().min(5).max(500).default(25),
	/** Largest page size a user may ask for. */
	PAGE_SIZE_MAX: z.coerce.number().int().min(10).max(1000).default(100),
	/** Most rows one CSV or JSON export of a result list returns. */
	EXPORT_MAX_ROWS: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
	/** Longest search text accepted (characters); longer input is cut. */
	QUERY_MAX_LENGTH: z.coerce.number().int().min(10).max(2000).default(200),
	/** Most values one filter may carry (e.g. partners). */
	FILTER_MAX_VALUES: z.coerce.number().int().min(1).max(500).default(50),
	/** How many options a facet lists before it is cut (selected options always stay). */
	FACET_MAX_OPTIONS: z.coerce.number().int().min(5).max(1000).default(40)
});

export type Settings = z.infer<typeof schema>;

/** Names of all settings, for the documentation test. */
export const SETTING_NAMES = Object.keys(schema.shape) as (keyof Settings)[];

/** Parse the settings from an environment (process.env by default). Throws on invalid values. */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
	const picked: Record<string, string> = {};
	for (const name of SETTING_NAMES) {
		const v = env[name];
		if (v !== undefined && v !== '') picked[name] = v;
	}
	return schema.parse(picked);
}
