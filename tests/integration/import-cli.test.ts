/**
 * `npm run import` (issue 4, item 1): the same preview and apply from the command line – the
 * mapping and per-row findings printed, --dry-run and errors change nothing, overrides for names.
 * Rows that a region column puts into a region the command line may not import into are marked in
 * the listing with the browser preview's words (issue 14), since applying refuses them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { bootstrap } from '../../src/lib/server/bootstrap';
import { readSettings } from '../../src/lib/server/settings';
import { createRegionFromUnit } from '../../src/lib/server/registry/regions';
import { createUser } from '../../src/lib/server/auth/users';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-import-cli-'));
const dbFile = path.join(dir, 'cli.sqlite');
const csv = path.join(dir, 'staedte.csv');
fs.writeFileSync(csv, [
	'Nr.;Aufgabenbereich;Partner;Aufgabenerledigung durch;Rechtsform;seit',
	'1;Gemeinsame Erziehungsberatungsstelle;Lünen, Selm, Werne;Caritas;e.V.;1969',
	';Gemeinsamer Winterdienst;Kamen, Frödenberg;Kamen;ö-rV;Frühjahr zwanzigsiebzehn'
].join('\r\n'));

function run(...args: string[]) {
	const r = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', ...args], {
		env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf-8', timeout: 120_000
	});
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
const count = (title: string) => {
	const db = new SQLite(dbFile, { readonly: true });
	try {
		return (db.prepare('select count(*) as n from cooperation where title = ?').get(title) as { n: number }).n;
	} finally {
		db.close();
	}
};

describe('npm run import', () => {
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('prints the mapping and findings; a dry run and a blocked run write nothing; --name resolves and writes', () => {
		const dry = run(csv, '--dry-run');
		expect(dry.out).toMatch(/3 Partner → Partner \[partners\]/);
		expect(dry.out).toMatch(/„Frödenberg“ in Zeile 3; Vorschläge: froendenberg \(Fröndenberg\/Ruhr \(Stadt, Kreis Unna\)\)/);
		expect(dry.out).toMatch(/Datum „Frühjahr zwanzigsiebzehn“ \(seit\) nicht lesbar/);
		expect(dry.code).toBe(1);
		expect(count('Gemeinsamer Winterdienst')).toBe(0);

		const probe = run(csv, '--dry-run', '--name', 'Frödenberg=froendenberg');
		expect(probe.out).toMatch(/Probelauf: nichts geschrieben/);
		expect(probe.code).toBe(0);
		expect(count('Gemeinsamer Winterdienst')).toBe(0);

		const real = run(csv, '--name', 'Frödenberg=froendenberg', '--map', 'seit=start');
		expect(real.out).toMatch(/Import ausgeführt: 1 neu, 0 geändert, 1 unverändert/);
		expect(real.code).toBe(0);
		expect(count('Gemeinsamer Winterdienst')).toBe(1);

		const bad = run(csv, '--map', 'Farbe=partners');
		expect(bad.code).toBe(2);
		expect(bad.out).toMatch(/Spalte „Farbe“ gibt es nicht/);
	}, 240_000);

	it('--create-unknown, --names and --report json: one decision per name, counts for scripts; the same file again changes nothing', () => {
		const file = path.join(dir, 'zweckverbaende.csv');
		// Unknown names (not in the register or the directory) in several rows, one of them under a second spelling.
		fs.writeFileSync(file, [
			'Aufgabe;Partner;Träger;seit',
			'Gemeinsame Wasserversorgung;Kamen, Bergkamen, Testwasserverband Seseke-Nord;Testwasserverband Seseke-Nord;2001',
			'Löschwasserbereitstellung;Bönen, Testwasserverband Seseke-Nord;Bönen;2004',
			'Energieberatung;Holzwickede, Testenergieagentur Ostkreis, Unna;Testenergieagentur Ostkreis;seit 2010',
			'Energieberatung Schulen;Fröndenberg, Testenergieagentur Ostkreis;Test-EA Ostkreis;2012',
			'Quelle: Testliste;;;'
		].join('\r\n'));
		const mapping = path.join(dir, 'namen.txt');
		fs.writeFileSync(mapping, '# Zuordnungen\nTest-EA Ostkreis=wie:Testenergieagentur Ostkreis\n');
		const jsonOf = (out: string) => JSON.parse(out.trim().split('\n').pop()!);

		const probe = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', file, '--dry-run', '--report', 'json', '--topic', 'umwelt-ver-entsorgung'], {
			env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf-8', timeout: 120_000
		});
		const dry = jsonOf(probe.stdout);
		expect(dry).toMatchObject({ rows: 4, created: 0, errors: 4, applied: false, names: { asked: 3, created: 0 } });
		expect(dry.names.resolved).toBe(6);

		const real = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', file, '--create-unknown', 'zweckverband', '--names', mapping, '--report', 'json', '--topic', 'umwelt-ver-entsorgung'], {
			env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf-8', timeout: 120_000
		});
		expect(real.status).toBe(0);
		expect(jsonOf(real.stdout)).toMatchObject({ rows: 4, created: 4, changed: 0, errors: 0, applied: true, names: { asked: 3, created: 2 } });
		const db = new SQLite(dbFile, { readonly: true });
		try {
			const made = db.prepare("select name, kind from body where name like 'Test%' and region_id = 'kreis-unna' order by name").all();
			expect(made).toEqual([{ name: 'Testenergieagentur Ostkreis', kind: 'zweckverband' }, { name: 'Testwasserverband Seseke-Nord', kind: 'zweckverband' }]);
		} finally {
			db.close();
		}

		const again = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', file, '--report', 'json', '--topic', 'umwelt-ver-entsorgung'], {
			env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf-8', timeout: 120_000
		});
		// The second spelling was kept as an alias of the new body: nothing is asked again.
		expect(jsonOf(again.stdout)).toMatchObject({ rows: 4, created: 0, changed: 0, unchanged: 4, names: { asked: 0, created: 0 } });
	}, 240_000);
	it('marks rows for a region the import may not write into, as the browser preview does; leaving them out imports the rest', async () => {
		// Its own database: Kreis Unna (shipped) and Landkreis Görlitz (Sachsen), created from the directory.
		const file2 = path.join(dir, 'regionen.sqlite');
		const { handle } = await bootstrap(readSettings({ DATABASE_URL: `file:${file2}` }), () => {});
		let goerlitz: string;
		try {
			const r = await createRegionFromUnit(handle.db, '14626');
			if (r.kind !== 'created') throw new Error(r.message);
			goerlitz = r.id;
			// A coordinator of Kreis Unna, one of Görlitz (invited for the region) and an editor of Kamen.
			await createUser(handle.db, { email: 'koordination@kreis-unna.example', name: 'Koordination Unna', bodyId: 'kreis-unna', role: 'coordinator' });
			await createUser(handle.db, { email: 'ikz@kreis-goerlitz.example', name: 'IKZ Görlitz', bodyId: null, role: 'coordinator', regionId: goerlitz });
			await createUser(handle.db, { email: 'redaktion@kamen.example', name: 'Redaktion Kamen', bodyId: 'kamen', role: 'editor' });
		} finally {
			await handle.close();
		}
		const list = path.join(dir, 'zwei-kreise.csv');
		fs.writeFileSync(list, [
			'Kreis;Aufgabe;Beteiligte;seit',
			'Landkreis Görlitz;Gemeinsame Friedhofsverwaltung Testfall;Stadt Görlitz, Herrnhut;01.01.2018',
			'Kreis Unna;Gemeinsame Archivpflege Testfall;Unna, Kamen;2019',
			'Lkr. Görlitz;Gemeinsamer Bauhof Testfall;Ebersbach-Neugersdorf, Stadt Herrnhut;2020'
		].join('\r\n'));
		const cli = (...args: string[]) => {
			const r = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', list, '--topic', 'verwaltung-it', ...args], {
				env: { ...process.env, DATABASE_URL: `file:${file2}` }, encoding: 'utf-8', timeout: 120_000
			});
			return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
		};
		const titles = () => {
			const db = new SQLite(file2, { readonly: true });
			try {
				return (db.prepare("select title, region_id from cooperation where title like '%Testfall' order by title").all() as { title: string; region_id: string }[]);
			} finally {
				db.close();
			}
		};
		const notAllowed = 'Keine Berechtigung für die Region „Landkreis Görlitz“: diese Zeile kann nicht übernommen werden – bitte auslassen.';

		const dry = cli('--region', 'kreis-unna', '--als', 'Koordination@Kreis-Unna.example', '--dry-run');
		expect(dry.out).toContain(`Zeile 2: FEHLER – Gemeinsame Friedhofsverwaltung Testfall\n      Fehler: ${notAllowed}`);
		expect(dry.out).toContain(`Zeile 4: FEHLER – Gemeinsamer Bauhof Testfall\n      Fehler: ${notAllowed}`);
		expect(dry.out).toMatch(/Zeile 3: neu – Gemeinsame Archivpflege Testfall\n/);
		expect(dry.out).toMatch(/Zusammen: 1 neu, 0 ändern, 0 unverändert, 0 auslassen, 2 mit Fehlern\./);
		expect(dry.code).toBe(1);
		expect(titles()).toEqual([]);

		// Leaving the marked rows out: the Unna row is imported, nothing goes to Görlitz.
		const real = cli('--region', 'kreis-unna', '--als', 'koordination@kreis-unna.example', '--skip-errors', '--report', 'json');
		expect(real.code).toBe(0);
		expect(JSON.parse(real.stdout.trim().split('\n').pop()!)).toMatchObject({ applied: true, rows: 3, created: 1, skipped: 2, errors: 0 });
		expect(titles()).toEqual([{ title: 'Gemeinsame Archivpflege Testfall', region_id: 'kreis-unna' }]);

		// Görlitz's coordinator: the Görlitz rows are new; the Unna row is already there (unchanged,
		// so nothing to refuse). An administrator (no --als) may import into every region.
		for (const own of [cli('--region', goerlitz, '--als', 'ikz@kreis-goerlitz.example', '--dry-run'), cli('--region', 'kreis-unna', '--dry-run')]) {
			expect(own.out).not.toContain('Keine Berechtigung');
			expect(own.out).toMatch(/Zeile 2: neu – Gemeinsame Friedhofsverwaltung Testfall/);
			expect(own.out).toMatch(/Zeile 4: neu – Gemeinsamer Bauhof Testfall/);
			expect(own.code).toBe(0);
		}
		// Görlitz's coordinator cannot name Kreis Unna as the region; an editor may not import; an unknown address is refused.
		expect(cli('--region', 'kreis-unna', '--als', 'ikz@kreis-goerlitz.example', '--dry-run')).toMatchObject({ code: 2, out: expect.stringMatching(/darf nicht in die Region kreis-unna importieren/) });
		expect(cli('--region', 'kreis-unna', '--als', 'redaktion@kamen.example', '--dry-run')).toMatchObject({ code: 2, out: expect.stringMatching(/darf nicht importieren/) });
		expect(cli('--region', 'kreis-unna', '--als', 'niemand@example.org', '--dry-run')).toMatchObject({ code: 2, out: expect.stringMatching(/kein aktives Konto/) });
	}, 300_000);
});
