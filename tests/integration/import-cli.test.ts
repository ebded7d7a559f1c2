/**
 * `npm run import` (issue 4, item 1): the same preview and apply from the command line – the
 * mapping and per-row findings printed, --dry-run and errors change nothing, overrides for names.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';

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
});
