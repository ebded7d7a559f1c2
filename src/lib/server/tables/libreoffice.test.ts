/**
 * Real files from another program: LibreOffice converts CSV to XLSX (we read it), and our XLSX to
 * CSV (proves LibreOffice opens what we write). Needs `soffice` on PATH; in CI (CI=true) a missing
 * soffice fails the test, elsewhere the tests are skipped with a loud warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readTable } from './read-table';
import { readXlsx } from './xlsx-read';
import { writeXlsx } from './xlsx-write';
import { DEFAULT_TABLE_LIMITS } from './types';

function onPath(cmd: string): string | null {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (!dir) continue;
		try {
			accessSync(join(dir, cmd), constants.X_OK);
			return join(dir, cmd);
		} catch {
			// not here
		}
	}
	return null;
}

const soffice = onPath('soffice');

/** Run soffice with its own profile (several test runs or helpers may use LibreOffice at once). */
function convert(dir: string, args: string[]): void {
	const r = spawnSync(soffice!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', ...args, '--outdir', join(dir, 'out')], {
		cwd: dir,
		encoding: 'utf8',
		timeout: 180_000
	});
	if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
}

const texts = (rows: { text: string }[][]) => rows.map((r) => r.map((c) => c.text));

if (!soffice) {
	describe('LibreOffice round trips', () => {
		if (process.env.CI === 'true') {
			it('needs LibreOffice: soffice is not on PATH', () => {
				throw new Error('soffice (LibreOffice) is not on PATH; CI must install LibreOffice.');
			});
		} else {
			console.warn('\n⚠⚠⚠ soffice (LibreOffice) is not on PATH: the LibreOffice XLSX tests are SKIPPED. Install LibreOffice to run them. ⚠⚠⚠\n');
			it.skip('reads LibreOffice-made XLSX and LibreOffice opens ours (soffice missing)', () => {});
		}
	});
} else {
	describe('LibreOffice round trips', () => {
		let dir = '';
		beforeAll(() => {
			dir = mkdtempSync(join(tmpdir(), 'ikz-tables-'));
			// German Excel's shape: semicolon, UTF-8, German number and date reading (language 1031).
			writeFileSync(
				join(dir, 'staedte.csv'),
				'Nr.;Aufgabenbereich;Partner;Rechtsform\r\n' +
					'1;Gemeinsame Erziehungsberatungsstelle;"Lünen, Selm, Werne";e.V.\r\n' +
					'2;"Öffentlicher Verkehr\nzweite Zeile";Bönen; Fröndenberg/Ruhr\r\n' +
					'3;Straße & Brücke „Ruhr“;;örV\r\n'
			);
			writeFileSync(
				join(dir, 'termine.csv'),
				'Aufgabenbereich;seit;bis;Betrag\r\n' +
					'Rettungsdienst;03.12.1979;2014-01-01;1,5\r\n' +
					'Tierheim;Schuljahr 1983/84;31.12.2020;1250\r\n'
			);
			convert(dir, ['--infilter=CSV:59,34,76,1,,1031', '--convert-to', 'xlsx', 'staedte.csv', 'termine.csv']);
		}, 200_000);
		afterAll(() => {
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		it('reads a LibreOffice XLSX made from a CSV (shared strings, numbers, line breaks)', () => {
			const r = readTable(readFileSync(join(dir, 'out', 'staedte.xlsx')), 'staedte.xlsx');
			expect(r.format).toBe('xlsx');
			expect(r.sheets).toHaveLength(1);
			expect(texts(r.sheets[0]!.rows)).toEqual([
				['Nr.', 'Aufgabenbereich', 'Partner', 'Rechtsform'],
				['1', 'Gemeinsame Erziehungsberatungsstelle', 'Lünen, Selm, Werne', 'e.V.'],
				['2', 'Öffentlicher Verkehr\nzweite Zeile', 'Bönen', ' Fröndenberg/Ruhr'],
				['3', 'Straße & Brücke „Ruhr“', '', 'örV']
			]);
			expect(r.sheets[0]!.rows[1]![0]).toEqual({ text: '1', number: 1 });
		});

		it('reads a real date column as dates, and text that is no date as text', () => {
			const rows = readXlsx(readFileSync(join(dir, 'out', 'termine.xlsx')), DEFAULT_TABLE_LIMITS)[0]!.rows;
			expect(texts(rows)).toEqual([
				['Aufgabenbereich', 'seit', 'bis', 'Betrag'],
				['Rettungsdienst', '03.12.1979', '01.01.2014', '1.5'],
				['Tierheim', 'Schuljahr 1983/84', '31.12.2020', '1250']
			]);
			expect(rows[1]![1]).toEqual({ text: '03.12.1979', number: 29192, date: '1979-12-03' });
			expect(rows[1]![2]!.date).toBe('2014-01-01');
			expect(rows[2]![2]!.date).toBe('2020-12-31');
			expect(rows[2]![1]).toEqual({ text: 'Schuljahr 1983/84' });
			expect(rows[1]![3]).toEqual({ text: '1.5', number: 1.5 });
		});

		it('LibreOffice opens our XLSX: converted to CSV it shows our texts, numbers and dates', () => {
			const ours = writeXlsx([
				{
					name: 'Kooperationen',
					columns: [{ header: 'Nr.', width: 6 }, { header: 'Aufgabenbereich', width: 50, wrap: true }, { header: 'seit' }, { header: 'seit (Text)' }, { header: 'Partner' }],
					rows: [
						[1, 'Öffentlicher Verkehr', { date: '1979-12-03' }, '03.12.1979', 'Bönen, Fröndenberg/Ruhr'],
						[2, 'Straße; mit "Anführungszeichen"', 'Schuljahr 1983/84', 'Schuljahr 1983/84', '=1+1'],
						[3, 'Zwei\nZeilen', null, null, 'Kamen']
					]
				}
			]);
			writeFileSync(join(dir, 'ours.xlsx'), ours);
			convert(dir, ['--convert-to', 'csv:Text - txt - csv (StarCalc):59,34,76,1', 'ours.xlsx']);
			const back = readTable(readFileSync(join(dir, 'out', 'ours.csv')), 'ours.csv');
			expect(back.separator).toBe(';');
			expect(texts(back.sheets[0]!.rows)).toEqual([
				['Nr.', 'Aufgabenbereich', 'seit', 'seit (Text)', 'Partner'],
				['1', 'Öffentlicher Verkehr', '03.12.1979', '03.12.1979', 'Bönen, Fröndenberg/Ruhr'],
				['2', 'Straße; mit "Anführungszeichen"', 'Schuljahr 1983/84', 'Schuljahr 1983/84', '=1+1'],
				['3', 'Zwei\nZeilen', '', '', 'Kamen']
			]);
		}, 200_000);
	});
}
