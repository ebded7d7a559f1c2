/**
 * Prepares a database for HTTP tests that need accounts: migrated, the shipped data loaded,
 * one user per role (with a known password and an open session), a proposal and a survey round.
 * The app is then started on the same database (SQLite, or PostgreSQL: see app-server.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/connect';
import { newDatabaseUrl } from './app-server';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { applyDataSet } from '../../src/lib/server/data/load-data';
import { readDataSet } from '../../src/lib/server/data/read-data';
import { createUser } from '../../src/lib/server/auth/users';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createSession } from '../../src/lib/server/auth/session';
import type { Role } from '../../src/lib/server/db/schema';

export const PASSWORD = 'Kamener Kreuz im Nebel 2026';

export interface SeededUser {
	id: string;
	email: string;
	role: Role;
	bodyId: string;
	token: string;
}

export interface Seeded {
	dir: string;
	/** The seeded database (a DATABASE_URL of the test dialect, see app-server.ts). */
	database: string;
	users: Record<'member' | 'editorKamen' | 'editorBoenen' | 'coordinator' | 'administrator', SeededUser>;
	proposalId: number;
	roundId: number;
	importId: string;
}

export async function seedDatabase(): Promise<Seeded> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-auth-'));
	const database = await newDatabaseUrl(dir);
	const h = openDatabase(database);
	await migrateToLatest(h.db);
	await applyDataSet(h.db, readDataSet('data'));
	const hash = await hashPassword(PASSWORD);
	const make = async (email: string, role: Role, bodyId: string): Promise<SeededUser> => {
		const id = await createUser(h.db, { email, name: email.split('@')[0]!, role, bodyId });
		await h.db.updateTable('app_user').set({ password_hash: hash }).where('id', '=', id).execute();
		const token = await createSession(h.db, id, { idleMinutes: 30, maxHours: 12 });
		return { id, email, role, bodyId, token };
	};
	const users = {
		member: await make('mitglied@kamen.de', 'member', 'kamen'),
		editorKamen: await make('redaktion@kamen.de', 'editor', 'kamen'),
		editorBoenen: await make('redaktion@boenen.de', 'editor', 'boenen'),
		coordinator: await make('steuerung@kreis-unna.de', 'coordinator', 'kreis-unna'),
		administrator: await make('admin@kreis-unna.de', 'administrator', 'kreis-unna')
	};
	const now = new Date().toISOString();
	const proposal = await h.db.insertInto('proposal').values({
		region_id: 'kreis-unna', kind: 'create', cooperation_id: null, base_version: null,
		proposed_json: JSON.stringify({
			id: 'kommunen-vorschlag', list: 'kommunen', number: 99, slide: null, org_unit: null, title: 'Vorschlag aus dem Test', title_source: null,
			partners_source: null, performer_source: null, performer: { kind: 'jointly', body: null }, legal_form: 'unknown', legal_form_source: null,
			start_source: null, start: 'geplant 2027', end: null, status: 'planned', topics: ['verwaltung-it'], description: null, notes: null, derived: [],
			participants: [{ body: 'kamen', role: 'member', joined: null, left: null, note: null }, { body: 'bergkamen', role: 'member', joined: null, left: null, note: null }],
			partner_groups: [], events: []
		}), proposer_id: users.editorKamen.id,
		body_id: 'kamen', comment: null, created_at: now, status: 'open', decided_by: null, decided_at: null, decision_comment: null
	}).returning('id').executeTakeFirstOrThrow();
	const round = await h.db.insertInto('survey_round').values({
		region_id: 'kreis-unna', title: 'Erhebung Test', opened_at: now, opened_by: users.coordinator.id,
		deadline: '2099-12-31', closed_at: null, closed_by: null
	}).returning('id').executeTakeFirstOrThrow();
	const importId = '00000000000000a1';
	await h.db.insertInto('import_job').values({
		id: importId, region_id: 'kreis-unna', user_id: users.coordinator.id, actor_label: 'steuerung', created_at: now, file_name: 'test.csv',
		file_size: 60, file_bytes: new TextEncoder().encode('Nr.;Aufgabenbereich;Partner\n1;Gemeinsame Erziehungsberatungsstelle;Lünen, Selm, Werne\n'),
		options_json: '{}', status: 'open', applied_at: null, result_json: null, version: 1
	}).execute();
	await h.close();
	return { dir, database, users, proposalId: proposal.id, roundId: round.id, importId };
}
