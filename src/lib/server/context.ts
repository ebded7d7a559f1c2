/**
 * The server's one database handle, created once by the init hook. Routes and services get it
 * from here; nothing else keeps state between requests (caches check the database revision).
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { bootstrap } from './bootstrap';
import { readSettings, type Settings } from './settings';

let current: { db: Kysely<Database>; settings: Settings } | null = null;

export async function initServer(): Promise<void> {
	if (current) return;
	const settings = readSettings();
	const { handle } = await bootstrap(settings);
	current = { db: handle.db, settings };
}

export function db(): Kysely<Database> {
	if (!current) throw new Error('Server nicht initialisiert');
	return current.db;
}

export function settings(): Settings {
	if (!current) throw new Error('Server nicht initialisiert');
	return current.settings;
}
