/**
 * Every limit and setting of the server in one place, read from the environment with defaults.
 * docs/settings.md documents each one; a test fails when one is missing there.
 */
import { z } from 'zod';

const schema = z.object({
	/** Where the database lives: a SQLite path or `file:` URL (default `var/ikz-atlas.sqlite`), `postgres://…` or `pglite:…`. */
	DATABASE_URL: z.string().min(1).default('file:var/ikz-atlas.sqlite'),
	/** SQLite page cache in MB (per connection). */
	SQLITE_CACHE_MB: z.coerce.number().int().min(2).max(8192).default(64),
	/** Keep the search index of each data generation as a snapshot in the database, so a restarted or added instance reads it instead of rebuilding. */
	INDEX_SNAPSHOT: z.enum(['true', 'false']).default('true'),
	/** PostgreSQL: connections in the pool of one app instance. */
	DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
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
	/** Largest file an import accepts (bytes; CSV or XLSX). The upload limit of the server follows it. */
	IMPORT_MAX_BYTES: z.coerce.number().int().min(10_000).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
	/** Most rows an imported table may have. */
	IMPORT_MAX_ROWS: z.coerce.number().int().min(10).max(1_000_000).default(20_000),
	/** Most bytes an XLSX file may unpack to (its parts together); more is treated as a zip bomb. */
	IMPORT_MAX_UNPACKED_BYTES: z.coerce.number().int().min(100_000).max(2 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
	/** Hours an uploaded, unconfirmed import waits before it is deleted. */
	IMPORT_JOB_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
	/** Licence of the open data set at /offene-daten (DCAT-AP.de licence vocabulary). */
	OPEN_DATA_LICENSE: z.enum(['dl-de/by-2-0', 'dl-de/zero-2-0', 'cc-by-4.0']).default('dl-de/by-2-0'),
	/** GovData contributor id (http://dcat-ap.de/def/contributors/…) for the DCAT-AP.de record; empty = left out. */
	OPEN_DATA_CONTRIBUTOR_ID: z.string().regex(/^http:\/\/dcat-ap\.de\/def\/contributors\/[A-Za-z0-9_-]+$/).optional(),
	/** Longest search text accepted (characters); longer input is cut. */
	QUERY_MAX_LENGTH: z.coerce.number().int().min(10).max(2000).default(200),
	/** Most values one filter may carry (e.g. partners). */
	FILTER_MAX_VALUES: z.coerce.number().int().min(1).max(500).default(50),
	/** How many options a facet lists before it is cut (selected options always stay). */
	FACET_MAX_OPTIONS: z.coerce.number().int().min(5).max(1000).default(40),
	/** The public origin of the app at run time (links printed on the console, OIDC redirect). */
	ORIGIN: z.url().optional(),
	/** A session ends after this many minutes without a request. */
	SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
	/** A session ends this many hours after login, however active it is. */
	SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
	/** Failed logins for one account within the lock period before the account is locked for it. */
	LOGIN_MAX_FAILURES_ACCOUNT: z.coerce.number().int().min(1).max(100).default(5),
	/** Failed logins from one address within the lock period before that address is locked. */
	LOGIN_MAX_FAILURES_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(20),
	/** Minutes a throttle window lasts and a lock holds. */
	LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
	/** Shortest password accepted (OWASP ASVS 5.0 V6.2.1 asks for at least 8; 15 where no second factor is used). */
	PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(12),
	/** Hours a one-time setup link (new account, password reset) stays valid. */
	SETUP_LINK_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(72),
	/** OpenID Connect single sign-on: the issuer URL (e.g. a Keycloak realm). Empty: OIDC off. */
	OIDC_ISSUER: z.url().optional(),
	/** OIDC client id registered at the provider. */
	OIDC_CLIENT_ID: z.string().optional(),
	/** OIDC client secret. */
	OIDC_CLIENT_SECRET: z.string().optional(),
	/** OIDC scopes asked for. */
	OIDC_SCOPES: z.string().default('openid email profile'),
	/** Label of the single sign-on button. */
	OIDC_LABEL: z.string().default('Mit dem Konto des Rechenzentrums anmelden'),
	/** Allow an http:// issuer (only for a provider on the same machine, e.g. in tests). */
	OIDC_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
	// -- the operator's details for Impressum, Datenschutz and Barrierefreiheit (issue 17) --
	/** Name of the public body that runs the site (Impressum). Empty: the pages say it is not configured. */
	OPERATOR_NAME: z.string().max(300).optional(),
	/** Its postal address; lines separated by `|`. */
	OPERATOR_ADDRESS: z.string().max(600).optional(),
	/** Who represents the body (e.g. "Landrat Max Beispiel"). */
	OPERATOR_REPRESENTATIVE: z.string().max(300).optional(),
	/** Contact e-mail address of the operator. */
	OPERATOR_EMAIL: z.email().optional(),
	/** Contact telephone number of the operator. */
	OPERATOR_PHONE: z.string().max(60).optional(),
	/** Who is responsible for the content (§ 18 Abs. 2 MStV), name and address. */
	OPERATOR_CONTENT_RESPONSIBLE: z.string().max(600).optional(),
	/** The operator's supervisory authority (e.g. for a Kreis in NRW the Bezirksregierung). */
	OPERATOR_SUPERVISORY_AUTHORITY: z.string().max(600).optional(),
	/** The operator's data protection officer: name or office and how to reach them. */
	PRIVACY_OFFICER: z.string().max(600).optional(),
	/** The data protection supervisory authority responsible for the operator (complaints, Art. 77 DSGVO). */
	PRIVACY_AUTHORITY: z.string().max(600).optional(),
	/** Where people can turn when the operator's answer to an accessibility complaint does not help (Schlichtungs- or Ombudsstelle), with contact. */
	ACCESSIBILITY_ENFORCEMENT: z.string().max(800).optional(),
	/** Day (YYYY-MM-DD) on which the operator last reviewed the accessibility statement. */
	ACCESSIBILITY_REVIEWED: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
	/** Feedback messages (accessibility form) accepted per client address and minute. */
	FEEDBACK_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(3),
	/** API requests per minute and token (or client address without one), counted across instances. */
	API_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(120),
	// -- council information systems via OParl (issue 21, docs/oparl.md) --
	/** Host names (comma-separated) an OParl URL may name; empty: any host the coordinator enters. */
	OPARL_ALLOWED_HOSTS: z.string().max(2000).default(''),
	/** Milliseconds one OParl request may take before it is abandoned. */
	OPARL_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
	/** Largest OParl answer read (bytes); a larger one is abandoned. */
	OPARL_MAX_BYTES: z.coerce.number().int().min(10_000).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
	/** Pause between two requests to one council information system (milliseconds). */
	OPARL_REQUEST_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500),
	/** Hours between scheduled harvests of each connected system; 0: only on demand. */
	OPARL_HARVEST_HOURS: z.coerce.number().int().min(0).max(24 * 30).default(24),
	/** Most pages one harvest run reads per list; the next run continues where it stopped. */
	OPARL_MAX_PAGES_PER_RUN: z.coerce.number().int().min(1).max(100_000).default(2000),
	// -- e-mail (issue 19, part 3; docs/mail.md) --
	/** SMTP server host name. Empty: no e-mail; links are shown on screen as before. */
	SMTP_HOST: z.string().max(255).optional(),
	/** SMTP port; default 465 with `SMTP_TLS=tls`, 587 with `starttls`, 25 with `none`. */
	SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
	/** Transport security: `starttls` (required upgrade), `tls` (TLS from the start) or `none` (only on a trusted network). */
	SMTP_TLS: z.enum(['none', 'starttls', 'tls']).default('starttls'),
	/** SMTP user name for AUTH; empty: no authentication. */
	SMTP_USER: z.string().max(320).optional(),
	/** SMTP password for AUTH. */
	SMTP_PASSWORD: z.string().max(1000).optional(),
	/** Sender of all mails, an address or `Name <address>`; required with SMTP_HOST. */
	MAIL_FROM: z.string().max(400).optional(),
	/** Attempts per message before it is marked as failed. */
	MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
	/** Seconds before the first retry; each further retry waits twice as long (at most 6 hours). */
	MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
	/** Seconds between two looks of the worker at the queue. */
	MAIL_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
	/** Days before a deadline (end of a term, § 2b review, report) that the reminder goes out. */
	MAIL_DEADLINE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
	/** Days before the deadline of an open survey round that editors are reminded. */
	MAIL_SURVEY_REMINDER_DAYS: z.coerce.number().int().min(1).max(90).default(7)
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
